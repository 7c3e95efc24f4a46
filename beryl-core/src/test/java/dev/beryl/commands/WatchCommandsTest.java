package dev.beryl.commands;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static dev.beryl.commands.CommandCalls.OK;
import static dev.beryl.commands.CommandCalls.error;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** MONITOR, SLOWLOG and LATENCY: replies compared byte for byte with Redis 7.0.15's. */
class WatchCommandsTest {
    @RegisterExtension
    static final CommandCalls calls = new CommandCalls();

    private RawSocket connect() {
        return new RawSocket(calls.server.port());
    }

    /** A MONITOR line without its time and client address. */
    private static String monitorLine(RawSocket m) {
        String line = m.readLine();
        assertTrue(line.matches("\\+\\d{10}\\.\\d{6} \\[\\d+ [^]]+] .*\r\n"), line);
        return line.replaceFirst("^\\+\\S+ \\[(\\d+) [^]]+]", "[$1]");
    }

    @Test
    void monitorShowsCommandsAsRedisQuotesThem() {
        try (RawSocket m = connect(); RawSocket c = connect()) {
            m.send("MONITOR\r\n").expect(OK);
            c.send("*3\r\n$3\r\nset\r\n$1\r\nk\r\n$8\r\n\u0001\u00ff\n\t\\\"x \r\n").expect(OK);
            assertEquals("[0] \"set\" \"k\" \"\\x01\\xff\\n\\t\\\\\\\"x \"\r\n", monitorLine(m));
            // admin commands are hidden, rejected ones never ran
            c.send("CLIENT LIST\r\n").readReply();
            c.send("CONFIG GET maxmemory\r\n").readReply();
            c.send("NOSUCH\r\n").readLine();
            c.send("MULTI\r\nSET a 1\r\nEXEC\r\n").expect(OK + "+QUEUED\r\n*1\r\n" + OK);
            assertEquals("[0] \"MULTI\"\r\n", monitorLine(m));
            assertEquals("[0] \"SET\" \"a\" \"1\"\r\n", monitorLine(m));
            assertEquals("[0] \"EXEC\"\r\n", monitorLine(m));
            // passwords are redacted
            c.send("AUTH someone secret\r\nHELLO 2 AUTH default pw\r\n").readLine();
            c.readReply();
            assertEquals("[0] \"AUTH\" \"(redacted)\" \"(redacted)\"\r\n", monitorLine(m));
            assertEquals("[0] \"HELLO\" \"2\" \"AUTH\" \"(redacted)\" \"(redacted)\"\r\n", monitorLine(m));
            // callers without a connection (REST, the in-JVM API) show as Redis's clients without one
            calls.call("PING");
            assertEquals("+", m.read(1));
            assertTrue(m.readLine().matches("\\d{10}\\.\\d{6} \\[9 \\?:0] \"PING\"\r\n"));
        }
    }

    @Test
    void monitorClientIsAReplicaUntilReset() {
        try (RawSocket m = connect()) {
            m.send("MONITOR\r\n").expect(OK);
            assertTrue(calls.call("CLIENT", "LIST").contains("flags=O "));
            m.send("MONITOR\r\n").expectNothing(); // a second MONITOR has no reply
            m.send("GET k\r\n").expect("-ERR Replica can't interact with the keyspace\r\n");
            m.send("PING\r\n").expect("+PONG\r\n");
            assertEquals("[0] \"PING\"\r\n", monitorLine(m));
            m.send("RESET\r\n").expect("+RESET\r\n");
            assertTrue(!calls.call("CLIENT", "LIST").contains("flags=O"));
            calls.call("PING");
            m.expectNothing();
        }
        assertEquals(error("ERR MONITOR isn't allowed for DENY BLOCKING client"), calls.call("MONITOR"));
    }

