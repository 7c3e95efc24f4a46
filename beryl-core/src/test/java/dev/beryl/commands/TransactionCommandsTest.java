package dev.beryl.commands;

import dev.beryl.command.CommandSpec;
import dev.beryl.command.CommandTable;
import dev.beryl.config.Config;
import dev.beryl.engine.Engine;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static dev.beryl.commands.CommandCalls.OK;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** MULTI/EXEC/DISCARD/WATCH/UNWATCH: replies compared byte for byte with Redis 7.0.15's. */
class TransactionCommandsTest {
    @RegisterExtension
    static final CommandCalls calls = CommandCalls.emptyEachTest();

    @BeforeEach
    void activeExpiryOn() {
        calls.onEngine(() -> calls.server.engine.activeExpiry().setEnabled(true));
    }

    private RawSocket connect() {
        return new RawSocket(calls.server.port());
    }

    @Test
    void multiQueuesAndExecRunsInOrder() {
        assertEquals("+OK\r\n+QUEUED\r\n+QUEUED\r\n+QUEUED\r\n*3\r\n+OK\r\n$1\r\n1\r\n+PONG\r\n",
                calls.session("MULTI", "SET a 1", "GET a", "PING", "EXEC"));
    }

    @Test
    void emptyTransaction() {
        assertEquals("+OK\r\n*0\r\n", calls.session("MULTI", "EXEC"));
    }

    @Test
    void pipelinedTransactionOverSocket() {
        try (RawSocket s = connect()) {
            s.send("*1\r\n$5\r\nMULTI\r\n*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\nGET k\r\nEXEC\r\nGET k\r\n")
                    .expect("+OK\r\n+QUEUED\r\n+QUEUED\r\n*2\r\n+OK\r\n$1\r\nv\r\n$1\r\nv\r\n");
        }
    }

    @Test
    void errorsOutsideATransaction() {
        assertEquals("-ERR EXEC without MULTI\r\n-ERR DISCARD without MULTI\r\n", calls.session("EXEC", "DISCARD"));
    }

    @Test
    void nestedMultiAndWatchInsideMultiAreRefusedButDoNotAbort() {
        assertEquals("+OK\r\n-ERR MULTI calls can not be nested\r\n-ERR WATCH inside MULTI is not allowed\r\n"
                        + "+QUEUED\r\n*1\r\n+PONG\r\n",
                calls.session("MULTI", "MULTI", "WATCH x", "PING", "EXEC"));
    }

    @Test
    void queueingErrorsAbortTheTransaction() {
        assertEquals("+OK\r\n+QUEUED\r\n-ERR unknown command 'NOPE', with args beginning with: 'x' \r\n+QUEUED\r\n"
                        + "-EXECABORT Transaction discarded because of previous errors.\r\n:0\r\n",
                calls.session("MULTI", "SET a 1", "NOPE x", "SET b 2", "EXEC", "EXISTS a b"));
        assertEquals("+OK\r\n-ERR wrong number of arguments for 'get' command\r\n"
                        + "-EXECABORT Transaction discarded because of previous errors.\r\n+PONG\r\n",
                calls.session("MULTI", "GET", "EXEC", "PING"));
        assertEquals("+OK\r\n-ERR unknown subcommand 'NOPE'. Try CLIENT HELP.\r\n"
                        + "-EXECABORT Transaction discarded because of previous errors.\r\n",
                calls.session("MULTI", "CLIENT NOPE", "EXEC"));
    }

    @Test
    void execWithArgumentsAbortsWithTheReason() {
        assertEquals("+OK\r\n+QUEUED\r\n-EXECABORT Transaction discarded because of: wrong number of arguments for 'exec' command\r\n"
                        + "-ERR EXEC without MULTI\r\n",
                calls.session("MULTI", "SET a 1", "EXEC x", "EXEC"));
        // outside MULTI too, as Redis does
        assertEquals("-EXECABORT Transaction discarded because of: wrong number of arguments for 'exec' command\r\n",
                calls.session("EXEC x"));
    }

    @Test
    void runtimeErrorsInsideExecDoNotStopTheOthers() {
        calls.call("SET", "s", "x");
        assertEquals("+OK\r\n+QUEUED\r\n+QUEUED\r\n+QUEUED\r\n*3\r\n:0\r\n-ERR no such key\r\n+OK\r\n",
                calls.session("MULTI", "DEL nothing", "RENAME nothing x", "SET t 1", "EXEC"));
    }

