package dev.beryl.net;

import dev.beryl.DevServer;
import dev.beryl.config.Config;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Beryl's RESP input against a real redis-server 7.0, frame by frame: every named and random frame goes to both
 * on fresh connections, split into the same random pieces, and the reply bytes and whether the connection was
 * closed (or kept waiting) must be the same. The normal build runs {@code fuzz.frames} = 2,000 random frames;
 * the bar is {@code -Dfuzz.frames=20000}. A difference names its seed and frame index:
 * {@code -Dfuzz.seed=S -Dfuzz.only=I} runs that frame alone (-1: the named cases only).
 */
class ProtocolFuzzTest {
    private static final int REDIS_PORT = 6385;
    private static final int BERYL_PORT = 6386;
    private static final int BATCH = 100;

    private static Process redis;
    private static DevServer beryl;
    private static Path dir;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(runs("redis-server", "--version"), "redis-server is not installed: the protocol fuzz compares with it");
        assertTrue(!listening(REDIS_PORT) && !listening(BERYL_PORT), "ports " + REDIS_PORT + "/" + BERYL_PORT + " are taken");
        dir = Files.createTempDirectory("beryl-fuzz");
        redis = new ProcessBuilder("redis-server", "--port", String.valueOf(REDIS_PORT), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", dir.toString(), "--logfile", dir.resolve("redis.log").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("redis.out").toFile()).start();
        long deadline = System.currentTimeMillis() + 10_000;
        while (!listening(REDIS_PORT)) {
            assertTrue(redis.isAlive() && System.currentTimeMillis() < deadline, "redis-server did not start: see " + dir);
            Thread.sleep(20);
        }
        beryl = new DevServer(new Config(null, n -> switch (n) {
            case "port" -> String.valueOf(BERYL_PORT);
            case "save" -> "";
            case "dir" -> dir.toString();
            default -> null;
        }));
    }

    @AfterAll
    static void stop() throws Exception {
        if (beryl != null) beryl.close();
        if (redis != null) {
            redis.destroy();
            redis.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void berylAnswersEveryFrameAsRedisDoes() throws Exception {
        long seed = Long.getLong("fuzz.seed", 20261207L);
        int frames = Integer.getInteger("fuzz.frames", 2000);
        int only = Integer.getInteger("fuzz.only", Integer.MIN_VALUE);
        // warm Beryl up first, so a cold JIT does not look like a server that keeps waiting
        WireExchange.run(new int[] {BERYL_PORT}, List.<byte[][]>of(new byte[][] {"PING\r\n".getBytes(StandardCharsets.US_ASCII)}), 0, 50);
        long heapBefore = HeapUse.afterGc(), rssBefore = rssKb();

        List<byte[]> all = new ArrayList<>();
        List<String> names = new ArrayList<>();
        if (only == Integer.MIN_VALUE || only == -1) {
            List<byte[]> named = FuzzFrames.named();
            for (int i = 0; i < named.size(); i++) {
                all.add(named.get(i));
                names.add("named case " + i);
            }
        }
        for (int i = 0; i < frames; i++) {
            if (only != Integer.MIN_VALUE && only != i) continue;
            all.add(FuzzFrames.random(seed, i));
            names.add("seed " + seed + " frame " + i);
        }

        List<String> differences = new ArrayList<>();
        int rechecked = 0;
        for (int from = 0; from < all.size(); from += BATCH) {
            int to = Math.min(all.size(), from + BATCH);
            List<byte[][]> pieces = new ArrayList<>();
            for (int i = from; i < to; i++) pieces.add(split(all.get(i), new SplittableRandom(seed ^ (i * 0x9E3779B97F4A7C15L))));
            WireExchange.Outcome[][] got = WireExchange.run(new int[] {REDIS_PORT, BERYL_PORT}, pieces, 2, 150);
            List<Integer> suspects = new ArrayList<>();
            for (int i = from; i < to; i++) if (!got[i - from][0].equals(got[i - from][1])) suspects.add(i);
            // a slow server under load looks like one that waits, or reads two pieces at once (a frame such as
            // "PING\r\nPOST /\r\n" is answered by where the reads split it): the suspects go again, with longer
            // pauses; a difference is one that every attempt shows
            rechecked += suspects.size();
            Map<Integer, WireExchange.Outcome[]> last = new HashMap<>();
            for (int pause : new int[] {50, 200, 500}) {
                if (suspects.isEmpty()) break;
                List<byte[][]> again = new ArrayList<>();
                for (int i : suspects) again.add(pieces.get(i - from));
                WireExchange.Outcome[][] retry = WireExchange.run(new int[] {REDIS_PORT, BERYL_PORT}, again, pause, 1000);
                List<Integer> still = new ArrayList<>();
                for (int k = 0; k < suspects.size(); k++) {
                    if (retry[k][0].equals(retry[k][1])) continue;
                    still.add(suspects.get(k));
                    last.put(suspects.get(k), retry[k]);
                }
                suspects = still;
            }
            for (int i : suspects) {
                differences.add(names.get(i) + ": " + FuzzFrames.show(all.get(i)) + "\n    redis: " + last.get(i)[0] + "\n    beryl: " + last.get(i)[1]);
            }
        }
        long heapAfter = HeapUse.afterGc(), rssAfter = rssKb();
        System.out.printf("protocol fuzz: %d frames (%d named, %d random, seed %d), %d differences, %d rechecked;"
                        + " heap after GC %d -> %d MB, RSS %d -> %d MB%n", all.size(), all.size() - Math.max(0, frames),
                frames, seed, differences.size(), rechecked, heapBefore >> 20, heapAfter >> 20, rssBefore >> 10, rssAfter >> 10);
        assertEquals(List.of(), differences, differences.size() + " of " + all.size() + " frames differ from redis-server:\n"
                + String.join("\n", differences.subList(0, Math.min(30, differences.size()))));
        assertTrue(heapAfter - heapBefore < 100L << 20, "heap grew by " + ((heapAfter - heapBefore) >> 20) + " MB");
    }

    /** The frame in 1 to 4 pieces at random boundaries. */
    private static byte[][] split(byte[] f, SplittableRandom r) {
        int n = Math.min(f.length, 1 + r.nextInt(4));
        int[] cuts = r.ints(n - 1, 1, Math.max(2, f.length)).sorted().distinct().toArray();
        byte[][] out = new byte[cuts.length + 1][];
        int prev = 0;
        for (int i = 0; i <= cuts.length; i++) {
            int end = i < cuts.length ? cuts[i] : f.length;
            out[i] = java.util.Arrays.copyOfRange(f, prev, end);
            prev = end;
        }
        return out;
    }

    /** This process's resident set (kB), or 0 where /proc is not there. */
    static long rssKb() {
        return rssKb(ProcessHandle.current().pid());
    }

    static long rssKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux
        }
        return 0;
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean runs(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }
}
