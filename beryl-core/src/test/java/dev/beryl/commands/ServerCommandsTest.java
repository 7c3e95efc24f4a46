package dev.beryl.commands;

import dev.beryl.DevServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** INFO, CONFIG, COMMAND and DEBUG replies, byte for byte as Redis 7.0.15 sends them. */
class ServerCommandsTest {
    private static DevServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new DevServer(0);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** Runs each command line (space separated) and returns the concatenated replies. */
    private static String run(int resp, String... lines) throws Exception {
        List<byte[][]> cmds = new ArrayList<>();
        for (String l : lines) {
            String[] p = l.split(" ");
            byte[][] argv = new byte[p.length][];
            for (int i = 0; i < p.length; i++) argv[i] = p[i].getBytes(StandardCharsets.UTF_8);
            cmds.add(argv);
        }
        return new String(server.engine.call(resp, 0, cmds).get(), StandardCharsets.UTF_8);
    }

    @Test
    void timeIsSecondsAndMicroseconds() throws Exception {
        long before = System.currentTimeMillis();
        String r = run(2, "TIME");
        long after = System.currentTimeMillis();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\*2\r\n\\$\\d+\r\n(\\d+)\r\n\\$\\d+\r\n(\\d+)\r\n").matcher(r);
        org.junit.jupiter.api.Assertions.assertTrue(m.matches(), r);
        long us = Long.parseLong(m.group(1)) * 1_000_000 + Long.parseLong(m.group(2));
        org.junit.jupiter.api.Assertions.assertTrue(Long.parseLong(m.group(2)) < 1_000_000);
        org.junit.jupiter.api.Assertions.assertTrue(us >= before * 1000 && us <= (after + 1) * 1000, r);
        assertEquals("-ERR wrong number of arguments for 'time' command\r\n", run(2, "TIME x"));
    }

    @Test
    void commandInfoLayout() throws Exception {
        assertEquals("*1\r\n*10\r\n$4\r\ninfo\r\n:-1\r\n*2\r\n+loading\r\n+stale\r\n:0\r\n:0\r\n:0\r\n*2\r\n+@slow\r\n"
                + "+@dangerous\r\n*3\r\n$23\r\nnondeterministic_output\r\n$25\r\nrequest_policy:all_shards\r\n"
                + "$23\r\nresponse_policy:special\r\n*0\r\n*0\r\n", run(2, "command info info"));
        assertEquals("*1\r\n*10\r\n$4\r\ninfo\r\n:-1\r\n~2\r\n+loading\r\n+stale\r\n:0\r\n:0\r\n:0\r\n~2\r\n+@slow\r\n"
                + "+@dangerous\r\n~3\r\n$23\r\nnondeterministic_output\r\n$25\r\nrequest_policy:all_shards\r\n"
                + "$23\r\nresponse_policy:special\r\n~0\r\n~0\r\n", run(3, "command info info"));
        assertEquals("*3\r\n$-1\r\n$-1\r\n$-1\r\n", run(2, "command info get|key config|get|key nosuch"));
    }

    @Test
    void commandInfoKeySpecs() throws Exception {
        assertEquals("*1\r\n*10\r\n$3\r\nget\r\n:2\r\n*2\r\n+readonly\r\n+fast\r\n:1\r\n:1\r\n:1\r\n*3\r\n+@read\r\n"
                + "+@string\r\n+@fast\r\n*0\r\n*1\r\n*6\r\n$5\r\nflags\r\n*2\r\n+RO\r\n+access\r\n$12\r\nbegin_search\r\n*4\r\n$4\r\ntype\r\n"
                + "$5\r\nindex\r\n$4\r\nspec\r\n*2\r\n$5\r\nindex\r\n:1\r\n$9\r\nfind_keys\r\n*4\r\n$4\r\ntype\r\n"
                + "$5\r\nrange\r\n$4\r\nspec\r\n*6\r\n$7\r\nlastkey\r\n:0\r\n$7\r\nkeystep\r\n:1\r\n$5\r\nlimit\r\n:0\r\n*0\r\n",
                run(2, "command info get"));
    }

