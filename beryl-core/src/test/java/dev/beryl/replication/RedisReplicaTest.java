package dev.beryl.replication;

import dev.beryl.DevServer;
import dev.beryl.config.Config;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A real redis-server 7.0 replicating from Beryl: it connects with REPLCONF and PSYNC, loads the RDB of a full
 * sync (from the file, or diskless: streamed as it is made) that takes a while (rdb-key-save-delay) while writes
 * go on, then follows the stream. Its data must be Beryl's, digest for digest. Beryl listens on 6381, the replica
 * on 6385.
 */
class RedisReplicaTest {
    private static final int MASTER_PORT = 6381;
    private static final int REPLICA_PORT = 6385;

    @TempDir
    Path dir;
    private DevServer beryl;
    private Process redis;

    @BeforeEach
    void start() throws IOException {
        assumeTrue(runs("redis-server"), "redis-server is not installed");
        Map<String, String> s = new HashMap<>();
        s.put("port", String.valueOf(MASTER_PORT));
        s.put("dir", Files.createDirectories(dir.resolve("beryl")).toString());
        s.put("enable-debug-command", "yes");
        s.put("save", "");
        beryl = new DevServer(new Config(s::get));
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (redis != null) {
            redis.destroy();
            redis.waitFor(10, TimeUnit.SECONDS);
        }
        if (beryl != null) beryl.close();
    }

    @ParameterizedTest(name = "repl-diskless-sync {0}")
    @ValueSource(strings = {"no", "yes"})
    void redisReplicaGetsTheDatasetAndTheWritesMadeDuringAndAfterTheFullSync(String diskless) throws Exception {
        try (Conn m = new Conn(MASTER_PORT)) {
            m.call("CONFIG", "SET", "repl-diskless-sync", diskless);
            m.call("CONFIG", "SET", "repl-diskless-sync-delay", "0");
            for (int i = 0; i < 2000; i++) m.call("SET", "key:" + i, "value:" + i);
            m.call("RPUSH", "list", "a", "b", "c");
            m.call("HSET", "hash", "f1", "v1", "f2", "v2");
            m.call("ZADD", "zset", "1", "one", "2.5", "two");
            m.call("SADD", "set", "x", "y", "z");
            m.call("SET", "ttl", "v", "EX", "1000");
            m.call("SELECT", "5");
            m.call("SET", "in5", "five");
            m.call("SELECT", "0");
            m.call("CONFIG", "SET", "rdb-key-save-delay", "500"); // 2000 keys: the full sync takes about a second

            redis = startReplica();
            // writes while the RDB is made and sent: held for the replica, then streamed after the RDB
            int during = 0;
            while (!linkUp() && during < 100_000) {
                m.call("INCR", "counter");
                m.call("LPUSH", "during", String.valueOf(during));
                m.call("SET", "key:" + (during % 2000), "changed:" + during);
                during++;
                Thread.sleep(2);
            }
            awaitLinkUp();
            assertTrue(during > 10, "the full sync was too quick to test writes made during it: " + during);
            assertTrue(replicaLog().contains("Full resync from master"), replicaLog());
            assertTrue(replicaLog().contains(diskless.equals("yes") ? "receiving streamed RDB from master" : "from master to disk"),
                    replicaLog());

            // after the sync: expiry, transactions, other databases, deletions
            m.call("CONFIG", "SET", "rdb-key-save-delay", "0");
            m.call("EXPIRE", "list", "500");
            m.call("SET", "short", "v", "PX", "50");
            m.call("MULTI");
            m.call("INCRBY", "counter", "100");
            m.call("HSET", "hash", "f3", "v3");
            m.call("SPOP", "set");
            m.call("EXEC");
            m.call("SELECT", "5");
            m.call("ZADD", "z5", "3", "c");
            m.call("SELECT", "0");
            m.call("DEL", "key:1");
            m.call("GETDEL", "key:2");
            m.call("LMPOP", "1", "during", "LEFT", "COUNT", "3");
            Thread.sleep(100);
            assertEquals("$-1", m.call("GET", "short").trim()); // lazily expired: a DEL goes to the replica

            awaitOffsetsEqual(m);
            assertEquals(m.call("DEBUG", "DIGEST"), replicaCli("DEBUG", "DIGEST"));
            String ttl = replicaCli("PTTL", "list");
            assertTrue(Long.parseLong(ttl.trim().substring(1)) > 400_000, ttl);
            assertEquals("0", replicaCli("EXISTS", "short").substring(1).trim());
            assertNotEquals(m.call("DEBUG", "DIGEST"), "+0000000000000000000000000000000000000000\r\n");
            String info = m.call("INFO", "replication");
            assertTrue(info.contains("connected_slaves:1"), info);
            assertTrue(info.contains("slave0:ip=127.0.0.1,port=" + REPLICA_PORT + ",state=online"), info);
            assertTrue(m.call("CLIENT", "LIST").contains("flags=S "), "the replica's connection has flag S");
        }
    }

