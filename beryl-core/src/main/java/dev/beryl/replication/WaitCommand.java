package dev.beryl.replication;

import dev.beryl.engine.Blocking;
import dev.beryl.engine.Client;
import dev.beryl.engine.Database;
import dev.beryl.engine.Errors;
import dev.beryl.resp.Numbers;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongToIntFunction;

/**
 * WAIT numreplicas timeout (Redis's waitCommand, processClientsWaitingReplicas): the client blocks until that many
 * replicas acknowledged the stream up to its last command's offset, or the timeout; either way the reply is how
 * many did. Asking blocks makes the next loop turn send REPLCONF GETACK * to the replicas. Engine thread only.
 */
final class WaitCommand {
    /** Clients blocked in WAIT, in the order they blocked; one entry per client. */
    private final Map<Long, Waiting> waiting = new LinkedHashMap<>();
    /** Counts the online replicas that acknowledged at least an offset. */
    private final LongToIntFunction acks;
    private boolean getAckWanted;

    WaitCommand(LongToIntFunction acks) {
        this.acks = acks;
    }

    /** One blocked WAIT; the reply at its deadline (or CLIENT UNBLOCK) is the count then. */
    private final class Waiting implements Blocking.Waiter {
        final Client client;
        final long offset;
        final long replicas;

        Waiting(Client client, long offset, long replicas) {
            this.client = client;
            this.offset = offset;
            this.replicas = replicas;
        }

        @Override
        public boolean accepts(Object value) { return false; }

        @Override
        public boolean serve(Client c, Database db, byte[] key, Object value) { return false; }

        @Override
        public void timedOut(Client c) {
            waiting.remove(c.id());
            c.reply().integer(acks.applyAsInt(offset));
        }
    }

    void run(Client c, byte[][] argv) {
        if (!Numbers.isLong(argv[1])) {
            c.reply().error(Errors.NOT_INTEGER);
            return;
        }
        long replicas = Numbers.parseLongOr(argv[1], 0);
        if (!Numbers.isLong(argv[2])) {
            c.reply().error("ERR timeout is not an integer or out of range");
            return;
        }
        long ms = Numbers.parseLongOr(argv[2], 0);
        if (ms < 0) {
            c.reply().error("ERR timeout is negative");
            return;
        }
        long now = System.currentTimeMillis();
        long deadline = ms == 0 ? 0 : ms > Long.MAX_VALUE - now ? Long.MAX_VALUE : now + ms;
        long offset = c.replOffset();
        int acked = acks.applyAsInt(offset);
        if (acked >= replicas || !Blocking.mayBlock(c)) { // inside EXEC (or without a connection): no waiting
            c.reply().integer(acked);
            return;
        }
        Waiting w = new Waiting(c, offset, replicas);
        waiting.put(c.id(), w);
        c.engine().blocking().block(c, argv, 0, 0, deadline, w);
        getAckWanted = true;
    }

    /** Whether a GETACK was asked for since the last call (Redis's get_ack_from_slaves), which clears it. */
    boolean takeGetAckWanted() {
        boolean w = getAckWanted;
        getAckWanted = false;
        return w;
    }

    /** Some replica acknowledged more: the waits now satisfied end (Redis's processClientsWaitingReplicas). */
    void acked() {
        if (waiting.isEmpty()) return;
        for (Waiting w : new ArrayList<>(waiting.values())) {
            if (w.client.blockedBy() != w) { // unblocked otherwise (CLIENT UNBLOCK ... ERROR)
                waiting.remove(w.client.id(), w);
            } else if (acks.applyAsInt(w.offset) >= w.replicas) {
                w.client.engine().blocking().complete(w.client); // replies through timedOut, which forgets it
            }
        }
    }

    void clientClosed(Client c) {
        waiting.remove(c.id());
    }
}
