package dev.beryl.persistence;

import dev.beryl.DevServer;
import dev.beryl.config.Config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A DevServer on an ephemeral port whose RDB file lives in a given directory, for persistence tests; commands
 * run on the engine thread through {@link #call} and return their exact RESP reply.
 */
final class TestServer implements AutoCloseable {
    final DevServer server;

    /** Settings as name, value pairs on top of: port 0, dir, DEBUG enabled. */
    TestServer(Path dir, String... settings) throws IOException {
        Map<String, String> s = new HashMap<>();
        s.put("port", "0");
        s.put("dir", dir.toString());
        s.put("enable-debug-command", "yes");
        for (int i = 0; i < settings.length; i += 2) s.put(settings[i], settings[i + 1]);
        server = new DevServer(new Config(s::get));
    }

    /** One command in database {@code db}; the reply as ISO-8859-1 characters. */
    String call(int db, byte[]... argv) {
        try {
            byte[] r = server.engine.call(2, db, List.<byte[][]>of(argv)).get(10, TimeUnit.SECONDS);
            return new String(r, StandardCharsets.ISO_8859_1);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    String call(String... args) {
        return call(0, args);
    }

    String call(int db, String... args) {
        byte[][] argv = new byte[args.length][];
        for (int i = 0; i < args.length; i++) argv[i] = args[i].getBytes(StandardCharsets.ISO_8859_1);
        return call(db, argv);
    }

    /** The content of a bulk reply, or null for a null reply; fails on anything else. */
    static byte[] bulk(String reply) {
        if (reply.equals("$-1\r\n")) return null;
        if (!reply.startsWith("$")) throw new AssertionError("not a bulk reply: " + reply);
        int nl = reply.indexOf("\r\n");
        int n = Integer.parseInt(reply.substring(1, nl));
        return reply.substring(nl + 2, nl + 2 + n).getBytes(StandardCharsets.ISO_8859_1);
    }

    /** A simple-string or bulk reply as text, without its framing. */
    static String text(String reply) {
        if (reply.startsWith("+") || reply.startsWith("-") || reply.startsWith(":")) return reply.substring(1, reply.length() - 2);
        byte[] b = bulk(reply);
        return b == null ? null : new String(b, StandardCharsets.ISO_8859_1);
    }

    /** Waits until no AOF rewrite runs or is scheduled (the suite's waitForBgrewriteaof, and the scheduled one too). */
    void awaitRewrite() {
        for (int i = 0; i < 1000; i++) {
            String info = call("info", "persistence");
            if (info.contains("aof_rewrite_in_progress:0") && info.contains("aof_rewrite_scheduled:0")) return;
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("AOF rewrite still running after 10 s");
    }

    /** CONFIG SET appendonly yes, and its first rewrite completed. */
    void appendonly() {
        String r = call("config", "set", "appendonly", "yes");
        if (!r.equals("+OK\r\n")) throw new AssertionError(r);
        awaitRewrite();
    }

    @Override
    public void close() {
        server.close();
    }
}
