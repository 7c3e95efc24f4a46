package dev.beryl.commands;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.beryl.commands.CommandCalls.OK;
import static dev.beryl.commands.CommandCalls.error;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** CLIENT subcommands: replies compared byte for byte with Redis 7.0.15's. */
class ClientCommandsTest {
    /** Redis 7.0's CLIENT LIST line, field by field. */
    private static final Pattern LINE = Pattern.compile("id=(\\d+) addr=127\\.0\\.0\\.1:(\\d+) laddr=127\\.0\\.0\\.1:(\\d+) fd=-1 "
            + "name=(\\S*) age=(\\d+) idle=(\\d+) flags=([a-zA-Z]+) db=(\\d+) sub=0 psub=0 ssub=0 multi=(-?\\d+) qbuf=(\\d+) "
            + "qbuf-free=(\\d+) argv-mem=(\\d+) multi-mem=(\\d+) rbs=(\\d+) rbp=(\\d+) obl=(\\d+) oll=0 omem=0 tot-mem=(\\d+) "
            + "events=(r|rw) cmd=(\\S+) user=default redir=-1 resp=([23])");

    @RegisterExtension
    static final CommandCalls calls = new CommandCalls();

    private RawSocket connect() {
        return new RawSocket(calls.server.port());
    }

    /** The text of a bulk or verbatim reply. */
    private static String text(String reply) {
        String body = reply.substring(reply.indexOf("\r\n") + 2, reply.length() - 2);
        return reply.startsWith("=") ? body.substring(4) : body;
    }

    private static long id(RawSocket s) {
        return Long.parseLong(s.call("CLIENT ID").replaceAll("[:\r\n]", ""));
    }

    @Test
    void idAndNames() {
        try (RawSocket s = connect()) {
            assertTrue(id(s) > 0);
            s.send("CLIENT GETNAME\r\nCLIENT SETNAME myname\r\nCLIENT GETNAME\r\n").expect("$-1\r\n+OK\r\n$6\r\nmyname\r\n");
            s.send("*3\r\n$6\r\nCLIENT\r\n$7\r\nSETNAME\r\n$7\r\nfoo bar\r\n")
                    .expect("-ERR Client names cannot contain spaces, newlines or special characters.\r\n");
            s.send("*3\r\n$6\r\nCLIENT\r\n$7\r\nSETNAME\r\n$1\r\n\u00ff\r\n")
                    .expect("-ERR Client names cannot contain spaces, newlines or special characters.\r\n");
            s.send("CLIENT SETNAME \"\"\r\nCLIENT GETNAME\r\n").expect("+OK\r\n$-1\r\n");
        }
    }

    @Test
    void arityAndUnknownSubcommands() {
        assertEquals(error("ERR wrong number of arguments for 'client' command"), calls.call("CLIENT"));
        assertEquals(error("ERR unknown subcommand 'FOO'. Try CLIENT HELP."), calls.call("CLIENT", "FOO"));
        assertEquals(error("ERR wrong number of arguments for 'client|getname' command"), calls.call("CLIENT", "GETNAME", "x"));
        assertEquals(error("ERR wrong number of arguments for 'client|kill' command"), calls.call("CLIENT", "KILL"));
        // SETINFO arrived in Redis 7.2
        assertEquals(error("ERR unknown subcommand 'SETINFO'. Try CLIENT HELP."), calls.call("CLIENT", "SETINFO", "lib-name", "x"));
    }

    @Test
    void help() {
        String help = calls.call("CLIENT", "HELP");
        assertTrue(help.startsWith("*48\r\n+CLIENT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n+CACHING (YES|NO)\r\n"), help);
        assertTrue(help.endsWith("+NO-EVICT (ON|OFF)\r\n+    Protect current client connection from eviction.\r\n+HELP\r\n+    Prints this help.\r\n"), help);
        assertEquals(49, help.split("\r\n").length);
    }

