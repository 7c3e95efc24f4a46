package dev.beryl.crash;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged `beryl` Liberty server as users run it (wlp/bin/server run beryl, which execs the server JVM, so
 * the child process is the server itself and a SIGKILL hits it directly). Settings come from environment
 * variables, as in production. The pid goes to a file so that the calling script can kill a server left over by
 * a crashed test.
 */
final class LibertyProcess {
    private final Path wlp;
    private final String server;
    private final Path pidFile;
    private final Path log;
    private Process process;

    LibertyProcess(Path wlp, String server, Path pidFile, Path log) {
        this.wlp = wlp;
        this.server = server;
        this.pidFile = pidFile;
        this.log = log;
        Runtime.getRuntime().addShutdownHook(new Thread(this::kill));
    }

    synchronized void start(Map<String, String> env) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(wlp.resolve("bin/server").toString(), "run", server);
        pb.environment().putAll(env);
        pb.redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        process = pb.start();
        Files.writeString(pidFile, Long.toString(process.pid()));
    }

    /** kill -9 of the server JVM; returns once it is gone. */
    synchronized void kill() {
        Process p = process;
        if (p == null) return;
        p.destroyForcibly();
        try {
            p.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
        try {
            Files.deleteIfExists(pidFile); // the pid is free for reuse now: nobody must kill it any more
        } catch (IOException ignored) {
            // the script then finds a pid whose process is gone, at worst
        }
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }
}