    @Test
    void discardDropsTheQueue() {
        assertEquals("+OK\r\n+QUEUED\r\n+OK\r\n$-1\r\n", calls.session("MULTI", "SET a 1", "DISCARD", "GET a"));
    }

    @Test
    void selectInsideExecChangesTheDatabase() {
        assertEquals("+OK\r\n+QUEUED\r\n+QUEUED\r\n+QUEUED\r\n*3\r\n+OK\r\n+OK\r\n$1\r\nv\r\n$1\r\nv\r\n+OK\r\n$-1\r\n",
                calls.session("MULTI", "SELECT 3", "SET k v", "GET k", "EXEC", "GET k", "SELECT 9", "GET k"));
    }

    @Test
    void quitAndResetRunImmediatelyInsideMulti() {
        assertEquals("+OK\r\n+QUEUED\r\n+RESET\r\n-ERR EXEC without MULTI\r\n$-1\r\n",
                calls.session("MULTI", "SET a 1", "RESET", "EXEC", "GET a"));
        try (RawSocket s = connect()) {
            s.send("MULTI\r\nSET q 1\r\nQUIT\r\nEXEC\r\n").expect("+OK\r\n+QUEUED\r\n+OK\r\n");
            assertEquals(true, s.closedByServer());
        }
        assertEquals("$-1\r\n", calls.call("GET", "q"));
    }

    @Test
    void resp3NullForATouchedTransaction() {
        try (RawSocket a = connect(); RawSocket b = connect()) {
            a.call("HELLO 3");
            a.send("WATCH w\r\n").expect("+OK\r\n");
            b.send("SET w 1\r\n").expect("+OK\r\n");
            a.send("MULTI\r\nPING\r\nEXEC\r\n").expect("+OK\r\n+QUEUED\r\n_\r\n");
        }
    }

    // ---- WATCH

    @Test
    void watchedKeyWrittenByAnotherClientFailsExec() {
        try (RawSocket a = connect(); RawSocket b = connect()) {
            a.send("SET x 30\r\nWATCH x\r\n").expect("+OK\r\n+OK\r\n");
            b.send("SET x 40\r\n").expect("+OK\r\n");
            a.send("MULTI\r\nPING\r\nEXEC\r\n").expect("+OK\r\n+QUEUED\r\n*-1\r\n");
            // the failed EXEC unwatched everything
            b.send("SET x 50\r\n").expect("+OK\r\n");
            a.send("MULTI\r\nPING\r\nEXEC\r\n").expect("+OK\r\n+QUEUED\r\n*1\r\n+PONG\r\n");
        }
    }

    @Test
    void ownWritesBeforeMultiFailExecToo() {
        assertEquals("+OK\r\n+OK\r\n+OK\r\n+QUEUED\r\n*-1\r\n", calls.session("WATCH a b x k z", "SET x 40", "MULTI", "PING", "EXEC"));
    }

    @Test
    void untouchedWatchExecutesAndSuccessfulExecUnwatches() {
        try (RawSocket a = connect(); RawSocket b = connect()) {
            a.send("WATCH x y\r\nWATCH k\r\nMULTI\r\nPING\r\nEXEC\r\n").expect("+OK\r\n+OK\r\n+OK\r\n+QUEUED\r\n*1\r\n+PONG\r\n");
            b.send("SET x 40\r\n").expect("+OK\r\n");
            a.send("MULTI\r\nPING\r\nEXEC\r\n").expect("+OK\r\n+QUEUED\r\n*1\r\n+PONG\r\n");
        }
    }

    @Test
    void unwatchAndDiscardForgetTheTouch() {
        assertEquals("+OK\r\n+OK\r\n+OK\r\n+OK\r\n+QUEUED\r\n*1\r\n+PONG\r\n",
                calls.session("WATCH x", "SET x 40", "UNWATCH", "MULTI", "PING", "EXEC"));
        assertEquals("+OK\r\n+OK\r\n+OK\r\n+OK\r\n+OK\r\n+QUEUED\r\n*1\r\n+OK\r\n",
                calls.session("WATCH x", "SET x 10", "MULTI", "DISCARD", "MULTI", "SET x 11", "EXEC"));
        assertEquals("+OK\r\n", calls.session("UNWATCH"));
    }

