package dev.beryl.commands;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static dev.beryl.commands.CommandCalls.error;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MemoryCommandsTest {
    @RegisterExtension
    static final CommandCalls r = new CommandCalls();

    private static long usage(String... args) {
        String[] argv = new String[args.length + 2];
        argv[0] = "MEMORY";
        argv[1] = "USAGE";
        System.arraycopy(args, 0, argv, 2, args.length);
        String reply = r.call(argv);
        assertTrue(reply.startsWith(":"), reply);
        return Long.parseLong(reply.substring(1, reply.length() - 2));
    }

    @Test
    void usageGrowsWithTheValue() {
        r.call("SET", "small", "x");
        r.call("SET", "large", "x".repeat(1000));
        assertTrue(usage("large") > usage("small") + 990);
        r.call("HSET", "h", "a", "1");
        long one = usage("h");
        for (int i = 0; i < 1000; i++) r.call("HSET", "h", "f" + i, "v" + i);
        assertTrue(usage("h") > one + 1000 * 10);
        long all = usage("h", "SAMPLES", "0");
        assertTrue(Math.abs(all - usage("h")) < all / 2, "sampling estimates the whole");
        assertEquals("$-1\r\n", r.call("MEMORY", "USAGE", "missing"));
    }

    @Test
    void usageOptions() {
        r.call("SET", "k", "v");
        assertEquals(error("ERR syntax error"), r.call("MEMORY", "USAGE", "k", "SAMPLES", "-1"));
        assertEquals(error("ERR syntax error"), r.call("MEMORY", "USAGE", "k", "foo"));
        assertEquals(error("ERR syntax error"), r.call("MEMORY", "USAGE", "k", "SAMPLES"));
        assertEquals(error("ERR value is not an integer or out of range"), r.call("MEMORY", "USAGE", "k", "SAMPLES", "x"));
        assertTrue(r.call("MEMORY", "HELP").startsWith("*14\r\n+MEMORY <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n"));
    }
}
