package dev.beryl.it;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static dev.beryl.it.ItServer.HOST;
import static dev.beryl.it.ItServer.RESP_PORT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The reproduction against the Liberty server: sixteen connections each announce a 512 MB bulk, send a
 * few bytes of it and stay open. The server process's resident memory must stay within 100 MB of where it was
 * and PING keep answering within 10 ms (Beryl used to commit 512 MB per connection and die of OutOfMemoryError).
 */
class HostileBulkIT {
    private static final byte[] HOSTILE = "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$536870000\r\nabc".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PING = "PING\r\n".getBytes(StandardCharsets.US_ASCII);

    @Test
    void sixteenConnectionsAnnouncingHugeBulksLeaveTheServerAsItWas() throws Exception {
        try (Socket probe = new Socket(HOST, RESP_PORT)) {
            probe.setSoTimeout(10_000);
            probe.setTcpNoDelay(true);
            long pid = Long.parseLong(infoField(probe, "process_id"));
            pingMs(probe, 200);
            long rssBefore = rssKb(pid);
            List<Socket> hostile = new ArrayList<>();
            try {
                for (int i = 0; i < 16; i++) {
                    Socket s = new Socket(HOST, RESP_PORT);
                    s.getOutputStream().write(HOSTILE);
                    s.getOutputStream().flush();
                    hostile.add(s);
                }
                Thread.sleep(1000); // the server has read them all
                double[] ms = pingMs(probe, 200);
                long rssDuring = rssKb(pid);
                System.out.printf("16 connections announcing 512 MB bulks: Liberty RSS %d -> %d MB; PING median %.2f ms,"
                        + " p95 %.2f ms, max %.2f ms%n", rssBefore >> 10, rssDuring >> 10, ms[100], ms[190], ms[199]);
                assertTrue(rssDuring - rssBefore < 100 * 1024, "RSS grew by " + ((rssDuring - rssBefore) >> 10) + " MB");
                assertTrue(ms[190] < 10, "PING p95 " + ms[190] + " ms");
                assertEquals("17", infoField(probe, "connected_clients")); // still open, waiting for their bulk
            } finally {
                for (Socket s : hostile) s.close();
            }
        }
    }

    /** Sorted round-trip times of {@code n} PINGs, in ms. */
    private static double[] pingMs(Socket s, int n) throws IOException {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            s.getOutputStream().write(PING);
            String r = new String(s.getInputStream().readNBytes(7), StandardCharsets.US_ASCII);
            out[i] = (System.nanoTime() - t0) / 1e6;
            assertEquals("+PONG\r\n", r);
        }
        Arrays.sort(out);
        return out;
    }

    private static String infoField(Socket s, String field) throws IOException {
        s.getOutputStream().write("INFO\r\n".getBytes(StandardCharsets.US_ASCII));
        InputStream in = s.getInputStream();
        StringBuilder header = new StringBuilder();
        int c;
        while ((c = in.read()) != '\n') header.append((char) c);
        int len = Integer.parseInt(header.substring(1).trim());
        String info = new String(in.readNBytes(len + 2), StandardCharsets.US_ASCII);
        for (String line : info.split("\r\n")) {
            if (line.startsWith(field + ":")) return line.substring(field.length() + 1);
        }
        throw new AssertionError("no " + field + " in INFO");
    }

    /** The server's resident set in kB (the IT server runs on this machine). */
    private static long rssKb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
        throw new AssertionError("no VmRSS for " + pid);
    }
}