    @org.junit.jupiter.api.Test
    void redisReplicaContinuesPartiallyAfterALinkDropAndAfterItsRestart() throws Exception {
        try (Conn m = new Conn(MASTER_PORT)) {
            m.call("CONFIG", "SET", "repl-diskless-sync-delay", "0");
            for (int i = 0; i < 100; i++) m.call("SET", "k" + i, "v" + i);
            redis = startReplica();
            awaitLinkUp();
            m.call("INCR", "n");
            awaitOffsetsEqual(m);

            // the master drops the link: the replica comes back with PSYNC replid offset+1 and gets +CONTINUE
            m.call("CLIENT", "KILL", "TYPE", "replica");
            m.call("INCR", "n"); // made while the link is down: from the backlog
            m.call("RPUSH", "l", "a", "b");
            awaitLog("Successful partial resynchronization with master", 1);
            awaitLinkUp();
            awaitOffsetsEqual(m);
            assertEquals(m.call("DEBUG", "DIGEST"), replicaCli("DEBUG", "DIGEST"));

            // the replica restarts from its own RDB (replid and offset in its aux fields) and continues too
            try (Conn r = new Conn(REPLICA_PORT)) {
                r.call("SHUTDOWN", "SAVE"); // no reply: the connection closes
            } catch (IOException expected) {
                // the server has gone
            }
            assertTrue(redis.waitFor(10, TimeUnit.SECONDS));
            m.call("SADD", "s", "x");
            m.call("DEL", "k1");
            redis = startReplica();
            awaitLog("Successful partial resynchronization with master", 2);
            awaitLinkUp();
            awaitOffsetsEqual(m);
            assertEquals(m.call("DEBUG", "DIGEST"), replicaCli("DEBUG", "DIGEST"));
            String stats = m.call("INFO", "stats");
            assertTrue(stats.contains("sync_full:1\r\n") && stats.contains("sync_partial_ok:2\r\n"), stats);
        }
    }

    private void awaitLinkUp() throws Exception {
        for (int i = 0; i < 1000 && !linkUp(); i++) Thread.sleep(10);
        assertTrue(linkUp(), "the replica did not sync: " + replicaLog());
    }

    /** Waits until the replica's log has {@code count} lines with {@code text}. */
    private void awaitLog(String text, int count) throws Exception {
        for (int i = 0; i < 1000; i++) {
            if (replicaLog().split(java.util.regex.Pattern.quote(text), -1).length - 1 >= count) return;
            Thread.sleep(10);
        }
        throw new AssertionError("no '" + text + "' (" + count + ") in " + replicaLog());
    }

    private Process startReplica() throws IOException {
        Path rdir = Files.createDirectories(dir.resolve("redis"));
        List<String> cmd = new ArrayList<>(List.of("redis-server", "--port", String.valueOf(REPLICA_PORT), "--bind", "127.0.0.1",
                "--dir", rdir.toString(), "--save", "", "--enable-debug-command", "yes", "--logfile",
                rdir.resolve("redis.log").toString(), "--replicaof", "127.0.0.1", String.valueOf(MASTER_PORT)));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(rdir.resolve("stdout").toFile()).start();
    }

    private String replicaLog() throws IOException {
        Path l = dir.resolve("redis").resolve("redis.log");
        return Files.exists(l) ? Files.readString(l) : "";
    }

    private boolean linkUp() {
        try {
            return replicaCli("INFO", "replication").contains("master_link_status:up");
        } catch (Exception e) {
            return false; // not listening yet
        }
    }

    /** Waits until the replica has processed all of the master's stream. */
    private void awaitOffsetsEqual(Conn m) throws Exception {
        String master = "", replica = "";
        for (int i = 0; i < 500; i++) {
            master = field(m.call("INFO", "replication"), "master_repl_offset");
            replica = field(replicaCli("INFO", "replication"), "slave_repl_offset");
            if (master.equals(replica)) return;
            Thread.sleep(10);
        }
        assertEquals(master, replica, "the replica did not catch up");
    }

    private static String field(String info, String name) {
        for (String line : info.split("\r\n")) if (line.startsWith(name + ":")) return line.substring(name.length() + 1);
        throw new AssertionError(name + " not in " + info);
    }

    private static String replicaCli(String... args) throws Exception {
        try (Conn r = new Conn(REPLICA_PORT)) {
            return r.call(args);
        }
    }

    private static boolean runs(String tool) {
        try {
            Process p = new ProcessBuilder(tool, "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /** A RESP connection; each call returns the reply's raw text (one reply, any type but nested arrays' items). */
    static final class Conn implements AutoCloseable {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;

        Conn(int port) throws IOException {
            socket = new Socket("127.0.0.1", port);
            socket.setSoTimeout(10_000);
            in = socket.getInputStream();
            out = socket.getOutputStream();
        }

        String call(String... args) throws IOException {
            StringBuilder b = new StringBuilder("*").append(args.length).append("\r\n");
            for (String a : args) b.append('$').append(a.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(a).append("\r\n");
            out.write(b.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            return readReply();
        }

        String readReply() throws IOException {
            String line = readLine();
            StringBuilder r = new StringBuilder(line).append("\r\n");
            char t = line.charAt(0);
            long n = Long.parseLong(line.substring(1).isEmpty() || t == '+' || t == '-' ? "0" : line.substring(1));
            if ((t == '$' || t == '=') && n >= 0) {
                r.append(new String(in.readNBytes((int) n + 2), StandardCharsets.ISO_8859_1));
            } else if (t == '*' && n > 0) {
                for (long i = 0; i < n; i++) r.append(readReply());
            }
            return r.toString();
        }

        String readLine() throws IOException {
            StringBuilder s = new StringBuilder();
            int c;
            while ((c = in.read()) != '\n') {
                if (c < 0) throw new IOException("connection closed");
                if (c != '\r') s.append((char) c);
            }
            return s.toString();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
