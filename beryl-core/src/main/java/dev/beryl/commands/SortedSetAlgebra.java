package dev.beryl.commands;

import dev.beryl.command.CommandTable;
import dev.beryl.engine.Client;
import dev.beryl.engine.Database;
import dev.beryl.engine.Dict;
import dev.beryl.engine.Errors;
import dev.beryl.pubsub.KeyspaceEvents;
import dev.beryl.resp.Numbers;
import dev.beryl.resp.ReplyBuffer;
import dev.beryl.types.SetValue;
import dev.beryl.types.ZSetValue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * ZUNION, ZINTER, ZDIFF, their STORE forms and ZINTERCARD (Redis's zunionInterDiffGenericCommand). Inputs may be
 * sorted sets or plain sets (whose members score 1); a missing key is an empty input. The result is built as a
 * skiplist-encoded sorted set, so it comes out ordered; a stored result turns into a listpack when it fits.
 */
final class SortedSetAlgebra {
    static final int UNION = 0, INTER = 1, DIFF = 2;
    private static final int SUM = 0, MIN = 1, MAX = 2;

    private SortedSetAlgebra() {}

    /** One input: its value (a ZSetValue, a SetValue, or null) and its weight. */
    private static final class Source {
        final Object value;
        double weight = 1;

        Source(Object value) { this.value = value; }

        int size() {
            if (value instanceof ZSetValue z) return z.size();
            return value == null ? 0 : ((SetValue) value).size();
        }

        /** The member's score in this input (1 in a plain set), or NaN when absent. */
        double score(byte[] member) {
            if (value instanceof ZSetValue z) return z.score(member);
            return value != null && ((SetValue) value).contains(member) ? 1 : Double.NaN;
        }

        void forEach(ZSetValue.Visitor v) {
            if (value instanceof ZSetValue z) z.forEach(v);
            else if (value != null) ((SetValue) value).forEach(m -> v.accept(m, 1));
        }
    }

    static void run(Client c, byte[][] argv, byte[] dst, int numkeysIdx, int op, boolean cardinalityOnly) {
        Long setnum = SortedSetCommands.longArg(c, argv[numkeysIdx]);
        if (setnum == null) return;
        if (setnum < 1) {
            c.reply().error("ERR at least 1 input key is needed for '" + c.engine().currentCommand().fullName() + "' command");
            return;
        }
        if (setnum > argv.length - (numkeysIdx + 1)) {
            c.reply().error(Errors.SYNTAX);
            return;
        }
        int n = (int) (long) setnum;
        Database db = c.db();
        Source[] src = new Source[n];
        int j = numkeysIdx + 1;
        for (int i = 0; i < n; i++, j++) {
            Object o = db.lookupRead(argv[j]);
            if (o != null && !(o instanceof ZSetValue) && !(o instanceof SetValue)) {
                c.reply().error(Errors.WRONGTYPE);
                return;
            }
            src[i] = new Source(o);
        }

        int aggregate = SUM;
        boolean withScores = false;
        long limit = 0;
        while (j < argv.length) {
            int remaining = argv.length - j;
            if (op != DIFF && !cardinalityOnly && remaining >= n + 1 && CommandTable.is(argv[j], "weights")) {
                j++;
                for (int i = 0; i < n; i++, j++) {
                    Double w = Numbers.parseDouble(argv[j]);
                    if (w == null) {
                        c.reply().error("ERR weight value is not a float");
                        return;
                    }
                    src[i].weight = w;
                }
            } else if (op != DIFF && !cardinalityOnly && remaining >= 2 && CommandTable.is(argv[j], "aggregate")) {
                byte[] a = argv[j + 1];
                if (CommandTable.is(a, "sum")) aggregate = SUM;
                else if (CommandTable.is(a, "min")) aggregate = MIN;
                else if (CommandTable.is(a, "max")) aggregate = MAX;
                else {
                    c.reply().error(Errors.SYNTAX);
                    return;
                }
                j += 2;
            } else if (dst == null && !cardinalityOnly && CommandTable.is(argv[j], "withscores")) {
                withScores = true;
                j++;
            } else if (cardinalityOnly && remaining >= 2 && CommandTable.is(argv[j], "limit")) {
                Long l = SortedSetCommands.rangeArg(c, argv[j + 1], 0, "ERR LIMIT can't be negative");
                if (l == null) return;
                limit = l;
                j += 2;
            } else {
                c.reply().error(Errors.SYNTAX);
                return;
            }
        }
        // smallest first (a stable sort, like the merge sort behind Redis's qsort)
        if (op != DIFF) Arrays.sort(src, Comparator.comparingInt(Source::size));

        ZSetValue result = ZSetValue.create(false);
        long[] lengths = new long[2]; // longest member, total of member lengths
        long cardinality = 0;
        if (op == INTER) {
            cardinality = inter(src, aggregate, cardinalityOnly, limit, result, lengths);
        } else if (op == UNION) {
            union(src, aggregate, result, lengths);
        } else {
            diff(src, result, lengths);
        }

        ReplyBuffer out = c.reply();
        if (dst != null) {
            if (result.size() > 0) {
                result.convertToListpackIfFits(lengths[0], lengths[1], SortedSetCommands.maxEntries(c), SortedSetCommands.maxValue(c));
                db.set(dst, result);
                out.integer(result.size());
                c.keyspaceEvent(KeyspaceEvents.ZSET, op == UNION ? "zunionstore" : op == INTER ? "zinterstore" : "zdiffstore", dst);
                c.engine().stats().dirty++;
            } else {
                out.integer(0);
                if (db.delete(dst)) {
                    c.engine().stats().dirty++;
                    c.keyspaceEvent(KeyspaceEvents.GENERIC, "del", dst);
                }
            }
        } else if (cardinalityOnly) {
            out.integer(cardinality);
        } else {
            long len = result.size();
            out.arrayHeader(withScores && out.resp() == 2 ? len * 2 : len);
            boolean ws = withScores;
            result.forEach((m, s) -> SortedSetCommands.replyMemberScore(out, m, s, ws));
        }
    }

    private static double aggregate(double target, double val, int aggregate) {
        if (aggregate == SUM) {
            double r = target + val;
            return Double.isNaN(r) ? 0 : r; // inf + -inf counts as 0
        }
        if (aggregate == MIN) return val < target ? val : target;
        return val > target ? val : target;
    }

    private static void track(long[] lengths, byte[] member) {
        if (member.length > lengths[0]) lengths[0] = member.length;
        lengths[1] += member.length;
    }

    /** Every member of the smallest input found in all the others; returns the count (ZINTERCARD). */
    private static long inter(Source[] src, int aggregate, boolean countOnly, long limit, ZSetValue result, long[] lengths) {
        if (src[0].size() == 0) return 0;
        long count = 0;
        // collected first, so that LIMIT can stop the loop
        List<byte[]> members = new ArrayList<>();
        List<Double> scores = new ArrayList<>();
        src[0].forEach((m, s) -> {
            members.add(m);
            scores.add(s);
        });
        for (int k = 0; k < members.size(); k++) {
            byte[] m = members.get(k);
            double s0 = scores.get(k);
            double score = src[0].weight * s0;
            if (Double.isNaN(score)) score = 0;
            int j = 1;
            for (; j < src.length; j++) {
                double value;
                if (src[j].value == src[0].value) {
                    value = s0 * src[j].weight;
                } else {
                    value = src[j].score(m);
                    if (Double.isNaN(value)) break;
                    value *= src[j].weight;
                }
                score = aggregate(score, value, aggregate);
            }
            if (j < src.length) continue;
            if (countOnly) {
                count++;
                if (limit != 0 && count >= limit) break;
            } else {
                result.add(score, m, 0, Long.MAX_VALUE, Long.MAX_VALUE);
                track(lengths, m);
            }
        }
        return count;
    }

    private static void union(Source[] src, int aggregate, ZSetValue result, long[] lengths) {
        Dict<double[]> acc = new Dict<>();
        acc.expand(src[src.length - 1].size());
        for (Source s : src) {
            s.forEach((m, v) -> {
                double score = s.weight * v;
                if (Double.isNaN(score)) score = 0;
                Dict.Node<double[]> e = acc.find(m);
                if (e == null) {
                    acc.add(m, new double[] {score});
                    track(lengths, m);
                } else {
                    e.value[0] = aggregate(e.value[0], score, aggregate);
                }
            });
        }
        acc.forEach(e -> result.add(e.value[0], e.key, 0, Long.MAX_VALUE, Long.MAX_VALUE));
    }

    /** Members of the first input found in none of the others, with their scores there. */
    private static void diff(Source[] src, ZSetValue result, long[] lengths) {
        if (src[0].size() == 0) return;
        for (int j = 1; j < src.length; j++) if (src[j].value == src[0].value) return; // everything goes
        src[0].forEach((m, s) -> {
            for (int j = 1; j < src.length; j++) if (!Double.isNaN(src[j].score(m))) return;
            result.add(s, m, 0, Long.MAX_VALUE, Long.MAX_VALUE);
            track(lengths, m);
        });
    }
}
