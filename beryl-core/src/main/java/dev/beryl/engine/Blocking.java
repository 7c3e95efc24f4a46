package dev.beryl.engine;

import dev.beryl.command.CommandSpec;
import dev.beryl.resp.LongDouble;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/**
 * Clients blocked on keys (Redis's blocked.c and timeout.c): BLPOP and the other blocking list commands, and
 * whichever type blocks next (BZPOPMIN, XREAD). A blocked client stops executing its pipelined input; each
 * key it waits on lists it, in blocking order. When a key is created ({@link Database#add}, which covers
 * pushes, RENAME, MOVE, COPY, SORT STORE) or moved in by SWAPDB, it is queued as ready; after the command
 * that did it (after EXEC for a transaction), the waiters of each ready key are served first-blocked
 * first-served until the value is gone. A blocked client also ends at its deadline, by CLIENT UNBLOCK, or by
 * closing. Engine thread only.
 */
public final class Blocking {
    /** What a blocking command does once one of its keys may serve it. */
    public interface Waiter {
        /** Whether a value of this kind can serve the client (a list for BLPOP). */
        boolean accepts(Object value);

        /**
         * Serves the client from the key's value, replying to it (possibly with an error); returns true when
         * the value is gone afterwards (an emptied list was deleted), so no later waiter is tried.
         */
        boolean serve(Client c, Database db, byte[] key, Object value);

        /** The reply when the client times out (Redis's replyToBlockedClientTimedOut): a null array. */
        default void timedOut(Client c) { c.reply().nullArray(); }
    }

    /** A blocked client: its keys, its deadline, what serves it. */
    static final class Blocked {
        final Client client;
        final Database db;
        final Waiter waiter;
        final CommandSpec command;
        /** Unix ms after which it times out; 0 waits forever. */
        final long deadline;
        final List<Link> links = new ArrayList<>(2);
        /** What CLIENT PAUSE postponed (no keys, no waiter): the client's command, or an in-JVM call; run at its end. */
        Runnable postponed;
        /** How long the call that blocked took (µs): part of the command's time when it is served (Redis's c->duration). */
        long callMicros;

        Blocked(Client client, Database db, Waiter waiter, CommandSpec command, long deadline) {
            this.client = client;
            this.db = db;
            this.waiter = waiter;
            this.command = command;
            this.deadline = deadline;
        }
    }

    /** One client in the queue of one key (Redis's listNode in db->blocking_keys[key]). */
    private static final class Link {
        final Blocked owner;
        final byte[] key;
        Link prev, next;

        Link(Blocked owner, byte[] key) {
            this.owner = owner;
            this.key = key;
        }
    }

    /** The clients waiting on one key, first blocked first. */
    private static final class Queue {
        Link head, tail;
    }

    private record Ready(Database db, byte[] key) {}

    private final Engine engine;
    /** Per database index: key -> waiting clients. Stays with the index across SWAPDB, as in Redis. */
    private final Dict<Queue>[] waiting;
    /** Per database index: keys already in {@link #ready}. */
    private final Dict<Boolean>[] readySet;
    private List<Ready> ready = new ArrayList<>();
    private final TreeSet<Blocked> deadlines = new TreeSet<>((a, b) -> a.deadline != b.deadline
            ? Long.compare(a.deadline, b.deadline) : Long.compare(a.client.id, b.client.id));
    /** Clients just unblocked whose further input waits to be processed (Redis's unblocked_clients). */
    private final ArrayDeque<Client> unblocked = new ArrayDeque<>();
    /** Clients whose command waits for the end of a CLIENT PAUSE, in arrival order (Redis's postponed_clients). */
    private final ArrayDeque<Blocked> postponed = new ArrayDeque<>();
    /** What clients released from a pause run first: their postponed command (before the rest of their input). */
    private final java.util.Map<Client, Runnable> pendingCommands = new java.util.HashMap<>();
    private int blockedCount;

    @SuppressWarnings("unchecked")
    Blocking(Engine engine, int databases) {
        this.engine = engine;
        this.waiting = new Dict[databases];
        this.readySet = new Dict[databases];
        for (int i = 0; i < databases; i++) {
            waiting[i] = new Dict<>();
            readySet[i] = new Dict<>();
        }
    }

