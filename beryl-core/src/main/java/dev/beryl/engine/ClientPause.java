package dev.beryl.engine;

import dev.beryl.command.CommandFlag;
import dev.beryl.command.CommandSpec;

import java.util.List;

/**
 * CLIENT PAUSE (Redis's pauseClients in networking.c): until a deadline or CLIENT UNPAUSE, commands that may
 * change data (WRITE) or all commands (ALL) are postponed: their clients block, in arrival order, and run them
 * when the pause ends. Keys are not expired meanwhile, neither lazily nor actively (they read as absent). A pause
 * set inside EXEC starts once the transaction is done, because the commands EXEC runs are not checked.
 * Engine thread only.
 */
public final class ClientPause {
    public enum Type { OFF, WRITE, ALL }

    private final Engine engine;
    private Type type = Type.OFF;
    /** Unix ms when the pause ends. */
    private long endMs;

    ClientPause(Engine engine) {
        this.engine = engine;
    }

    /** Pauses until {@code endMs}; a pause in force keeps the later end and the stricter type, as Redis's. */
    public void pause(Type t, long endMs) {
        if (t.compareTo(type) > 0) type = t;
        this.endMs = Math.max(this.endMs, endMs);
    }

    /** CLIENT UNPAUSE: the postponed clients run their commands. */
    public void unpause() {
        if (type == Type.OFF) return;
        type = Type.OFF;
        endMs = 0;
        engine.blocking().releasePostponed();
    }

    /** Whether a pause is in force, ending it first if its time has passed (checkClientPauseTimeoutAndReturnIfPaused). */
    public boolean paused() {
        if (type == Type.OFF) return false;
        if (endMs < System.currentTimeMillis()) unpause();
        return type != Type.OFF;
    }

    /** Whether this command must wait for the end of the pause (Redis's is_may_replicate_command for WRITE). */
    boolean postpones(CommandSpec spec, Transaction tx) {
        if (!paused()) return false;
        return type == Type.ALL || Transaction.commandOrQueued(spec, tx, ClientPause::mayReplicate);
    }

    /**
     * Whether an in-JVM call (REST, {@code @Inject Beryl}) must wait for the end of the pause: it runs its commands
     * atomically, so it waits as a whole when any of them would be postponed (a queued EXEC counts its commands).
     */
    boolean holds(List<byte[][]> commands) {
        if (!paused()) return false;
        if (type == Type.ALL) return true;
        for (byte[][] argv : commands) {
            CommandSpec spec = engine.commands().lookup(argv[0]);
            if (spec != null && spec.isContainer() && argv.length >= 2) spec = spec.subcommand(argv[1]);
            if (spec != null && mayReplicate(spec)) return true;
        }
        return false;
    }

    private static boolean mayReplicate(CommandSpec spec) {
        return spec.has(CommandFlag.WRITE) || spec.has(CommandFlag.MAY_REPLICATE);
    }
}
