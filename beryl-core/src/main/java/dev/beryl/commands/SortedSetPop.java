package dev.beryl.commands;

import dev.beryl.command.CommandTable;
import dev.beryl.engine.Blocking;
import dev.beryl.engine.Client;
import dev.beryl.engine.Database;
import dev.beryl.engine.Errors;
import dev.beryl.pubsub.KeyspaceEvents;
import dev.beryl.resp.Numbers;
import dev.beryl.resp.ReplyBuffer;
import dev.beryl.types.ZSetValue;

/**
 * ZPOPMIN, ZPOPMAX, ZMPOP and their blocking forms BZPOPMIN, BZPOPMAX, BZMPOP (Redis's genericZpopCommand and
 * blockingGenericZpopCommand). A blocked client waits in {@link Blocking} until one of its keys holds a sorted set.
 */
final class SortedSetPop {
    private static final byte[] ZPOPMIN = "ZPOPMIN".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] ZPOPMAX = "ZPOPMAX".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private SortedSetPop() {}

    /**
     * Pops up to count members (-1: one, as the commands without COUNT) from the lowest or highest end of the
     * first existing sorted set among keys[from..to), replying in the shape the command asks for: with the key
     * name first ({@code emitKey}), as [member, score] pairs ({@code nested}), a null array instead of an empty
     * one when no key exists ({@code nilWhenEmpty}). Returns true when the popped set was emptied and deleted.
     * The commands that name the key (ZMPOP and the blocking ones) propagate as ZPOPMIN/ZPOPMAX key [n]: in place
     * of the command, or added when a blocked client is {@code served}.
     */
    static boolean pop(Client c, byte[][] keys, int from, int to, boolean max, boolean emitKey, long count,
                       boolean nested, boolean nilWhenEmpty, boolean served) {
        Database db = c.db();
        ReplyBuffer out = c.reply();
        byte[] key = null;
        ZSetValue z = null;
        for (int i = from; i < to; i++) {
            Object o = db.lookupWrite(keys[i]);
            if (o == null) continue;
            if (SortedSetCommands.zset(c, o) == SortedSetCommands.WRONG) return false;
            key = keys[i];
            z = (ZSetValue) o;
            break;
        }
        if (z == null) {
            if (nilWhenEmpty) out.nullArray();
            else out.emptyArray();
            return false;
        }
        if (count == 0) {
            out.emptyArray();
            return false;
        }
        long n = Math.min(count == -1 ? 1 : count, z.size());
        if (emitKey) {
            byte[][] prop = count == -1 ? new byte[][] {max ? ZPOPMAX : ZPOPMIN, key}
                    : new byte[][] {max ? ZPOPMAX : ZPOPMIN, key, Numbers.toBytes(n)};
            if (served) c.alsoPropagate(prop);
            else c.rewriteArgv(prop);
        }
        if (!nested && !emitKey) {
            out.arrayHeader(n * 2);
        } else if (nested && !emitKey) {
            out.arrayHeader(n);
        } else if (!nested) {
            out.arrayHeader(n * 2 + 1);
            out.bulk(key);
        } else {
            out.arrayHeader(2);
            out.bulk(key);
            out.arrayHeader(n);
        }
        if (n > 0) c.keyspaceEvent(KeyspaceEvents.ZSET, max ? "zpopmax" : "zpopmin", key);
        for (long i = 0; i < n; i++) {
            ZSetValue.Cursor cur = z.atRank(0, max);
            byte[] member = cur.member();
            double score = cur.score();
            z.remove(member);
            c.engine().stats().dirty++;
            if (nested) out.arrayHeader(2);
            out.bulk(member);
            out.doubleValue(score);
        }
        if (z.size() == 0) {
            db.delete(key);
            c.keyspaceEvent(KeyspaceEvents.GENERIC, "del", key);
            return true;
        }
        db.signalModified(key);
        return false;
    }

    /** ZPOPMIN / ZPOPMAX key [count]. */
    static void zpop(Client c, byte[][] argv, boolean max) {
        if (argv.length > 3) {
            c.reply().error(Errors.SYNTAX);
            return;
        }
        long count = -1;
        if (argv.length == 3) {
            Long n = SortedSetCommands.rangeArg(c, argv[2], 0, "ERR value is out of range, must be positive");
            if (n == null) return;
            count = n;
        }
        // RESP3 nests [member, score] pairs when a count was given
        pop(c, argv, 1, 2, max, false, count, c.reply().resp() > 2 && count != -1, false, false);
    }

    /** BZPOPMIN / BZPOPMAX key [key ...] timeout. */
    static void bzpop(Client c, byte[][] argv, boolean max) {
        blockingPop(c, argv, 1, argv.length - 1, max, argv.length - 1, -1, false);
    }

    /** ZMPOP numkeys key [key ...] MIN|MAX [COUNT count], and BZMPOP with the timeout before numkeys. */
    static void zmpop(Client c, byte[][] argv, int numkeysIdx, boolean block) {
        Long numkeys = SortedSetCommands.rangeArg(c, argv[numkeysIdx], 1, "ERR numkeys should be greater than 0");
        if (numkeys == null) return;
        if (numkeys >= argv.length - numkeysIdx - 1) { // no MIN|MAX after the keys
            c.reply().error(Errors.SYNTAX);
            return;
        }
        int whereIdx = (int) (numkeysIdx + numkeys + 1);
        boolean max;
        if (CommandTable.is(argv[whereIdx], "min")) max = false;
        else if (CommandTable.is(argv[whereIdx], "max")) max = true;
        else {
            c.reply().error(Errors.SYNTAX);
            return;
        }
        long count = -1;
        for (int j = whereIdx + 1; j < argv.length; j++) {
            boolean more = j < argv.length - 1;
            if (count == -1 && CommandTable.is(argv[j], "count") && more) {
                j++;
                Long n = SortedSetCommands.rangeArg(c, argv[j], 1, "ERR count should be greater than 0");
                if (n == null) return;
                count = n;
            } else {
                c.reply().error(Errors.SYNTAX);
                return;
            }
        }
        if (count == -1) count = 1;
        int first = numkeysIdx + 1, end = (int) (first + numkeys);
        if (block) blockingPop(c, argv, first, end, max, 1, count, true);
        else pop(c, argv, first, end, max, true, count, true, true, false);
    }

    private static void blockingPop(Client c, byte[][] argv, int from, int to, boolean max, int timeoutIdx,
                                    long count, boolean mpop) {
        long deadline = Blocking.deadline(c, argv[timeoutIdx]);
        if (deadline < 0) return;
        Database db = c.db();
        for (int j = from; j < to; j++) {
            Object o = db.lookupWrite(argv[j]);
            if (o == null) continue;
            if (SortedSetCommands.zset(c, o) == SortedSetCommands.WRONG) return;
            if (((ZSetValue) o).size() == 0) continue;
            pop(c, argv, j, j + 1, max, true, count, mpop, mpop, false);
            return;
        }
        if (!Blocking.mayBlock(c)) {
            c.reply().nullArray();
            return;
        }
        c.engine().blocking().block(c, argv, from, to, deadline, new Waiting(max, count, mpop));
    }

    /** A client blocked in BZPOPMIN, BZPOPMAX or BZMPOP, served once a sorted set it waits on has members. */
    private record Waiting(boolean max, long count, boolean mpop) implements Blocking.Waiter {
        @Override
        public boolean accepts(Object value) {
            return value instanceof ZSetValue;
        }

        /** Redis's serveClientBlockedOnSortedSetKey. */
        @Override
        public boolean serve(Client c, Database db, byte[] key, Object value) {
            return pop(c, new byte[][] {key}, 0, 1, max, true, count, mpop, mpop, true);
        }
    }
}
