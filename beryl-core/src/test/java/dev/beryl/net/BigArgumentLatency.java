package dev.beryl.net;

import dev.beryl.DevServer;
import dev.beryl.config.Config;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Issue 10's measurement, not a test: while one client SETs a 64 MB and then a 256 MB value and GETs it back, another
 * PINGs every millisecond; prints the PING round trips (max, p99) during each SET and GET. Against Beryl in this JVM (give it a heap:
 * {@code java -Xmx2g -XX:+UseShenandoahGC -cp beryl-core/target/classes:beryl-core/target/test-classes
 * dev.beryl.net.BigArgumentLatency}) or a running server ({@code ... BigArgumentLatency 6384} for redis-server).
 */
public final class BigArgumentLatency {
    private static final byte[] PING = "PING\r\n".getBytes(StandardCharsets.US_ASCII);

    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 6384;
        DevServer server = args.length > 0 ? null : new DevServer(new Config(null, n -> switch (n) {
            case "port" -> String.valueOf(port);
            case "save" -> "";
            default -> null;
        }));
        try (Socket setter = new Socket("127.0.0.1", port); Socket pinger = new Socket("127.0.0.1", port)) {
            setter.setTcpNoDelay(true);
            pinger.setTcpNoDelay(true);
            pinger.setSoTimeout(30_000);
            for (int i = 0; i < 500; i++) ping(pinger); // warm up
            for (int mb : new int[]{4, 64, 256, 64, 256}) { // the first SET and GET only warm up
                byte[] value = new byte[mb << 20];
                Arrays.fill(value, (byte) 'x');
                byte[] set = concat(("*3\r\n$3\r\nSET\r\n$3\r\nbig\r\n$" + value.length + "\r\n").getBytes(StandardCharsets.US_ASCII),
                        value, "\r\n".getBytes(StandardCharsets.US_ASCII));
                byte[] get = "*2\r\n$3\r\nGET\r\n$3\r\nbig\r\n".getBytes(StandardCharsets.US_ASCII);
                String bulkHeader = "$" + value.length + "\r\n";
                measure("SET", mb, pinger, setter, set, "+OK\r\n".length());
                measure("GET", mb, pinger, setter, get, bulkHeader.length() + value.length + 2);
            }
        } finally {
            if (server != null) server.close();
        }
    }

    /** Sends {@code request} on {@code client} and reads its reply of {@code replyBytes}, PINGing meanwhile. */
    private static void measure(String what, int mb, Socket pinger, Socket client, byte[] request, int replyBytes) throws Exception {
        List<Double> rtt = new ArrayList<>();
        Thread t = new Thread(() -> {
            try {
                client.getOutputStream().write(request);
                client.getOutputStream().flush();
                if (client.getInputStream().readNBytes(replyBytes).length != replyBytes) throw new IOException("closed");
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        long t0 = System.nanoTime();
        t.start();
        while (t.isAlive()) {
            rtt.add(ping(pinger));
            Thread.sleep(1);
        }
        t.join();
        double took = (System.nanoTime() - t0) / 1e6;
        double[] ms = rtt.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        System.out.printf("%s %3d MB: %.0f ms, %d PINGs, PING p50 %.2f ms, p99 %.2f ms, max %.2f ms%n", what, mb, took,
                ms.length, ms[ms.length / 2], ms[Math.min(ms.length - 1, ms.length * 99 / 100)], ms[ms.length - 1]);
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) n += p.length;
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    private static double ping(Socket s) throws IOException {
        long t0 = System.nanoTime();
        s.getOutputStream().write(PING);
        InputStream in = s.getInputStream();
        byte[] r = in.readNBytes(7);
        if (r.length != 7) throw new IOException("connection closed");
        return (System.nanoTime() - t0) / 1e6;
    }
}
