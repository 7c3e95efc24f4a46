package dev.beryl.commands;

import dev.beryl.DevServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A DevServer on an ephemeral port for command tests: {@link #call} runs one command on the engine thread, in
 * database {@link #db}, and returns its exact RESP reply (bytes as ISO-8859-1 chars).
 */
final class CommandCalls implements AutoCloseable {
    final DevServer server;
    int db = 9;

    CommandCalls() {
        try {
            server = new DevServer(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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

    static String bulk(String s) { return "$" + s.length() + "\r\n" + s + "\r\n"; }

    static String integer(long n) { return ":" + n + "\r\n"; }

    static String error(String s) { return "-" + s + "\r\n"; }

    @Override
    public void close() {
        server.close();
    }
}
