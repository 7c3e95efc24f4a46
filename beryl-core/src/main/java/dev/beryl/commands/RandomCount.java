package dev.beryl.commands;

import dev.beryl.command.CommandTable;
import dev.beryl.engine.Client;
import dev.beryl.engine.Dict;
import dev.beryl.engine.Errors;
import dev.beryl.resp.Numbers;
import dev.beryl.resp.ReplyBuffer;

import java.util.SplittableRandom;

/**
 * The count form of SRANDMEMBER, HRANDFIELD and ZRANDMEMBER, one algorithm as in Redis's srandmemberWithCountCommand
 * and its hash and zset twins: a negative count picks independently (repetitions allowed); a count at least the
 * size replies everything; one close to the size copies the collection and drops random entries; a smaller one
 * samples distinct entries, each type its own way.
 */
final class RandomCount {
    private static final String COUNT_RANGE =
            "ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807";
    /** Above this ratio of size to count, sample; below it, drop random entries from a copy. */
    private static final int SUB_STRATEGY_MUL = 3;

    private RandomCount() {
    }

    /** A collection as the count form sees it; V is what a copy keeps beside each key (value, score or nothing). */
    interface Entries<V> {
        int size();

        /** Replies count entries picked independently of each other. */
        void replyIndependent(SplittableRandom rnd, long count);

        void replyAll();

        void copyTo(Dict<V> copy);

        void reply(byte[] key, V value);

        /** Replies count distinct random entries, count well below the size. */
        void replyDistinct(SplittableRandom rnd, int count);
    }

    /** The count argument, or Long.MIN_VALUE (never a valid count) once an error is replied. */
    static long count(Client c, byte[] arg) {
        if (!Numbers.isLong(arg)) {
            c.reply().error(Errors.NOT_INTEGER);
            return Long.MIN_VALUE;
        }
        long l = Numbers.parseLongUnchecked(arg, 0, arg.length);
        if (l == Long.MIN_VALUE) c.reply().error(COUNT_RANGE);
        return l;
    }

    /** Like {@link #count} for "key count [option]", where the option doubles the reply (pairs). */
    static long countWithOption(Client c, byte[][] argv, String option) {
        long l = count(c, argv[2]);
        if (l == Long.MIN_VALUE) return l;
        if (argv.length > 4 || (argv.length == 4 && !CommandTable.is(argv[3], option))) {
            c.reply().error(Errors.SYNTAX);
            return Long.MIN_VALUE;
        }
        if (argv.length == 4 && (l < -Long.MAX_VALUE / 2 || l > Long.MAX_VALUE / 2)) {
            c.reply().error("ERR value is out of range");
            return Long.MIN_VALUE;
        }
        return l;
    }

    /** Replies |l| entries; width is how many array elements an entry takes at the top level (2 for flat pairs). */
    static <V> void reply(ReplyBuffer out, long l, int width, SplittableRandom rnd, Entries<V> e) {
        if (l == 0) {
            out.emptyArray();
            return;
        }
        long count = Math.abs(l);
        int size = e.size();
        if (l < 0 || count == 1) {
            out.arrayHeader(count * width);
            e.replyIndependent(rnd, count);
            return;
        }
        out.arrayHeader(Math.min(count, size) * width);
        if (count >= size) {
            e.replyAll();
            return;
        }
        if (count * SUB_STRATEGY_MUL > size) {
            Dict<V> copy = new Dict<>();
            copy.expand(size);
            e.copyTo(copy);
            for (int left = size; left > count; left--) copy.removeNode(copy.fairRandom(rnd).key);
            copy.forEach(n -> e.reply(n.key, n.value));
            return;
        }
        e.replyDistinct(rnd, (int) count);
    }
}
