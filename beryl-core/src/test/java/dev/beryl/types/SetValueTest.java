package dev.beryl.types;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SetValueTest {
    private static byte[] b(String s) { return s.getBytes(StandardCharsets.ISO_8859_1); }

    @Test
    void encodingFollowsTheMembers() {
        assertTrue(SetValue.createFor(b("17")).isIntSet());
        assertFalse(SetValue.createFor(b("foo")).isIntSet());
        assertFalse(SetValue.createFor(b("213244124402402314402033402")).isIntSet());

        SetValue s = SetValue.createIntSet();
        for (int i = 0; i < 3; i++) assertTrue(s.add(b(Integer.toString(i)), 3));
        assertTrue(s.isIntSet());
        assertFalse(s.add(b("2"), 3));
        assertTrue(s.add(b("3"), 3)); // one more than set-max-intset-entries
        assertFalse(s.isIntSet());

        SetValue t = SetValue.createIntSet();
        t.add(b("1"), 512);
        t.add(b("01"), 512); // not canonical: a string member
        assertFalse(t.isIntSet());
        assertTrue(t.contains(b("1")));
        assertTrue(t.contains(1));
        assertFalse(t.contains(b("001")));
    }

    @Test
    void randomOperationsMatchASetModelAcrossTheConversion() {
        SplittableRandom rnd = new SplittableRandom(11);
        for (int round = 0; round < 20; round++) {
            SetValue s = SetValue.createIntSet();
            Set<String> model = new HashSet<>();
            for (int op = 0; op < 800; op++) {
                String m = rnd.nextInt(50) == 0 ? "m" + rnd.nextInt(20) : Integer.toString(rnd.nextInt(-300, 300));
                if (rnd.nextInt(3) == 0) assertEquals(model.remove(m), s.remove(b(m)));
                else assertEquals(model.add(m), s.add(b(m), 256));
            }
            assertEquals(model.size(), s.size());
            Set<String> seen = new HashSet<>();
            s.forEach(m -> seen.add(new String(m, StandardCharsets.ISO_8859_1)));
            assertEquals(model, seen);
            for (String m : model) assertTrue(s.contains(b(m)));
            if (!model.isEmpty()) assertTrue(model.contains(new String(s.random(rnd), StandardCharsets.ISO_8859_1)));
            SetValue copy = s.copy();
            s.add(b("extra"), 256);
            assertEquals(model.size(), copy.size());
        }
    }
}
