package dev.beryl.commands;

import dev.beryl.resp.Numbers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;

import static dev.beryl.commands.CommandCalls.bulk;
import static dev.beryl.commands.CommandCalls.error;
import static dev.beryl.commands.CommandCalls.integer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ObjectCommandsTest {
    @RegisterExtension
    static final CommandCalls r = CommandCalls.emptyEachTest();

    @AfterEach
    void lru() { policy("noeviction"); }

    private static void policy(String p) {
        r.onEngine(() -> r.server.engine.config().set("maxmemory-policy", p));
    }

    /** Moves a key's access clock back, as if it had not been touched for a while. */
    private static void age(String key, int amount) {
        r.onEngine(() -> r.server.engine.database(9).rawNode(key.getBytes(StandardCharsets.US_ASCII)).lru -= amount);
    }

    @Test
    void encodingAndRefcount() {
        r.call("SET", "i", "12345");
        r.call("SET", "e", "hello");
        r.call("SET", "raw", "x".repeat(45));
        assertEquals(bulk("int"), r.call("OBJECT", "ENCODING", "i"));
        assertEquals(bulk("embstr"), r.call("OBJECT", "encoding", "e"));
        assertEquals(bulk("raw"), r.call("OBJECT", "ENCODING", "raw"));
        assertEquals("$-1\r\n", r.call("OBJECT", "ENCODING", "missing"));
        assertEquals(integer(1), r.call("OBJECT", "REFCOUNT", "i"));
        assertEquals("$-1\r\n", r.call("OBJECT", "REFCOUNT", "missing"));
        r.onEngine(() -> r.server.engine.database(9).set("shared".getBytes(), Numbers.toBytes(42)));
        assertEquals(integer(Integer.MAX_VALUE), r.call("OBJECT", "REFCOUNT", "shared"));
    }

    @Test
    void idletimeIsLeftAloneByTtlTypeExistsAndResetByTouch() {
        r.call("SET", "k", "v");
        age("k", 10);
        r.call("TTL", "k");
        r.call("TYPE", "k");
        r.call("EXISTS", "k");
        r.call("OBJECT", "ENCODING", "k");
        assertEquals(integer(10), r.call("OBJECT", "IDLETIME", "k"));
        r.call("TOUCH", "k");
        assertEquals(integer(0), r.call("OBJECT", "IDLETIME", "k"));
        age("k", 5);
        r.call("RENAME", "k", "k2");
        assertEquals(integer(0), r.call("OBJECT", "IDLETIME", "k2"), "RENAME accesses the key");
    }

    @Test
    void freqNeedsAnLfuPolicyAndIdletimeAnLruOne() {
        r.call("SET", "k", "v");
        assertEquals(error("ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust."),
                r.call("OBJECT", "FREQ", "k"));
        policy("allkeys-lfu");
        assertEquals(error("ERR An LFU maxmemory policy is selected, idle time not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust."),
                r.call("OBJECT", "IDLETIME", "k"));
        r.call("SET", "f", "v");
        assertEquals(integer(5), r.call("OBJECT", "FREQ", "f"), "new keys start at LFU_INIT_VAL");
        for (int i = 0; i < 200; i++) r.call("GET", "f");
        String freq = r.call("OBJECT", "FREQ", "f");
        assertTrue(Integer.parseInt(freq.substring(1, freq.length() - 2)) > 5, "the first hit always counts: " + freq);
        r.onEngine(() -> {
            long threeMinutesAgo = System.currentTimeMillis() / 60_000 - 3;
            r.server.engine.database(9).rawNode("f".getBytes()).lru = (int) (threeMinutesAgo & 65535) << 8 | 10;
        });
        assertEquals(integer(7), r.call("OBJECT", "FREQ", "f"), "one point of decay per minute (lfu-decay-time 1)");
    }

    @Test
    void helpAndSubcommandErrors() {
        String help = r.call("OBJECT", "HELP");
        assertTrue(help.startsWith("*15\r\n+OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n+ENCODING <key>\r\n"), help);
        assertTrue(help.endsWith("+HELP\r\n+    Prints this help.\r\n"), help);
        assertEquals(error("ERR unknown subcommand 'foo'. Try OBJECT HELP."), r.call("OBJECT", "foo", "k"));
        assertEquals(error("ERR wrong number of arguments for 'object|help' command"), r.call("OBJECT", "HELP", "x"));
        assertEquals(error("ERR wrong number of arguments for 'object|encoding' command"), r.call("OBJECT", "ENCODING"));
        assertEquals(error("ERR wrong number of arguments for 'object' command"), r.call("OBJECT"));
    }
}
