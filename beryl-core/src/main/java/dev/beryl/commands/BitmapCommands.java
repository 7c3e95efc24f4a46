package dev.beryl.commands;

import dev.beryl.command.CommandGroup;
import dev.beryl.command.CommandTable;
import dev.beryl.engine.Client;
import dev.beryl.engine.Database;
import dev.beryl.engine.Dict;
import dev.beryl.engine.Errors;
import dev.beryl.pubsub.KeyspaceEvents;
import dev.beryl.resp.Numbers;
import dev.beryl.types.RawString;
import dev.beryl.types.Strings;

/**
 * Bitmap commands on string values (Redis's bitops.c): SETBIT, GETBIT, BITCOUNT, BITPOS, BITOP. Bit 0 is the
 * most significant bit of the first byte. Writes turn the value into a {@link RawString} grown with zero bytes.
 * BITFIELD lives in {@link Bitfield}.
 */
public final class BitmapCommands implements CommandGroup {
    private static final String BIT_OFFSET_ERR = "ERR bit offset is not an integer or out of range";
    private static final String BIT_VALUE_ERR = "ERR bit is not an integer or out of range";

    @Override
    public void register(CommandTable t) {
        t.command("setbit", 4).flags("write denyoom").acl("bitmap").group("bitmap").since("2.2.0")
                .keySpec("RW access update", "index 1", "range 0 1 0")
                .summary("Sets or clears the bit at an offset of a string value; creates the key if needed.")
                .complexity("O(1)").arguments("key:key offset:integer value:integer")
                .handler(BitmapCommands::setbit);
        t.command("getbit", 3).flags("readonly fast").acl("bitmap").group("bitmap").since("2.2.0")
                .keySpec("RO access", "index 1", "range 0 1 0")
                .summary("Returns the bit value at an offset of a string value.").complexity("O(1)")
                .arguments("key:key offset:integer").handler(BitmapCommands::getbit);
        t.command("bitcount", -2).flags("readonly").acl("bitmap").group("bitmap").since("2.6.0")
                .keySpec("RO access", "index 1", "range 0 1 0")
                .summary("Counts the set bits of a string value, optionally in a range.").complexity("O(N)")
                .history(new String[] {"7.0.0", "Added the `BYTE|BIT` option."})
                .arguments("key:key index:[start:integer end:integer [index_unit:BYTE|BIT]@7.0.0]")
                .handler(BitmapCommands::bitcount);
        t.command("bitpos", -3).flags("readonly").acl("bitmap").group("bitmap").since("2.8.7")
                .keySpec("RO access", "index 1", "range 0 1 0")
                .summary("Finds the first set (1) or clear (0) bit of a string value, optionally in a range.")
                .complexity("O(N)")
                .history(new String[] {"7.0.0", "Added the `BYTE|BIT` option."})
                .arguments("key:key bit:integer"
                        + " index:[start:integer end_index:[end:integer [index_unit:BYTE|BIT]@7.0.0]]")
                .handler(BitmapCommands::bitpos);
        t.command("bitop", -4).flags("write denyoom").acl("bitmap").group("bitmap").since("2.6.0")
                .keySpec("OW update", "index 2", "range 0 1 0").keySpec("RO access", "index 3", "range -1 1 0")
                .summary("Stores the bitwise AND, OR, XOR or NOT of string values in a key.").complexity("O(N)")
                .arguments("operation:string destkey:key key:key ...").handler(BitmapCommands::bitop);
        t.command("bitfield", -2).flags("write denyoom").acl("bitmap").group("bitmap").since("3.2.0")
                .keySpec("RW update access variable_flags", "index 1", "range 0 1 0",
                        "This command allows both access and modification of the key")
                .summary("Reads, writes and increments integer fields of any width in a string value.")
                .complexity("O(1) for each subcommand specified")
                .arguments("key:key operation:[encoding_offset:(GET encoding:string offset:integer)"
                        + "|write:([wrap_sat_fail:OVERFLOW WRAP|SAT|FAIL]"
                        + " write_operation:(encoding_offset_value:(SET encoding:string offset:integer value:integer)"
                        + "|encoding_offset_increment:(INCRBY encoding:string offset:integer increment:integer)))]...")
                .handler((c, argv) -> Bitfield.execute(c, argv, false));
        t.command("bitfield_ro", -2).flags("readonly fast").acl("bitmap").group("bitmap").since("6.0.0")
                .keySpec("RO access", "index 1", "range 0 1 0")
                .summary("Reads integer fields of any width in a string value.")
                .complexity("O(1) for each subcommand specified")
                .arguments("key:key [encoding_offset:GET encoding:string offset:integer]...")
                .handler((c, argv) -> Bitfield.execute(c, argv, true));
    }

