package dev.beryl.persistence;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Redis suite's corrupt-dump tests, replayed: each test's commands (corrupt RESTORE payloads, the settings
 * they run with, the commands after them) must get the replies real Redis 7.0.15 gave, and the log must hold
 * what the test looks for as often as Redis's did (recorded in corrupt-dump-7.0.15.txt). Where Redis accepts
 * a corrupt payload and then crashes, Beryl refuses the payload instead and keeps serving: those tests are
 * listed in {@link #REFUSED}, and checked for that.
 */
class CorruptDumpTest {
    /**
     * Payloads Redis accepts (sanitize-dump-payload no, or a stream, which Beryl does not have), to crash on
     * them later: Beryl answers "Bad data format" to the RESTORE.
     */
    private static final Map<String, String> REFUSED = Map.ofEntries(
            Map.entry("corrupt payload: listpack too long entry len", "stream"),
            Map.entry("corrupt payload: listpack very long entry len", "stream"),
            Map.entry("corrupt payload: hash listpack with duplicate records - convert", "dup fields"),
            Map.entry("corrupt payload: fuzzer findings - NPD in streamIteratorGetID", "stream"),
            Map.entry("corrupt payload: fuzzer findings - listpack NPD on invalid stream", "stream"),
            Map.entry("corrupt payload: fuzzer findings - stream bad lp_count - unsanitized", "stream"),
            Map.entry("corrupt payload: fuzzer findings - infinite loop", "stream"),
            Map.entry("corrupt payload: fuzzer findings - negative reply length", "stream"),
            Map.entry("corrupt payload: fuzzer findings - stream with no records", "stream"),
            Map.entry("corrupt payload: fuzzer findings - stream listpack valgrind issue", "stream"),
            Map.entry("corrupt payload: fuzzer findings - stream listpack lpPrev valgrind issue", "stream"),
            Map.entry("corrupt payload: fuzzer findings - gcc asan reports false leak on assert", "bad backlen"),
            Map.entry("corrupt payload: fuzzer findings - lpFind invalid access", "entry past the end"));

    /** Log lines of a Redis crash: Beryl never writes them. */
    private static final List<String> CRASH_MARKS = List.of("ASSERTION FAILED", "Guru Meditation", "crashed by signal");

    @TempDir
    static Path dir;
    private static TestServer s;
    private static final List<String> log = new CopyOnWriteArrayList<>();
    private static final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) { log.add(r.getMessage()); }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    private record Call(byte[][] argv, String kind, String text) {}

    private record Check(String pattern, int count) {}

    private record Case(String name, List<Object> steps) {}

    @BeforeAll
    static void start() throws Exception {
        s = new TestServer(dir, "loglevel", "verbose");
        Logger.getLogger("dev.beryl").addHandler(capture);
    }

    @AfterAll
    static void stop() {
        Logger.getLogger("dev.beryl").removeHandler(capture);
        s.close();
    }

    @TestFactory
    Stream<DynamicTest> suiteTests() throws IOException {
        return cases().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> replay(c)));
    }

    private static void replay(Case c) {
        // the state a fresh server of the suite has
        s.call("FLUSHALL");
        s.call("CONFIG", "SET", "sanitize-dump-payload", "no");
        s.call("CONFIG", "SET", "hash-max-listpack-entries", "512");
        s.call("DEBUG", "SET-SKIP-CHECKSUM-VALIDATION", "0");
        log.clear();
        boolean refused = REFUSED.containsKey(c.name());
        boolean diverged = false;
        for (Object step : c.steps()) {
            if (step instanceof Call call) {
                String reply = s.call(0, call.argv());
                if (diverged) continue; // Redis ran these on a key Beryl never created, or was dead
                boolean restore = new String(call.argv()[0], StandardCharsets.ISO_8859_1).equalsIgnoreCase("restore");
                if (refused && restore) {
                    assertEquals("-ERR Bad data format\r\n", reply, "Beryl refuses what Redis lets in");
                    diverged = true;
                } else if (call.kind().equals("dead")) {
                    diverged = true;
                } else {
                    assertEquals(call.kind() + " " + call.text(), render(reply), "reply to " + args(call.argv()));
                }
            } else {
                Check check = (Check) step;
                long n = log.stream().filter(m -> m.contains(check.pattern())).count();
                int expected = CRASH_MARKS.contains(check.pattern()) ? 0 : check.count();
                assertEquals(expected, n, "log lines with '" + check.pattern() + "' in " + log);
            }
        }
        assertEquals("+PONG\r\n", s.call("PING"));
        assertTrue(!refused || diverged, "the test refused by Beryl has a RESTORE");
    }

    /** A reply as the suite's Tcl client gives it: an error's text, or the value (an array as a Tcl list). */
    private static String render(String reply) {
        char t = reply.charAt(0);
        if (t == '-') return "err " + reply.substring(1, reply.length() - 2);
        return "ok " + tcl(reply, new int[] {0});
    }

    private static String tcl(String r, int[] pos) {
        int nl = r.indexOf("\r\n", pos[0]);
        char t = r.charAt(pos[0]);
        String head = r.substring(pos[0] + 1, nl);
        pos[0] = nl + 2;
        switch (t) {
            case '+', ':' -> { return head; }
            case '$' -> {
                int n = Integer.parseInt(head);
                if (n < 0) return "";
                String v = r.substring(pos[0], pos[0] + n);
                pos[0] += n + 2;
                return v;
            }
            case '*' -> {
                int n = Integer.parseInt(head);
                List<String> items = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    String e = tcl(r, pos);
                    items.add(e.isEmpty() || e.contains(" ") ? "{" + e + "}" : e);
                }
                return String.join(" ", items);
            }
            default -> throw new AssertionError("unexpected reply " + r);
        }
    }

    private static String args(byte[][] argv) {
        StringBuilder b = new StringBuilder();
        for (byte[] a : argv) b.append(a.length > 40 ? "<" + a.length + " bytes>" : new String(a, StandardCharsets.ISO_8859_1)).append(' ');
        return b.toString().trim();
    }

    private static List<Case> cases() throws IOException {
        HexFormat hex = HexFormat.of();
        List<Case> cases = new ArrayList<>();
        byte[][] pending = null;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(Objects.requireNonNull(
                CorruptDumpTest.class.getResourceAsStream("corrupt-dump-7.0.15.txt")), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                if (line.startsWith("#") || line.isBlank()) continue;
                String[] w = line.split(" ");
                switch (w[0]) {
                    case "test" -> cases.add(new Case(line.substring(5), new ArrayList<>()));
                    case "call" -> {
                        pending = new byte[w.length - 1][];
                        for (int i = 1; i < w.length; i++) pending[i - 1] = hex.parseHex(w[i]);
                    }
                    case "reply" -> {
                        String text = w.length > 2 ? new String(hex.parseHex(w[2]), StandardCharsets.ISO_8859_1) : "";
                        cases.get(cases.size() - 1).steps().add(new Call(pending, w[1], text));
                    }
                    case "log" -> cases.get(cases.size() - 1).steps().add(
                            new Check(new String(hex.parseHex(w[1]), StandardCharsets.ISO_8859_1), Integer.parseInt(w[2])));
                    default -> throw new AssertionError("bad fixture line " + line);
                }
            }
        }
        return cases;
    }
}