    @Test
    void commandDocs() throws Exception {
        String summary = "Reports information and statistics about the server.";
        assertEquals("%1\r\n$4\r\ninfo\r\n%6\r\n$7\r\nsummary\r\n$" + summary.length() + "\r\n" + summary + "\r\n"
                + "$5\r\nsince\r\n$5\r\n1.0.0\r\n$5\r\ngroup\r\n$6\r\nserver\r\n$10\r\ncomplexity\r\n$4\r\nO(1)\r\n"
                + "$7\r\nhistory\r\n~1\r\n*2\r\n$5\r\n7.0.0\r\n$52\r\nAdded support for taking multiple section arguments.\r\n"
                + "$9\r\narguments\r\n*1\r\n%3\r\n$4\r\nname\r\n$7\r\nsection\r\n$4\r\ntype\r\n$6\r\nstring\r\n"
                + "$5\r\nflags\r\n~2\r\n+optional\r\n+multiple\r\n", run(3, "command docs info nosuch"));
    }

    @Test
    void commandListCountAndGetKeys() throws Exception {
        assertEquals(":" + server.engine.commands().size() + "\r\n", run(2, "command count"));
        assertEquals("*1\r\n$10\r\nconfig|get\r\n", run(2, "command list filterby pattern config*|g*"));
        assertEquals("*1\r\n$6\r\nconfig\r\n", run(2, "command list filterby pattern CONFIG"));
        assertEquals("*0\r\n", run(2, "command list filterby aclcat nosuch"));
        assertEquals("-ERR syntax error\r\n", run(2, "command list filterby bad x"));
        assertEquals("*1\r\n$1\r\nk\r\n", run(2, "command getkeys get k"));
        assertEquals("-ERR The command has no key arguments\r\n", run(2, "command getkeys info x"));
        assertEquals("-ERR Invalid command specified\r\n", run(2, "command getkeys nosuch x"));
        assertEquals("-ERR Invalid number of arguments specified for command\r\n", run(2, "command getkeys get a b"));
    }

    @Test
    void configGetSet() throws Exception {
        assertEquals("*4\r\n$2\r\nhz\r\n$2\r\n10\r\n$7\r\ntimeout\r\n$1\r\n0\r\n", run(2, "config get hz timeout hz"));
        assertEquals("%1\r\n$9\r\nmaxmemory\r\n$1\r\n0\r\n", run(3, "config get maxmemory"));
        assertEquals("*2\r\n$4\r\nPORT\r\n$1\r\n0\r\n", run(2, "config get PORT")); // as configured: ephemeral
        assertEquals("-ERR syntax error\r\n", run(2, "config set a b c"));
        assertEquals("-ERR Unknown option or number of arguments for CONFIG SET - 'nosuch'\r\n", run(2, "config set hz 5 nosuch 1"));
        assertEquals("-ERR CONFIG SET failed (possibly related to argument 'databases') - can't set immutable config\r\n",
                run(2, "config set databases 3"));
        assertEquals("-ERR CONFIG SET failed (possibly related to argument 'dir') - can't set protected config\r\n",
                run(2, "config set dir /tmp"));
        assertEquals("-ERR CONFIG SET failed (possibly related to argument 'HZ') - duplicate parameter\r\n",
                run(2, "config set hz 5 HZ 6"));
        // atomic: the valid timeout is not applied when maxmemory is invalid
        assertEquals("-ERR CONFIG SET failed (possibly related to argument 'maxmemory') - argument must be a memory value\r\n"
                + "*2\r\n$7\r\ntimeout\r\n$1\r\n0\r\n", run(2, "config set timeout 7 maxmemory -1", "config get timeout"));
        assertEquals("+OK\r\n*4\r\n$9\r\nmaxmemory\r\n$7\r\n1048576\r\n$7\r\ntimeout\r\n$1\r\n7\r\n+OK\r\n",
                run(2, "config set timeout 7 maxmemory 1mb", "config get maxmemory timeout", "config set timeout 0 maxmemory 0"));
        assertEquals("-ERR The server is running without a config file\r\n", run(2, "config rewrite"));
        assertEquals("*2\r\n$10\r\nappendonly\r\n$2\r\nno\r\n+OK\r\n", run(2, "config get appendonly", "config set appendonly no"));
        assertEquals("-ERR CONFIG SET failed (possibly related to argument 'appendfsync') - argument(s) must be one of the following: everysec, always, no\r\n",
                run(2, "config set appendfsync sometimes"));
        // a hidden setting answers to its exact name only, as Redis's HIDDEN_CONFIG
        assertEquals("*2\r\n$17\r\nuse-exit-on-panic\r\n$2\r\nno\r\n*0\r\n",
                run(2, "config get use-exit-on-panic", "config get use-exit-on-pani*"));
        assertEquals("*2\r\n$21\r\nsanitize-dump-payload\r\n$3\r\nyes\r\n+OK\r\n",
                run(2, "config set sanitize-dump-payload yes", "config get sanitize*", "config set sanitize-dump-payload no")
                        .substring(5));
    }

