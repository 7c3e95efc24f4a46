package dev.beryl.commands;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static dev.beryl.commands.CommandCalls.error;
import static dev.beryl.commands.CommandCalls.integer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExpireCommandsTest {
    @RegisterExtension
    static final CommandCalls r = CommandCalls.emptyEachTest();

    @BeforeEach
    void key() {
        r.call("SET", "k", "v");
    }

    private static long number(String reply) {
        assertTrue(reply.startsWith(":"), reply);
        return Long.parseLong(reply.substring(1, reply.length() - 2));
    }

    @Test
    void ttlFamilyOnMissingPersistentAndVolatileKeys() {
        for (String cmd : new String[] {"TTL", "PTTL", "EXPIRETIME", "PEXPIRETIME"}) {
            assertEquals(integer(-2), r.call(cmd, "missing"));
            assertEquals(integer(-1), r.call(cmd, "k"));
        }
        long before = System.currentTimeMillis();
        assertEquals(integer(1), r.call("EXPIRE", "k", "100"));
        assertEquals(integer(100), r.call("TTL", "k"));
        long pttl = number(r.call("PTTL", "k"));
        assertTrue(pttl > 99_000 && pttl <= 100_000, "pttl " + pttl);
        long at = number(r.call("PEXPIRETIME", "k"));
        assertTrue(at >= before + 100_000 && at <= System.currentTimeMillis() + 100_000);
        assertEquals(integer((at + 500) / 1000), r.call("EXPIRETIME", "k"));
        assertEquals(integer(1), r.call("PEXPIREAT", "k", "99999999999999"));
        assertEquals(integer(99999999999999L), r.call("PEXPIRETIME", "k"));
        assertEquals(integer(100000000000L), r.call("EXPIRETIME", "k"));
        // the largest time: rounded up as Redis replies, not overflowed to a negative number
        assertEquals(integer(1), r.call("PEXPIREAT", "k", "9223372036854775807"));
        assertEquals(integer(9223372036854776L), r.call("EXPIRETIME", "k"));
        assertEquals(integer(Long.MAX_VALUE), r.call("PEXPIRETIME", "k"));
    }

    @Test
    void persistRemovesTheTtl() {
        assertEquals(integer(0), r.call("PERSIST", "k"));
        assertEquals(integer(0), r.call("PERSIST", "missing"));
        r.call("EXPIRE", "k", "100");
        assertEquals(integer(1), r.call("PERSIST", "k"));
        assertEquals(integer(-1), r.call("TTL", "k"));
    }

    @Test
    void conditions() {
        assertEquals(integer(0), r.call("EXPIRE", "k", "100", "XX"));
        assertEquals(integer(0), r.call("EXPIRE", "k", "100", "GT"), "no TTL counts as infinite");
        assertEquals(integer(1), r.call("EXPIRE", "k", "100", "LT"));
        assertEquals(integer(0), r.call("EXPIRE", "k", "200", "NX"));
        assertEquals(integer(0), r.call("EXPIRE", "k", "50", "gt"));
        assertEquals(integer(1), r.call("EXPIRE", "k", "200", "gt"));
        assertEquals(integer(0), r.call("EXPIRE", "k", "300", "lt"));
        assertEquals(integer(1), r.call("EXPIRE", "k", "150", "XX", "LT"));
        assertEquals(integer(150), r.call("TTL", "k"));
        r.call("PERSIST", "k");
        assertEquals(integer(1), r.call("EXPIRE", "k", "100", "NX"));
        assertEquals(integer(0), r.call("EXPIRE", "missing", "100"));
    }

    @Test
    void optionErrorsComeBeforeTheTimeIsParsed() {
        assertEquals(error("ERR Unsupported option foo"), r.call("EXPIRE", "k", "abc", "foo"));
        assertEquals(error("ERR Unsupported option f"), r.call("EXPIRE".getBytes(), "k".getBytes(), "1".getBytes(), new byte[] {'f', 0, 'x'}));
        String nxWith = error("ERR NX and XX, GT or LT options at the same time are not compatible");
        assertEquals(nxWith, r.call("EXPIRE", "k", "10", "NX", "XX"));
        assertEquals(nxWith, r.call("EXPIRE", "k", "10", "NX", "GT"));
        assertEquals(nxWith, r.call("PEXPIRE", "k", "10", "lt", "nx"));
        assertEquals(error("ERR GT and LT options at the same time are not compatible"), r.call("EXPIREAT", "k", "10", "GT", "LT"));
        assertEquals(error("ERR value is not an integer or out of range"), r.call("EXPIRE", "k", "abc", "NX"));
        assertEquals(error("ERR value is not an integer or out of range"), r.call("EXPIRE", "k", ""));
    }

    @Test
    void overflowErrorsNameTheCommand() {
        assertEquals(error("ERR invalid expire time in 'expire' command"), r.call("EXPIRE", "k", "9223372036854775807"));
        assertEquals(error("ERR invalid expire time in 'expire' command"), r.call("EXPIRE", "k", "-9223372036854775808"));
        assertEquals(error("ERR invalid expire time in 'pexpire' command"), r.call("PEXPIRE", "k", "9223372036854775807"));
        assertEquals(error("ERR invalid expire time in 'expireat' command"), r.call("EXPIREAT", "k", "9223372036854776"));
        assertEquals(integer(1), r.call("EXPIREAT", "k", "9223372036854775"));
        assertEquals(integer(1), r.call("PEXPIREAT", "k", "9223372036854775807"));
        assertEquals(integer(9223372036854775807L), r.call("PEXPIRETIME", "k"));
    }

    @Test
    void pastTimesDeleteTheKey() {
        assertEquals(integer(1), r.call("EXPIRE", "k", "-1"));
        assertEquals(integer(0), r.call("EXISTS", "k"));
        r.call("SET", "k", "v");
        assertEquals(integer(1), r.call("PEXPIREAT", "k", "-9223372036854775808"));
        assertEquals(integer(0), r.call("EXISTS", "k"));
        r.call("SET", "k", "v");
        r.call("EXPIRE", "k", "100");
        assertEquals(integer(0), r.call("EXPIRE", "k", "0", "GT"));
        assertEquals(integer(1), r.call("EXPIRE", "k", "0", "LT"));
        assertEquals(integer(-2), r.call("TTL", "k"));
    }

    @Test
    void expiredKeysVanishOnAccess() throws InterruptedException {
        r.call("PEXPIRE", "k", "20");
        Thread.sleep(40);
        assertEquals(integer(0), r.call("EXISTS", "k"));
        assertEquals(integer(0), r.call("PERSIST", "k"), "an expired key cannot be made persistent again");
    }

    @Test
    void activeExpiryRemovesKeysNobodyReads() throws InterruptedException {
        r.call("DEBUG", "SET-ACTIVE-EXPIRE", "0"); // nothing expires while the keys are being set, however slowly
        for (int i = 0; i < 100; i++) {
            r.call("SET", "v:" + i, "x");
            r.call("PEXPIRE", "v:" + i, "10");
        }
        Thread.sleep(20);
        assertEquals(integer(101), r.call("DBSIZE"));
        r.call("DEBUG", "SET-ACTIVE-EXPIRE", "1");
        long deadline = System.currentTimeMillis() + 5000;
        while (!r.call("DBSIZE").equals(integer(1)) && System.currentTimeMillis() < deadline) Thread.sleep(20);
        assertEquals(integer(1), r.call("DBSIZE"), "DBSIZE does not expire keys itself: the cron did");
    }
}
