package dev.beryl.commands;

import dev.beryl.command.CommandTable;
import dev.beryl.engine.Client;
import dev.beryl.engine.Errors;
import dev.beryl.pubsub.KeyspaceEvents;
import dev.beryl.resp.Numbers;
import dev.beryl.resp.ReplyBuffer;
import dev.beryl.types.Strings;

import java.util.ArrayList;
import java.util.List;

/**
 * BITFIELD and BITFIELD_RO (Redis's bitfieldGeneric): signed (i1..i64) and unsigned (u1..u63) integers at any
 * bit offset of a string, read with GET, written with SET and INCRBY under the OVERFLOW WRAP|SAT|FAIL policy in
 * force when the operation was given. All operations are parsed (and refused) before any is executed.
 */
final class Bitfield {
    private static final int GET = 0, SET = 1, INCRBY = 2;
    private static final int WRAP = 0, SAT = 1, FAIL = 2;
    private static final String TYPE_ERR =
            "ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.";

    private record Op(int code, long offset, long value, int overflow, int bits, boolean signed) {}

    private Bitfield() {}

    static void execute(Client c, byte[][] argv, boolean readOnlyCommand) {
        List<Op> ops = new ArrayList<>();
        int overflow = WRAP;
        boolean readOnly = true;
        long highestWrite = 0;
        for (int j = 2; j < argv.length; j++) {
            int remaining = argv.length - j - 1;
            byte[] sub = argv[j];
            int code;
            if (CommandTable.is(sub, "GET") && remaining >= 2) {
                code = GET;
            } else if (CommandTable.is(sub, "SET") && remaining >= 3) {
                code = SET;
            } else if (CommandTable.is(sub, "INCRBY") && remaining >= 3) {
                code = INCRBY;
            } else if (CommandTable.is(sub, "OVERFLOW") && remaining >= 1) {
                byte[] type = argv[++j];
                if (CommandTable.is(type, "WRAP")) overflow = WRAP;
                else if (CommandTable.is(type, "SAT")) overflow = SAT;
                else if (CommandTable.is(type, "FAIL")) overflow = FAIL;
                else {
                    c.reply().error("ERR Invalid OVERFLOW type specified");
                    return;
                }
                continue;
            } else {
                c.reply().error(Errors.SYNTAX);
                return;
            }
            int type = type(argv[j + 1]);
            if (type == 0) {
                c.reply().error(TYPE_ERR);
                return;
            }
            boolean signed = type < 0;
            int bits = Math.abs(type);
            long offset = BitmapCommands.bitOffset(c, argv[j + 2], bits);
            if (offset < 0) return;
            long value = 0;
            if (code != GET) {
                readOnly = false;
                highestWrite = Math.max(highestWrite, offset + bits - 1);
                Long v = StringCommands.parseLong(c, argv[j + 3]);
                if (v == null) return;
                value = v;
            }
            ops.add(new Op(code, offset, value, overflow, bits, signed));
            j += code == GET ? 2 : 3;
        }

        byte[] data;
        int dataLen;
        BitmapCommands.Target target = null;
        if (readOnly) {
            Object v = c.db().lookupRead(argv[1]);
            if (StringCommands.wrongType(c, v)) return;
            data = v == null ? null : Strings.array(v);
            dataLen = v == null ? 0 : Strings.length(v);
        } else {
            if (readOnlyCommand) {
                c.reply().error("ERR BITFIELD_RO only supports the GET subcommand");
                return;
            }
            target = BitmapCommands.bitTarget(c, argv[1], highestWrite);
            if (target == null) return;
            data = target.value().array();
            dataLen = target.value().length();
        }

        ReplyBuffer r = c.reply();
        r.arrayHeader(ops.size());
        long changes = 0;
        for (Op op : ops) {
            if (op.code == GET) {
                long v = get(data, dataLen, op.offset, op.bits);
                r.integer(op.signed ? signExtend(v, op.bits) : v);
                continue;
            }
            long old = get(data, dataLen, op.offset, op.bits);
            if (op.signed) old = signExtend(old, op.bits);
            long[] limit = new long[1];
            int over;
            long newValue, reply;
            if (op.signed) {
                if (op.code == INCRBY) {
                    over = signedOverflow(old, op.value, op.bits, op.overflow, limit);
                    newValue = over != 0 ? limit[0] : old + op.value;
                    reply = newValue;
                } else {
                    newValue = op.value;
                    over = signedOverflow(newValue, 0, op.bits, op.overflow, limit);
                    if (over != 0) newValue = limit[0];
                    reply = old;
                }
            } else {
                if (op.code == INCRBY) {
                    newValue = old + op.value;
                    over = unsignedOverflow(old, op.value, op.bits, op.overflow, limit);
                    if (over != 0) newValue = limit[0];
                    reply = newValue;
                } else {
                    newValue = op.value;
                    over = unsignedOverflow(newValue, 0, op.bits, op.overflow, limit);
                    if (over != 0) newValue = limit[0];
                    reply = old;
                }
            }
            if (over != 0 && op.overflow == FAIL) {
                r.nullBulk();
                continue;
            }
            r.integer(reply);
            set(target.value().array(), op.offset, op.bits, newValue);
            if (target.grown() || old != newValue) changes++;
        }
        if (changes > 0) {
            c.db().signalModified(argv[1]);
            c.keyspaceEvent(KeyspaceEvents.STRING, "setbit", argv[1]);
        }
        c.engine().stats().dirty += changes;
    }

