package dev.beryl.engine;

import dev.beryl.command.CommandSpec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

/**
 * One client's MULTI/EXEC and WATCH state (Redis's multi.c): the queued commands, the flags that make EXEC fail,
 * and the keys it watches. The client stays "in MULTI" while EXEC runs the queue, so a command that could block
 * can tell from {@link #inMulti()} that it must not. Engine thread only.
 */
public final class Transaction {
    /** A command accepted with +QUEUED, already checked for existence and arity. */
    public record Queued(CommandSpec spec, byte[][] argv) {}

    /** One watched key; listed both by the owning transaction and by the key's database. */
    static final class Watch {
        final Database db;
        final byte[] key;
        final Transaction owner;
        /** The key was already logically expired when watched: its deletion is no change. */
        boolean expired;

        Watch(Database db, byte[] key, Transaction owner, boolean expired) {
            this.db = db;
            this.key = key;
            this.owner = owner;
            this.expired = expired;
        }
    }

    // per-entry overheads Redis counts in CLIENT LIST's multi-mem (multiCmd; listNode + watchedKey)
    private static final int QUEUED_OVERHEAD = 24;
    private static final int WATCH_OVERHEAD = 56;
    private static final int ARG_REF = 8;

    private boolean multi;
    /** A watched key was touched (CLIENT_DIRTY_CAS): EXEC replies with a null array. */
    private boolean dirtyCas;
    /** A command was refused while queueing (CLIENT_DIRTY_EXEC): EXEC replies EXECABORT. */
    private boolean dirtyExec;
    private final List<Queued> queued = new ArrayList<>(0);
    private long queuedBytes;
    private final List<Watch> watches = new ArrayList<>(0);

    public boolean inMulti() { return multi; }
    public void begin() { multi = true; }
    public boolean touched() { return dirtyCas; }
    public boolean refusedWhileQueueing() { return dirtyExec; }
    public List<Queued> queued() { return queued; }

    /**
     * Whether the command, or for EXEC one of the commands it will run, matches (the checks Redis makes on a
     * command's flags and, for EXEC, on its mstate.cmd_flags / cmd_inv_flags).
     */
    static boolean commandOrQueued(CommandSpec spec, Transaction tx, Predicate<CommandSpec> test) {
        if (test.test(spec)) return true;
        if (spec.parent() != null || !spec.name().equals("exec")) return false;
        for (Queued q : tx.queued) if (test.test(q.spec())) return true;
        return false;
    }

    void queue(CommandSpec spec, byte[][] argv) {
        if (dirtyCas || dirtyExec) return; // EXEC will fail anyway: keep no memory for it
        queued.add(new Queued(spec, argv));
        for (byte[] a : argv) queuedBytes += a.length + ARG_REF;
    }

    /** Redis's flagTransaction: a queueing error dooms the transaction. */
    void refuse() {
        if (multi) dirtyExec = true;
    }

    /** Leaves MULTI, drops the queue and the flags, unwatches everything (discardTransaction). */
    public void discard() {
        queued.clear();
        queuedBytes = 0;
        multi = dirtyCas = dirtyExec = false;
        unwatchAll();
    }

    /** UNWATCH: forgets the watched keys and a pending touch. */
    public void unwatch() {
        unwatchAll();
        dirtyCas = false;
    }

    /** Bytes of the queued commands' arguments and references (CLIENT LIST's multi-mem). */
    public long queuedBytes() { return queuedBytes; }

    /** Everything held for the queue and the watches (part of CLIENT LIST's tot-mem). */
    public long memory() {
        return queuedBytes + (long) queued.size() * QUEUED_OVERHEAD + (long) watches.size() * WATCH_OVERHEAD;
    }

    // ---- WATCH

    public void watch(Database db, byte[] key) {
        for (Watch w : watches) {
            if (w.db == db && Arrays.equals(w.key, key)) return;
        }
        Watch w = new Watch(db, key, this, db.isExpired(key));
        watches.add(w);
        db.addWatch(w);
    }

    public void unwatchAll() {
        if (watches.isEmpty()) return;
        for (Watch w : watches) w.db.removeWatch(w);
        watches.clear();
    }

    /** A watched key has expired since it was watched (EXEC checks this: expiry alone may not have deleted it). */
    public boolean watchedKeyExpired() {
        for (Watch w : watches) {
            if (!w.expired && w.db.isExpired(w.key)) return true;
        }
        return false;
    }

    /** Makes EXEC fail with a null array: a watched key was written, flushed, swapped away or has expired. */
    public void markTouched() { dirtyCas = true; }
}
