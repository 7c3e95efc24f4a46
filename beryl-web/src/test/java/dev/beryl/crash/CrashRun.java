package dev.beryl.crash;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

/**
 * The crash test of the append-only file (issue 6): writers push unique values over several connections to
 * Beryl on Liberty (RPUSH over RESP; one connection in eight in MULTI/EXEC pairs, one over the REST API) while
 * the server JVM is killed with SIGKILL at a random moment; after each restart every acknowledged value must
 * be in the lists, in order, and a write in flight at the kill must be there whole or not at all. With
 * appendfsync always nothing may be lost; with everysec the loss is measured, in writes and as time. Each start
 * verifies the previous cycle's writes and then carries the next cycle, so N kills take N+1 starts; the last
 * start checks every list from its first element. After one kill in four the test also appends what a kill in
 * the middle of a write leaves (a command or a transaction cut short), which the restart must drop.
 *
 * <p>{@code java -cp beryl-web/target/test-classes dev.beryl.crash.CrashRun --wlp beryl-web/target/liberty/wlp
 * --work DIR [--port 6382 --http-port 9182 --always 20 --everysec 5 --connections 16 --seed N]}; .ci/crash-test
 * runs it. Exits 1 when an acknowledged write is missing under always, a list holds anything but the values
 * written, the server does not come back, or the everysec loss exceeds --max-everysec-loss-ms.
 */
public final class CrashRun {
    private final Map<String, String> opts;
    private final int port;
    private final Random random;
    private final List<ListWriter> writers = new ArrayList<>();
    private final LibertyProcess server;
    private final Path dataDir;
    private final List<String> failures = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private int tornTails;
    private int rewrites;
    /** False once the server turned out not to have BGREWRITEAOF. */
    private boolean canRewrite = true;

