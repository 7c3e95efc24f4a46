package dev.beryl.crash;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The crash test tears an AOF's tail only where a kill could have: after whole commands, outside MULTI. */
class CrashRunTest {
    private static boolean whole(String aof) {
        return CrashRun.endsWholly(aof.getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void wholeCommandsAndClosedTransactionsEndWholly() {
        assertTrue(whole(""));
        assertTrue(whole("*3\r\n$5\r\nRPUSH\r\n$1\r\nk\r\n$2\r\nv1\r\n"));
        assertTrue(whole("*1\r\n$5\r\nMULTI\r\n*3\r\n$5\r\nRPUSH\r\n$1\r\nk\r\n$1\r\nv\r\n*1\r\n$4\r\nEXEC\r\n"));
    }

    @Test
    void aCutCommandOrAnOpenTransactionDoesNot() {
        assertFalse(whole("*1\r\n$4\r\nEXEC\r\n*3\r\n$5\r\nRPUSH\r\n$7\r\ncrash")); // what kill 23 of a CI run left
        assertFalse(whole("*3\r\n$5\r\nRPUSH\r\n$1\r\nk\r\n$2\r\nv1\r"));
        assertFalse(whole("*1\r\n$5\r\nMULTI\r\n*3\r\n$5\r\nRPUSH\r\n$1\r\nk\r\n$1\r\nv\r\n"));
    }
}
