package dev.beryl.crash;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One connection of the crash test's writer: RPUSHes unique values to its own list, one command at a time,
 * until the connection breaks (the server was killed). A value counts as acknowledged once RPUSH's reply has
 * been read; the reply (the new length) must match the list this writer expects, so a lost or duplicated
 * push shows up at once. {@link #list} is everything acknowledged so far, across restarts.
 */
final class ListWriter implements Runnable {
    final int id;
    final byte[] key;
    /** Acknowledged values in list order: the list as the server must hold it (a prefix of it, at least). */
    final List<byte[]> list = new ArrayList<>();

    private int cycle;
    private int port;
    private int firstOfCycle;
    private long[] ackNanos = new long[1024];
    /** Sent but not acknowledged when the connection broke: the server may or may not have it. */
    private volatile byte[] inFlight;
    private volatile String failure;

    ListWriter(int id) {
        this.id = id;
        this.key = ("crash:" + id).getBytes(StandardCharsets.US_ASCII);
    }

    /** Prepares a write phase: values of this cycle continue the list as verified after the last restart. */
    void beginCycle(int cycle, int port) {
        this.cycle = cycle;
        this.port = port;
        this.firstOfCycle = list.size();
        this.inFlight = null;
        this.failure = null;
    }

    @Override
    public void run() {
        try (Resp r = new Resp(port)) {
            for (int seq = 0; ; seq++) {
                byte[] v = value(cycle, seq);
                inFlight = v;
                r.send("RPUSH", key, v);
                Object reply = r.read();
                long now = System.nanoTime();
                if (!(reply instanceof Long n) || n != list.size() + 1) {
                    failure = "RPUSH " + new String(key, StandardCharsets.US_ASCII) + " replied " + reply
                            + ", expected " + (list.size() + 1);
                    return;
                }
                int i = list.size() - firstOfCycle;
                if (i == ackNanos.length) ackNanos = Arrays.copyOf(ackNanos, i * 2);
                ackNanos[i] = now;
                list.add(v);
                inFlight = null;
            }
        } catch (IOException e) {
            // the server was killed: the pending push, if any, is unacknowledged
        }
    }

    /** Unique per (writer, cycle, seq); lengths vary from a few bytes to a few KB. */
    private byte[] value(int cycle, int seq) {
        int pad = seq % 97 == 0 ? 4000 : seq % 50;
        return (cycle + ":" + id + ":" + seq + ":" + "x".repeat(pad)).getBytes(StandardCharsets.US_ASCII);
    }

    String failure() { return failure; }

    byte[] inFlight() { return inFlight; }

    int ackedThisCycle() { return list.size() - firstOfCycle; }

    /** System.nanoTime() of the acknowledgement of list element {@code index}, which must be of this cycle. */
    long ackNanos(int index) { return ackNanos[index - firstOfCycle]; }

    int firstOfCycle() { return firstOfCycle; }
}