    /**
     * Whether the client may block: not while EXEC runs its queue (a blocking command then acts as if it timed
     * out at once, as Redis's CLIENT_DENY_BLOCKING), and never for an internal caller without a connection.
     */
    public static boolean mayBlock(Client c) {
        return !c.transaction.inMulti() && !c.isInternal();
    }

    /**
     * Parses a blocking command's timeout in seconds (decimals allowed) as Redis's getTimeoutFromObjectOrReply:
     * returns the deadline in unix ms, 0 for "forever", or -1 after replying the error. The seconds are a long
     * double, so a timeout whose ms do not fit a long (inf included) counts as negative, like the C cast does.
     */
    public static long deadline(Client c, byte[] arg) {
        LongDouble seconds = LongDouble.parse(arg);
        if (seconds == null) {
            c.reply.error("ERR timeout is not a float or out of range");
            return -1;
        }
        long ms = seconds.multiply(1000).ceilToLong();
        if (ms < 0) {
            c.reply.error("ERR timeout is negative");
            return -1;
        }
        if (ms == 0) return 0;
        long now = System.currentTimeMillis();
        return ms > Long.MAX_VALUE - now ? Long.MAX_VALUE : ms + now; // Redis's sum wraps into "never"
    }

    /**
     * Blocks the client of the running command on the keys (repeats ignored) until the deadline (unix ms, 0 for
     * never). The command replies nothing now; the waiter replies when served.
     */
    public void block(Client c, byte[][] keys, int from, int to, long deadline, Waiter waiter) {
        Blocked b = new Blocked(c, c.db(), waiter, engine.currentCommand(), deadline);
        Dict<Queue> byKey = waiting[b.db.id()];
        outer:
        for (int i = from; i < to; i++) {
            byte[] key = keys[i];
            for (Link l : b.links) if (Arrays.equals(l.key, key)) continue outer;
            Link link = new Link(b, key);
            b.links.add(link);
            Queue q = byKey.get(key);
            if (q == null) {
                q = new Queue();
                byKey.put(key, q);
            }
            link.prev = q.tail;
            if (q.tail == null) q.head = link;
            else q.tail.next = link;
            q.tail = link;
        }
        c.blocked = b;
        blockedCount++;
        engine.stats().blockedClients = blockedCount;
        if (deadline != 0) deadlines.add(b);
    }

    /** CLIENT PAUSE: the client waits, with this command, until the pause ends (Redis's BLOCKED_POSTPONE). */
    void postpone(Client c, CommandSpec spec, byte[][] argv) {
        postpone(c, spec, () -> engine.execute(c, argv));
    }

    /**
     * CLIENT PAUSE holding an in-JVM call (REST, {@code @Inject Beryl}) as a whole, its commands being atomic: the
     * call runs when the pause ends, after the clients postponed before it.
     */
    void postponeCall(Client c, Runnable call) {
        postpone(c, null, call);
    }

    private void postpone(Client c, CommandSpec spec, Runnable run) {
        Blocked b = new Blocked(c, c.db(), null, spec, 0);
        b.postponed = run;
        postponed.add(b);
        c.blocked = b;
        blockedCount++;
        engine.stats().blockedClients = blockedCount;
    }

    /** The pause ended: every postponed client runs its command, then its further input (it may be paused again). */
    void releasePostponed() {
        Blocked b;
        while ((b = postponed.poll()) != null) {
            Client c = b.client;
            release(c, true);
            pendingCommands.put(c, b.postponed);
        }
    }

    /** Takes the client out of every key queue and the deadline table; queues its further input. */
    private void release(Client c, boolean reprocess) {
        Blocked b = c.blocked;
        if (b.postponed != null && !reprocess) postponed.remove(b);
        Dict<Queue> byKey = waiting[b.db.id()];
        for (Link l : b.links) {
            Queue q = byKey.get(l.key);
            if (l.prev == null) q.head = l.next;
            else l.prev.next = l.next;
            if (l.next == null) q.tail = l.prev;
            else l.next.prev = l.prev;
            if (q.head == null) byKey.remove(l.key);
        }
        if (b.deadline != 0) deadlines.remove(b);
        c.blocked = null;
        blockedCount--;
        engine.stats().blockedClients = blockedCount;
        if (reprocess) unblocked.add(c);
    }

    /** A closing client leaves its queues without a reply. */
    void clientGone(Client c) {
        if (c.blocked != null) release(c, false);
    }

