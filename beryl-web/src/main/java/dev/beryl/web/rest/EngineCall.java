package dev.beryl.web.rest;

import dev.beryl.engine.Engine;
import dev.beryl.engine.EngineRegistry;
import dev.beryl.resp.RespDecoder;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a request's commands on the engine as one {@link Engine#call} (RESP2, database 0, as Upstash) and
 * decodes one reply per command. The request thread waits; the JSON is written on it, not on the engine thread.
 */
final class EngineCall {
    /** Commands whose replies do not come one per command, which a request/response call cannot carry. */
    private static final Set<String> NOT_OVER_HTTP = Set.of("subscribe", "psubscribe", "ssubscribe", "unsubscribe",
            "punsubscribe", "sunsubscribe", "monitor");

    private EngineCall() {}

    static List<Object> run(List<byte[][]> commands) {
        for (byte[][] argv : commands) refuseStreaming(argv);
        Engine engine = EngineRegistry.current();
        if (engine == null || !engine.isRunning()) throw new RestError(503, "LOADING Redis is loading the dataset in memory");
        List<Object> replies = RespDecoder.decodeAll(await(engine, engine.call(2, 0, commands)));
        if (replies.size() != commands.size()) {
            throw new IllegalStateException(commands.size() + " commands gave " + replies.size() + " replies");
        }
        return replies;
    }

    static Object run(byte[][] command) {
        return run(List.<byte[][]>of(command)).get(0);
    }

    private static void refuseStreaming(byte[][] argv) {
        String name = new String(argv[0], StandardCharsets.UTF_8).toLowerCase();
        boolean clientReply = name.equals("client") && argv.length > 1
                && new String(argv[1], StandardCharsets.UTF_8).equalsIgnoreCase("reply");
        if (NOT_OVER_HTTP.contains(name) || clientReply) {
            throw RestError.badRequest("ERR " + (clientReply ? "CLIENT REPLY" : name.toUpperCase())
                    + " is not available over HTTP: it needs a connection");
        }
    }

    /** Waits for the engine; a call queued while the engine stops would never complete, so that is checked. */
    private static byte[] await(Engine engine, CompletableFuture<byte[]> f) {
        try {
            while (true) {
                try {
                    return f.get(1, TimeUnit.SECONDS);
                } catch (TimeoutException e) {
                    if (!engine.isRunning()) throw new RestError(503, "ERR the server is shutting down");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RestError(503, "ERR interrupted while waiting for the engine");
        } catch (ExecutionException e) {
            throw new IllegalStateException("engine call failed", e.getCause());
        }
    }
}