    // ---- shared with Bitfield

    /**
     * Redis's getBitOffsetFromArgument: a bit offset below proto-max-bulk-len * 8; with {@code bits > 0} the
     * "#n" form means n * bits. Returns -1 after replying the error.
     */
    static long bitOffset(Client c, byte[] arg, int bits) {
        int skip = bits > 0 && arg.length > 0 && arg[0] == '#' ? 1 : 0;
        if (!Numbers.isLong(arg, skip, arg.length - skip)) {
            c.reply().error(BIT_OFFSET_ERR);
            return -1;
        }
        long offset = Numbers.parseLongUnchecked(arg, skip, arg.length - skip);
        if (skip == 1) offset *= bits;
        // Beyond proto-max-bulk-len Redis refuses; beyond a Java array we must refuse too.
        long maxBytes = Math.min(c.engine().config().getLong("proto-max-bulk-len"), Integer.MAX_VALUE - 16);
        if (offset < 0 || (offset >> 3) >= maxBytes) {
            c.reply().error(BIT_OFFSET_ERR);
            return -1;
        }
        return offset;
    }

    /**
     * A string grown to hold a bit, and whether creating or growing it already changed the key. Callers that
     * change it signal the key as modified themselves.
     */
    record Target(RawString value, boolean grown) {}

    /**
     * A BITCOUNT / BITPOS range resolved against a string of strlen bytes, as Redis does: negative indexes count from
     * the end, then clamp. In BIT mode start and end become the edge bytes, and the masks the bits of those bytes
     * outside the range.
     */
    private record ByteRange(long start, long end, int firstMask, int lastMask) {
        static ByteRange of(long start, long end, long strlen, boolean isBit) {
            long total = isBit ? strlen << 3 : strlen;
            if (start < 0) start = total + start;
            if (end < 0) end = total + end;
            if (start < 0) start = 0;
            if (end < 0) end = 0;
            if (end >= total) end = total - 1;
            if (!isBit || start > end) return new ByteRange(start, end, 0, 0);
            return new ByteRange(start >> 3, end >> 3, ~((1 << (8 - (int) (start & 7))) - 1) & 0xFF, (1 << (7 - (int) (end & 7))) - 1);
        }
    }

    /** The index unit, BIT (true) or BYTE (false); null once a syntax error is replied. */
    private static Boolean isBit(Client c, byte[] unit) {
        if (CommandTable.is(unit, "BIT")) return true;
        if (CommandTable.is(unit, "BYTE")) return false;
        c.reply().error(Errors.SYNTAX);
        return null;
    }

    /**
     * Redis's lookupStringForBitCommand: the key's string, created or zero-padded so that bit maxBit exists, as
     * a RawString to modify in place. Null after a WRONGTYPE reply.
     */
    static Target bitTarget(Client c, byte[] key, long maxBit) {
        Database db = c.db();
        Dict.Node<Object> n = db.lookupWriteNode(key);
        if (n == null) {
            RawString r = RawString.zeros((int) (maxBit >> 3) + 1);
            db.add(key, r);
            return new Target(r, true);
        }
        if (StringCommands.wrongType(c, n.value)) return null;
        RawString r = StringCommands.unshare(n);
        int before = r.length();
        r.growZero((int) (maxBit >> 3) + 1);
        return new Target(r, r.length() != before);
    }

    // ---- commands

    static void setbit(Client c, byte[][] argv) {
        long offset = bitOffset(c, argv[2], 0);
        if (offset < 0) return;
        if (!Numbers.isLong(argv[3])) {
            c.reply().error(BIT_VALUE_ERR);
            return;
        }
        long on = Numbers.parseLongUnchecked(argv[3], 0, argv[3].length);
        if ((on & ~1L) != 0) {
            c.reply().error(BIT_VALUE_ERR);
            return;
        }
        Target t = bitTarget(c, argv[1], offset);
        if (t == null) return;
        int index = (int) (offset >> 3);
        int mask = 1 << (7 - (int) (offset & 7));
        int old = t.value().array()[index] & 0xFF;
        boolean was = (old & mask) != 0;
        if (t.grown() || was != (on == 1)) {
            t.value().setByte(index, (byte) (on == 1 ? old | mask : old & ~mask));
            c.db().signalModified(argv[1]);
            c.keyspaceEvent(KeyspaceEvents.STRING, "setbit", argv[1]);
            c.engine().stats().dirty++;
        }
        c.reply().integer(was ? 1 : 0);
    }

