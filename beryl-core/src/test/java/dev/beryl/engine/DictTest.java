package dev.beryl.engine;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DictTest {
    private static byte[] k(int i) { return ("key:" + i).getBytes(StandardCharsets.US_ASCII); }

    @Test
    void putGetRemoveByContent() {
        Dict<Integer> d = new Dict<>();
        for (int i = 0; i < 10_000; i++) assertNull(d.put(k(i), i));
        assertEquals(10_000, d.size());
        assertEquals(77, d.get(k(77)));
        assertEquals(77, d.put(k(77), 78));
        for (int i = 0; i < 9_990; i++) assertEquals(i == 77 ? 78 : i, d.remove(k(i)));
        assertEquals(10, d.size());
        while (d.rehashStep(100)) {
            // let a pending shrink finish
        }
        assertTrue(d.buckets() < 1024, "table shrinks when sparse");
        assertEquals(9_995, d.get(k(9_995)));
    }

    @Test
    void aPresizedDictKeepsItsTableWhileItIsFilled() {
        Dict<Integer> d = new Dict<>();
        d.expand(40_000);
        assertEquals(65_536, d.buckets());
        assertTrue(!d.isRehashing(), "expand finishes its resize at once");
        for (int i = 0; i < 40_000; i++) d.put(k(i), i); // lookups step resizes: none may start a shrink here
        assertEquals(65_536, d.buckets());
        assertTrue(!d.isRehashing());
    }

    @Test
    void scanVisitsEveryKeyPresentThroughoutEvenAcrossResizes() {
        Dict<Integer> d = new Dict<>();
        for (int i = 0; i < 1000; i++) d.put(k(i), i);
        Set<Integer> seen = new HashSet<>();
        long cursor = 0;
        int step = 0;
        do {
            cursor = d.scan(cursor, n -> seen.add(n.value));
            step++;
            if (step == 50) for (int i = 1000; i < 5000; i++) d.put(k(i), i);   // grow mid-scan
            if (step == 300) for (int i = 1000; i < 5000; i++) d.remove(k(i));  // shrink mid-scan
        } while (cursor != 0);
        for (int i = 0; i < 1000; i++) assertTrue(seen.contains(i), "missing " + i);
    }

    @Test
    void growsIncrementallyWithoutLosingEntries() {
        Dict<Integer> d = new Dict<>();
        int rehashingSeen = 0;
        for (int i = 0; i < 100_000; i++) {
            d.put(k(i), i);
            if (d.isRehashing()) rehashingSeen++;
            if (i % 997 == 0) assertEquals(i / 2, d.get(k(i / 2)), "lookup while rehashing");
        }
        assertTrue(rehashingSeen > 0, "resizes are spread over later operations");
        for (int i = 0; i < 100_000; i++) assertEquals(i, d.get(k(i)));
        int[] count = {0};
        d.forEach(n -> count[0]++);
        assertEquals(100_000, count[0]);
        for (int i = 0; i < 100_000; i += 2) assertEquals(i, d.remove(k(i)));
        for (int i = 0; i < 100_000; i++) assertEquals(i % 2 == 0 ? null : (Integer) i, d.get(k(i)));
    }

    @Test
    void scanCoversEverythingWhileRehashing() {
        Dict<Integer> d = new Dict<>();
        for (int i = 0; i < 1024; i++) d.put(k(i), i); // fills the table: the next insert starts a grow
        d.put(k(-1), -1);
        assertTrue(d.isRehashing());
        Set<Integer> seen = new HashSet<>();
        long cursor = 0;
        do {
            cursor = d.scan(cursor, n -> seen.add(n.value));
        } while (cursor != 0);
        for (int i = -1; i < 1024; i++) assertTrue(seen.contains(i), "missing " + i);
    }

    @Test
    void randomReturnsMembers() {
        Dict<Integer> d = new Dict<>();
        assertNull(d.random(new SplittableRandom(1)));
        for (int i = 0; i < 100; i++) d.put(k(i), i);
        Set<Integer> seen = new HashSet<>();
        SplittableRandom r = new SplittableRandom(7);
        for (int i = 0; i < 2000; i++) seen.add(d.random(r).value);
        assertTrue(seen.size() > 90);
        assertNotNull(d.find(k(5)));
    }

    @Test
    void fairRandomIsUniformOnASmallTableWithChains() {
        Dict<Integer> d = new Dict<>();
        for (int i = 0; i < 10; i++) d.put(k(i), i); // 10 entries in 16 buckets: some chains of two
        SplittableRandom rnd = new SplittableRandom(5);
        int[] hits = new int[10];
        int samples = 100_000;
        for (int i = 0; i < samples; i++) hits[d.fairRandom(rnd).value]++;
        double chiSquare = 0;
        for (int h : hits) chiSquare += Math.pow(h - samples / 10.0, 2) / (samples / 10.0);
        assertTrue(chiSquare < 40, "chi-square " + chiSquare); // the bound the Redis suite uses, df = 9
    }
}
