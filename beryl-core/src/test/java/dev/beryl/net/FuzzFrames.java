package dev.beryl.net;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The frames of the protocol fuzz test: named cases (each an edge of Redis's processInlineBuffer and
 * processMultibulkBuffer) and random ones, each reproducible from (seed, index). Frames use only harmless
 * commands (PING, ECHO, SET/GET/EXISTS/STRLEN on fuzz keys, unknown names); any frame that could name a command
 * changing the server (SHUTDOWN, CONFIG, FLUSHALL ...) is generated again.
 */
final class FuzzFrames {
    private FuzzFrames() {}

    /** Words that must not appear anywhere in a frame, whatever the case (a superset of the command names). */
    private static final String[] UNSAFE = {"SHUTDOWN", "DEBUG", "CONFIG", "FLUSH", "SAVE", "MONITOR", "SUBSCRIBE",
        "QUIT", "CLIENT", "SLAVEOF", "REPLICA", "SYNC", "RESET", "MULTI", "EXEC", "WAIT", "HELLO", "SELECT", "AUTH",
        "ACL", "SCRIPT", "EVAL", "FCALL", "FUNCTION", "MODULE", "CLUSTER", "FAILOVER", "MIGRATE", "KEYS", "SWAPDB",
        "BLPOP", "BRPOP", "BLMOVE", "BLMPOP", "BZPOP", "BZMPOP", "XREAD", "SLOWLOG", "LATENCY", "MEMORY", "OBJECT",
        "SORT", "SCAN", "RESTORE", "DUMP", "LASTSAVE", "BGREWRITEAOF", "ROLE", "PSYNC", "REPLCONF", "LOLWUT"};

