package dev.beryl.persistence;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A kill while a transaction was being written leaves MULTI and its commands with a cut-off EXEC at the end of
 * the AOF (found by the crash test, .ci/crash-test). Loading must cut the file back to before the MULTI: cut
 * after the last complete command instead (Redis 7.0 does), the file would end in an open MULTI, the writes
 * appended after the restart would join that transaction, and the next load would revert them all.
 */
class AofTornTransactionTest {
    @TempDir
    Path dir;

    private Path incr() {
        return dir.resolve("appendonlydir").resolve("appendonly.aof.1.incr.aof");
    }

    private static String resp(String... argv) {
        StringBuilder b = new StringBuilder("*").append(argv.length).append("\r\n");
        for (String a : argv) b.append('$').append(a.length()).append("\r\n").append(a).append("\r\n");
        return b.toString();
    }

    @Test
    void cutOffExecDropsTheWholeTransactionAndLaterWritesSurvive() throws IOException {
        try (TestServer s = new TestServer(dir)) {
            s.appendonly();
            s.call("set", "a", "1");
        }
        long good = Files.size(incr());
        String torn = resp("MULTI") + resp("set", "b", "2") + resp("EXEC").substring(0, 9);
        Files.writeString(incr(), torn, StandardCharsets.ISO_8859_1, StandardOpenOption.APPEND);
        try (TestServer s = new TestServer(dir, "appendonly", "yes")) {
            assertEquals("$1\r\n1\r\n", s.call("get", "a"));
            assertEquals("$-1\r\n", s.call("get", "b"));
            assertEquals(good, Files.size(incr()));
            s.call("set", "c", "3"); // acknowledged after the restart
        }
        try (TestServer s = new TestServer(dir, "appendonly", "yes")) {
            assertEquals("$1\r\n3\r\n", s.call("get", "c"));
            assertEquals("$-1\r\n", s.call("get", "b"));
        }
    }
}
