package dev.beryl.commands;

import dev.beryl.DevServer;
import dev.beryl.engine.Database;
import dev.beryl.engine.Values;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Runs commands on a real engine (a DevServer on an ephemeral port) and returns their exact RESP replies as
 * ISO-8859-1 strings, so binary replies compare byte for byte. Also peeks at engine state on its thread.
 */
final class EngineHarness implements AutoCloseable {
    private final DevServer server;
    private int db = 9;

    EngineHarness() {
        try {
            server = new DevServer(0);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Each test class gets its own server, but tests in it share a database: use distinct keys or clear(). */
    void clear() {
        onEngine(d -> {
            d.clear();
            return null;
        });
    }

    String call(String... args) {
        return call(2, args);
    }

    String call3(String... args) {
        return call(3, args);
    }

    String call(int resp, String... args) {
        return callBytes(resp, bytes(args));
    }

    String callBytes(int resp, byte[]... argv) {
        try {
            byte[] out = server.engine.call(resp, db, List.<byte[][]>of(argv)).get();
            return new String(out, StandardCharsets.ISO_8859_1);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[][] bytes(String... args) {
        List<byte[]> l = new ArrayList<>();
        for (String a : args) l.add(a.getBytes(StandardCharsets.ISO_8859_1));
        return l.toArray(new byte[0][]);
    }

    /** Runs f against the test database on the engine thread. */
    <T> T onEngine(Function<Database, T> f) {
        CompletableFuture<T> r = new CompletableFuture<>();
        server.engine.submit(() -> {
            try {
                r.complete(f.apply(server.engine.database(db)));
            } catch (Throwable t) {
                r.completeExceptionally(t);
            }
        });
        return r.join();
    }

    String encoding(String key) {
        return onEngine(d -> Values.encoding(d.peek(key.getBytes(StandardCharsets.ISO_8859_1))));
    }

    Object value(String key) {
        return onEngine(d -> d.peek(key.getBytes(StandardCharsets.ISO_8859_1)));
    }

    /** Absolute expire time of a key in unix ms, or -1. */
    long expireAt(String key) {
        return onEngine(d -> d.getExpire(key.getBytes(StandardCharsets.ISO_8859_1)));
    }

    /** Stores a value that is not a string (a stand-in for a list), to provoke WRONGTYPE. */
    void setNonString(String key) {
        onEngine(d -> {
            d.set(key.getBytes(StandardCharsets.ISO_8859_1), new ArrayList<byte[]>());
            return null;
        });
    }

    long dirty() {
        return onEngine(d -> server.engine.stats().dirty);
    }

    long hits() {
        return onEngine(d -> server.engine.stats().keyspaceHits);
    }

    long misses() {
        return onEngine(d -> server.engine.stats().keyspaceMisses);
    }

    void setConfig(String name, String value) {
        onEngine(d -> server.engine.config().set(name, value));
    }

    @Override
    public void close() {
        server.close();
    }

    // ---- reply builders

    static String bulk(String s) {
        return "$" + s.length() + "\r\n" + s + "\r\n";
    }

    static String integer(long v) {
        return ":" + v + "\r\n";
    }

    static String error(String s) {
        return "-" + s + "\r\n";
    }

    static final String OK = "+OK\r\n";
    static final String NIL = "$-1\r\n";
    static final String EMPTY = "$0\r\n\r\n";
    static final String WRONGTYPE = "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n";
    static final String SYNTAX = "-ERR syntax error\r\n";
    static final String NOT_INTEGER = "-ERR value is not an integer or out of range\r\n";
}