    /** Parses "i<bits>" (returned negative) or "u<bits>" (positive); 0 when invalid. */
    private static int type(byte[] t) {
        if (t.length == 0 || (t[0] != 'i' && t[0] != 'u')) return 0;
        int n = 1;
        while (n < t.length && t[n] != 0) n++; // Redis reads the width as a C string
        if (!Numbers.isLong(t, 1, n - 1)) return 0;
        long bits = Numbers.parseLongUnchecked(t, 1, n - 1);
        boolean signed = t[0] == 'i';
        if (bits < 1 || (signed && bits > 64) || (!signed && bits > 63)) return 0;
        return signed ? -(int) bits : (int) bits;
    }

    /** The unsigned value of a field; bytes past len read as zero. */
    private static long get(byte[] p, int len, long offset, int bits) {
        long v = 0;
        for (int j = 0; j < bits; j++, offset++) {
            long index = offset >> 3;
            int bit = index < len ? (p[(int) index] >> (7 - (int) (offset & 7))) & 1 : 0;
            v = (v << 1) | bit;
        }
        return v;
    }

    private static void set(byte[] p, long offset, int bits, long value) {
        for (int j = 0; j < bits; j++, offset++) {
            int bitval = (int) ((value >>> (bits - 1 - j)) & 1);
            int index = (int) (offset >> 3);
            int shift = 7 - (int) (offset & 7);
            p[index] = (byte) ((p[index] & ~(1 << shift)) | (bitval << shift));
        }
    }

    private static long signExtend(long v, int bits) {
        return bits < 64 && (v & (1L << (bits - 1))) != 0 ? v | (-1L << bits) : v;
    }

    /**
     * Redis's checkUnsignedBitfieldOverflow on 64-bit unsigned arithmetic: 1 on overflow, -1 on underflow,
     * 0 otherwise; limit[0] gets the wrapped or saturated value.
     */
    private static int unsignedOverflow(long value, long incr, int bits, int type, long[] limit) {
        long max = (1L << bits) - 1; // bits <= 63
        long maxIncr = max - value;
        long minIncr = -value;
        if (Long.compareUnsigned(value, max) > 0 || (incr > 0 && incr > maxIncr)) {
            if (type == WRAP) limit[0] = (value + incr) & max;
            else if (type == SAT) limit[0] = max;
            return 1;
        }
        if (incr < 0 && incr < minIncr) {
            if (type == WRAP) limit[0] = (value + incr) & max;
            else if (type == SAT) limit[0] = 0;
            return -1;
        }
        return 0;
    }

    /** Redis's checkSignedBitfieldOverflow, same contract as {@link #unsignedOverflow}. */
    private static int signedOverflow(long value, long incr, int bits, int type, long[] limit) {
        long max = bits == 64 ? Long.MAX_VALUE : (1L << (bits - 1)) - 1;
        long min = -max - 1;
        long maxIncr = max - value;
        long minIncr = min - value;
        int result = 0;
        if (value > max || (bits != 64 && incr > maxIncr) || (value >= 0 && incr > 0 && incr > maxIncr)) {
            result = 1;
            if (type == SAT) limit[0] = max;
        } else if (value < min || (bits != 64 && incr < minIncr) || (value < 0 && incr < 0 && incr < minIncr)) {
            result = -1;
            if (type == SAT) limit[0] = min;
        }
        if (result != 0 && type == WRAP) {
            long sum = value + incr;
            if (bits < 64) {
                long mask = -1L << bits;
                sum = (sum & (1L << (bits - 1))) != 0 ? sum | mask : sum & ~mask;
            }
            limit[0] = sum;
        }
        return result;
    }
}
