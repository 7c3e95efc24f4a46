package dev.beryl.commands;

import dev.beryl.engine.Client;
import dev.beryl.engine.Errors;
import dev.beryl.resp.Numbers;

/**
 * The options of SET (NX XX GET EX PX EXAT PXAT KEEPTTL) and GETEX (EX PX EXAT PXAT PERSIST), parsed with the
 * exact combination rules of Redis's parseExtendedStringArgumentsOrReply, and the conversion of the expire
 * argument to an absolute unix time in ms.
 */
final class ExpireOptions {
    static final int NX = 1, XX = 1 << 1, EX = 1 << 2, PX = 1 << 3, KEEPTTL = 1 << 4, GET = 1 << 5,
            EXAT = 1 << 6, PXAT = 1 << 7, PERSIST = 1 << 8;
    private static final int ANY_EXPIRE = EX | PX | EXAT | PXAT;

    int flags;
    /** The EX/PX/EXAT/PXAT argument, or null. */
    byte[] expire;

    private ExpireOptions() {}

    boolean has(int flag) { return (flags & flag) != 0; }

    /** Parses argv from 3 (SET) or 2 (GETEX); replies a syntax error and returns null when invalid. */
    static ExpireOptions parse(Client c, byte[][] argv, boolean set) {
        ExpireOptions o = new ExpireOptions();
        for (int j = set ? 3 : 2; j < argv.length; j++) {
            byte[] a = argv[j];
            boolean next = j < argv.length - 1;
            int f = o.flags;
            if (set && is(a, "NX") && (f & XX) == 0) {
                o.flags |= NX;
            } else if (set && is(a, "XX") && (f & NX) == 0) {
                o.flags |= XX;
            } else if (set && is(a, "GET")) {
                o.flags |= GET;
            } else if (set && is(a, "KEEPTTL") && (f & (PERSIST | ANY_EXPIRE)) == 0) {
                o.flags |= KEEPTTL;
            } else if (!set && is(a, "PERSIST") && (f & (KEEPTTL | ANY_EXPIRE)) == 0) {
                o.flags |= PERSIST;
            } else if (next && (f & (KEEPTTL | PERSIST)) == 0 && expireOption(a, f) != 0) {
                o.flags |= expireOption(a, f);
                o.expire = argv[++j];
            } else {
                c.reply().error(Errors.SYNTAX);
                return null;
            }
        }
        return o;
    }

    /** The flag of an EX/PX/EXAT/PXAT token that may follow the flags already seen, else 0. */
    private static int expireOption(byte[] a, int seen) {
        int flag = is(a, "EX") ? EX : is(a, "PX") ? PX : is(a, "EXAT") ? EXAT : is(a, "PXAT") ? PXAT : 0;
        // The same option may repeat (the last one wins), a different one may not.
        return (seen & ANY_EXPIRE & ~flag) == 0 ? flag : 0;
    }

    private static boolean is(byte[] a, String token) {
        return dev.beryl.command.CommandTable.is(a, token);
    }

    /** The absolute expire time of the parsed option; -1 after replying an error. */
    long expireAt(Client c, String command) {
        return expireAt(c, expire, flags & ANY_EXPIRE, command);
    }

    /**
     * Redis's getExpireMillisecondsOrReply: converts an EX/PX (relative) or EXAT/PXAT (absolute) argument to
     * absolute unix ms; replies the error and returns -1 when it is not a positive integer or overflows.
     */
    static long expireAt(Client c, byte[] arg, int unit, String command) {
        if (!Numbers.isLong(arg)) {
            c.reply().error(Errors.NOT_INTEGER);
            return -1;
        }
        long ms = Numbers.parseLongUnchecked(arg, 0, arg.length);
        boolean seconds = unit == EX || unit == EXAT;
        if (ms <= 0 || (seconds && ms > Long.MAX_VALUE / 1000)) {
            c.reply().error(String.format(Errors.INVALID_EXPIRE, command));
            return -1;
        }
        if (seconds) ms *= 1000;
        if (unit == EX || unit == PX) ms += c.engine().commandTimeMs();
        if (ms <= 0) {
            c.reply().error(String.format(Errors.INVALID_EXPIRE, command));
            return -1;
        }
        return ms;
    }
}
