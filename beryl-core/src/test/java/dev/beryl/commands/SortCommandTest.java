package dev.beryl.commands;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static dev.beryl.commands.CommandCalls.NIL;
import static dev.beryl.commands.CommandCalls.bulk;
import static dev.beryl.commands.CommandCalls.error;
import static dev.beryl.commands.CommandCalls.integer;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** SORT and SORT_RO: replies compared byte for byte with Redis 7.0.15's. */
class SortCommandTest {
    @RegisterExtension
    static final CommandCalls r = CommandCalls.emptyEachTest();

    @BeforeEach
    void data() {
        r.call("RPUSH", "n", "3", "1", "2", "10", "-5", "1.5", " 7", "");
        r.call("SET", "w_3", "30");
        r.call("SET", "w_1", "10");
        r.call("HSET", "h_1", "f", "a");
    }

    private static String bulks(String... items) {
        StringBuilder b = new StringBuilder("*" + items.length + "\r\n");
        for (String s : items) b.append(s == null ? NIL : bulk(s));
        return b.toString();
    }

    @Test
    void numericAlphaAndLimits() {
        assertEquals(bulks("-5", "", "1", "1.5", "2", "3", " 7", "10"), r.call("SORT", "n"), "\"\" reads as 0, \" 7\" as 7");
        assertEquals(bulks("10", " 7", "3"), r.call("SORT", "n", "DESC", "LIMIT", "0", "3"));
        r.call("RPUSH", "m", "b", "B", "a", "10", "2");
        assertEquals(bulks("10", "2", "B", "a", "b"), r.call("SORT", "m", "ALPHA"));
        assertEquals(error("ERR One or more scores can't be converted into double"), r.call("SORT", "m"));
        assertEquals("*0\r\n", r.call("SORT", "none"));
    }

    @Test
    void byAndGetPatterns() {
        assertEquals(bulks("3", "1", "2", "10", "-5", "1.5", " 7", ""), r.call("SORT", "n", "BY", "nosort"));
        assertEquals(bulks(" 7", "1.5"), r.call("SORT", "n", "BY", "nosort", "DESC", "LIMIT", "1", "2"));
        // missing weights sort as 0, ties by the elements' bytes; w_1 = 10, w_3 = 30
        assertEquals(bulks("", null, " 7", null, "-5", null, "1.5", null, "10", null, "2", null, "1", "10", "3", "30"),
                r.call("SORT", "n", "BY", "w_*", "GET", "#", "GET", "w_*"));
        assertEquals(bulks(null, "a", null), r.call("SORT", "n", "BY", "nosort", "GET", "h_*->f", "LIMIT", "0", "3"));
    }

    @Test
    void storeSetsAndErrors() {
        assertEquals(integer(8), r.call("SORT", "n", "STORE", "dst"));
        assertEquals(bulks("-5", "", "1", "1.5", "2", "3", " 7", "10"), r.call("LRANGE", "dst", "0", "-1"));
        assertEquals(integer(0), r.call("SORT", "none", "STORE", "dst"));
        assertEquals(integer(0), r.call("EXISTS", "dst"), "an empty result deletes the destination");
        r.call("SADD", "s", "3", "1", "2");
        assertEquals(integer(3), r.call("SORT", "s", "BY", "nosort", "STORE", "d2"));
        assertEquals(bulks("1", "2", "3"), r.call("LRANGE", "d2", "0", "-1"), "a stored set is sorted even BY nosort");
        assertEquals(error("ERR syntax error"), r.call("SORT_RO", "n", "STORE", "x"));
        assertEquals(error("ERR value is not an integer or out of range"), r.call("SORT", "n", "LIMIT", "a", "1"));
        assertEquals(error("WRONGTYPE Operation against a key holding the wrong kind of value"), r.call("SORT", "w_1"));
        assertEquals("*2\r\n" + bulk("a") + bulk("e"), r.call("COMMAND", "GETKEYS", "SORT", "a", "STORE", "d", "LIMIT", "1", "2", "STORE", "e"));
    }

    @Test
    void scoresReadAsGlibcStrtod() {
        String refused = error("ERR One or more scores can't be converted into double");
        // accepted: hex, infinities, leading white space, text after a NUL, an exact subnormal, a value that
        // rounds up to the smallest normal (not tiny after rounding), a number longer than 5000 characters
        for (String v : new String[] {"0x1p3", "-INF", "infinity", "\t\f12", "7\0junk", "0x1p-1074", "0e-999999999999",
                "0x1.ffffffffffffffp-1023", "1.7976931348623158e308", "0".repeat(6000) + "1", "5.", "+.5"}) {
            r.call("DEL", "s");
            r.call("RPUSH", "s", v);
            assertEquals("*1\r\n" + bulk(v), r.call("SORT", "s"), v);
        }
        // refused: NaN, overflow, an underflow that loses precision (also to 0), trailing text, a lone exponent
        for (String v : new String[] {"nan", "1e400", "0x1p1024", "1.797693134862315808e308", "4.9e-324", "1e-400",
                "0x1.fffffffffffffp-1023", "0x1p-99999999999", "1e-99999999999", "12 ", "1e", "0x", "0x1p3d", "infinit"}) {
            r.call("DEL", "s");
            r.call("RPUSH", "s", v);
            assertEquals(refused, r.call("SORT", "s"), v);
        }
    }

    @Test
    void patternsEndAtNul() {
        r.call("DEL", "n");
        r.call("RPUSH", "n", "2", "1");
        r.call("SET", "q_2", "1");
        r.call("SET", "h_1\0->f", "plain");
        // "q_\0*" has no '*' for strchr: nothing to sort, the list's order
        assertEquals(bulks("2", "1"), r.call("SORT", "n", "BY", "q_\0*"));
        assertEquals(bulks("1", "2"), r.call("SORT", "n", "GET", "#\0x"));
        assertEquals(bulks(null, "plain"), r.call("SORT", "n", "BY", "nosort", "GET", "h_*\0->f"));
        // a constant BY stays in force even when a pattern BY follows
        assertEquals(bulks("2", "1"), r.call("SORT", "n", "BY", "nosort", "BY", "q_*"));
        assertEquals(bulks("1", "2"), r.call("SORT", "n", "BY", "q_*"));
    }
}