    @Test
    void slowLogEntries() {
        try (RawSocket c = connect()) {
            c.send("CLIENT SETNAME slow\r\n").expect(OK);
            calls.config("slowlog-log-slower-than", "0");
            c.send("SLOWLOG RESET\r\nAUTH default pw\r\nSLOWLOG GET 1\r\n").expect(OK + OK);
            String entry = c.readReply();
            assertTrue(entry.matches("\\*1\r\n\\*6\r\n:\\d+\r\n:\\d{10}\r\n:\\d+\r\n\\*3\r\n\\$4\r\nAUTH\r\n\\$10\r\n\\(redacted\\)\r\n"
                    + "\\$10\r\n\\(redacted\\)\r\n\\$\\d+\r\n127\\.0\\.0\\.1:\\d+\r\n\\$4\r\nslow\r\n"), entry);
            calls.config("slowlog-log-slower-than", "-1");
            c.send("SLOWLOG LEN\r\n").expect(":3\r\n"); // SLOWLOG RESET, AUTH, SLOWLOG GET 1
            calls.config("slowlog-max-len", "1"); // a disabled log is not trimmed, as in Redis
            c.send("SLOWLOG LEN\r\n").expect(":3\r\n");
            calls.config("slowlog-log-slower-than", "10000");
            c.send("SLOWLOG LEN\r\n").expect(":1\r\n");
            calls.config("slowlog-max-len", "128");
        }
        assertEquals(error("ERR count should be greater than or equal to -1"), calls.call("SLOWLOG", "GET", "-2"));
        assertEquals(error("ERR count should be greater than or equal to -1"), calls.call("SLOWLOG", "GET", "x"));
        assertEquals(error("ERR unknown subcommand or wrong number of arguments for 'GET'. Try SLOWLOG HELP."),
                calls.call("SLOWLOG", "GET", "1", "2"));
        assertEquals(error("ERR wrong number of arguments for 'slowlog|len' command"), calls.call("SLOWLOG", "LEN", "x"));
        assertEquals("*12\r\n+SLOWLOG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n+GET [<count>]\r\n"
                + "+    Return top <count> entries from the slowlog (default: 10, -1 mean all).\r\n+    Entries are made of:\r\n"
                + "+    id, timestamp, time in microseconds, arguments array, client IP and port,\r\n+    client name\r\n+LEN\r\n"
                + "+    Return the length of the slowlog.\r\n+RESET\r\n+    Reset the slowlog.\r\n+HELP\r\n+    Prints this help.\r\n",
                calls.call("SLOWLOG", "HELP"));
    }

    @Test
    void latencyCommands() {
        calls.call("LATENCY", "RESET");
        assertEquals("*0\r\n", calls.call("LATENCY", "LATEST"));
        assertEquals("*0\r\n", calls.call("LATENCY", "HISTORY", "command"));
        assertEquals(":0\r\n", calls.call("LATENCY", "RESET", "a", "b"));
        assertEquals(error("ERR No samples available for event 'command'"), calls.call("LATENCY", "GRAPH", "command"));
        assertEquals(error("ERR wrong number of arguments for 'latency|help' command"), calls.call("LATENCY", "HELP", "x"));
        assertTrue(calls.call("LATENCY", "DOCTOR").contains("I'm sorry, Dave, I can't do that."));
        calls.config("latency-monitor-threshold", "1");
        calls.call("DEBUG", "SLEEP", "0.01");
        String latest = calls.call("LATENCY", "LATEST");
        assertTrue(latest.matches("\\*1\r\n\\*4\r\n\\$7\r\ncommand\r\n:\\d{10}\r\n:\\d+\r\n:\\d+\r\n"), latest);
        assertTrue(calls.call("LATENCY", "GRAPH", "command").startsWith("$"));
        assertEquals(":1\r\n", calls.call("LATENCY", "RESET", "COMMAND"));
        calls.config("latency-monitor-threshold", "0");
        // the histogram of a command and of a container's subcommands, in RESP3 as maps
        calls.call("CONFIG", "RESETSTAT");
        calls.call("CLIENT", "ID");
        String h = calls.call3("LATENCY", "HISTOGRAM", "client", "nosuch", "set|x");
        assertTrue(h.matches("%1\r\n\\$9\r\nclient\\|id\r\n%2\r\n\\$5\r\ncalls\r\n:1\r\n\\$14\r\nhistogram_usec\r\n%1\r\n:\\d+\r\n:1\r\n"), h);
    }

    @Test
    void blockedCommandIsLoggedOnceServed() throws InterruptedException {
        try (RawSocket b = connect(); RawSocket c = connect()) {
            calls.config("slowlog-log-slower-than", "0");
            b.send("BLPOP watch:l 0\r\n");
            for (int i = 0; i < 100 && !calls.call("CLIENT", "LIST").contains("flags=b"); i++) Thread.sleep(10);
            // as the suite's SLOWLOG test: the push and the reset in one EXEC, the served BLPOP logged after it
            c.send("MULTI\r\nLPUSH watch:l x\r\nSLOWLOG RESET\r\nEXEC\r\n").expect(OK + "+QUEUED\r\n+QUEUED\r\n*2\r\n:1\r\n" + OK);
            b.expect("*2\r\n$7\r\nwatch:l\r\n$1\r\nx\r\n");
            String entry = calls.call("SLOWLOG", "GET", "1");
            calls.config("slowlog-log-slower-than", "10000");
            assertTrue(entry.contains("*3\r\n$5\r\nBLPOP\r\n$7\r\nwatch:l\r\n$1\r\n0\r\n"), entry);
        }
    }
}