    @Test
    void expireOfAWatchedKeyTouchesIt() {
        assertEquals("+OK\r\n+OK\r\n:1\r\n+OK\r\n+QUEUED\r\n*-1\r\n",
                calls.session("SET x foo", "WATCH x", "EXPIRE x 10", "MULTI", "PING", "EXEC"));
        assertEquals("+OK\r\n:1\r\n+OK\r\n:1\r\n+OK\r\n+QUEUED\r\n*-1\r\n",
                calls.session("SET x foo", "EXPIRE x 100", "WATCH x", "PERSIST x", "MULTI", "PING", "EXEC"));
    }

    @Test
    void keyExpiringAfterWatchFailsExecEvenIfNotYetDeleted() throws Exception {
        calls.onEngine(() -> calls.server.engine.activeExpiry().setEnabled(false));
        try (RawSocket a = connect()) {
            a.send("SET key 1\r\nPEXPIRE key 50\r\nWATCH key\r\n").expect("+OK\r\n:1\r\n+OK\r\n");
            Thread.sleep(60);
            a.send("MULTI\r\nPING\r\nEXEC\r\n").expect("+OK\r\n+QUEUED\r\n*-1\r\n");
        }
    }

    @Test
    void activeExpiryOfAWatchedKeyTouchesIt() throws Exception {
        try (RawSocket a = connect()) {
            a.send("SET x foo\r\nPEXPIRE x 20\r\nWATCH x\r\n").expect("+OK\r\n:1\r\n+OK\r\n");
            for (int i = 0; i < 100 && !a.call("DBSIZE").equals(":0\r\n"); i++) Thread.sleep(20);
            a.send("MULTI\r\nPING\r\nEXEC\r\n").expect("+OK\r\n+QUEUED\r\n*-1\r\n");
        }
    }

    @Test
    void watchingAStaleKeyDoesNotFailExec() throws Exception {
        calls.onEngine(() -> calls.server.engine.activeExpiry().setEnabled(false));
        try (RawSocket a = connect()) {
            a.send("SET x foo\r\nPEXPIRE x 1\r\n").expect("+OK\r\n:1\r\n");
            Thread.sleep(5);
            a.send("WATCH x\r\nMULTI\r\nPING\r\nEXEC\r\n").expect("+OK\r\n+OK\r\n+QUEUED\r\n*1\r\n+PONG\r\n");
            // its lazy deletion is no change either
            a.send("SET y foo\r\nPEXPIRE y 1\r\n").expect("+OK\r\n:1\r\n");
            Thread.sleep(5);
            a.send("WATCH y\r\nEXISTS y\r\nMULTI\r\nPING\r\nEXEC\r\n").expect("+OK\r\n:0\r\n+OK\r\n+QUEUED\r\n*1\r\n+PONG\r\n");
            // nor is flushing it
            a.send("SET z foo\r\nPEXPIRE z 1\r\n").expect("+OK\r\n:1\r\n");
            Thread.sleep(5);
            a.send("WATCH z\r\nFLUSHDB\r\nMULTI\r\nPING\r\nEXEC\r\n").expect("+OK\r\n+OK\r\n+OK\r\n+QUEUED\r\n*1\r\n+PONG\r\n");
            // but writing it after its deletion is
            a.send("SET v foo\r\nPEXPIRE v 1\r\n").expect("+OK\r\n:1\r\n");
            Thread.sleep(5);
            a.send("WATCH v\r\nSET v bar\r\nMULTI\r\nPING\r\nEXEC\r\n").expect("+OK\r\n+OK\r\n+OK\r\n+QUEUED\r\n*-1\r\n");
        }
    }

