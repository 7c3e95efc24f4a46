package dev.beryl.net;

import dev.beryl.DevServer;
import dev.beryl.config.Config;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The reproduction: connections that each announce a 512 MB bulk, send a few bytes of it and keep the
 * connection open. Redis's heap does not notice; Beryl's must not either (it used to reserve the whole length
 * at once, and sixteen such connections threw OutOfMemoryError and killed the engine loop).
 */
class HostileBulkTest {
    private static final byte[] HOSTILE = "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$536870000\r\nabc".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PING = "PING\r\n".getBytes(StandardCharsets.US_ASCII);

    @ParameterizedTest
    @ValueSource(ints = {16, 1000})
    void connectionsAnnouncingHugeBulksCostWhatTheySent(int connections) throws Exception {
        try (DevServer server = new DevServer(new Config(null, n -> switch (n) {
            case "port" -> "0"; // a free one
            case "save" -> "";
            default -> null;
        })); Socket probe = new Socket("127.0.0.1", server.port())) {
            probe.setSoTimeout(5000);
            probe.setTcpNoDelay(true);
            pingMs(probe, 200); // warm up
            long heapBefore = HeapUse.afterGc();
            List<Socket> hostile = new ArrayList<>();
            try {
                for (int i = 0; i < connections; i++) {
                    Socket s = new Socket("127.0.0.1", server.port());
                    s.getOutputStream().write(HOSTILE);
                    s.getOutputStream().flush();
                    hostile.add(s);
                }
                // every connection is registered and its bytes read once a command sent after them is answered
                // on each: the engine has served them all in order
                for (Socket s : hostile) {
                    s.getOutputStream().write("def".getBytes(StandardCharsets.US_ASCII));
                    s.getOutputStream().flush();
                }
                double[] ms = pingMs(probe, 200);
                long heapDuring = HeapUse.afterGc();
                System.out.printf("%d connections announcing 512 MB bulks: heap after GC %d -> %d MB; PING median %.2f ms,"
                                + " p95 %.2f ms, max %.2f ms%n", connections, heapBefore >> 20, heapDuring >> 20,
                        ms[ms.length / 2], ms[ms.length * 95 / 100], ms[ms.length - 1]);
                assertTrue(heapDuring - heapBefore < 100L << 20, "heap grew by " + ((heapDuring - heapBefore) >> 20) + " MB");
                assertTrue(ms[ms.length * 95 / 100] < 10, "PING p95 " + ms[ms.length * 95 / 100] + " ms");
                assertEquals(connections + 1, clientCount(probe)); // all still open, waiting for their bulk
            } finally {
                for (Socket s : hostile) s.close();
            }
            long deadline = System.currentTimeMillis() + 5000;
            while (clientCount(probe) != 1 && System.currentTimeMillis() < deadline) Thread.sleep(20);
            assertEquals(1, clientCount(probe));
            assertTrue(HeapUse.afterGc() - heapBefore < 20L << 20, "heap not given back after the connections closed");
        }
    }

    /** Sorted round-trip times of {@code n} PINGs, in ms. */
    private static double[] pingMs(Socket s, int n) throws IOException {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            s.getOutputStream().write(PING);
            byte[] r = s.getInputStream().readNBytes(7);
            out[i] = (System.nanoTime() - t0) / 1e6;
            assertEquals("+PONG\r\n", new String(r, StandardCharsets.US_ASCII));
        }
        Arrays.sort(out);
        return out;
    }

    /** connected_clients from INFO clients, read over the probe connection. */
    private static int clientCount(Socket s) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write("INFO clients\r\n".getBytes(StandardCharsets.US_ASCII));
        InputStream in = s.getInputStream();
        StringBuilder header = new StringBuilder();
        int c;
        while ((c = in.read()) != '\n') header.append((char) c);
        int len = Integer.parseInt(header.substring(1).trim());
        String info = new String(in.readNBytes(len + 2), StandardCharsets.US_ASCII);
        for (String line : info.split("\r\n")) {
            if (line.startsWith("connected_clients:")) return Integer.parseInt(line.substring(18));
        }
        throw new AssertionError(info);
    }
}
