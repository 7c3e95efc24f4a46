package dev.beryl.crash;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One connection of the crash test's writer: pushes unique values to its own list, one request at a time, until
 * the connection breaks (the server was killed). A write counts as acknowledged once its reply has been read,
 * and the reply (the list's new length) must match the list this writer expects, so a lost or duplicated push
 * shows up at once. {@link #list} is everything acknowledged so far, across restarts.
 */
final class ListWriter implements Runnable {
    /** How a writer writes: RPUSH over RESP, two RPUSHes in MULTI/EXEC (all or nothing), or RPUSH over REST. */
    enum Kind { RPUSH, MULTI, REST }

    private static final Pattern RESULT = Pattern.compile("\\{\"result\":(\\d+)}");

    final int id;
    final Kind kind;
    final byte[] key;
    /** Acknowledged values in list order: the list as the server must hold it (a prefix of it, at least). */
    final List<byte[]> list = new ArrayList<>();

    private int cycle;
    private int port;
    private int httpPort;
    private int firstOfCycle;
    private long[] ackNanos = new long[1024];
    /** Sent but not acknowledged when the connection broke: the server holds all of it or none. */
    private volatile List<byte[]> inFlight = List.of();
    private volatile String failure;

    ListWriter(int id, Kind kind) {
        this.id = id;
        this.kind = kind;
        this.key = ("crash:" + id).getBytes(StandardCharsets.US_ASCII);
    }

    /** Prepares a write phase: values of this cycle continue the list as verified after the last restart. */
    void beginCycle(int cycle, int port, int httpPort) {
        this.cycle = cycle;
        this.port = port;
        this.httpPort = httpPort;
        this.firstOfCycle = list.size();
        this.inFlight = List.of();
        this.failure = null;
    }

    @Override
    public void run() {
        try {
            if (kind == Kind.REST) restLoop();
            else respLoop();
        } catch (IOException e) {
            // the server was killed: the pending write, if any, is unacknowledged
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void respLoop() throws IOException {
        try (Resp r = new Resp(port)) {
            for (int seq = 0; ; seq += 2) {
                List<byte[]> group = kind == Kind.MULTI ? List.of(value(seq), value(seq + 1)) : List.of(value(seq));
                inFlight = group;
                Object reply;
                if (kind == Kind.MULTI) {
                    r.send("MULTI");
                    r.send("RPUSH", key, group.get(0));
                    r.send("RPUSH", key, group.get(1));
                    r.send("EXEC");
                    for (int i = 0; i < 3; i++) r.read(); // +OK +QUEUED +QUEUED
                    reply = r.read();
                    reply = reply instanceof List<?> l && l.size() == 2 ? l.get(1) : reply;
                } else {
                    reply = r.call("RPUSH", key, group.get(0));
                }
                if (!acknowledged(reply, group)) return;
            }
        }
    }

    private void restLoop() throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();
        URI uri = URI.create("http://127.0.0.1:" + httpPort + "/");
        for (int seq = 0; ; seq++) {
            byte[] v = value(seq);
            inFlight = List.of(v);
            String body = "[\"RPUSH\",\"crash:" + id + "\",\"" + new String(v, StandardCharsets.US_ASCII) + "\"]";
            HttpResponse<String> rsp = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            Matcher m = RESULT.matcher(rsp.body());
            Object reply = rsp.statusCode() == 200 && m.matches() ? (Object) Long.parseLong(m.group(1)) : rsp.body();
            if (!acknowledged(reply, inFlight)) return;
        }
    }

    /** Records an acknowledged group of values; false (and a failure) when the reply is not the expected length. */
    private boolean acknowledged(Object reply, List<byte[]> group) {
        long now = System.nanoTime();
        long expected = list.size() + group.size();
        if (!(reply instanceof Long n) || n != expected) {
            failure = kind + " to crash:" + id + " replied " + reply + ", expected " + expected;
            return false;
        }
        for (byte[] v : group) {
            int i = list.size() - firstOfCycle;
            if (i == ackNanos.length) ackNanos = Arrays.copyOf(ackNanos, i * 2);
            ackNanos[i] = now;
            list.add(v);
        }
        inFlight = List.of();
        return true;
    }

    /** Unique per (writer, cycle, seq); lengths vary from a few bytes to a few KB. */
    private byte[] value(int seq) {
        int pad = seq % 97 == 0 ? 4000 : seq % 50;
        return (cycle + ":" + id + ":" + seq + ":" + "x".repeat(pad)).getBytes(StandardCharsets.US_ASCII);
    }

    String failure() { return failure; }

    List<byte[]> inFlight() { return inFlight; }

    int ackedThisCycle() { return list.size() - firstOfCycle; }

    /** System.nanoTime() of the acknowledgement of list element {@code index}, which must be of this cycle. */
    long ackNanos(int index) { return ackNanos[index - firstOfCycle]; }

    int firstOfCycle() { return firstOfCycle; }
}
