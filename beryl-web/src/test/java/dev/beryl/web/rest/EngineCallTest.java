package dev.beryl.web.rest;

import dev.beryl.commands.Commands;
import dev.beryl.config.Config;
import dev.beryl.engine.Engine;
import dev.beryl.engine.EngineRegistry;
import dev.beryl.resp.ErrorReply;
import dev.beryl.resp.Status;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The REST mapping against a real engine (no container): what the resources do between JSON and JSON. */
class EngineCallTest {
    private static Engine engine;
    private static ScheduledExecutorService timers;

    @BeforeAll
    static void start() {
        engine = new Engine(new Config(name -> null), Commands.newTable());
        timers = Executors.newSingleThreadScheduledExecutor();
        engine.start(r -> {
            Thread t = new Thread(r);
            t.setDaemon(true);
            return t;
        }, timers);
        EngineRegistry.register(engine);
    }

    @AfterAll
    static void stop() {
        EngineRegistry.unregister(engine);
        engine.stop();
        timers.shutdownNow();
    }

    private static byte[] b(String s) { return s.getBytes(StandardCharsets.UTF_8); }

    private static String json(Object reply, boolean base64) {
        return new String(new ReplyJson(base64).envelope(reply), StandardCharsets.UTF_8);
    }

    @Test
    void singleCommand() {
        assertEquals("{\"result\":\"PONG\"}", json(EngineCall.run(CommandJson.command(b("[\"PING\"]"))), false));
        assertEquals("{\"result\":\"aGk=\"}", json(EngineCall.run(CommandJson.command(b("[\"ECHO\",\"hi\"]"))), true));
        assertEquals("{\"result\":0}", json(EngineCall.run(PathCommand.parse("exists/nokey", null, null)), true));
        assertEquals("{\"error\":\"ERR wrong number of arguments for 'echo' command\"}",
                json(EngineCall.run(CommandJson.command(b("[\"ECHO\"]"))), false));
    }

    @Test
    void pipelineKeepsOrderAndPerCommandErrors() {
        List<Object> replies = EngineCall.run(CommandJson.commands(b("[[\"PING\"],[\"NOSUCHCMD\",1],[\"ECHO\",42]]")));
        assertEquals("[{\"result\":\"PONG\"},{\"error\":\"ERR unknown command 'NOSUCHCMD', with args beginning with: '1' \"},{\"result\":\"42\"}]",
                new String(new ReplyJson(false).envelopes(replies), StandardCharsets.UTF_8));
    }

    @Test
    void multiExecRunsAsATransaction() {
        Object ok = MultiExec.outcome(EngineCall.run(MultiExec.wrap(CommandJson.commands(b("[[\"PING\"],[\"ECHO\",\"x\"]]")))));
        assertEquals(List.of(new Status("PONG"), "x"), ((List<?>) ok).stream()
                .map(o -> o instanceof byte[] a ? new String(a, StandardCharsets.UTF_8) : o).toList());
        Object discarded = MultiExec.outcome(EngineCall.run(MultiExec.wrap(CommandJson.commands(b("[[\"PING\"],[\"NOSUCHCMD\"]]")))));
        assertEquals(new ErrorReply("ERR unknown command 'NOSUCHCMD', with args beginning with: "), discarded);
        Object wrongArity = MultiExec.outcome(EngineCall.run(MultiExec.wrap(CommandJson.commands(b("[[\"ECHO\"],[\"PING\"]]")))));
        assertEquals(new ErrorReply("ERR wrong number of arguments for 'echo' command"), wrongArity);
    }

    @Test
    void hello3RepliesStillLookLikeResp2() {
        List<Object> replies = EngineCall.run(CommandJson.commands(b("[[\"HELLO\",\"3\"],[\"PING\"]]")));
        String json = new String(new ReplyJson(false).envelopes(replies), StandardCharsets.UTF_8);
        assertEquals(true, json.startsWith("[{\"result\":[\"server\",\"redis\",\"version\",\"7.0.15\""), json);
        assertEquals(true, json.endsWith("{\"result\":\"PONG\"}]"), json);
    }

    @Test
    void blockingCommandsAnswerAtOnce() {
        // nothing to wait on over HTTP: like inside MULTI, an empty list gives nil immediately
        assertEquals("{\"result\":null}", json(EngineCall.run(CommandJson.command(b("[\"BLPOP\",\"rest:nolist\",0]"))), false));
    }

    @Test
    void connectionOnlyCommandsAreRefused() {
        RestError e = assertThrows(RestError.class, () -> EngineCall.run(CommandJson.command(b("[\"SUBSCRIBE\",\"ch\"]"))));
        assertEquals("ERR SUBSCRIBE is not available over HTTP: it needs a connection", e.getMessage());
        e = assertThrows(RestError.class, () -> EngineCall.run(CommandJson.command(b("[\"client\",\"REPLY\",\"OFF\"]"))));
        assertEquals("ERR CLIENT REPLY is not available over HTTP: it needs a connection", e.getMessage());
        assertInstanceOf(Long.class, EngineCall.run(CommandJson.command(b("[\"CLIENT\",\"ID\"]"))));
    }
}
