package dev.beryl.commands;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static dev.beryl.commands.CommandCalls.OK;
import static dev.beryl.commands.CommandCalls.bulk;
import static dev.beryl.commands.CommandCalls.error;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** PING, ECHO, QUIT, SELECT, RESET, HELLO: replies compared byte for byte with Redis 7.0.15's. */
class ConnectionCommandsTest {
    @RegisterExtension
    static final CommandCalls calls = new CommandCalls();

    private RawSocket connect() {
        return new RawSocket(calls.server.port());
    }

    private static String hello(int proto, String id) {
        String body = bulk("server") + bulk("redis") + bulk("version") + bulk("7.0.15") + bulk("proto") + ":" + proto + "\r\n"
                + bulk("id") + ":" + id + "\r\n" + bulk("mode") + bulk("standalone") + bulk("role") + bulk("master")
                + bulk("modules") + "*0\r\n";
        return (proto == 3 ? "%7\r\n" : "*14\r\n") + body;
    }

    @Test
    void pingAndEcho() {
        assertEquals("+PONG\r\n", calls.call("PING"));
        assertEquals(bulk("hi there"), calls.call("PING", "hi there"));
        assertEquals(error("ERR wrong number of arguments for 'ping' command"), calls.call("PING", "a", "b"));
        assertEquals(bulk(""), calls.call("ECHO", ""));
        assertEquals(error("ERR wrong number of arguments for 'echo' command"), calls.call("ECHO"));
    }

    @Test
    void select() {
        assertEquals("+OK\r\n", calls.call("SELECT", "15"));
        assertEquals(error("ERR DB index is out of range"), calls.call("SELECT", "16"));
        assertEquals(error("ERR DB index is out of range"), calls.call("SELECT", "-1"));
        assertEquals(error("ERR value is not an integer or out of range"), calls.call("SELECT", "x"));
        assertEquals(error("ERR value is out of range, value must between -2147483648 and 2147483647"),
                calls.call("SELECT", "99999999999"));
    }

    @Test
    void quitRepliesOkAndNothingAfterItRuns() {
        try (RawSocket s = connect()) {
            s.send("*1\r\n$4\r\nQUIT\r\n*3\r\n$3\r\nSET\r\n$3\r\nfoo\r\n$3\r\nbar\r\n").expect("+OK\r\n");
            assertTrue(s.closedByServer());
        }
        try (RawSocket s = connect()) {
            // the rest of the pipeline may exceed one read
            s.send("QUIT\r\n*3\r\n$3\r\nSET\r\n$3\r\nfoo\r\n$2048\r\n" + "x".repeat(2048) + "\r\n").expect("+OK\r\n");
            assertTrue(s.closedByServer());
        }
        assertEquals("$-1\r\n", calls.call("GET", "foo"));
    }

    @Test
    void helloReportsTheConnectionAndSwitchesProtocol() {
        try (RawSocket s = connect()) {
            String id = s.call("CLIENT ID").replaceAll("[:\r\n]", "");
            s.send("HELLO\r\n").expect(hello(2, id));
            s.send("HELLO 3\r\n").expect(hello(3, id));
            s.send("CLIENT GETNAME\r\n").expect("_\r\n");
            s.send("HELLO\r\n").expect(hello(3, id)); // no argument: the protocol stays
            s.send("HELLO 2\r\n").expect(hello(2, id));
            s.send("CLIENT GETNAME\r\n").expect("$-1\r\n");
        }
    }

    @Test
    void helloErrors() {
        try (RawSocket s = connect()) {
            s.send("HELLO 4\r\nHELLO 1\r\nHELLO abc\r\nHELLO 3 AUTH default\r\nHELLO 2 foo\r\nHELLO 3 SETNAME\r\n")
                    .expect("-NOPROTO unsupported protocol version\r\n-NOPROTO unsupported protocol version\r\n"
                            + "-ERR Protocol version is not an integer or out of range\r\n"
                            + "-ERR Syntax error in HELLO option 'AUTH'\r\n-ERR Syntax error in HELLO option 'foo'\r\n"
                            + "-ERR Syntax error in HELLO option 'SETNAME'\r\n");
            s.send("HELLO 3 AUTH someone pass\r\n").expect("-WRONGPASS invalid username-password pair or user is disabled.\r\n");
            s.send("HELLO 3 SETNAME a\tb\r\n").expect("-ERR Syntax error in HELLO option 'b'\r\n"); // inline splits on tabs
            s.send("*4\r\n$5\r\nHELLO\r\n$1\r\n3\r\n$7\r\nSETNAME\r\n$3\r\na b\r\n")
                    .expect("-ERR Client names cannot contain spaces, newlines or special characters.\r\n");
            // none of these switched the protocol
            s.send("CLIENT GETNAME\r\n").expect("$1\r\na\r\n");
        }
    }

    @Test
    void helloAuthAsTheDefaultUserAndSetname() {
        try (RawSocket s = connect()) {
            String id = s.call("CLIENT ID").replaceAll("[:\r\n]", "");
            s.send("HELLO 3 AUTH default anything SETNAME first SETNAME second\r\n").expect(hello(3, id));
            s.send("CLIENT GETNAME\r\n").expect("$6\r\nsecond\r\n");
        }
    }

    @Test
    void resetRestoresANewConnectionsState() {
        try (RawSocket s = connect()) {
            s.call("HELLO 3 SETNAME named");
            s.send("SELECT 4\r\nSET k v\r\nWATCH k\r\nMULTI\r\nSET k w\r\nRESET\r\n")
                    .expect("+OK\r\n+OK\r\n+OK\r\n+OK\r\n+QUEUED\r\n+RESET\r\n");
            s.send("CLIENT GETNAME\r\nGET k\r\nEXEC\r\n").expect("$-1\r\n$-1\r\n-ERR EXEC without MULTI\r\n");
            String info = s.call("CLIENT INFO");
            assertTrue(info.contains(" flags=N db=0 ") && info.contains(" resp=2\n"), info);
            // replies switched off come back on
            s.send("CLIENT REPLY OFF\r\nPING\r\nRESET\r\nPING\r\n").expect("+RESET\r\n+PONG\r\n");
            // but a SKIP already in force still skips the RESET reply
            s.send("CLIENT REPLY SKIP\r\nRESET\r\nPING\r\n").expect("+PONG\r\n");
        }
    }

    @Test
    void resetDoesNotClearNoEvict() {
        try (RawSocket s = connect()) {
            s.send("CLIENT NO-EVICT on\r\nRESET\r\n").expect("+OK\r\n+RESET\r\n");
            assertTrue(s.call("CLIENT INFO").contains(" flags=e "));
        }
    }
}
