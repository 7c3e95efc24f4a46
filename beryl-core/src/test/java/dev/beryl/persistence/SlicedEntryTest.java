package dev.beryl.persistence;

import dev.beryl.config.Config;
import dev.beryl.engine.Dict;
import dev.beryl.types.HashValue;
import dev.beryl.types.Quicklist;
import dev.beryl.types.SetValue;
import dev.beryl.types.ZSetValue;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A big collection encoded a slice at a time decodes to the same value as the one-go encoding. */
class SlicedEntryTest {
    private static final int N = 3 * SlicedEntry.MIN_ELEMENTS;

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** The entry's bytes, encoded 100 elements at a time, {@code between} run after each slice. */
    private static byte[] inSlices(SlicedEntry e, Runnable between) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int slices = 0;
        boolean done;
        do {
            done = e.encode(100);
            out.write(e.take());
            slices++;
            between.run();
        } while (!done);
        assertTrue(slices > 10, "encoded over many slices");
        return out.toByteArray();
    }

    /** Encodes {@code value} in slices of 100 elements, running {@code between} after each slice. */
    private static Object roundTrip(Object value, Consumer<Object> between) throws IOException {
        Dict.Node<Object> node = new Dict<Object>().add(b("big"), value);
        assertTrue(SlicedEntry.wanted(value));
        byte[] sliced = inSlices(new SlicedEntry(node, 1_900_000_000_000L, -1, -1, true, false), () -> between.accept(value));
        byte[] whole = RdbWriter.encode(b("big"), value, 1_900_000_000_000L, -1, -1, true);
        assertEquals(whole.length, sliced.length, "same size as the one-go encoding");
        RdbInput in = new RdbInput(sliced, sliced.length);
        assertEquals(RdbConstants.OPCODE_EXPIRETIME_MS, in.u8());
        in.millis();
        int type = in.u8();
        assertEquals(ValueCodec.type(value), type);
        assertArrayEquals(b("big"), in.string());
        // loaded lists keep their nodes LZF-compressed beyond the ends, as the original
        return ValueCodec.read(in, type, LoadSettings.of(new Config(k -> k.equals("list-compress-depth") ? "1" : null)));
    }

    @Test
    void aSetWhoseTableIsRehashingIsReadDuringTheSlicesAndComesOutWhole() throws IOException {
        SetValue set = SetValue.createHashtable();
        int n = 0;
        while (!(set.dict().isRehashing() && n > N)) set.add(b("member:" + n++), 0);
        assertTrue(set.dict().isRehashing());
        int size = n;
        // lookups would move buckets between the tables and make the cursor see members twice or not at all
        Object loaded = roundTrip(set, v -> {
            for (int i = 0; i < 50; i++) assertTrue(set.contains(b("member:" + (i * 7919) % size)));
        });
        assertTrue(set.dict().isRehashing(), "paused while encoding");
        assertSame(set, loaded);
        set.contains(b("member:1"));
        for (int i = 0; i < 100_000 && set.dict().isRehashing(); i++) set.contains(b("member:1"));
        assertFalse(set.dict().isRehashing(), "rehashing resumes once the entry is complete");
    }

    @Test
    void hashZsetAndListComeOutWhole() throws IOException {
        HashValue h = new HashValue();
        h.convertToDict();
        ZSetValue z = ZSetValue.create(false);
        Quicklist q = new Quicklist(-2, 1);
        for (int i = 0; i < N; i++) {
            h.set(b("field:" + i), b("value:" + i), 0, 0);
            z.add(i * 0.5, b("member:" + i), 0, 0, 0);
            q.push(b("element:" + i), false);
        }
        for (Object v : new Object[] {h, z, q}) assertSame(v, roundTrip(v, x -> { }));
    }

    @Test
    void aBigListAsCommandsIsTheSameRpushBatchesAsTheOneGoRewrite() throws IOException {
        Quicklist q = new Quicklist(-2, 1); // inner nodes LZF-compressed: they are inflated for the commands
        for (int i = 0; i < N; i++) q.push(b("element:" + i), false);
        Dict.Node<Object> node = new Dict<Object>().add(b("big"), q);
        byte[] bytes = inSlices(new SlicedEntry(node, 1_900_000_000_000L, -1, -1, true, true), () -> { });
        String sliced = new String(bytes, StandardCharsets.ISO_8859_1);
        assertEquals(new String(AofCommandFormat.encode(b("big"), q, 1_900_000_000_000L), StandardCharsets.ISO_8859_1), sliced);
        assertTrue(sliced.startsWith("*66\r\n$5\r\nRPUSH\r\n$3\r\nbig\r\n$9\r\nelement:0\r\n"));
        assertTrue(sliced.endsWith("*3\r\n$9\r\nPEXPIREAT\r\n$3\r\nbig\r\n$13\r\n1900000000000\r\n"));
    }

    /** Same contents: members and fields looked up (table order differs), ordered types by their encoding. */
    private static void assertSame(Object expected, Object loaded) {
        if (expected instanceof SetValue s) {
            SetValue l = (SetValue) loaded;
            assertEquals(s.size(), l.size());
            s.dict().forEach(n -> assertTrue(l.contains(n.key)));
        } else if (expected instanceof HashValue h) {
            HashValue l = (HashValue) loaded;
            assertEquals(h.size(), l.size());
            h.forEach((f, v) -> assertArrayEquals(v, l.get(f)));
        } else {
            assertArrayEquals(RdbWriter.encode(b("k"), expected, -1, -1, -1, false),
                    RdbWriter.encode(b("k"), loaded, -1, -1, -1, false));
        }
    }
}
