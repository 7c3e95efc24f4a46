package dev.beryl.commands;

import dev.beryl.command.CommandTable;
import dev.beryl.engine.Client;
import dev.beryl.engine.Database;
import dev.beryl.engine.Errors;
import dev.beryl.pubsub.KeyspaceEvents;
import dev.beryl.resp.ReplyBuffer;
import dev.beryl.types.LexRange;
import dev.beryl.types.ScoreRange;
import dev.beryl.types.ZSetValue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * ZRANGE and ZRANGESTORE with their BYSCORE / BYLEX / REV / LIMIT options, and the older commands that are fixed
 * forms of them (ZREVRANGE, Z[REV]RANGEBYSCORE, Z[REV]RANGEBYLEX): Redis's zrangeGenericCommand.
 */
final class SortedSetRange {
    /** Range kinds; AUTO lets BYSCORE / BYLEX choose (ZRANGE, ZRANGESTORE). */
    static final int AUTO = 0, RANK = 1, SCORE = 2, LEX = 3;
    /** Directions; AUTO accepts REV (ZRANGE, ZRANGESTORE). */
    static final int DIR_AUTO = 0, FORWARD = 1, REVERSE = 2;

    private SortedSetRange() {}

    /** The members a range selects, in reply order, with their scores. */
    private static final class Result {
        final List<byte[]> members = new ArrayList<>();
        double[] scores = new double[16];

        void add(byte[] m, double s) {
            if (members.size() == scores.length) scores = Arrays.copyOf(scores, scores.length * 2);
            scores[members.size()] = s;
            members.add(m);
        }
    }

    /** argv[start] is the source key; a STORE puts the result in argv[1]. */
    static void zrange(Client c, byte[][] argv, int start, boolean store, int type, int direction) {
        boolean withScores = false;
        long offset = 0, limit = -1;
        for (int j = start + 3; j < argv.length; j++) {
            int left = argv.length - j - 1;
            if (!store && CommandTable.is(argv[j], "withscores")) {
                withScores = true;
            } else if (CommandTable.is(argv[j], "limit") && left >= 2) {
                Long o = SortedSetCommands.longArg(c, argv[j + 1]);
                if (o == null) return;
                Long l = SortedSetCommands.longArg(c, argv[j + 2]);
                if (l == null) return;
                offset = o;
                limit = l;
                j += 2;
            } else if (direction == DIR_AUTO && CommandTable.is(argv[j], "rev")) {
                direction = REVERSE;
            } else if (type == AUTO && CommandTable.is(argv[j], "bylex")) {
                type = LEX;
            } else if (type == AUTO && CommandTable.is(argv[j], "byscore")) {
                type = SCORE;
            } else {
                c.reply().error(Errors.SYNTAX);
                return;
            }
        }
        boolean reverse = direction == REVERSE;
        if (type == AUTO) type = RANK;
        if (limit != -1 && type == RANK) {
            c.reply().error("ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX");
            return;
        }
        if (withScores && type == LEX) {
            c.reply().error("ERR syntax error, WITHSCORES not supported in combination with BYLEX");
            return;
        }
        byte[] minArg = argv[start + 1], maxArg = argv[start + 2];
        if (reverse && type != RANK) { // the range is given as max, min
            byte[] t = minArg;
            minArg = maxArg;
            maxArg = t;
        }
        long from = 0, to = 0;
        ScoreRange range = null;
        LexRange lex = null;
        if (type == RANK) {
            Long a = SortedSetCommands.longArg(c, minArg);
            if (a == null) return;
            Long b = SortedSetCommands.longArg(c, maxArg);
            if (b == null) return;
            from = a;
            to = b;
        } else if (type == SCORE) {
            range = SortedSetCommands.parseScoreRange(minArg, maxArg);
            if (range == null) {
                c.reply().error(SortedSetCommands.NOT_FLOAT_RANGE);
                return;
            }
        } else {
            lex = SortedSetCommands.parseLexRange(minArg, maxArg);
            if (lex == null) {
                c.reply().error(SortedSetCommands.NOT_LEX_RANGE);
                return;
            }
        }

        Object o = c.db().lookupRead(argv[start]);
        if (o == null) {
            if (store) store(c, argv[1], new Result(), -1);
            else c.reply().emptyArray();
            return;
        }
        if (SortedSetCommands.zset(c, o) == SortedSetCommands.WRONG) return;
        ZSetValue z = (ZSetValue) o;
        Result r = new Result();
        long length = -1;
        if (type == RANK) {
            long len = z.size();
            if (from < 0) from = len + from;
            if (to < 0) to = len + to;
            if (from < 0) from = 0;
            if (from > to || from >= len) {
                length = 0;
            } else {
                if (to >= len) to = len - 1;
                length = to - from + 1;
                ZSetValue.Cursor cur = z.atRank(from, reverse);
                for (long n = length; n > 0; n--, cur.step(reverse)) r.add(cur.member(), cur.score());
            }
        } else if (offset <= 0 || offset < z.size()) {
            ZSetValue.Cursor cur = type == SCORE ? z.firstInRange(range, reverse) : z.firstInLexRange(lex, reverse);
            // a negative offset never runs out: it skips everything, as Redis's "while (offset--)"
            for (long n = offset; cur.valid() && n != 0; n--) cur.step(reverse);
            for (long n = limit; cur.valid() && n != 0; n--, cur.step(reverse)) {
                if (type == SCORE) {
                    double s = cur.score();
                    if (reverse ? !range.gteMin(s) : !range.lteMax(s)) break;
                    r.add(cur.member(), s);
                } else {
                    byte[] m = cur.member();
                    if (reverse ? !lex.gteMin(m) : !lex.lteMax(m)) break;
                    r.add(m, store ? cur.score() : 0);
                }
            }
        }
        if (store) {
            store(c, argv[1], r, length);
            return;
        }
        ReplyBuffer out = c.reply();
        int n = r.members.size();
        out.arrayHeader(withScores && out.resp() == 2 ? 2L * n : n);
        for (int i = 0; i < n; i++) SortedSetCommands.replyMemberScore(out, r.members.get(i), r.scores[i], withScores);
    }

    /** ZRANGESTORE's result: a new sorted set replacing dst (and its TTL), or dst deleted when empty. */
    private static void store(Client c, byte[] dst, Result r, long length) {
        Database db = c.db();
        int n = r.members.size();
        if (n == 0) {
            c.reply().integer(0);
            if (db.delete(dst)) {
                c.engine().stats().dirty++;
                c.keyspaceEvent(KeyspaceEvents.GENERIC, "del", dst);
            }
            return;
        }
        long maxEntries = SortedSetCommands.maxEntries(c), maxValue = SortedSetCommands.maxValue(c);
        ZSetValue z = ZSetValue.create(length <= maxEntries);
        for (int i = 0; i < n; i++) z.add(r.scores[i], r.members.get(i), 0, maxEntries, maxValue);
        db.set(dst, z);
        c.engine().stats().dirty++;
        c.reply().integer(n);
        c.keyspaceEvent(KeyspaceEvents.ZSET, "zrangestore", dst);
    }
}
