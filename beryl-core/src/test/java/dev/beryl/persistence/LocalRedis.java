package dev.beryl.persistence;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A real redis-server 7.0 for the file-exchange tests: started on a unix socket in the test's directory (no TCP
 * port to collide with), driven with redis-cli, its log in redis.log there. Plus the tools' runner.
 */
final class LocalRedis implements AutoCloseable {
    private final Path dir;
    private final Process process;

    private LocalRedis(Path dir, Process process) {
        this.dir = dir;
        this.process = process;
    }

    /** Skips the test unless every tool can be run (redis-check-aof has no --version: it fails on it, but runs). */
    static void assumeInstalled(String... tools) {
        for (String tool : tools) assumeTrue(runs(tool), tool + " is not installed: skipping the checks against real Redis");
    }

    private static boolean runs(String tool) {
        try {
            Process p = new ProcessBuilder(tool, "--version").redirectErrorStream(true).start();
            p.getOutputStream().close();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS);
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /** Runs a tool with {@code input} (or none) on its standard input; returns what it printed. */
    static String run(String input, String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        if (input != null) p.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return out;
    }

    /** Runs one of Redis's checking tools on a file: it must succeed (exit 0); returns its report. */
    static String check(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    /** Starts redis-server with its files in {@code dir} and the given settings (name, value pairs). */
    static LocalRedis start(Path dir, String... settings) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("redis-server", "--port", "0", "--unixsocket",
                dir.resolve("redis.sock").toString(), "--dir", dir.toString(), "--save", "",
                "--enable-debug-command", "yes", "--logfile", dir.resolve("redis.log").toString()));
        for (int i = 0; i < settings.length; i += 2) cmd.addAll(List.of("--" + settings[i], settings[i + 1]));
        LocalRedis r = new LocalRedis(dir, new ProcessBuilder(cmd).redirectErrorStream(true).start());
        for (int i = 0; i < 200 && !(Files.exists(r.socket()) && r.cli("PING").equals("PONG")); i++) Thread.sleep(50);
        assertEquals("PONG", r.cli("PING"), "redis-server did not start: " + r.log());
        return r;
    }

    Path socket() { return dir.resolve("redis.sock"); }

    /** One command through redis-cli; its output trimmed. */
    String cli(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("redis-cli", "-s", socket().toString()));
        cmd.addAll(List.of(args));
        return run(null, cmd.toArray(new String[0])).trim();
    }

    /** A script of inline commands through redis-cli. */
    String script(String commands) throws Exception {
        return run(commands, "redis-cli", "-s", socket().toString());
    }

    String log() throws IOException {
        Path l = dir.resolve("redis.log");
        return Files.exists(l) ? Files.readString(l) : "";
    }

    /** SHUTDOWN NOSAVE, and the process has ended: its files are final. */
    void shutdown() throws Exception {
        cli("SHUTDOWN", "NOSAVE");
        process.waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor(10, TimeUnit.SECONDS);
    }
}
