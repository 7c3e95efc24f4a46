package dev.beryl.commands;

import dev.beryl.acl.ProtectedMode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;

import static dev.beryl.commands.CommandCalls.OK;
import static dev.beryl.commands.CommandCalls.bulk;
import static dev.beryl.commands.CommandCalls.error;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** requirepass, AUTH, HELLO AUTH, RESET and protected mode: replies compared byte for byte with Redis 7.0.15's. */
class AuthTest {
    @RegisterExtension
    static final CommandCalls calls = new CommandCalls();

    private static final String NOAUTH = error("NOAUTH Authentication required.");
    private static final String WRONGPASS = error("WRONGPASS invalid username-password pair or user is disabled.");
    private static final String HELLO_NOAUTH = error("NOAUTH HELLO must be called with the client already authenticated, "
            + "otherwise the HELLO AUTH <user> <pass> option can be used to authenticate the client and select the "
            + "RESP protocol version at the same time");

    @AfterEach
    void noPassword() {
        calls.config("requirepass", ""); // internal callers are trusted: this works whatever the password
        calls.config("protected-mode", "yes");
    }

    private RawSocket connect() {
        return new RawSocket(calls.server.port());
    }

    @Test
    void withoutPasswordTheDefaultUserTakesAnyPassword() {
        try (RawSocket s = connect()) {
            s.send("AUTH foo\r\nAUTH a b c\r\nAUTH default anything\r\nAUTH Default x\r\nAUTH bob x\r\n")
                    .expect(error("ERR AUTH <password> called without any password configured for the default user. "
                            + "Are you sure your configuration is correct?")
                            + error("ERR syntax error") + OK + WRONGPASS + WRONGPASS);
        }
    }

    @Test
    void requirepassRefusesCommandsUntilAuth() {
        calls.config("requirepass", "foobar");
        assertEquals("*2\r\n" + bulk("requirepass") + bulk("foobar"), calls.call("CONFIG", "GET", "requirepass"));
        try (RawSocket s = connect()) {
            // unknown commands and arity are checked first, as in Redis's processCommand
            s.send("SET foo bar\r\nNOSUCH\r\nGET\r\nAUTH wrong!\r\nAUTH default wrong\r\nAUTH bob foobar\r\nPING\r\n")
                    .expect(NOAUTH + error("ERR unknown command 'NOSUCH', with args beginning with: ")
                            + error("ERR wrong number of arguments for 'get' command") + WRONGPASS + WRONGPASS + WRONGPASS + NOAUTH);
            s.send("AUTH foobar\r\nSET foo 100\r\nINCR foo\r\n").expect(OK + OK + ":101\r\n");
        }
        try (RawSocket s = connect()) {
            s.send("AUTH default foobar\r\nPING\r\nQUIT\r\n").expect(OK + "+PONG\r\n" + OK);
        }
        String errors = calls.call("INFO", "errorstats");
        assertTrue(errors.contains("errorstat_NOAUTH:count=") && errors.contains("errorstat_WRONGPASS:count="), errors);
    }

    @Test
    void helloAuthenticatesOrRefuses() {
        calls.config("requirepass", "foobar");
        try (RawSocket s = connect()) {
            String id;
            s.send("HELLO\r\nHELLO 3 SETNAME early\r\nHELLO 3 AUTH default nope\r\nHELLO 3 AUTH default\r\n")
                    .expect(HELLO_NOAUTH + HELLO_NOAUTH + WRONGPASS + error("ERR Syntax error in HELLO option 'AUTH'"));
            s.send("HELLO 3 AUTH default foobar\r\n");
            String reply = s.readReply();
            assertTrue(reply.startsWith("%7\r\n") && reply.contains(bulk("proto") + ":3\r\n"), reply);
            // the SETNAME of the refused HELLO was applied before the check, as in Redis
            s.send("CLIENT GETNAME\r\n").expect(bulk("early"));
        }
    }