    static void getbit(Client c, byte[][] argv) {
        long offset = bitOffset(c, argv[2], 0);
        if (offset < 0) return;
        Object v = c.db().lookupRead(argv[1]);
        if (v == null) {
            c.reply().integer(0);
            return;
        }
        if (StringCommands.wrongType(c, v)) return;
        long index = offset >> 3;
        int bit = 0;
        if (index < Strings.length(v)) bit = (Strings.array(v)[(int) index] >> (7 - (int) (offset & 7))) & 1;
        c.reply().integer(bit);
    }

    static void bitcount(Client c, byte[][] argv) {
        Object v = c.db().lookupRead(argv[1]);
        if (v == null) {
            c.reply().integer(0);
            return;
        }
        if (StringCommands.wrongType(c, v)) return;
        byte[] p = Strings.array(v);
        long strlen = Strings.length(v);
        ByteRange r;
        if (argv.length == 4 || argv.length == 5) {
            Long s = StringCommands.parseLong(c, argv[2]);
            if (s == null) return;
            Long e = StringCommands.parseLong(c, argv[3]);
            if (e == null) return;
            if (s < 0 && e < 0 && s > e) {
                c.reply().integer(0);
                return;
            }
            Boolean isBit = argv.length == 5 ? isBit(c, argv[4]) : Boolean.FALSE;
            if (isBit == null) return;
            r = ByteRange.of(s, e, strlen, isBit);
        } else if (argv.length == 2) {
            r = new ByteRange(0, strlen - 1, 0, 0);
        } else {
            c.reply().error(Errors.SYNTAX);
            return;
        }
        if (r.start() > r.end()) {
            c.reply().integer(0);
            return;
        }
        int start = (int) r.start(), end = (int) r.end();
        long count = popcount(p, start, end - start + 1);
        if (r.firstMask() != 0) count -= Integer.bitCount(p[start] & r.firstMask());
        if (r.lastMask() != 0) count -= Integer.bitCount(p[end] & r.lastMask());
        c.reply().integer(count);
    }

    static void bitpos(Client c, byte[][] argv) {
        Long bitArg = StringCommands.parseLong(c, argv[2]);
        if (bitArg == null) return;
        if (bitArg != 0 && bitArg != 1) {
            c.reply().error("ERR The bit argument must be 1 or 0.");
            return;
        }
        int bit = (int) (long) bitArg;
        Object v = c.db().lookupRead(argv[1]);
        if (v == null) {
            c.reply().integer(bit == 1 ? -1 : 0);
            return;
        }
        if (StringCommands.wrongType(c, v)) return;
        byte[] p = Strings.array(v);
        long strlen = Strings.length(v);
        ByteRange r;
        boolean endGiven = argv.length >= 5;
        if (argv.length >= 4 && argv.length <= 6) {
            Long s = StringCommands.parseLong(c, argv[3]);
            if (s == null) return;
            Boolean isBit = argv.length == 6 ? isBit(c, argv[5]) : Boolean.FALSE;
            if (isBit == null) return;
            long end;
            if (endGiven) {
                Long e = StringCommands.parseLong(c, argv[4]);
                if (e == null) return;
                end = e;
            } else {
                end = isBit ? (strlen << 3) + 7 : strlen - 1;
            }
            r = ByteRange.of(s, end, strlen, isBit);
        } else if (argv.length == 3) {
            r = new ByteRange(0, strlen - 1, 0, 0);
        } else {
            c.reply().error(Errors.SYNTAX);
            return;
        }
        if (r.start() > r.end()) {
            c.reply().integer(-1);
            return;
        }
        long start = r.start(), end = r.end();
        int firstMask = r.firstMask(), lastMask = r.lastMask();
        // The range's edge bytes are searched with the bits outside the range forced to the opposite value.
        long bytes = end - start + 1;
        long pos;
        searched:
        {
            if (firstMask != 0) {
                int b = p[(int) start] & 0xFF;
                b = bit == 1 ? b & ~firstMask : b | firstMask;
                if (lastMask != 0 && bytes == 1) b = bit == 1 ? b & ~lastMask : b | lastMask;
                pos = firstBit(new byte[] {(byte) b}, 0, 1, bit);
                if (bytes == 1 || (pos != -1 && pos != 8)) break searched;
                start++;
                bytes--;
            }
            long middle = bytes - (lastMask != 0 ? 1 : 0);
            if (middle > 0) {
                pos = firstBit(p, (int) start, (int) middle, bit);
                if (bytes == middle || (pos != -1 && pos != middle << 3)) break searched;
                start += middle;
                bytes -= middle;
            }
            int b = p[(int) end] & 0xFF;
            b = bit == 1 ? b & ~lastMask : b | lastMask;
            pos = firstBit(new byte[] {(byte) b}, 0, 1, bit);
        }
        // With an explicit end, the bits after the range are not the implied zero padding: no clear bit found.
        if (endGiven && bit == 0 && pos == bytes << 3) {
            c.reply().integer(-1);
            return;
        }
        if (pos != -1) pos += start << 3;
        c.reply().integer(pos);
    }