    @Test
    void infoSections() throws Exception {
        String cpu = run(2, "info cpu");
        assertTrue(cpu.matches("(?s)\\$\\d+\r\n# CPU\r\nused_cpu_sys:\\d+\\.\\d{6}\r\nused_cpu_user:\\d+\\.\\d{6}\r\n.*"), cpu);
        String two = run(2, "info keyspace CPU");
        assertTrue(two.contains("# CPU\r\n") && two.indexOf("# CPU") < two.indexOf("# Keyspace"), two);
        String dflt = run(2, "info");
        assertTrue(dflt.contains("# Server\r\nredis_version:7.0.15\r\n") && dflt.contains("# Errorstats\r\n"));
        assertFalse(dflt.contains("# Commandstats"));
        assertTrue(run(2, "info everything").contains("# Commandstats\r\n"));
        assertTrue(run(3, "info server").startsWith("="));
    }

    @Test
    void commandAndErrorStats() throws Exception {
        String out = run(2, "config resetstat", "get", "nosuchcmd", "debug error MYERR",
                "info commandstats errorstats");
        assertTrue(out.contains("cmdstat_config|resetstat:calls=1,"), out);
        assertTrue(out.contains(",rejected_calls=1,failed_calls=0\r\n") && out.contains("cmdstat_get:calls=0,"), out);
        assertTrue(out.contains("cmdstat_debug:calls=1,usec="), out);
        assertTrue(out.contains("# Errorstats\r\nerrorstat_ERR:count=2\r\nerrorstat_MYERR:count=1\r\n"), out);
    }

    @Test
    void latencyStatsFollowTheConfiguredPercentiles() throws Exception {
        try {
            String out = run(2, "config resetstat", "set a b", "client id", "debug sleep 0.02", "info latencystats");
            assertTrue(out.contains("\r\nlatency_percentiles_usec_set:p50="), out);
            assertTrue(out.matches("(?s).*\r\nlatency_percentiles_usec_client\\|id:p50=\\d+\\.\\d{3},p99=\\d+\\.\\d{3},p99\\.9=\\d+\\.\\d{3}\r\n.*"), out);
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("latency_percentiles_usec_debug:p50=(\\d+\\.\\d+)").matcher(out);
            assertTrue(m.find() && Double.parseDouble(m.group(1)) >= 20000, out);
            assertFalse(run(2, "info").contains("# Latencystats"), "not a default section");

            assertEquals("+OK\r\n", setPercentiles("0.0 50.0 100.0 12.3456789"));
            assertEquals("*2\r\n$33\r\nlatency-tracking-info-percentiles\r\n$18\r\n0 50 100 12.345679\r\n",
                    run(2, "config get latency-tracking-info-percentiles"));
            assertTrue(run(2, "info latencystats").contains("latency_percentiles_usec_set:p0="), "p0, p50, p100");
            assertEquals("-ERR CONFIG SET failed (possibly related to argument 'latency-tracking-info-percentiles') - "
                    + "Invalid latency-tracking-info-percentiles parameters\r\n", setPercentiles("10 a"));
            assertEquals("-ERR CONFIG SET failed (possibly related to argument 'latency-tracking-info-percentiles') - "
                    + "latency-tracking-info-percentiles parameters should sit between [0.0,100.0]\r\n",
                    setPercentiles("10 101"));

            run(2, "config resetstat", "config set latency-tracking no");
            assertEquals(-1, run(2, "set a b", "info latencystats").indexOf("latency_percentiles_usec_set"), "not tracked");
        } finally {
            run(2, "config set latency-tracking yes");
            setPercentiles("50 99 99.9");
        }
    }