    @Test
    void infoDescribesTheCaller() {
        try (RawSocket s = connect()) {
            long id = id(s);
            String reply = s.call("CLIENT INFO");
            assertTrue(reply.startsWith("$"), reply);
            String line = text(reply);
            assertTrue(line.endsWith("\n"));
            Matcher m = LINE.matcher(line.trim());
            assertTrue(m.matches(), line);
            assertEquals(String.valueOf(id), m.group(1));
            assertEquals(String.valueOf(calls.server.port()), m.group(3));
            assertEquals("", m.group(4));
            assertEquals("N", m.group(7));
            assertEquals("0", m.group(8));
            assertEquals("-1", m.group(9));
            assertEquals("13", m.group(10)); // "CLIENT INFO\r\n": the caller's own command is still in its query buffer
            assertEquals("10", m.group(12)); // argv-mem: "CLIENT" + "INFO"
            assertEquals("0", m.group(13));
            assertEquals("r", m.group(18));
            assertEquals("client|info", m.group(19));
            assertEquals("2", m.group(20));
            // RESP3: verbatim text
            s.call("HELLO 3");
            assertTrue(s.call("CLIENT INFO").startsWith("="));
        }
    }

    @Test
    void listShowsEveryConnectionAndItsState() {
        try (RawSocket a = connect(); RawSocket b = connect()) {
            long idA = id(a), idB = id(b);
            b.send("SELECT 3\r\nCLIENT SETNAME bee\r\nCLIENT NO-EVICT on\r\nWATCH k\r\nMULTI\r\nSET k v\r\n")
                    .expect("+OK\r\n+OK\r\n+OK\r\n+OK\r\n+OK\r\n+QUEUED\r\n");
            String list = text(a.call("CLIENT LIST"));
            String lineB = null;
            for (String l : list.split("\n")) {
                assertTrue(LINE.matcher(l).matches(), l);
                if (l.startsWith("id=" + idB + " ")) lineB = l;
            }
            assertTrue(list.contains("id=" + idA + " "));
            assertTrue(lineB != null, list);
            Matcher m = LINE.matcher(lineB);
            assertTrue(m.matches());
            assertEquals("bee", m.group(4));
            assertEquals("xe", m.group(7));
            assertEquals("3", m.group(8));
            assertEquals("1", m.group(9));
            assertEquals("0", m.group(10)); // idle: nothing left in its query buffer
            assertEquals("0", m.group(12));
            assertEquals("29", m.group(13)); // SET k v: 5 bytes + 3 argument references, as Redis counts
            assertEquals("set", m.group(19));
            // a touched watch shows as 'd'
            a.send("SELECT 3\r\nSET k 1\r\n").expect("+OK\r\n+OK\r\n");
            assertTrue(text(a.call("CLIENT LIST ID " + idB)).contains(" flags=xde "));
        }
    }

    @Test
    void listFilters() {
        try (RawSocket a = connect(); RawSocket b = connect()) {
            long idA = id(a), idB = id(b);
            String two = text(a.call("CLIENT LIST ID " + idB + " 999999 " + idA));
            String[] lines = two.split("\n");
            assertEquals(2, lines.length);
            assertTrue(lines[0].startsWith("id=" + idB + " ") && lines[1].startsWith("id=" + idA + " "), two);
            assertTrue(text(a.call("CLIENT LIST TYPE normal")).contains("id=" + idB + " "));
            assertEquals("$0\r\n\r\n", a.call("CLIENT LIST TYPE pubsub"));
            assertEquals("$0\r\n\r\n", a.call("CLIENT LIST TYPE replica"));
            assertEquals("$0\r\n\r\n", a.call("CLIENT LIST TYPE master"));
            a.send("CLIENT LIST TYPE foo\r\nCLIENT LIST x\r\nCLIENT LIST ID x\r\nCLIENT LIST ID\r\nCLIENT LIST TYPE normal x\r\n")
                    .expect("-ERR Unknown client type 'foo'\r\n-ERR syntax error\r\n-ERR Invalid client ID\r\n"
                            + "-ERR syntax error\r\n-ERR syntax error\r\n");
        }
    }

