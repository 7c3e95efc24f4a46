package dev.beryl.engine;

import java.util.Map;
import java.util.logging.Logger;

/**
 * Redis's crash report (debug.c's sigsegvHandler): what killed the process and the stack of every thread, logged
 * before the process dies with the signal's exit status. For SIGABRT (beryl-server) and DEBUG SEGFAULT, which
 * asks for a crash to test the reporting.
 */
public final class CrashReport {
    private static final Logger LOG = Logger.getLogger(CrashReport.class.getName());

    private CrashReport() {}

    /** Logs the report and ends the process as the signal would (exit status 128 + signal). */
    public static void crash(int signal, String cause) {
        StringBuilder b = new StringBuilder("\n\n=== BERYL BUG REPORT START: Cut & paste starting from here ===\n");
        b.append("Beryl crashed by signal: ").append(signal).append(" (").append(cause).append(")\n\n");
        b.append("------ STACK TRACE ------\n");
        for (Map.Entry<Thread, StackTraceElement[]> t : Thread.getAllStackTraces().entrySet()) {
            b.append('\n').append(t.getKey().getName()).append(" (").append(t.getKey().getState()).append(")\n");
            for (StackTraceElement f : t.getValue()) b.append("    at ").append(f).append('\n');
        }
        b.append("\n=== BERYL BUG REPORT END. Make sure to include from START to END. ===\n");
        LOG.warning(b.toString());
        Runtime.getRuntime().halt(128 + signal);
    }
}
