package dev.beryl.command;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KeySpecTest {
    private static final CommandHandler NOOP = (c, argv) -> { };

    private static CommandTable table() {
        return new CommandTable(t -> {
            t.command("mset", -3).flags("write").keySpec("OW update", "index 1", "range -1 2 0").handler(NOOP);
            t.command("zunionstore", -4).flags("write").keySpec("OW update", "index 1", "range 0 1 0")
                    .keySpec("RO access", "index 2", "keynum 0 1 1").handler(NOOP);
            t.command("sort", -2).flags("write").keySpec("RO access", "index 1", "range 0 1 0")
                    .keySpec("OW update", "keyword STORE 1", "range 0 1 0").handler(NOOP);
            t.command("get", 2).flags("readonly").keys(1, 1, 1).handler(NOOP);
            t.command("set", -3).flags("write").keySpec("RW access update variable_flags", "index 1", "range 0 1 0")
                    .keyFinder(new KeyFinder() {
                        @Override
                        public int[] keyPositions(byte[][] argv) {
                            return new int[] {1};
                        }

                        @Override
                        public String keyFlags(byte[][] argv, int position) {
                            for (byte[] a : argv) if (CommandTable.is(a, "get")) return "RW access update";
                            return "OW update";
                        }
                    }).handler(NOOP);
        });
    }

    private static byte[][] argv(String line) {
        String[] p = line.split(" ");
        byte[][] a = new byte[p.length][];
        for (int i = 0; i < p.length; i++) a[i] = p[i].getBytes();
        return a;
    }

    private static String keys(CommandSpec cmd, String line) {
        List<CommandKeys.Key> keys = CommandKeys.find(cmd, argv(line));
        if (keys == null) return null;
        StringBuilder b = new StringBuilder();
        for (CommandKeys.Key k : keys) b.append(k.pos()).append(k.flags()).append(' ');
        return b.toString().trim();
    }

    @Test
    void legacyRangeAndMovableKeysDerivedFromSpecs() {
        CommandTable t = table();
        CommandSpec mset = t.lookup("mset".getBytes());
        assertEquals(List.of(1, -1, 2), List.of(mset.firstKey(), mset.lastKey(), mset.keyStep()));
        assertFalse(mset.has(CommandFlag.MOVABLE_KEYS));
        CommandSpec zu = t.lookup("zunionstore".getBytes());
        assertEquals(List.of(1, 1, 1), List.of(zu.firstKey(), zu.lastKey(), zu.keyStep()));
        assertTrue(zu.has(CommandFlag.MOVABLE_KEYS));
        CommandSpec get = t.lookup("get".getBytes());
        assertEquals(1, get.keySpecs().size());
        assertEquals(KeySpec.Begin.INDEX, get.keySpecs().get(0).begin);
    }

    @Test
    void variableFlagsComeFromTheKeyFinder() {
        CommandSpec set = table().lookup("set".getBytes());
        assertFalse(set.has(CommandFlag.MOVABLE_KEYS));
        assertEquals("1[OW, UPDATE]", keys(set, "set k v"));
        assertEquals("1[RW, ACCESS, UPDATE]", keys(set, "set k v GET"));
    }

    @Test
    void keysFoundFromSpecs() {
        CommandTable t = table();
        assertEquals("1[OW, UPDATE] 3[OW, UPDATE]", keys(t.lookup("mset".getBytes()), "mset a 1 b 2"));
        assertEquals("1[OW, UPDATE] 3[RO, ACCESS] 4[RO, ACCESS]",
                keys(t.lookup("zunionstore".getBytes()), "zunionstore d 2 x y WEIGHTS 1 2"));
        assertNull(keys(t.lookup("zunionstore".getBytes()), "zunionstore d 5 x y"));
        assertEquals("1[RO, ACCESS] 3[OW, UPDATE]", keys(t.lookup("sort".getBytes()), "sort k1 store k2"));
        assertEquals("1[RO, ACCESS]", keys(t.lookup("sort".getBytes()), "sort k1"));
    }
}
