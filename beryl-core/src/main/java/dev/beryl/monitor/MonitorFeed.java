package dev.beryl.monitor;

import dev.beryl.engine.Client;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The MONITOR clients and the line each executed command becomes for them (Redis's replicationFeedMonitors):
 * {@code +<s>.<µs> [<db> <client>] "arg" "arg" ...}, every argument quoted as sdscatrepr does. Engine thread only.
 */
final class MonitorFeed {
    private final List<Client> monitors = new ArrayList<>();

    boolean isEmpty() { return monitors.isEmpty(); }

    boolean contains(Client c) { return monitors.contains(c); }

    void add(Client c) { monitors.add(c); }

    boolean remove(Client c) { return monitors.remove(c); }

    /** Sends the command to every monitor; replies are not sent to a monitor that turned them off. */
    void feed(Client c, byte[][] argv) {
        byte[] line = line(c, argv);
        for (Client m : monitors) {
            if (m.replyOff() || m.isClosing()) continue;
            m.reply().raw(line);
            m.pushed();
        }
    }

    static byte[] line(Client c, byte[][] argv) {
        Instant now = Instant.now();
        StringBuilder head = new StringBuilder(64).append('+').append(now.getEpochSecond()).append('.');
        String us = Integer.toString(now.getNano() / 1000);
        head.append("000000", us.length(), 6).append(us).append(" [").append(c.dbIndex()).append(' ').append(source(c)).append("] ");
        ByteArrayOutputStream out = new ByteArrayOutputStream(head.length() + 16 * argv.length);
        out.writeBytes(head.toString().getBytes(StandardCharsets.US_ASCII));
        for (int j = 0; j < argv.length; j++) {
            if (j > 0) out.write(' ');
            repr(out, argv[j]);
        }
        out.write('\r');
        out.write('\n');
        return out.toByteArray();
    }

    /**
     * Who sent it: the peer address, "unix:<path>" for a unix socket, and "?:0" for Beryl's callers without a
     * connection (REST, the in-JVM API), which Redis gives to its internal clients without one (module calls).
     */
    private static String source(Client c) {
        if (c.isInternal()) return "?:0";
        String addr = c.addr();
        // a unix socket's address is its path with port 0; a TCP peer's port is never 0
        return addr.endsWith(":0") ? "unix:" + addr.substring(0, addr.length() - 2) : addr;
    }

    /** sdscatrepr: double quotes, C escapes, other bytes outside printable ASCII as \xNN. */
    static void repr(ByteArrayOutputStream out, byte[] s) {
        out.write('"');
        for (byte b : s) {
            int x = b & 0xff;
            switch (x) {
                case '\\', '"' -> { out.write('\\'); out.write(x); }
                case '\n' -> { out.write('\\'); out.write('n'); }
                case '\r' -> { out.write('\\'); out.write('r'); }
                case '\t' -> { out.write('\\'); out.write('t'); }
                case 7 -> { out.write('\\'); out.write('a'); }
                case '\b' -> { out.write('\\'); out.write('b'); }
                default -> {
                    if (x >= 0x20 && x < 0x7f) {
                        out.write(x);
                    } else {
                        out.write('\\');
                        out.write('x');
                        out.write(Character.forDigit(x >> 4, 16));
                        out.write(Character.forDigit(x & 15, 16));
                    }
                }
            }
        }
        out.write('"');
    }
}