    @Test
    void flushTouchesOnlyExistingWatchedKeys() {
        assertEquals("+OK\r\n+OK\r\n+OK\r\n+OK\r\n+QUEUED\r\n*-1\r\n", calls.session("SET x 30", "WATCH x", "FLUSHALL", "MULTI", "PING", "EXEC"));
        assertEquals("+OK\r\n+OK\r\n+OK\r\n+QUEUED\r\n*1\r\n+PONG\r\n", calls.session("WATCH x", "FLUSHALL", "MULTI", "PING", "EXEC"));
        assertEquals("+OK\r\n+OK\r\n+OK\r\n+OK\r\n+QUEUED\r\n*-1\r\n", calls.session("SET x 30", "WATCH x", "FLUSHDB", "MULTI", "PING", "EXEC"));
        assertEquals("+OK\r\n+OK\r\n+OK\r\n+QUEUED\r\n*1\r\n+PONG\r\n", calls.session("WATCH x", "FLUSHDB", "MULTI", "PING", "EXEC"));
        // several watched keys of one client
        assertEquals("+OK\r\n+OK\r\n+OK\r\n+OK\r\n+OK\r\n+PONG\r\n", calls.session("SET a a", "SET b b", "WATCH b a", "FLUSHALL", "FLUSHALL", "PING"));
    }

    @Test
    void swapdbTouchesWatchedKeysOnEitherSide() {
        // the key exists in the watched db and goes away
        assertEquals("+OK\r\n+OK\r\n+OK\r\n+OK\r\n+OK\r\n+QUEUED\r\n*-1\r\n",
                calls.session("SELECT 0", "SET x 30", "WATCH x", "SWAPDB 0 1", "MULTI", "PING", "EXEC"));
        // the key is missing and appears
        assertEquals("+OK\r\n+OK\r\n+OK\r\n+OK\r\n+OK\r\n+OK\r\n+QUEUED\r\n*-1\r\n",
                calls.session("SELECT 1", "SET x 30", "SELECT 0", "WATCH x", "SWAPDB 0 1", "MULTI", "PING", "EXEC"));
    }

    @Test
    void swapdbLeavesStaleKeysAlone() throws Exception {
        calls.onEngine(() -> calls.server.engine.activeExpiry().setEnabled(false));
        try (RawSocket a = connect()) {
            // stale key replaced by nothing
            a.send("SELECT 1\r\nSET x foo\r\nPEXPIRE x 1\r\n").expect("+OK\r\n+OK\r\n:1\r\n");
            Thread.sleep(5);
            a.send("WATCH x\r\nSWAPDB 0 1\r\nMULTI\r\nPING\r\nEXEC\r\n").expect("+OK\r\n+OK\r\n+OK\r\n+QUEUED\r\n*1\r\n+PONG\r\n");
            a.send("FLUSHALL\r\n").expect("+OK\r\n");
            // nothing replaced by a stale key
            a.send("SELECT 0\r\nSET x foo\r\nPEXPIRE x 1\r\n").expect("+OK\r\n+OK\r\n:1\r\n");
            Thread.sleep(5);
            a.send("SELECT 1\r\nWATCH x\r\nSWAPDB 0 1\r\nMULTI\r\nPING\r\nEXEC\r\n")
                    .expect("+OK\r\n+OK\r\n+OK\r\n+OK\r\n+QUEUED\r\n*1\r\n+PONG\r\n");
            a.send("FLUSHALL\r\n").expect("+OK\r\n");
            // a stale key replaced by another stale key
            a.send("SELECT 1\r\nSET x foo\r\nPEXPIRE x 1\r\nSELECT 0\r\nSET x bar\r\nPEXPIRE x 1\r\n")
                    .expect("+OK\r\n+OK\r\n:1\r\n+OK\r\n+OK\r\n:1\r\n");
            Thread.sleep(5);
            a.send("SELECT 1\r\nWATCH x\r\nSWAPDB 0 1\r\nMULTI\r\nPING\r\nEXEC\r\n")
                    .expect("+OK\r\n+OK\r\n+OK\r\n+OK\r\n+QUEUED\r\n*1\r\n+PONG\r\n");
        }
    }

    @Test
    void watchRemembersTheDatabase() {
        assertEquals("+OK\r\n+OK\r\n+OK\r\n+OK\r\n+OK\r\n+OK\r\n+OK\r\n+QUEUED\r\n*1\r\n+PONG\r\n",
                calls.session("SELECT 5", "SET x 30", "WATCH x", "SELECT 1", "SET x 10", "SELECT 5", "MULTI", "PING", "EXEC"));
    }

