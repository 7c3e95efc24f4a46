package dev.beryl.replication;

import dev.beryl.DevServer;
import dev.beryl.config.Config;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The replication stream as a SYNC or PSYNC client reads it, byte for byte (the suite's
 * attach_to_replication_stream): the RDB payload, then SELECT and the propagated commands, PSYNC's +CONTINUE from
 * the backlog, and the output limit of a replica that stops reading. Beryl on port 6381.
 */
class SyncStreamTest {
    private static final int PORT = 6381;

    @TempDir
    Path dir;
    private DevServer beryl;

    @BeforeEach
    void start() throws IOException {
        Map<String, String> s = new HashMap<>();
        s.put("port", String.valueOf(PORT));
        s.put("dir", dir.toString());
        s.put("save", "");
        s.put("enable-debug-command", "yes");
        s.put("repl-ping-replica-period", "3600"); // as the suite: no PING during a test ...
        beryl = new DevServer(new Config(s::get));
        try {
            Thread.sleep(1100); // ... once the replication cron's first second (loop 0 pings, as Redis's) is over
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterEach
    void stop() {
        beryl.close();
    }

    private static String cmd(String... args) {
        StringBuilder b = new StringBuilder("*").append(args.length).append("\r\n");
        for (String a : args) b.append('$').append(a.length()).append("\r\n").append(a).append("\r\n");
        return b.toString();
    }

    /** Sends SYNC and reads past the newlines and the RDB payload, as attach_to_replication_stream. */
    private static Socket attach() throws IOException {
        Socket s = new Socket("127.0.0.1", PORT);
        s.setSoTimeout(10_000);
        s.getOutputStream().write("SYNC\r\n".getBytes(StandardCharsets.US_ASCII));
        InputStream in = s.getInputStream();
        String line;
        do {
            line = readLine(in);
        } while (line.isEmpty());
        assertTrue(line.startsWith("$"), line);
        byte[] rdb = in.readNBytes(Integer.parseInt(line.substring(1)));
        assertEquals("REDIS0010", new String(rdb, 0, 9, StandardCharsets.US_ASCII));
        return s;
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        for (int c; (c = in.read()) != '\n'; ) {
            if (c < 0) throw new IOException("closed");
            if (c != '\r') b.append((char) c);
        }
        return b.toString();
    }


    private static String read(Socket s, int n) throws IOException {
        return new String(s.getInputStream().readNBytes(n), StandardCharsets.ISO_8859_1);
    }

    private static String call(Socket s, String... args) throws IOException {
        s.getOutputStream().write(cmd(args).getBytes(StandardCharsets.ISO_8859_1));
        return readLine(s.getInputStream());
    }

    private static String info(Socket c, String field) throws IOException {
        c.getOutputStream().write(cmd("INFO", "replication").getBytes(StandardCharsets.US_ASCII));
        String head = readLine(c.getInputStream());
        String text = read(c, Integer.parseInt(head.substring(1)) + 2);
        for (String l : text.split("\r\n")) if (l.startsWith(field + ":")) return l.substring(field.length() + 1);
        throw new AssertionError(text);
    }

    @Test
    void afterTheRdbComeSelectAndTheCommandsAsPropagated() throws Exception {
        try (Socket client = new Socket("127.0.0.1", PORT); Socket repl = attach()) {
            client.setSoTimeout(10_000);
            assertEquals("+OK", call(client, "SET", "foo", "bar"));
            assertEquals("+OK", call(client, "SELECT", "9"));
            assertEquals(":0", call(client, "EXPIRE", "nokey", "100")); // changed nothing: not propagated
            assertEquals(":1", call(client, "RPUSH", "l", "a"));
            assertEquals(":1", call(client, "EXPIRE", "l", "100"));
            String expected = cmd("SELECT", "0") + cmd("SET", "foo", "bar") + cmd("SELECT", "9") + cmd("RPUSH", "l", "a");
            assertEquals(expected, read(repl, expected.length()));
            String pexpireat = read(repl, cmd("PEXPIREAT", "l", "1700000000000").length());
            assertTrue(pexpireat.startsWith("*3\r\n$9\r\nPEXPIREAT\r\n$1\r\nl\r\n$13\r\n"), pexpireat);
            assertEquals(String.valueOf(expected.length() + pexpireat.length()), info(client, "master_repl_offset"));
        }
    }

    @Test
    void writesMadeWhileTheRdbIsMadeFollowItOnceEach() throws Exception {
        try (Socket client = new Socket("127.0.0.1", PORT)) {
            client.setSoTimeout(10_000);
            for (int i = 0; i < 200; i++) call(client, "SET", "k" + i, "v");
            call(client, "CONFIG", "SET", "rdb-key-save-delay", "2000"); // 200 keys: 0.4 s
            Socket repl = new Socket("127.0.0.1", PORT);
            repl.setSoTimeout(10_000);
            repl.getOutputStream().write("SYNC\r\n".getBytes(StandardCharsets.US_ASCII));
            Thread.sleep(50); // the save has started: what follows is held for the replica
            StringBuilder expected = new StringBuilder(cmd("SELECT", "0"));
            for (int i = 0; i < 50; i++) {
                call(client, "INCR", "n");
                expected.append(cmd("INCR", "n"));
            }
            InputStream in = repl.getInputStream();
            String line;
            do {
                line = readLine(in);
            } while (line.isEmpty());
            in.readNBytes(Integer.parseInt(line.substring(1)));
            call(client, "INCR", "n");
            expected.append(cmd("INCR", "n"));
            assertEquals(expected.toString(), read(repl, expected.length()));
            repl.close();
        }
    }

    @Test
    void psyncContinuesFromTheBacklog() throws Exception {
        try (Socket client = new Socket("127.0.0.1", PORT); Socket repl = attach()) {
            client.setSoTimeout(10_000);
            call(client, "SET", "a", "1");
            String replid = info(client, "master_replid");
            long before = Long.parseLong(info(client, "master_repl_offset"));
            call(client, "SET", "b", "2");
            String tail = cmd("SET", "b", "2");
            read(repl, cmd("SELECT", "0").length() + cmd("SET", "a", "1").length() + tail.length());
            try (Socket p = new Socket("127.0.0.1", PORT)) {
                p.setSoTimeout(10_000);
                p.getOutputStream().write(cmd("PSYNC", replid, String.valueOf(before + 1)).getBytes(StandardCharsets.US_ASCII));
                assertEquals("+CONTINUE\r\n" + tail, read(p, 11 + tail.length()));
                call(client, "DEL", "a");
                assertEquals(cmd("DEL", "a"), read(p, cmd("DEL", "a").length()));
                assertEquals("2", info(client, "connected_slaves"));
            }
            try (Socket p = new Socket("127.0.0.1", PORT)) { // an unknown history: a full sync
                p.setSoTimeout(10_000);
                p.getOutputStream().write(cmd("PSYNC", "?", "-1").getBytes(StandardCharsets.US_ASCII));
                String offset = info(client, "master_repl_offset");
                assertEquals("+FULLRESYNC " + replid + " " + offset, readLine(p.getInputStream()));
            }
            // the save of that full sync goes on without its replica: let it end before the directory goes
            for (int i = 0; i < 500 && persistenceField(client, "rdb_bgsave_in_progress").equals("1"); i++) Thread.sleep(10);
        }
    }

    @Test
    void aReplicaThatStopsReadingIsClosedAtItsHardLimit() throws Exception {
        try (Socket client = new Socket("127.0.0.1", PORT); Socket repl = attach()) {
            client.setSoTimeout(10_000);
            assertEquals("+OK", call(client, "CONFIG", "SET", "client-output-buffer-limit", "replica 1mb 0 0"));
            assertEquals("1", info(client, "connected_slaves"));
            String big = "x".repeat(100_000);
            for (int i = 0; i < 200 && info(client, "connected_slaves").equals("1"); i++) call(client, "SET", "k", big);
            assertEquals("0", info(client, "connected_slaves"));
        }
    }

    private static String persistenceField(Socket c, String field) throws IOException {
        c.getOutputStream().write(cmd("INFO", "persistence").getBytes(StandardCharsets.US_ASCII));
        String head = readLine(c.getInputStream());
        String text = read(c, Integer.parseInt(head.substring(1)) + 2);
        for (String l : text.split("\r\n")) if (l.startsWith(field + ":")) return l.substring(field.length() + 1);
        throw new AssertionError(text);
    }

    /** REPLCONF capa eof, PSYNC ? -1: reads the +FULLRESYNC line. */
    private static void disklessAttach(Socket p) throws IOException {
        p.setSoTimeout(10_000);
        assertEquals("+OK", call(p, "REPLCONF", "capa", "eof", "capa", "psync2"));
        p.getOutputStream().write(cmd("PSYNC", "?", "-1").getBytes(StandardCharsets.US_ASCII));
        String full = readLine(p.getInputStream());
        assertTrue(full.startsWith("+FULLRESYNC "), full);
    }

    @Test
    void disklessSyncStreamsTheRdbThenTheStreamAfterTheFirstAck() throws Exception {
        try (Socket client = new Socket("127.0.0.1", PORT); Socket p = new Socket("127.0.0.1", PORT)) {
            client.setSoTimeout(10_000);
            call(client, "CONFIG", "SET", "repl-diskless-sync-delay", "0");
            call(client, "SET", "before", "1");
            disklessAttach(p);
            String eof = readLine(p.getInputStream()); // once the writer has a chunk (or the whole RDB) to hand over
            assertTrue(eof.matches("\\$EOF:[0-9a-f]{40}"), eof);
            String mark = eof.substring(5);
            StringBuilder rdb = new StringBuilder();
            while (!rdb.toString().endsWith(mark)) rdb.append(read(p, 1));
            assertTrue(rdb.toString().startsWith("REDIS0010"), rdb.toString());
            assertEquals("0", persistenceField(client, "rdb_bgsave_in_progress"));
            call(client, "SET", "after", "2");
            p.setSoTimeout(300);
            assertThrows(java.net.SocketTimeoutException.class, () -> p.getInputStream().read(), "the stream waits for the ACK");
            p.setSoTimeout(10_000);
            p.getOutputStream().write(cmd("REPLCONF", "ACK", "0").getBytes(StandardCharsets.US_ASCII));
            String expected = cmd("SELECT", "0") + cmd("SET", "after", "2");
            assertEquals(expected, read(p, expected.length()));
        }
    }

    @Test
    void disklessSyncStopsWhenItsLastReplicaDrops() throws Exception {
        try (Socket client = new Socket("127.0.0.1", PORT)) {
            client.setSoTimeout(10_000);
            call(client, "CONFIG", "SET", "repl-diskless-sync-delay", "0");
            for (int i = 0; i < 500; i++) call(client, "SET", "k" + i, "v" + i);
            call(client, "CONFIG", "SET", "rdb-key-save-delay", "10000"); // 10 ms a key: 5 s
            try (Socket p = new Socket("127.0.0.1", PORT)) {
                disklessAttach(p);
                assertEquals("1", persistenceField(client, "rdb_bgsave_in_progress"));
            }
            for (int i = 0; i < 200 && persistenceField(client, "rdb_bgsave_in_progress").equals("1"); i++) Thread.sleep(10);
            assertEquals("0", persistenceField(client, "rdb_bgsave_in_progress"));
            assertEquals("0", info(client, "connected_slaves"));
        }
    }
}