    /**
     * Redis's signalKeyAsReady: a key got a value (created, renamed or swapped in); if clients wait on it, it is
     * served after the current command.
     */
    void keyAdded(Database db, byte[] key) {
        if (blockedCount == 0) return;
        int i = db.id();
        if (!waiting[i].containsKey(key) || readySet[i].containsKey(key)) return;
        readySet[i].put(key, Boolean.TRUE);
        ready.add(new Ready(db, key));
    }

    /** After SWAPDB: every waited-on key that now has a value in this database may serve its clients. */
    void scanForReady(Database db) {
        if (blockedCount == 0) return;
        List<byte[]> keys = new ArrayList<>();
        waiting[db.id()].forEach(n -> keys.add(n.key));
        for (byte[] k : keys) {
            if (db.rawNode(k) != null) keyAdded(db, k);
        }
    }

    /**
     * Redis's handleClientsBlockedOnKeys: serves the clients waiting on each ready key, first blocked first,
     * until the value is gone. Serving may make more keys ready (BLMOVE pushes): those are served in a next
     * round.
     */
    void serveReadyKeys() {
        while (!ready.isEmpty()) {
            List<Ready> batch = ready;
            ready = new ArrayList<>();
            for (Ready r : batch) {
                readySet[r.db.id()].remove(r.key);
                engine.refreshCommandTime();
                Object value = r.db.lookupWrite(r.key);
                if (value != null) serveKey(r.db, r.key, value);
            }
        }
    }

    private void serveKey(Database db, byte[] key, Object value) {
        Queue q = waiting[db.id()].get(key);
        if (q == null) return;
        Link l = q.head;
        while (l != null) {
            Link next = l.next; // serving releases l only
            Blocked b = l.owner;
            if (b.waiter.accepts(value)) {
                Client c = b.client;
                int mark = c.reply.length();
                int errorsBefore = c.reply.errorCount();
                long t0 = System.nanoTime();
                // the served client is the one running a command now (Redis's current_client): an invalidation its
                // own move causes follows its reply
                Client outer = engine.currentClient(c);
                boolean gone = b.waiter.serve(c, db, key, value);
                int errors = c.reply.errorCount() - errorsBefore;
                release(c, true);
                engine.propagation().flush(true); // what serving it changed, as one unit
                engine.afterUnblocked(c, b.command, b.callMicros, (System.nanoTime() - t0) / 1000, errors > 0, errors, mark);
                engine.tracking().afterCommand();
                engine.currentClient(outer);
                if (gone) return;
            }
            l = next;
        }
    }

    /** Replies the timeout to every client whose deadline has passed (deadline &lt; now, as Redis). */
    void expireDeadlines(long nowMs) {
        while (!deadlines.isEmpty() && deadlines.first().deadline < nowMs) {
            Blocked b = deadlines.first();
            Client c = b.client;
            int mark = c.reply.length();
            b.waiter.timedOut(c);
            release(c, true);
            engine.afterUnblocked(c, b.command, b.callMicros, 0, false, 0, mark);
        }
    }

    /** Ms until the nearest deadline passes, or -1 when none is set. */
    long msToNextDeadline(long nowMs) {
        if (deadlines.isEmpty()) return -1;
        return Math.max(0, deadlines.first().deadline - nowMs + 1);
    }

    /**
     * CLIENT UNBLOCK: ends a client's wait as a timeout or with an UNBLOCKED error; false if it is not blocked.
     * The blocked command counts as failed either way, as Redis's.
     */
    public boolean unblock(Client target, boolean error) {
        Blocked b = target.blocked;
        if (b == null || b.postponed != null) return false; // a paused client waits for the pause only
        int mark = target.reply.length();
        if (error) target.reply.error("UNBLOCKED client unblocked via CLIENT UNBLOCK");
        else b.waiter.timedOut(target);
        release(target, true);
        engine.afterUnblocked(target, b.command, b.callMicros, 0, true, error ? 1 : 0, mark);
        return true;
    }

    /** Runs the pipelined input of clients unblocked since the last call (Redis's processUnblockedClients). */
    void processUnblocked() {
        Client c;
        while ((c = unblocked.poll()) != null) {
            Runnable command = pendingCommands.remove(c);
            if (c.blocked != null || c.closed) continue;
            if (command != null) command.run();
            if (c.blocked == null && !c.isInternal()) engine.resumeInput(c); // an in-JVM call has no further input
        }
    }
}