    @Test
    void killArgumentErrors() {
        assertEquals(error("ERR syntax error"), calls.call("CLIENT", "KILL", "id", "10", "wrong_arg"));
        assertEquals(error("ERR client-id should be greater than 0"), calls.call("CLIENT", "KILL", "id", "str"));
        assertEquals(error("ERR client-id should be greater than 0"), calls.call("CLIENT", "KILL", "id", "-1"));
        assertEquals(error("ERR client-id should be greater than 0"), calls.call("CLIENT", "KILL", "id", "0"));
        assertEquals(error("ERR Unknown client type 'wrong_type'"), calls.call("CLIENT", "KILL", "type", "wrong_type"));
        assertEquals(error("ERR No such user 'wrong_user'"), calls.call("CLIENT", "KILL", "user", "wrong_user"));
        assertEquals(error("ERR syntax error"), calls.call("CLIENT", "KILL", "skipme", "yes_or_no"));
        assertEquals(error("ERR No such client"), calls.call("CLIENT", "KILL", "1.2.3.4:5"));
        assertEquals(":0\r\n", calls.call("CLIENT", "KILL", "ADDR", "1.2.3.4:5"));
    }

    @Test
    void killByIdAddrAndOldForm() {
        try (RawSocket a = connect(); RawSocket b = connect(); RawSocket c = connect(); RawSocket d = connect()) {
            long idB = id(b);
            a.send("CLIENT KILL ID " + idB + "\r\n").expect(":1\r\n");
            assertTrue(b.closedByServer());
            String addrC = lineOf(a, id(c)).replaceAll(".* addr=(\\S+) .*", "$1");
            a.send("CLIENT KILL ADDR " + addrC + " SKIPME yes\r\n").expect(":1\r\n");
            assertTrue(c.closedByServer());
            String addrD = lineOf(a, id(d)).replaceAll(".* addr=(\\S+) .*", "$1");
            a.send("CLIENT KILL " + addrD + "\r\n").expect("+OK\r\n");
            assertTrue(d.closedByServer());
            // the old form kills the caller too, after its reply
            String addrA = lineOf(a, id(a)).replaceAll(".* addr=(\\S+) .*", "$1");
            a.send("CLIENT KILL " + addrA + "\r\nPING\r\n").expect("+OK\r\n");
            assertTrue(a.closedByServer());
        }
    }

    @Test
    void killSkipmeNoKillsEveryoneIncludingTheCaller() {
        try (RawSocket a = connect(); RawSocket b = connect()) {
            id(b);
            String laddr = "127.0.0.1:" + calls.server.port();
            String n = a.call("CLIENT KILL LADDR " + laddr + " USER default TYPE normal SKIPME no");
            assertTrue(Integer.parseInt(n.substring(1).trim()) >= 2, n);
            assertTrue(b.closedByServer());
            assertTrue(a.closedByServer());
        }
    }

    private static String lineOf(RawSocket s, long id) {
        return text(s.call("CLIENT LIST ID " + id)).trim();
    }

    @Test
    void replyModes() {
        try (RawSocket s = connect()) {
            s.send("CLIENT REPLY OFF\r\nPING pong\r\nPING pong2\r\nCLIENT REPLY ON\r\nPING pong3\r\n")
                    .expect("+OK\r\n$5\r\npong3\r\n");
            s.send("CLIENT REPLY SKIP\r\nPING pong\r\nPING pong2\r\n").expect("$5\r\npong2\r\n");
            s.send("CLIENT REPLY SKIP\r\nCLIENT REPLY ON\r\nPING\r\n").expect("+OK\r\n+PONG\r\n");
            s.send("CLIENT REPLY FOO\r\n").expect("-ERR syntax error\r\n");
            s.send("CLIENT REPLY OFF\r\nCLIENT REPLY SKIP\r\nPING\r\n");
            s.expectNothing();
            s.send("CLIENT REPLY ON\r\n").expect("+OK\r\n");
        }
    }

    @Test
    void noEvict() {
        try (RawSocket s = connect()) {
            s.send("CLIENT NO-EVICT on\r\n").expect("+OK\r\n");
            assertTrue(text(s.call("CLIENT INFO")).contains(" flags=e "));
            s.send("CLIENT NO-EVICT OFF\r\nCLIENT NO-EVICT x\r\n").expect("+OK\r\n-ERR syntax error\r\n");
            assertFalse(text(s.call("CLIENT INFO")).contains(" flags=e "));
        }
    }
}
