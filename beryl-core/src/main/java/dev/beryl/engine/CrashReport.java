package dev.beryl.engine;

import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Redis's bug report (debug.c): what the server logs when it dies of a crash, DEBUG SEGFAULT or a fatal signal,
 * between Redis's own START/END markers so that the tools and tests that cut a crash log out of a server log find
 * it. Then {@link #crash} ends the engine loop the way any unrecoverable failure does: {@link Engine#onFatal}'s
 * action exits the process.
 */
public final class CrashReport {
    private static final Logger LOG = Logger.getLogger(CrashReport.class.getName());

    private CrashReport() {}

    /** The error that ends the engine loop: an Error, so that no per-client or per-command guard catches it. */
    public static final class Crash extends Error {
        private final int signal;

        Crash(int signal) {
            super("crashed by signal " + signal);
            this.signal = signal;
        }

        /** The signal Redis would have died of: a process ends with status 128 + this, as a shell reports it. */
        public int signal() { return signal; }
    }

    /** Logs the report for a crash by this signal (11 for SIGSEGV, 6 for SIGABRT) and returns the error to throw. */
    public static Crash crash(int signal) {
        log("crashed by signal: " + signal + ", si_code: 0");
        return new Crash(signal);
    }

    /** Logs a bug report: the cause, then every thread's stack. Safe to call from any thread. */
    public static void log(String cause) {
        StringBuilder b = new StringBuilder();
        b.append("\n\n=== REDIS BUG REPORT START: Cut & paste starting from here ===\n");
        b.append("Beryl (Redis 7.0.15 compatible) ").append(cause).append('\n');
        b.append("\n------ STACK TRACE ------\n");
        for (Map.Entry<Thread, StackTraceElement[]> t : Thread.getAllStackTraces().entrySet()) {
            b.append("\nThread ").append(t.getKey().getName()).append(" (").append(t.getKey().getState()).append("):\n");
            for (StackTraceElement e : t.getValue()) b.append("  ").append(e).append('\n');
        }
        b.append("\n=== REDIS BUG REPORT END. Make sure to include from START to END. ===\n");
        LOG.log(Level.SEVERE, b.toString());
    }
}