    @Test
    void watchArityAndRenameTouchBothKeys() {
        assertEquals("-ERR wrong number of arguments for 'watch' command\r\n", calls.session("WATCH"));
        assertEquals("+OK\r\n+OK\r\n+OK\r\n+OK\r\n+QUEUED\r\n*-1\r\n", calls.session("SET a 1", "WATCH b", "RENAME a b", "MULTI", "PING", "EXEC"));
        assertEquals("+OK\r\n+OK\r\n+OK\r\n+OK\r\n+QUEUED\r\n*-1\r\n", calls.session("SET a 1", "WATCH a", "RENAME a c", "MULTI", "PING", "EXEC"));
    }

    @Test
    void closingAClientReleasesItsWatches() throws Exception {
        try (RawSocket a = connect()) {
            a.send("WATCH gone\r\n").expect("+OK\r\n");
        }
        // the engine thread closes the connection; then a write to the key finds no watcher left
        for (int i = 0; i < 50 && calls.server.engine.clients().size() > 0; i++) Thread.sleep(10);
        assertEquals("+OK\r\n", calls.call("SET", "gone", "1"));
    }

    // ---- statistics, as INFO commandstats / errorstats report them

    @Test
    void statisticsAttributeErrorsLikeRedis() {
        CommandSpec exec = calls.server.engine.commands().lookup("exec".getBytes());
        CommandSpec get = calls.server.engine.commands().lookup("get".getBytes());
        CommandSpec rename = calls.server.engine.commands().lookup("rename".getBytes());
        long[] before = new long[7];
        calls.onEngine(() -> {
            before[0] = exec.calls;
            before[1] = exec.failedCalls;
            before[2] = exec.rejectedCalls;
            before[3] = get.rejectedCalls;
            before[4] = rename.failedCalls;
            before[5] = calls.server.engine.stats().errorCodes.getOrDefault("EXECABORT", 0L);
            before[6] = calls.server.engine.stats().errorCodes.getOrDefault("ERR", 0L);
        });
        calls.session("MULTI", "GET", "EXEC"); // rejected GET, failed EXEC
        calls.session("MULTI", "RENAME nothing x", "RENAME nothing y", "EXEC"); // two failed RENAMEs, EXEC fine
        calls.session("EXEC x"); // rejected EXEC
        calls.onEngine(() -> {
            assertEquals(2, exec.calls - before[0]);
            assertEquals(1, exec.failedCalls - before[1]);
            assertEquals(1, exec.rejectedCalls - before[2]);
            assertEquals(1, get.rejectedCalls - before[3]);
            assertEquals(2, rename.failedCalls - before[4]);
            assertEquals(2, calls.server.engine.stats().errorCodes.get("EXECABORT") - before[5]);
            assertEquals(3, calls.server.engine.stats().errorCodes.get("ERR") - before[6]);
        });
    }

    @Test
    void unknownSubcommandIsNotCountedAgainstTheContainer() {
        CommandSpec client = calls.server.engine.commands().lookup("client".getBytes());
        long[] before = new long[1];
        calls.onEngine(() -> before[0] = client.rejectedCalls);
        calls.session("CLIENT NOPE");
        calls.onEngine(() -> assertEquals(before[0], client.rejectedCalls));
    }

    // ---- commands flagged no_multi (SAVE, SHUTDOWN ... in Redis): an engine with one such command

    @Test
    void noMultiCommandsAreRefusedInsideMulti() throws Exception {
        CommandTable table = new CommandTable(new ConnectionCommands(), new TransactionCommands(),
                t -> t.command("save", 1).flags("admin noscript no_async_loading no_multi").group("server")
                        .handler((c, argv) -> c.reply().ok()));
        Engine engine = new Engine(Config.defaults(), table);
        ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
        engine.start(Thread::new, timers);
        try {
            List<byte[][]> cmds = List.of(argv("MULTI"), argv("PING"), argv("SAVE"), argv("EXEC"), argv("SAVE"));
            assertEquals("+OK\r\n+QUEUED\r\n-ERR Command not allowed inside a transaction\r\n"
                            + "-EXECABORT Transaction discarded because of previous errors.\r\n+OK\r\n",
                    new String(engine.call(2, 0, cmds).get(5, TimeUnit.SECONDS), StandardCharsets.ISO_8859_1));
        } finally {
            engine.stop();
            timers.shutdownNow();
        }
    }

    private static byte[][] argv(String... a) {
        byte[][] r = new byte[a.length][];
        for (int i = 0; i < a.length; i++) r[i] = a[i].getBytes(StandardCharsets.ISO_8859_1);
        return r;
    }
}