    @Test
    void resetForgetsTheAuthenticationAndPasswordChangesKeepConnectionsIn() {
        try (RawSocket before = connect(); RawSocket s = connect()) {
            before.send("PING\r\n").expect("+PONG\r\n");
            calls.config("requirepass", "foobar");
            before.send("PING\r\n").expect("+PONG\r\n"); // authenticated when it connected (nopass)
            s.send("AUTH foobar\r\nRESET\r\nPING\r\n").expect(OK + "+RESET\r\n" + NOAUTH);
            calls.config("requirepass", "");
            // no password needed any more, but HELLO still wants the connection authenticated, as Redis does
            s.send("PING\r\nHELLO\r\n").expect("+PONG\r\n" + HELLO_NOAUTH);
            s.send("RESET\r\nHELLO 2\r\n").expect("+RESET\r\n");
            assertTrue(s.readReply().startsWith("*14\r\n"));
        }
    }

    @Test
    void binaryPassword() {
        calls.config("requirepass", "abc\0def");
        try (RawSocket s = connect()) {
            s.send("*2\r\n$4\r\nAUTH\r\n$3\r\nabc\r\n*2\r\n$4\r\nAUTH\r\n$7\r\nabc\0def\r\n").expect(WRONGPASS + OK);
        }
    }

    @Test
    void unauthenticatedClientsGetShortRequestsOnly() {
        calls.config("requirepass", "foobar");
        try (RawSocket s = connect()) {
            s.send("*10\r\n$4\r\nPING\r\n$1\r\na\r\n$1\r\na\r\n$1\r\na\r\n$1\r\na\r\n$1\r\na\r\n$1\r\na\r\n$1\r\na\r\n$1\r\na\r\n"
                    + "$16384\r\n" + "a".repeat(16384) + "\r\n").expect(NOAUTH);
            s.send("*11\r\n").expect(error("ERR Protocol error: unauthenticated multibulk length"));
            assertTrue(s.closedByServer());
        }
        try (RawSocket s = connect()) {
            s.send("*1\r\n$16385\r\n").expect(error("ERR Protocol error: unauthenticated bulk length"));
            assertTrue(s.closedByServer());
        }
        try (RawSocket s = connect()) { // an impossible length is reported as such first
            s.send("*1\r\n$600000000\r\n").expect(error("ERR Protocol error: invalid bulk length"));
        }
        try (RawSocket s = connect()) {
            s.send("AUTH foobar\r\n*1\r\n$16385\r\n").expect(OK);
            s.send("a".repeat(16385) + "\r\n").expect(error("ERR unknown command '" + "a".repeat(128) + "', with args beginning with: "));
        }
    }

    @Test
    void internalCallersAreTrusted() {
        calls.config("requirepass", "foobar");
        assertEquals(OK, calls.call("SET", "k", "v"));
        assertEquals(bulk("v"), calls.call("GET", "k"));
        assertEquals(WRONGPASS, calls.call("AUTH", "nope"));
        assertEquals("+RESET\r\n" + OK + bulk("v"), calls.session("RESET", "SELECT 9", "GET k"));
    }

    @Test
    void protectedModeRefusesRemotePeersWithoutPassword() {
        long rejected = calls.info("rejected_connections");
        String denied = new String(ProtectedMode.DENIED, StandardCharsets.US_ASCII);
        try (RawSocket s = new RawSocket(calls.server.port(), "127.0.0.2")) { // Redis counts only 127.0.0.1 and ::1
            s.send("PING\r\n").expect(denied);
            assertTrue(s.closedByServer());
        }
        assertEquals(rejected + 1, calls.info("rejected_connections"));
        try (RawSocket s = connect()) {
            s.send("PING\r\n").expect("+PONG\r\n");
        }
        calls.config("requirepass", "secret");
        try (RawSocket s = new RawSocket(calls.server.port(), "127.0.0.2")) {
            s.send("PING\r\nAUTH secret\r\nPING\r\n").expect(NOAUTH + OK + "+PONG\r\n");
        }
        calls.config("requirepass", "");
        calls.config("protected-mode", "no");
        try (RawSocket s = new RawSocket(calls.server.port(), "127.0.0.2")) {
            s.send("PING\r\n").expect("+PONG\r\n");
        }
    }
}
