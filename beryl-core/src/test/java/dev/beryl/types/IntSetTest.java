package dev.beryl.types;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IntSetTest {
    @Test
    void upgradesWidthAndKeepsOrder() {
        IntSet s = new IntSet();
        assertTrue(s.add(5));
        assertTrue(s.add(-3));
        assertFalse(s.add(5));
        assertEquals(2, s.width());
        assertEquals(8 + 2 * 2, s.bytes());
        assertTrue(s.add(100000));          // above every element: appended after widening
        assertEquals(4, s.width());
        assertTrue(s.add(Long.MIN_VALUE));  // below every element: prepended
        assertEquals(8, s.width());
        assertEquals(8 + 4 * 8, s.bytes());
        long[] expected = {Long.MIN_VALUE, -3, 5, 100000};
        for (int i = 0; i < expected.length; i++) assertEquals(expected[i], s.get(i));
        assertTrue(s.remove(Long.MIN_VALUE));
        assertEquals(8, s.width()); // never downgrades
        assertFalse(s.contains(Long.MAX_VALUE));
        assertFalse(s.remove(Long.MAX_VALUE));
    }

    @Test
    void randomOperationsMatchATreeSet() {
        SplittableRandom rnd = new SplittableRandom(7);
        for (int round = 0; round < 30; round++) {
            IntSet s = new IntSet();
            TreeSet<Long> model = new TreeSet<>();
            for (int op = 0; op < 2000; op++) {
                long v = switch (rnd.nextInt(3)) {
                    case 0 -> rnd.nextInt(-300, 300);
                    case 1 -> rnd.nextInt();
                    default -> rnd.nextLong();
                };
                if (rnd.nextInt(3) == 0) assertEquals(model.remove(v), s.remove(v));
                else assertEquals(model.add(v), s.add(v));
                if (op % 100 == 0) assertEquals(model.contains(v), s.contains(v));
            }
            assertEquals(model.size(), s.size());
            int i = 0;
            for (long v : model) {
                assertEquals(v, s.get(i++));
                assertTrue(s.contains(v));
            }
            IntSet copy = s.copy();
            s.add(Long.MAX_VALUE - 1);
            assertEquals(model.size(), copy.size());
            if (!model.isEmpty()) assertTrue(model.contains(copy.random(rnd)));
        }
    }
}