    /** Named cases: what each probes is in its text. */
    static List<byte[]> named() {
        List<String> c = new ArrayList<>(List.of(
                // NUL bytes: Redis's strchr stops at them and it waits (until 64 KB)
                "*1\0$4\r\nPING\r\n", "\0*1\r\n$4\r\nPING\r\n", "PI\0NG\r\n", "*1\r\n\0$4\r\nPING\r\n",
                "*1\r\n$4\0\r\nPING\r\n", "*1\r\n$4\r\nP\0NG\r\n", "*2\r\n$4\r\nECHO\r\n$3\r\na\0b\r\n", "\0",
                "PING\r\n\0PING\r\n", "ECHO a\0b\r\n", "*1\r\0\n$4\r\nPING\r\n",
                // garbage after a valid command
                "PING\r\ngarbage", "PING\r\n*x\r\n", "*1\r\n$4\r\nPING\r\n$4\r\n", "*1\r\n$4\r\nPING\r\nfoo\r\n",
                "*1\r\n$4\r\nPINGxx*1\r\n$4\r\nPING\r\n", "PING\r\n*1\r\nx\r\n", "PING\r\n\r\n\n  \r\nPING\n",
                // lengths
                "*-1\r\nPING\r\n", "*-10\r\n", "*+3\r\n", "*3abc\r\n", "*1\r\n$-1\r\n", "*01\r\n$4\r\nPING\r\n",
                "*1\r\n$04\r\nPING\r\n", "*99999999999999999999\r\n", "*2147483648\r\n", "*2147483647\r\n",
                "*1\r\n$536870913\r\n", "*1\r\n$536870912\r\nabc", "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$536870000\r\nabc",
                "*\r\n", "*1\r\n$\r\n", "* 1\r\n", "*1 \r\n", "*1\r\n$ 4\r\nPING\r\n", "*-0\r\n", "*0\r\nPING\r\n",
                "*1\r\n$-0\r\n", "*1\r\n$9223372036854775807\r\n", "*1\r\n$9223372036854775808\r\n",
                "*-9223372036854775808\r\n", "*1\r\n$4\r", "*1\r", "*1\rxx$4\rxPING\r\n", "$4\r\nPING\r\n",
                "*1\r\nPING\r\n", "*2\r\n$3\r\nGET\r\nfooz\r\n", "*1\r\n\r\n", "*1\r\n\n$4\r\nPING\r\n",
                "*1\r\n\u00e9\r\n", "*1\r\n\u00ff\u00fe\r\n", "*1\r\n$0\r\n\r\n", "*2\r\n$0\r\n\r\n$0\r\n\r\n",
                "*3\r\n$3\r\nSET\r\n$6\r\nfz:e:0\r\n$0\r\n\r\n*2\r\n$3\r\nGET\r\n$6\r\nfz:e:0\r\n",
                "*2\r\n$4\r\nECHO\r\n$0\r\n\r\n", "*1048577\r\n$4\r\nECHO\r\n", "*2\r\n$4\r\nECHO\r\n$0\r\nxx",
                // inline commands and quotes
                "ECHO \"a b\"\r\n", "ECHO \"unterminated\r\n", "ECHO \"a\"b\r\n", "ECHO 'it\\'s'\r\n",
                "ECHO \"\\x41\\n\\t\\\\\"\r\n", "ECHO 'a' 'b'\r\n", "ECHO \"\\x4\"\r\n", "ECHO \"\r\n", "ECHO '\r\n",
                "set \"\"\"test-key\"\"\" test-value\r\nping\r\n", "ECHO\t\u000bx\r\n", "ECHO \u00e9\u00ff\r\n",
                "\u00ff\u00fe\r\n", "unknowncmd a b c\r\n", "unknown\u00e9 \u00e9x\r\n", "PING a b\r\n",
                // unterminated frames
                "*2\r\n$4\r\nECHO\r\n$5\r\nhel", "PING", "*1\r\n$4\r\nPING", "*1\r\n$4\r\nPING\r",
                // the cross-protocol scripting guard
                "Host: example.com\r\n", "POST / HTTP/1.1\r\n", "GET / HTTP/1.1\r\nHost: x\r\n\r\n",
                "PING\r\nPOST /\r\n", "*1\r\n$5\r\nhost:\r\n", "*2\r\n$4\r\npost\r\n$1\r\nx\r\n",
                "*1\r\n$6\r\npost\0x\r\n", "*1\r\n$7\r\nHOST:\0a\r\n", "*1\r\n$5\r\npost\0\r\n", "*1\r\n$5\r\nposts\r\n"));
        List<byte[]> out = new ArrayList<>();
        for (String s : c) out.add(s.getBytes(StandardCharsets.ISO_8859_1));
        // header and inline lines beyond 64 KB without their line end
        out.add(("*" + "1".repeat(70_000)).getBytes(StandardCharsets.ISO_8859_1));
        out.add(("*1\r\n$" + "1".repeat(70_000)).getBytes(StandardCharsets.ISO_8859_1));
        out.add("A".repeat(70_000).getBytes(StandardCharsets.ISO_8859_1));
        out.add(("*1\0" + "1".repeat(70_000)).getBytes(StandardCharsets.ISO_8859_1));
        out.add(("\0" + "A".repeat(70_000)).getBytes(StandardCharsets.ISO_8859_1));
        // big arguments (the buffer grows to their exact size): without, with and with odd bytes for their CRLF
        String big = "*2\r\n$4\r\nECHO\r\n$40000\r\n" + "x".repeat(40_000);
        for (String end : new String[] {"", "\r", "\r\n", "xy", "\r\nPING\r\n", "xyPING\r\n", "\n\r\nPING\r\n"}) {
            out.add((big + end).getBytes(StandardCharsets.ISO_8859_1));
        }
        // an unknown command's arguments are quoted up to 128 bytes in all
        out.add(("*4\r\n$3\r\nfoo\r\n$200\r\n" + "a".repeat(200) + "\r\n$3\r\nbcd\r\n$1\r\ne\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.add(("*2\r\n$3\r\nfoo\r\n$100\r\n" + "a".repeat(100) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.add(("*1\r\n$200\r\n" + "z".repeat(200) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.add(("z".repeat(300) + " " + "y".repeat(300) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        return out;
    }

    /** Random frame {@code index} of run {@code seed}. */
    static byte[] random(long seed, int index) {
        SplittableRandom r = new SplittableRandom(seed * 1_000_003L + index);
        while (true) {
            byte[] f = switch (r.nextInt(6)) {
                case 0 -> randomBytes(r, 1 + r.nextInt(48));
                case 1 -> withNuls(r, valid(r, index));
                case 2 -> concat(valid(r, index), randomBytes(r, 1 + r.nextInt(24)));
                case 3 -> badLength(r, index);
                case 4 -> mutated(r, valid(r, index));
                default -> inline(r, index);
            };
            if (f.length > 0 && safe(f)) return f;
        }
    }

    static boolean safe(byte[] f) {
        String s = new String(f, StandardCharsets.ISO_8859_1).toUpperCase(Locale.ROOT);
        for (String w : UNSAFE) if (s.contains(w)) return false;
        return true;
    }

    /** Bytes weighted towards what the parser looks at. */
    private static byte[] randomBytes(SplittableRandom r, int n) {
        String special = "*$\r\n0123456789-+ \"'\\x\0";
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = r.nextInt(3) == 0 ? (byte) r.nextInt(256) : (byte) special.charAt(r.nextInt(special.length()));
        }
        return b;
    }

    /** One to three pipelined commands, each multibulk or inline. */
    private static byte[] valid(SplittableRandom r, int index) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int n = 1 + r.nextInt(3);
        for (int i = 0; i < n; i++) {
            String[] argv = command(r, index);
            out.writeBytes(r.nextInt(4) == 0 ? inlineOf(argv) : multibulk(argv));
        }
        return out.toByteArray();
    }

