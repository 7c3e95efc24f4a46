package dev.beryl.commands;

import dev.beryl.DevServer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A DevServer on an ephemeral port for command tests: {@link #call} runs one command on the engine thread, in
 * database {@link #db}, and returns its exact RESP reply (bytes as ISO-8859-1 chars). As a static
 * {@code @RegisterExtension} field it serves one test class and is closed after it.
 */
final class CommandCalls implements AutoCloseable, BeforeEachCallback, AfterAllCallback {
    static final String OK = "+OK\r\n";
    static final String NIL = "$-1\r\n";
    static final String SYNTAX = error("ERR syntax error");
    static final String NOT_INTEGER = error("ERR value is not an integer or out of range");
    static final String WRONGTYPE = error("WRONGTYPE Operation against a key holding the wrong kind of value");

    final DevServer server;
    int db = 9;
    private final boolean emptyEachTest;

    CommandCalls() {
        this(false);
    }

    private CommandCalls(boolean emptyEachTest) {
        this.emptyEachTest = emptyEachTest;
        try {
            server = new DevServer(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** For a test class whose tests each start from empty databases, in db 9. */
    static CommandCalls emptyEachTest() {
        return new CommandCalls(true);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (!emptyEachTest) return;
        db = 9;
        assertEquals(OK, call("FLUSHALL"));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    String call(String... args) {
        byte[][] argv = new byte[args.length][];
        for (int i = 0; i < args.length; i++) argv[i] = args[i].getBytes(StandardCharsets.ISO_8859_1);
        return call(argv);
    }

    String call(byte[]... argv) {
        return call(2, argv);
    }

    /** One command on a RESP3 connection. */
    String call3(String... args) {
        byte[][] argv = new byte[args.length][];
        for (int i = 0; i < args.length; i++) argv[i] = args[i].getBytes(StandardCharsets.ISO_8859_1);
        return call(3, argv);
    }

    private String call(int resp, byte[]... argv) {
        try {
            byte[] r = server.engine.call(resp, db, List.<byte[][]>of(argv)).get(5, TimeUnit.SECONDS);
            return new String(r, StandardCharsets.ISO_8859_1);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs space-separated commands in order as one client and returns all replies. */
    String session(String... commands) {
        List<byte[][]> argvs = new ArrayList<>();
        for (String cmd : commands) {
            String[] words = cmd.split(" ");
            byte[][] argv = new byte[words.length][];
            for (int i = 0; i < words.length; i++) argv[i] = words[i].getBytes(StandardCharsets.ISO_8859_1);
            argvs.add(argv);
        }
        try {
            return new String(server.engine.call(2, db, argvs).get(5, TimeUnit.SECONDS), StandardCharsets.ISO_8859_1);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs a task on the engine thread and waits for it (direct access to engine state). */
    void onEngine(Runnable task) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        server.engine.submit(() -> {
            try {
                task.run();
                f.complete(null);
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        f.join();
    }

    /** A numeric INFO field ("keyspace_hits", "rdb_changes_since_last_save"). */
    long info(String field) {
        for (String line : call("INFO", "everything").split("\r\n")) {
            if (line.startsWith(field + ":")) return Long.parseLong(line.substring(field.length() + 1));
        }
        throw new IllegalArgumentException("no INFO field " + field);
    }

    /** The encoding name OBJECT ENCODING gives, without its bulk framing. */
    String encoding(String key) {
        String r = call("OBJECT", "ENCODING", key);
        return r.substring(r.indexOf('\n') + 1, r.length() - 2);
    }

    /** Makes key a set, to provoke WRONGTYPE. */
    void wrongType(String key) {
        assertEquals(integer(1), call("SADD", key, "m"));
    }

    void config(String name, String value) {
        assertEquals(OK, call("CONFIG", "SET", name, value));
    }

    /** The absolute expire time in unix ms, or -1. */
    long expireAt(String key) {
        String r = call("PEXPIRETIME", key);
        return Long.parseLong(r.substring(1, r.length() - 2));
    }

    /** The stored value object itself (to check representations and identity). */
    Object value(String key) {
        Object[] v = new Object[1];
        onEngine(() -> v[0] = server.engine.database(db).peek(key.getBytes(StandardCharsets.ISO_8859_1)));
        return v[0];
    }

    static String bulk(String s) { return "$" + s.length() + "\r\n" + s + "\r\n"; }

    static String integer(long n) { return ":" + n + "\r\n"; }

    static String error(String s) { return "-" + s + "\r\n"; }

    @Override
    public void close() {
        server.close();
    }
}