    static void bitop(Client c, byte[][] argv) {
        byte[] name = argv[1];
        int op;
        if (CommandTable.is(name, "AND")) op = 0;
        else if (CommandTable.is(name, "OR")) op = 1;
        else if (CommandTable.is(name, "XOR")) op = 2;
        else if (CommandTable.is(name, "NOT")) op = 3;
        else {
            c.reply().error(Errors.SYNTAX);
            return;
        }
        if (op == 3 && argv.length != 4) {
            c.reply().error("ERR BITOP NOT must be called with a single source key.");
            return;
        }
        int n = argv.length - 3;
        byte[][] src = new byte[n][];
        int[] len = new int[n];
        int maxLen = 0;
        for (int j = 0; j < n; j++) {
            Object v = c.db().lookupRead(argv[j + 3]);
            if (v == null) continue;
            if (StringCommands.wrongType(c, v)) return;
            src[j] = Strings.array(v);
            len[j] = Strings.length(v);
            maxLen = Math.max(maxLen, len[j]);
        }
        Database db = c.db();
        if (maxLen > 0) {
            RawString res = RawString.zeros(maxLen);
            for (int i = 0; i < maxLen; i++) {
                int out = i < len[0] ? src[0][i] : 0;
                if (op == 3) out = ~out;
                for (int j = 1; j < n; j++) {
                    int b = i < len[j] ? src[j][i] : 0;
                    if (op == 0) out &= b;
                    else if (op == 1) out |= b;
                    else out ^= b;
                }
                res.array()[i] = (byte) out;
            }
            db.set(argv[2], res);
            c.keyspaceEvent(KeyspaceEvents.STRING, "set", argv[2]);
            c.engine().stats().dirty++;
        } else if (db.delete(argv[2])) {
            c.keyspaceEvent(KeyspaceEvents.GENERIC, "del", argv[2]);
            c.engine().stats().dirty++;
        }
        c.reply().integer(maxLen);
    }

    // ---- bit scanning

    /** Set bits in n bytes from off (Redis's redisPopcount). */
    static long popcount(byte[] p, int off, int n) {
        long bits = 0;
        int i = off, end = off + n;
        for (; i + 8 <= end; i += 8) {
            long w = 0;
            for (int k = 0; k < 8; k++) w = (w << 8) | (p[i + k] & 0xFF);
            bits += Long.bitCount(w);
        }
        for (; i < end; i++) bits += Integer.bitCount(p[i] & 0xFF);
        return bits;
    }

    /**
     * Position of the first bit equal to {@code bit} in n bytes from off (Redis's redisBitpos): when there is
     * none, -1 for a 1 and n * 8 for a 0 (the string counts as zero-padded on the right).
     */
    static long firstBit(byte[] p, int off, int n, int bit) {
        int skip = bit == 1 ? 0 : 0xFF;
        for (int i = 0; i < n; i++) {
            int b = p[off + i] & 0xFF;
            if (b != skip) {
                int k = 0;
                while (((b >> (7 - k)) & 1) != bit) k++;
                return (long) i * 8 + k;
            }
        }
        return bit == 1 ? -1 : (long) n * 8;
    }
}