    private static String[] command(SplittableRandom r, int index) {
        String key = "fz:" + index + ":" + r.nextInt(3);
        return switch (r.nextInt(9)) {
            case 0 -> new String[] {"PING"};
            case 1 -> new String[] {"ping", word(r)};
            case 2 -> new String[] {"ECHO", word(r)};
            case 3 -> new String[] {"SET", key, word(r)};
            case 4 -> new String[] {"GET", key};
            case 5 -> new String[] {"EXISTS", key, key};
            case 6 -> new String[] {"STRLEN", key};
            case 7 -> new String[] {"NOSUCHCMD", word(r), word(r)};
            default -> new String[] {"ECHO"}; // wrong arity
        };
    }

    private static String word(SplittableRandom r) {
        StringBuilder sb = new StringBuilder();
        int n = r.nextInt(20) == 0 ? 100 + r.nextInt(200) : r.nextInt(12); // long ones: error texts cut at 128 bytes
        for (int i = 0; i < n; i++) sb.append((char) ('a' + r.nextInt(26)));
        return sb.toString();
    }

    private static byte[] multibulk(String... argv) {
        StringBuilder sb = new StringBuilder("*").append(argv.length).append("\r\n");
        for (String a : argv) sb.append('$').append(a.length()).append("\r\n").append(a).append("\r\n");
        return sb.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] inlineOf(String... argv) {
        return (String.join(" ", argv) + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] withNuls(SplittableRandom r, byte[] f) {
        byte[] out = f.clone();
        int n = 1 + r.nextInt(3);
        for (int i = 0; i < n; i++) {
            int at = r.nextInt(out.length + 1);
            out = splice(out, at, 0, new byte[] {0});
        }
        return out;
    }

    /** A multibulk frame with one count or length replaced by an odd one. */
    private static byte[] badLength(SplittableRandom r, int index) {
        String[] odd = {"-1", "-0", "+3", "3abc", "03", "00", "", " 3", "3 ", "99999999999999999999", "2147483648",
            "536870913", "536870912", "-2147483648", "1", "0", "2", "x", "9223372036854775807", "4\0"};
        String[] argv = command(r, index);
        String frame = new String(multibulk(argv), StandardCharsets.ISO_8859_1);
        List<Integer> starts = new ArrayList<>();
        for (int i = 0; i < frame.length(); i++) {
            char ch = frame.charAt(i);
            if ((ch == '*' || ch == '$') && (i == 0 || frame.charAt(i - 1) == '\n')) starts.add(i + 1);
        }
        int at = starts.get(r.nextInt(starts.size()));
        int end = frame.indexOf('\r', at);
        String mutated = frame.substring(0, at) + odd[r.nextInt(odd.length)] + frame.substring(end);
        if (r.nextInt(3) == 0) mutated = mutated.substring(0, r.nextInt(mutated.length() + 1)); // cut short
        return mutated.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** One to three random edits: a byte replaced, inserted or removed. */
    private static byte[] mutated(SplittableRandom r, byte[] f) {
        byte[] out = f;
        int n = 1 + r.nextInt(3);
        for (int i = 0; i < n && out.length > 0; i++) {
            int at = r.nextInt(out.length);
            byte[] one = randomBytes(r, 1);
            out = switch (r.nextInt(3)) {
                case 0 -> splice(out, at, 1, one);
                case 1 -> splice(out, at, 0, one);
                default -> splice(out, at, 1, new byte[0]);
            };
        }
        return out;
    }

    private static byte[] inline(SplittableRandom r, int index) {
        String[] parts = {"ECHO", "PING", "SET fz:" + index + " ", "GET fz:" + index, " ", "\"", "'", "\\", "\\x41",
            "\\x4", "\\n", "a b", "\t", "\r", "\"a b\"", "'c d'", "x\"y", "\u00e9"};
        StringBuilder sb = new StringBuilder();
        int n = 1 + r.nextInt(6);
        for (int i = 0; i < n; i++) sb.append(parts[r.nextInt(parts.length)]);
        if (r.nextInt(5) != 0) sb.append(r.nextBoolean() ? "\r\n" : "\n");
        return sb.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] splice(byte[] b, int at, int remove, byte[] insert) {
        byte[] out = new byte[b.length - remove + insert.length];
        System.arraycopy(b, 0, out, 0, at);
        System.arraycopy(insert, 0, out, at, insert.length);
        System.arraycopy(b, at + remove, out, at + insert.length, b.length - at - remove);
        return out;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        return splice(a, a.length, 0, b);
    }

    /** The frame as a Java string literal would show it, for failure messages. */
    static String show(byte[] f) {
        StringBuilder sb = new StringBuilder("\"");
        for (byte x : f) {
            int c = x & 0xff;
            if (c == '\r') sb.append("\\r");
            else if (c == '\n') sb.append("\\n");
            else if (c == '"' || c == '\\') sb.append('\\').append((char) c);
            else if (c >= 32 && c < 127) sb.append((char) c);
            else sb.append(String.format("\\x%02x", c));
            if (sb.length() > 400) return sb.append("...(").append(f.length).append(" bytes)\"").toString();
        }
        return sb.append('"').toString();
    }
}