    /** CONFIG SET with the list as one argument, as a client sends it. */
    private static String setPercentiles(String list) throws Exception {
        byte[][] argv = {"config".getBytes(), "set".getBytes(), "latency-tracking-info-percentiles".getBytes(), list.getBytes()};
        return new String(server.engine.call(2, 0, java.util.Collections.singletonList(argv)).get(), StandardCharsets.UTF_8);
    }

    @Test
    void debugProtocol() throws Exception {
        assertEquals("|1\r\n$14\r\nkey-popularity\r\n*2\r\n$7\r\nkey:123\r\n:90\r\n$39\r\nSome real reply following the attribute\r\n",
                run(3, "debug protocol attrib"));
        assertEquals("$39\r\nSome real reply following the attribute\r\n", run(2, "debug protocol attrib"));
        assertEquals(",3.141\r\n(1234567999999999999999999999999999999\r\n%3\r\n:0\r\n#f\r\n:1\r\n#t\r\n:2\r\n#f\r\n"
                        + "=29\r\ntxt:This is a verbatim\nstring\r\n_\r\n~3\r\n:0\r\n:1\r\n:2\r\n",
                run(3, "debug protocol double", "debug protocol bignum", "debug protocol map", "debug protocol verbatim",
                        "debug protocol null", "debug protocol set"));
        assertEquals("$5\r\n3.141\r\n-ERR RESP2 is not supported by this command\r\n:1\r\n$-1\r\n",
                run(2, "debug protocol double", "debug protocol push", "debug protocol true", "debug protocol null"));
    }

    @Test
    void debugObjectPopulateAndErrors() throws Exception {
        String out = run(2, "debug populate 3 dbg 12", "debug object dbg:1", "debug object nokey", "debug nosuch",
                "debug populate -1", "get dbg:2");
        assertTrue(out.matches("\\+OK\r\n\\+Value at:0x[0-9a-f]+ refcount:1 encoding:embstr serializedlength:13 "
                + "lru:\\d+ lru_seconds_idle:0\r\n-ERR no such key\r\n"
                + "-ERR unknown subcommand or wrong number of arguments for 'nosuch'. Try DEBUG HELP.\r\n"
                + "-ERR value is out of range, must be positive\r\n\\$12\r\nvalue:2\0\0\0\0\0\r\n"), out);
        assertEquals("+OK\r\n+OK\r\n", run(2, "debug set-active-expire 0", "debug set-active-expire 1"));
        assertEquals("+OK\r\n", run(2, "debug sleep 0"));
    }

    @Test
    void debugDigestMatchesRedis() throws Exception {
        // digests of the same dataset taken from redis-server 7.0.15
        assertEquals("+OK\r\n+0000000000000000000000000000000000000000\r\n", run(2, "flushall", "debug digest"));
        assertEquals("+OK\r\n+OK\r\n+OK\r\n+OK\r\n:1\r\n+1e441dd2746832fba0cdb01622bdf83bc434c48c\r\n"
                        + "*2\r\n+0745672cb1bf060476eedeb8a28f5ffe1ff5a2be\r\n+0000000000000000000000000000000000000000\r\n+OK\r\n",
                run(2, "set a 1", "set b hello", "select 3", "set c x", "expire c 100", "debug digest",
                        "debug digest-value c nokey", "flushall"));
    }
}
