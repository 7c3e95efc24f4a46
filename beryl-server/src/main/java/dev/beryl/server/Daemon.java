package dev.beryl.server;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * daemonize yes. A JVM cannot fork, so the server starts itself again as a detached process (its own session via
 * setsid, standard streams on /dev/null, stdin's config passed on) and the first process exits at once, as
 * Redis's parent does after its fork. The new process has a new PID, as Redis's child does: the pid file holds it.
 */
final class Daemon {
    /** Set in the detached process's environment: it is the daemon and must not detach again. */
    static final String CHILD = "BERYL_DAEMONIZED";

    private Daemon() {}

    static void detach(byte[] stdinConfig) {
        ProcessHandle.Info self = ProcessHandle.current().info();
        List<String> cmd = new ArrayList<>();
        cmd.add("setsid");
        cmd.add(self.command().orElseThrow());
        cmd.addAll(List.of(self.arguments().orElseThrow()));
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put(CHILD, "1");
        try {
            Process p = pb.start();
            try (OutputStream in = p.getOutputStream()) {
                if (stdinConfig != null) in.write(stdinConfig);
            }
        } catch (IOException e) {
            System.err.println("Can't daemonize: " + e.getMessage());
            System.exit(1);
        }
        System.exit(0);
    }
}