    private CrashRun(Map<String, String> opts) throws IOException {
        this.opts = opts;
        this.port = intOpt("port", 6382);
        long seed = Long.parseLong(opts.getOrDefault("seed", Long.toString(System.nanoTime())));
        this.random = new Random(seed);
        Path work = Path.of(required("work")).toAbsolutePath();
        this.dataDir = work.resolve("data");
        Files.createDirectories(dataDir);
        this.server = new LibertyProcess(Path.of(required("wlp")).toAbsolutePath(), opts.getOrDefault("server", "beryl"),
                work.resolve("server.pid"), work.resolve("server.log"));
        // one connection in eight writes in transactions, one over the REST API
        for (int i = 0; i < intOpt("connections", 16); i++) {
            ListWriter.Kind kind = switch (i % 8) {
                case 6 -> ListWriter.Kind.MULTI;
                case 7 -> ListWriter.Kind.REST;
                default -> ListWriter.Kind.RPUSH;
            };
            writers.add(new ListWriter(i, kind));
        }
        System.out.printf("crash test: seed %d, %d connections, data in %s, server log %s%n",
                seed, writers.size(), dataDir, work.resolve("server.log"));
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) opts.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        CrashRun run = new CrashRun(opts);
        boolean ok = run.run();
        System.exit(ok ? 0 : 1);
    }

    /** Per fsync policy: what the kills did. */
    private static final class Totals {
        int kills;
        long acked;
        long lost;
        double writeSeconds;
        double worstLossMs;
        long worstLostWrites;
        final List<Double> restartSeconds = new ArrayList<>();
    }

    private boolean run() throws Exception {
        if (ping() != null) {
            System.out.println("port " + port + " already answers: refusing to run against another server");
            return false;
        }
        List<String> modes = new ArrayList<>();
        for (int i = 0; i < intOpt("always", 20); i++) modes.add("always");
        for (int i = 0; i < intOpt("everysec", 5); i++) modes.add("everysec");
        Map<String, Totals> totals = new HashMap<>();
        long minMs = intOpt("min-ms", 200), maxMs = intOpt("max-ms", 1500);
        double maxLossMs = intOpt("max-everysec-loss-ms", 2000);
        long killNanos = 0;
        for (int cycle = 0; cycle <= modes.size(); cycle++) {
            boolean last = cycle == modes.size();
            String mode = last ? "everysec" : modes.get(cycle);
            long t0 = System.nanoTime();
            server.start(env(mode));
            if (!awaitReady()) {
                failures.add("the server did not come back after kill " + cycle + " (see the server log)");
                break;
            }
            double restart = (System.nanoTime() - t0) / 1e9;
            if (cycle > 0) {
                String prevMode = modes.get(cycle - 1);
                Totals t = totals.get(prevMode);
                t.restartSeconds.add(restart);
                long[] lost = verify(cycle - 1, killNanos, last);
                t.lost += lost[0];
                double lossMs = lost[1] / 1e6;
                if (lost[0] > t.worstLostWrites) t.worstLostWrites = lost[0];
                if (lossMs > t.worstLossMs) t.worstLossMs = lossMs;
                System.out.printf("  restart %.1f s: lost %d acknowledged writes (%.0f ms)%n", restart, lost[0], lossMs);
                if (prevMode.equals("always") && lost[0] > 0) {
                    failures.add("kill " + cycle + ": appendfsync always lost " + lost[0] + " acknowledged writes");
                }
                if (prevMode.equals("everysec") && lossMs > maxLossMs) {
                    failures.add(String.format("kill %d: everysec lost %.0f ms of writes", cycle, lossMs));
                }
            }
            if (last || !failures.isEmpty()) break;
            if (!awaitHttpReady()) {
                failures.add("the REST API did not come up after kill " + cycle);
                break;
            }

            long delayMs = minMs + (long) (random.nextDouble() * (maxMs - minMs));
            List<Thread> threads = new ArrayList<>();
            for (ListWriter w : writers) {
                w.beginCycle(cycle, port, intOpt("http-port", 9182));
                Thread th = new Thread(w, "writer-" + w.id);
                threads.add(th);
            }
            long start = System.nanoTime();
            threads.forEach(Thread::start);
            if (canRewrite && random.nextInt(3) == 0) {
                long at = random.nextLong(delayMs);
                Thread.sleep(at);
                rewriteAof(cycle);
                Thread.sleep(delayMs - at);
            } else {
                Thread.sleep(delayMs);
            }
            killNanos = System.nanoTime();
            server.kill();
            for (Thread th : threads) th.join();
            double seconds = (killNanos - start) / 1e9;
            long acked = writers.stream().mapToLong(ListWriter::ackedThisCycle).sum();
            for (ListWriter w : writers) if (w.failure() != null) failures.add("kill " + (cycle + 1) + ": " + w.failure());
            Totals t = totals.computeIfAbsent(mode, m -> new Totals());
            t.kills++;
            t.acked += acked;
            t.writeSeconds += seconds;
            System.out.printf("kill %d (appendfsync %s) after %d ms: %d writes acknowledged (%.0f/s)%n",
                    cycle + 1, mode, delayMs, acked, acked / seconds);
            if (random.nextInt(4) == 0) tearTail();
        }
        server.kill();
        report(totals);
        failures.forEach(f -> System.out.println("FAIL: " + f));
        return failures.isEmpty();
    }

    /**
     * Appends what a kill in the middle of writing a turn would leave: a command cut short, or a transaction
     * without its EXEC. Neither was acknowledged, so the restart must drop it (aof-load-truncated, Redis's
     * default) and lose nothing else.
     */
    private void tearTail() throws IOException {
        Path dir = dataDir.resolve("appendonlydir");
        String incr = null;
        for (String line : Files.readAllLines(dir.resolve("appendonly.aof.manifest"))) {
            String[] w = line.split(" ");
            if (w.length >= 6 && w[0].equals("file") && w[5].equals("i")) incr = w[1];
        }
        if (incr == null) throw new IOException("no incremental AOF file in the manifest");
        if (!endsWholly(Files.readAllBytes(dir.resolve(incr)))) {
            // a second torn piece after the first is a corruption no kill makes (Redis refuses such a file too)
            tornTails++;
            System.out.println("  the kill already left a torn command or transaction: nothing appended");
            return;
        }
        String push = "*3\r\n$5\r\nRPUSH\r\n$7\r\ncrash:0\r\n$4\r\ntorn\r\n";
        String tail = random.nextBoolean()
                ? push.substring(0, 1 + random.nextInt(push.length() - 1))
                : "*1\r\n$5\r\nMULTI\r\n" + push + "*1\r\n$4\r\nEXEC\r".substring(0, random.nextInt(12));
        Files.writeString(dir.resolve(incr), tail, java.nio.file.StandardOpenOption.APPEND);
        tornTails++;
        System.out.printf("  torn tail appended: %d bytes%n", tail.length());
    }

    /** Whether an incremental AOF ends after a whole command, outside MULTI: what a clean stop leaves. */
    static boolean endsWholly(byte[] b) {
        int i = 0;
        boolean inMulti = false;
        while (i < b.length) {
            if (b[i] != '*') return false;
            int nl = lineEnd(b, i);
            if (nl < 0) return false;
            int argc = Integer.parseInt(new String(b, i + 1, nl - i - 2, StandardCharsets.US_ASCII));
            i = nl + 1;
            String first = null;
            for (int a = 0; a < argc; a++) {
                if (i >= b.length || b[i] != '$') return false;
                nl = lineEnd(b, i);
                if (nl < 0) return false;
                int len = Integer.parseInt(new String(b, i + 1, nl - i - 2, StandardCharsets.US_ASCII));
                if (nl + 1 + len + 2 > b.length) return false;
                if (a == 0) first = new String(b, nl + 1, len, StandardCharsets.US_ASCII);
                i = nl + 1 + len + 2;
            }
            if (argc == 1 && "MULTI".equalsIgnoreCase(first)) inMulti = true;
            if (argc == 1 && "EXEC".equalsIgnoreCase(first)) inMulti = false;
        }
        return !inMulti;
    }

    private static int lineEnd(byte[] b, int from) {
        for (int i = from; i < b.length; i++) if (b[i] == '\n') return i;
        return -1;
    }

    /**
     * BGREWRITEAOF in the middle of the writes, so that kills also land during a rewrite (new base, new
     * incremental file, manifest switch). A server without the command is tested without rewrites.
     */
    private void rewriteAof(int cycle) throws IOException {
        try (Resp r = new Resp(port)) {
            System.out.printf("  BGREWRITEAOF before kill %d: %s%n", cycle + 1, r.call("BGREWRITEAOF"));
            rewrites++;
        } catch (Resp.ErrorReply e) {
            if (!e.getMessage().startsWith("ERR unknown command")) throw e;
            System.out.println("  BGREWRITEAOF: not a command of this server, no rewrites during the test");
            canRewrite = false;
        }
    }

    private Map<String, String> env(String fsync) {
        Map<String, String> env = new HashMap<>();
        env.put("BERYL_PORT", Integer.toString(port));
        env.put("BERYL_HTTP_PORT", Integer.toString(intOpt("http-port", 9182)));
        env.put("BERYL_DIR", dataDir.toString());
        env.put("BERYL_APPENDONLY", "yes");
        env.put("BERYL_APPENDFSYNC", fsync);
        return env;
    }

    /** Waits for PONG (not -LOADING, not a refused connection); false if the server died or took over 2 minutes. */
    private boolean awaitReady() throws InterruptedException {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (System.nanoTime() < deadline) {
            if ("PONG".equals(ping())) return true;
            if (!server.isAlive()) return false;
            Thread.sleep(50);
        }
        return false;
    }

    /** The REST writers need the web module serving, which /health/ready reports once applications have started. */
    private boolean awaitHttpReady() throws InterruptedException {
        URI uri = URI.create("http://127.0.0.1:" + intOpt("http-port", 9182) + "/health/ready");
        HttpRequest ready = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) return true;
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(50);
        }
        return false;
    }

    private String ping() {
        try (Resp r = new Resp(port)) {
            return String.valueOf(r.call("PING"));
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * Compares each list with its writer's acknowledged values, from the first value of the cycle just killed
     * (from the start when {@code all}). A missing tail is lost writes; a different value fails the test, and
     * so does half a transaction; the write in flight at the kill may be there, whole, and is adopted. The lists
     * continue from what the server holds. Returns {lost writes, ns from the oldest lost acknowledgement to the
     * kill}.
     */
    private long[] verify(int cycle, long killNanos, boolean all) throws IOException {
        long lost = 0;
        long oldestLostAck = Long.MAX_VALUE;
        try (Resp r = new Resp(port)) {
            for (ListWriter w : writers) {
                int from = all ? 0 : w.firstOfCycle();
                @SuppressWarnings("unchecked")
                List<Object> held = (List<Object>) r.call("LRANGE", w.key, from, -1);
                int len = from + held.size();
                int acked = w.list.size();
                if (w.kind == ListWriter.Kind.MULTI && len % 2 != 0) {
                    failures.add("after kill " + (cycle + 1) + ": crash:" + w.id + " holds half a MULTI/EXEC transaction");
                }
                for (int k = from; k < Math.min(len, acked); k++) {
                    if (!Arrays.equals((byte[]) held.get(k - from), w.list.get(k))) {
                        failures.add("after kill " + (cycle + 1) + ": crash:" + w.id + "[" + k + "] holds another value");
                        return new long[] {lost, 0};
                    }
                }
                if (len < acked) {
                    lost += acked - len;
                    if (len >= w.firstOfCycle()) oldestLostAck = Math.min(oldestLostAck, w.ackNanos(len));
                    else failures.add("after kill " + (cycle + 1) + ": crash:" + w.id + " lost writes of earlier cycles");
                    w.list.subList(len, acked).clear();
                } else if (len > acked) {
                    List<byte[]> pending = w.inFlight();
                    List<Object> extra = held.subList(held.size() - (len - acked), held.size());
                    boolean whole = extra.size() == pending.size();
                    for (int k = 0; whole && k < extra.size(); k++) whole = Arrays.equals((byte[]) extra.get(k), pending.get(k));
                    if (whole) w.list.addAll(pending);
                    else failures.add("after kill " + (cycle + 1) + ": crash:" + w.id + " holds " + extra.size()
                            + " values beyond the acknowledged ones, not the whole write in flight (" + pending.size() + ")");
                }
            }
        }
        return new long[] {lost, lost == 0 ? 0 : killNanos - oldestLostAck};
    }

    private void report(Map<String, Totals> totals) throws IOException {
        System.out.println();
        System.out.println("| appendfsync | kills | acknowledged writes | writes/s | lost | worst loss | restart (median) |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (String mode : List.of("always", "everysec")) {
            Totals t = totals.get(mode);
            if (t == null) continue;
            double[] rs = t.restartSeconds.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            System.out.printf("| %s | %d | %d | %.0f | %d | %d writes, %.0f ms | %.1f s |%n", mode, t.kills, t.acked,
                    t.acked / t.writeSeconds, t.lost, t.worstLostWrites, t.worstLossMs, rs.length == 0 ? 0 : rs[rs.length / 2]);
        }
        try (Stream<Path> files = Files.walk(dataDir)) {
            long bytes = files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
            System.out.printf("%nAOF and RDB files at the end: %.1f MB; %d kills left a torn command or transaction"
                    + " at the end of the AOF; %s%n", bytes / 1e6, tornTails,
                    canRewrite ? rewrites + " BGREWRITEAOF during the writes" : "no BGREWRITEAOF (not a command of this server)");
        }
    }

    private String required(String name) {
        String v = opts.get(name);
        if (v == null) throw new IllegalArgumentException("--" + name + " is required");
        return v;
    }

    private int intOpt(String name, int dflt) {
        return Integer.parseInt(opts.getOrDefault(name, Integer.toString(dflt)));
    }
}
