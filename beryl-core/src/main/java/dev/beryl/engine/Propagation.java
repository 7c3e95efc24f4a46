package dev.beryl.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * What the executed commands changed, as the commands to replay (Redis's also_propagate and
 * propagatePendingCommands): each write command adds its own form (as received, or as it rewrote itself: EXPIRE as
 * PEXPIREAT, SPOP as SREMs ...), lazy and active expiry add DELs. The ops of one outermost command (a whole EXEC
 * included) go out together once it ends, wrapped in MULTI/EXEC when there are several, so a replay applies them
 * atomically. Sinks (the AOF, later replicas) get each op with the database it ran in. Engine thread only.
 */
public final class Propagation {
    /** Receives the propagated commands in order. */
    public interface Sink {
        void feed(int db, byte[][] argv);
    }

    private static final byte[][] MULTI = {{'M', 'U', 'L', 'T', 'I'}};
    private static final byte[][] EXEC = {{'E', 'X', 'E', 'C'}};

    private record Op(int db, byte[][] argv) {}

    private final List<Op> pending = new ArrayList<>();
    private final List<Sink> sinks = new ArrayList<>(1);
    private int depth;
    /** Set while an AOF is replayed: the commands it runs are already on disk. */
    private boolean suspended;

    public void addSink(Sink s) { sinks.add(s); }

    public void removeSink(Sink s) { sinks.remove(s); }

    /** Schedules a command for propagation after the current command (Redis's alsoPropagate). */
    public void add(int db, byte[][] argv) {
        if (!suspended && !sinks.isEmpty()) pending.add(new Op(db, argv));
    }

    public void suspend(boolean on) {
        suspended = on;
        if (on) pending.clear();
    }

    void enter() { depth++; }

    /** Ends one call; the outermost sends what accumulated, in a transaction unless {@code atomic} is false. */
    void exit(boolean atomic) {
        if (--depth == 0) flush(atomic);
    }

    /**
     * Sends the pending ops; several go in MULTI/EXEC when {@code atomic} (not for active expiry, SCAN, RANDOMKEY:
     * their deletions are independent). A no-op inside a command.
     */
    public void flush(boolean atomic) {
        if (depth > 0 || pending.isEmpty()) return;
        boolean wrap = atomic && pending.size() > 1;
        if (wrap) send(pending.get(0).db, MULTI);
        for (Op op : pending) send(op.db, op.argv);
        if (wrap) send(pending.get(pending.size() - 1).db, EXEC);
        pending.clear();
    }

    private void send(int db, byte[][] argv) {
        for (Sink s : sinks) s.feed(db, argv);
    }
}
