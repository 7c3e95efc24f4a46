package dev.beryl.commands;

import dev.beryl.command.CommandGroup;
import dev.beryl.command.CommandTable;
import dev.beryl.config.TypeLimits;
import dev.beryl.engine.Client;
import dev.beryl.engine.Database;
import dev.beryl.engine.Dict;
import dev.beryl.engine.Errors;
import dev.beryl.pubsub.KeyspaceEvents;
import dev.beryl.resp.Numbers;
import dev.beryl.resp.ReplyBuffer;
import dev.beryl.types.LexRange;
import dev.beryl.types.ScoreRange;
import dev.beryl.types.ZSetValue;

import java.util.OptionalLong;
import java.util.SplittableRandom;

/**
 * Sorted set commands (Redis's t_zset.c): the single-key commands here, ranges in {@link SortedSetRange}, set
 * algebra in {@link SortedSetAlgebra}, pops (blocking too) in {@link SortedSetPop}. An emptied sorted set is
 * deleted.
 */
public final class SortedSetCommands implements CommandGroup {
    static final String NOT_FLOAT_RANGE = "ERR min or max is not a float";
    static final String NOT_LEX_RANGE = "ERR min or max not valid string range item";
    private static final String RANGE_COMPLEXITY = "O(log(N)+M) with N being the number of elements in the sorted set "
            + "and M the number of elements being returned. If M is constant (e.g. always asking for the first 10 "
            + "elements with LIMIT), you can consider it O(log(N)).";
    private static final String REMRANGE_COMPLEXITY = "O(log(N)+M) with N being the number of elements in the sorted "
            + "set and M the number of elements removed by the operation.";
    private static final String INTER_COMPLEXITY = "O(N*K)+O(M*log(M)) worst case with N being the smallest input "
            + "sorted set, K being the number of input sorted sets and M being the number of elements in the resulting "
            + "sorted set.";
    private static final String DIFF_COMPLEXITY = "O(L + (N-K)log(N)) worst case where L is the total number of "
            + "elements in all the sets, N is the size of the first set, and K is the size of the result set.";
    private static final String MPOP_COMPLEXITY = "O(K) + O(M*log(N)) where K is the number of provided keys, N "
            + "being the number of elements in the sorted set, and M being the number of elements popped.";
    private static final String AGGREGATE = "[WEIGHTS weight:integer ...] [AGGREGATE aggregate:(SUM|MIN|MAX)]";
    private static final String[] TIMEOUT_HISTORY = {"6.0.0", "`timeout` is interpreted as a double instead of an integer."};

    @Override
    public void register(CommandTable t) {
        t.command("zadd", -4).flags("write denyoom fast").keySpec("RW update", "index 1", "range 0 1 0").acl("sortedset").group("sorted-set").since("1.2.0")
                .summary("Adds members to a sorted set, or updates their scores. Creates the key if it doesn't exist.")
                .complexity("O(log(N)) for each item added, where N is the number of elements in the sorted set.")
                .history(new String[] {"2.4.0", "Accepts multiple elements."},
                        new String[] {"3.0.2", "Added the `XX`, `NX`, `CH` and `INCR` options."},
                        new String[] {"6.2.0", "Added the `GT` and `LT` options."})
                .arguments("key:key [condition:NX|XX]@3.0.2 [comparison:GT|LT]@6.2.0 [change:CH]@3.0.2 [increment:INCR]@3.0.2 "
                        + "score_member:(score:double member:string) ...")
                .handler((c, argv) -> zadd(c, argv, 0));
        t.command("zincrby", 4).flags("write denyoom fast").keySpec("RW access update", "index 1", "range 0 1 0").acl("sortedset").group("sorted-set").since("1.2.0")
                .summary("Increments the score of a member in a sorted set.")
                .complexity("O(log(N)) where N is the number of elements in the sorted set.")
                .arguments("key:key increment:integer member:string").handler((c, argv) -> zadd(c, argv, ZSetValue.IN_INCR));
        t.command("zrem", -3).flags("write fast").keySpec("RW delete", "index 1", "range 0 1 0").acl("sortedset").group("sorted-set").since("1.2.0")
                .summary("Removes one or more members from a sorted set. Deletes the sorted set if all members were removed.")
                .complexity("O(M*log(N)) with N being the number of elements in the sorted set and M the number of elements to be removed.")
                .history(new String[] {"2.4.0", "Accepts multiple elements."})
                .arguments("key:key member:string ...").handler(SortedSetCommands::zrem);
        t.command("zcard", 2).flags("readonly fast").keySpec("RO", "index 1", "range 0 1 0").acl("sortedset").group("sorted-set").since("1.2.0")
                .summary("Returns the number of members in a sorted set.").complexity("O(1)")
                .arguments("key:key").handler(SortedSetCommands::zcard);
        t.command("zscore", 3).flags("readonly fast").keySpec("RO access", "index 1", "range 0 1 0").acl("sortedset").group("sorted-set").since("1.2.0")
                .summary("Returns the score of a member in a sorted set.").complexity("O(1)")
                .arguments("key:key member:string").handler(SortedSetCommands::zscore);
        t.command("zmscore", -3).flags("readonly fast").keySpec("RO access", "index 1", "range 0 1 0").acl("sortedset").group("sorted-set").since("6.2.0")
                .summary("Returns the score of one or more members in a sorted set.")
                .complexity("O(N) where N is the number of members being requested.")
                .arguments("key:key member:string ...").handler(SortedSetCommands::zmscore);
        t.command("zrank", 3).flags("readonly fast").keySpec("RO access", "index 1", "range 0 1 0").acl("sortedset").group("sorted-set").since("2.0.0")
                .summary("Returns the index of a member in a sorted set ordered by ascending scores.").complexity("O(log(N))")
                .arguments("key:key member:string").handler((c, argv) -> zrank(c, argv, false));
        t.command("zrevrank", 3).flags("readonly fast").keySpec("RO access", "index 1", "range 0 1 0").acl("sortedset").group("sorted-set").since("2.0.0")
                .summary("Returns the index of a member in a sorted set ordered by descending scores.").complexity("O(log(N))")
                .arguments("key:key member:string").handler((c, argv) -> zrank(c, argv, true));
        t.command("zcount", 4).flags("readonly fast").keySpec("RO access", "index 1", "range 0 1 0").acl("sortedset").group("sorted-set").since("2.0.0")
                .summary("Returns the count of members in a sorted set that have scores within a range.")
                .complexity("O(log(N)) with N being the number of elements in the sorted set.")
                .arguments("key:key min:double max:double").handler(SortedSetCommands::zcount);
        t.command("zlexcount", 4).flags("readonly fast").keySpec("RO access", "index 1", "range 0 1 0").acl("sortedset").group("sorted-set").since("2.8.9")
                .summary("Returns the number of members in a sorted set within a lexicographical range.")
                .complexity("O(log(N)) with N being the number of elements in the sorted set.")
                .arguments("key:key min:string max:string").handler(SortedSetCommands::zlexcount);
        t.command("zremrangebyrank", 4).flags("write").keySpec("RW delete", "index 1", "range 0 1 0").acl("sortedset").group("sorted-set").since("2.0.0")
                .summary("Removes members in a sorted set within a range of indexes. Deletes the sorted set if all members were removed.")
                .complexity(REMRANGE_COMPLEXITY)
                .arguments("key:key start:integer stop:integer").handler((c, argv) -> zremrange(c, argv, 'r'));
        t.command("zremrangebyscore", 4).flags("write").keySpec("RW delete", "index 1", "range 0 1 0").acl("sortedset").group("sorted-set").since("1.2.0")
                .summary("Removes members in a sorted set within a range of scores. Deletes the sorted set if all members were removed.")
                .complexity(REMRANGE_COMPLEXITY)
                .arguments("key:key min:double max:double").handler((c, argv) -> zremrange(c, argv, 's'));
        t.command("zremrangebylex", 4).flags("write").keySpec("RW delete", "index 1", "range 0 1 0").acl("sortedset").group("sorted-set").since("2.8.9")
                .summary("Removes members in a sorted set within a lexicographical range. Deletes the sorted set if all members were removed.")
                .complexity(REMRANGE_COMPLEXITY)
                .arguments("key:key min:string max:string").handler((c, argv) -> zremrange(c, argv, 'l'));
        t.command("zrandmember", -2).flags("readonly").keySpec("RO access", "index 1", "range 0 1 0").tips("nondeterministic_output").acl("sortedset").group("sorted-set").since("6.2.0")
                .summary("Returns one or more random members from a sorted set.")
                .complexity("O(N) where N is the number of elements returned")
                .arguments("key:key [options:(count:integer [WITHSCORES])]").handler(SortedSetCommands::zrandmember);
        t.command("zscan", -3).flags("readonly").keySpec("RO access", "index 1", "range 0 1 0").tips("nondeterministic_output").acl("sortedset").group("sorted-set").since("2.8.0")
                .summary("Iterates over members and scores of a sorted set.")
                .complexity("O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to return back to 0. N is the number of elements inside the collection..")
                .arguments("key:key cursor:integer [MATCH pattern:pattern] [COUNT count:integer]").handler(SortedSetCommands::zscan);

        // ranges
        t.command("zrange", -4).flags("readonly").keySpec("RO access", "index 1", "range 0 1 0").acl("sortedset").group("sorted-set").since("1.2.0")
                .summary("Returns members in a sorted set within a range of indexes, scores or members.")
                .complexity("O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements returned.")
                .history(new String[] {"6.2.0", "Added the `REV`, `BYSCORE`, `BYLEX` and `LIMIT` options."})
                .arguments("key:key start:string stop:string [sortby:BYSCORE|BYLEX]@6.2.0 [REV]@6.2.0 "
                        + "[offset_count:LIMIT offset:integer count:integer]@6.2.0 [WITHSCORES]")
                .handler((c, argv) -> SortedSetRange.zrange(c, argv, 1, false, SortedSetRange.AUTO, SortedSetRange.DIR_AUTO));
        t.command("zrangestore", -5).flags("write denyoom").keySpec("OW update", "index 1", "range 0 1 0").keySpec("RO access", "index 2", "range 0 1 0")
                .acl("sortedset").group("sorted-set").since("6.2.0")
                .summary("Stores a range of members from sorted set in a key.")
                .complexity("O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements stored into the destination key.")
                .arguments("dst:key src:key min:string max:string [sortby:BYSCORE|BYLEX] [REV] [offset_count:LIMIT offset:integer count:integer]")
                .handler((c, argv) -> SortedSetRange.zrange(c, argv, 2, true, SortedSetRange.AUTO, SortedSetRange.DIR_AUTO));
        t.command("zrevrange", -4).flags("readonly").keySpec("RO access", "index 1", "range 0 1 0").acl("sortedset").group("sorted-set").since("1.2.0")
                .summary("Returns members in a sorted set within a range of indexes in reverse order.")
                .complexity("O(log(N)+M) with N being the number of elements in the sorted set and M the number of elements returned.")
                .docFlags("deprecated").deprecated("6.2.0", "`ZRANGE` with the `REV` argument")
                .arguments("key:key start:integer stop:integer [WITHSCORES]")
                .handler((c, argv) -> SortedSetRange.zrange(c, argv, 1, false, SortedSetRange.RANK, SortedSetRange.REVERSE));
        t.command("zrangebyscore", -4).flags("readonly").keySpec("RO access", "index 1", "range 0 1 0").acl("sortedset").group("sorted-set").since("1.0.5")
                .summary("Returns members in a sorted set within a range of scores.").complexity(RANGE_COMPLEXITY)
                .history(new String[] {"2.0.0", "Added the `WITHSCORES` modifier."})
                .docFlags("deprecated").deprecated("6.2.0", "`ZRANGE` with the `BYSCORE` argument")
                .arguments("key:key min:double max:double [WITHSCORES]@2.0.0 [offset_count:LIMIT offset:integer count:integer]")
                .handler((c, argv) -> SortedSetRange.zrange(c, argv, 1, false, SortedSetRange.SCORE, SortedSetRange.FORWARD));
        t.command("zrevrangebyscore", -4).flags("readonly").keySpec("RO access", "index 1", "range 0 1 0").acl("sortedset").group("sorted-set").since("2.2.0")
                .summary("Returns members in a sorted set within a range of scores in reverse order.").complexity(RANGE_COMPLEXITY)
                .history(new String[] {"2.1.6", "`min` and `max` can be exclusive."})
                .docFlags("deprecated").deprecated("6.2.0", "`ZRANGE` with the `REV` and `BYSCORE` arguments")
                .arguments("key:key max:double min:double [WITHSCORES] [offset_count:LIMIT offset:integer count:integer]")
                .handler((c, argv) -> SortedSetRange.zrange(c, argv, 1, false, SortedSetRange.SCORE, SortedSetRange.REVERSE));
        t.command("zrangebylex", -4).flags("readonly").keySpec("RO access", "index 1", "range 0 1 0").acl("sortedset").group("sorted-set").since("2.8.9")
                .summary("Returns members in a sorted set within a lexicographical range.").complexity(RANGE_COMPLEXITY)
                .docFlags("deprecated").deprecated("6.2.0", "`ZRANGE` with the `BYLEX` argument")
                .arguments("key:key min:string max:string [offset_count:LIMIT offset:integer count:integer]")
                .handler((c, argv) -> SortedSetRange.zrange(c, argv, 1, false, SortedSetRange.LEX, SortedSetRange.FORWARD));
        t.command("zrevrangebylex", -4).flags("readonly").keySpec("RO access", "index 1", "range 0 1 0").acl("sortedset").group("sorted-set").since("2.8.9")
                .summary("Returns members in a sorted set within a lexicographical range in reverse order.").complexity(RANGE_COMPLEXITY)
                .docFlags("deprecated").deprecated("6.2.0", "`ZRANGE` with the `REV` and `BYLEX` arguments")
                .arguments("key:key max:string min:string [offset_count:LIMIT offset:integer count:integer]")
                .handler((c, argv) -> SortedSetRange.zrange(c, argv, 1, false, SortedSetRange.LEX, SortedSetRange.REVERSE));

        // set algebra
        t.command("zunion", -3).flags("readonly").keySpec("RO access", "index 1", "keynum 0 1 1").acl("sortedset").group("sorted-set").since("6.2.0")
                .summary("Returns the union of multiple sorted sets.")
                .complexity("O(N)+O(M*log(M)) with N being the sum of the sizes of the input sorted sets, and M being the number of elements in the resulting sorted set.")
                .arguments("numkeys:integer key:key ... " + AGGREGATE + " [WITHSCORES]")
                .handler((c, argv) -> SortedSetAlgebra.run(c, argv, null, 1, SortedSetAlgebra.UNION, false));
        t.command("zunionstore", -4).flags("write denyoom").keySpec("OW update", "index 1", "range 0 1 0").keySpec("RO access", "index 2", "keynum 0 1 1")
                .acl("sortedset").group("sorted-set").since("2.0.0")
                .summary("Stores the union of multiple sorted sets in a key.")
                .complexity("O(N)+O(M log(M)) with N being the sum of the sizes of the input sorted sets, and M being the number of elements in the resulting sorted set.")
                .arguments("destination:key numkeys:integer key:key ... " + AGGREGATE)
                .handler((c, argv) -> SortedSetAlgebra.run(c, argv, argv[1], 2, SortedSetAlgebra.UNION, false));
        t.command("zinter", -3).flags("readonly").keySpec("RO access", "index 1", "keynum 0 1 1").acl("sortedset").group("sorted-set").since("6.2.0")
                .summary("Returns the intersect of multiple sorted sets.").complexity(INTER_COMPLEXITY)
                .arguments("numkeys:integer key:key ... " + AGGREGATE + " [WITHSCORES]")
                .handler((c, argv) -> SortedSetAlgebra.run(c, argv, null, 1, SortedSetAlgebra.INTER, false));
        t.command("zinterstore", -4).flags("write denyoom").keySpec("OW update", "index 1", "range 0 1 0").keySpec("RO access", "index 2", "keynum 0 1 1")
                .acl("sortedset").group("sorted-set").since("2.0.0")
                .summary("Stores the intersect of multiple sorted sets in a key.").complexity(INTER_COMPLEXITY)
                .arguments("destination:key numkeys:integer key:key ... " + AGGREGATE)
                .handler((c, argv) -> SortedSetAlgebra.run(c, argv, argv[1], 2, SortedSetAlgebra.INTER, false));
        t.command("zintercard", -3).flags("readonly").keySpec("RO access", "index 1", "keynum 0 1 1").acl("sortedset").group("sorted-set").since("7.0.0")
                .summary("Returns the number of members of the intersect of multiple sorted sets.")
                .complexity("O(N*K) worst case with N being the smallest input sorted set, K being the number of input sorted sets.")
                .arguments("numkeys:integer key:key ... [LIMIT limit:integer]")
                .handler((c, argv) -> SortedSetAlgebra.run(c, argv, null, 1, SortedSetAlgebra.INTER, true));
        t.command("zdiff", -3).flags("readonly").keySpec("RO access", "index 1", "keynum 0 1 1").acl("sortedset").group("sorted-set").since("6.2.0")
                .summary("Returns the difference between multiple sorted sets.").complexity(DIFF_COMPLEXITY)
                .arguments("numkeys:integer key:key ... [WITHSCORES]")
                .handler((c, argv) -> SortedSetAlgebra.run(c, argv, null, 1, SortedSetAlgebra.DIFF, false));
        t.command("zdiffstore", -4).flags("write denyoom").keySpec("OW update", "index 1", "range 0 1 0").keySpec("RO access", "index 2", "keynum 0 1 1")
                .acl("sortedset").group("sorted-set").since("6.2.0")
                .summary("Stores the difference of multiple sorted sets in a key.").complexity(DIFF_COMPLEXITY)
                .arguments("destination:key numkeys:integer key:key ...")
                .handler((c, argv) -> SortedSetAlgebra.run(c, argv, argv[1], 2, SortedSetAlgebra.DIFF, false));

        // pops
        t.command("zpopmin", -2).flags("write fast").keySpec("RW access delete", "index 1", "range 0 1 0").acl("sortedset").group("sorted-set").since("5.0.0")
                .summary("Returns the lowest-scoring members from a sorted set after removing them. Deletes the sorted set if the last member was popped.")
                .complexity("O(log(N)*M) with N being the number of elements in the sorted set, and M being the number of elements popped.")
                .arguments("key:key [count:integer]").handler((c, argv) -> SortedSetPop.zpop(c, argv, false));
        t.command("zpopmax", -2).flags("write fast").keySpec("RW access delete", "index 1", "range 0 1 0").acl("sortedset").group("sorted-set").since("5.0.0")
                .summary("Returns the highest-scoring members from a sorted set after removing them. Deletes the sorted set if the last member was popped.")
                .complexity("O(log(N)*M) with N being the number of elements in the sorted set, and M being the number of elements popped.")
                .arguments("key:key [count:integer]").handler((c, argv) -> SortedSetPop.zpop(c, argv, true));
        t.command("zmpop", -4).flags("write").keySpec("RW access delete", "index 1", "keynum 0 1 1").acl("sortedset").group("sorted-set").since("7.0.0")
                .summary("Returns the highest- or lowest-scoring members from one or more sorted sets after removing them. Deletes the sorted set if the last member was popped.")
                .complexity(MPOP_COMPLEXITY)
                .arguments("numkeys:integer key:key ... where:MIN|MAX [COUNT count:integer]")
                .handler((c, argv) -> SortedSetPop.zmpop(c, argv, 1, false));
        t.command("bzpopmin", -3).flags("write noscript fast blocking").keySpec("RW access delete", "index 1", "range -2 1 0").acl("sortedset").group("sorted-set").since("5.0.0")
                .summary("Removes and returns the member with the lowest score from one or more sorted sets. Blocks until a member is available otherwise. Deletes the sorted set if the last element was popped.")
                .complexity("O(log(N)) with N being the number of elements in the sorted set.").history(TIMEOUT_HISTORY)
                .arguments("key:key ... timeout:double").handler((c, argv) -> SortedSetPop.bzpop(c, argv, false));
        t.command("bzpopmax", -3).flags("write noscript fast blocking").keySpec("RW access delete", "index 1", "range -2 1 0").acl("sortedset").group("sorted-set").since("5.0.0")
                .summary("Removes and returns the member with the highest score from one or more sorted sets. Blocks until a member available otherwise.  Deletes the sorted set if the last element was popped.")
                .complexity("O(log(N)) with N being the number of elements in the sorted set.").history(TIMEOUT_HISTORY)
                .arguments("key:key ... timeout:double").handler((c, argv) -> SortedSetPop.bzpop(c, argv, true));
        t.command("bzmpop", -5).flags("write blocking").keySpec("RW access delete", "index 2", "keynum 0 1 1").acl("sortedset").group("sorted-set").since("7.0.0")
                .summary("Removes and returns a member by score from one or more sorted sets. Blocks until a member is available otherwise. Deletes the sorted set if the last element was popped.")
                .complexity(MPOP_COMPLEXITY)
                .arguments("timeout:double numkeys:integer key:key ... where:MIN|MAX [COUNT count:integer]")
                .handler((c, argv) -> SortedSetPop.zmpop(c, argv, 2, true));
    }

    // ---- shared helpers

    static final Object WRONG = new Object();

    /** The sorted set at key, null when absent, or {@link #WRONG} after replying WRONGTYPE. */
    static Object zset(Client c, Object o) {
        if (o == null || o instanceof ZSetValue) return o;
        c.reply().error(Errors.WRONGTYPE);
        return WRONG;
    }

    static long maxEntries(Client c) { return c.engine().typeLimits().zsetMaxListpackEntries(); }

    static long maxValue(Client c) { return c.engine().typeLimits().zsetMaxListpackValue(); }

    /** A strict long argument, or null after replying the error (Redis's getLongFromObjectOrReply). */
    static Long longArg(Client c, byte[] arg) {
        if (Numbers.isLong(arg)) return Numbers.parseLongUnchecked(arg, 0, arg.length);
        c.reply().error(Errors.NOT_INTEGER);
        return null;
    }

    /** A long in [min, Long.MAX_VALUE], or null after replying {@code error} (the same for a non-integer). */
    static Long rangeArg(Client c, byte[] arg, long min, String error) {
        if (Numbers.isLong(arg)) {
            long v = Numbers.parseLongUnchecked(arg, 0, arg.length);
            if (v >= min) return v;
        }
        c.reply().error(error);
        return null;
    }

    /**
     * A score range bound as Redis's zslParseRange reads it with strtod: "(" makes it exclusive, leading
     * whitespace is skipped, the empty string is 0, a NUL byte ends the text, NaN is refused.
     */
    static ScoreRange parseScoreRange(byte[] min, byte[] max) {
        boolean minEx = min.length > 0 && min[0] == '(';
        boolean maxEx = max.length > 0 && max[0] == '(';
        Double lo = strtod(min, minEx ? 1 : 0);
        Double hi = strtod(max, maxEx ? 1 : 0);
        return lo == null || hi == null ? null : new ScoreRange(lo, minEx, hi, maxEx);
    }

    private static Double strtod(byte[] b, int off) {
        int end = off;
        while (end < b.length && b[end] != 0) end++;
        if (end == off) return 0.0; // nothing to convert, and nothing left over
        int i = off;
        while (i < end && isSpace(b[i])) i++;
        if (i == end) return null; // no number: strtod leaves the whitespace unread
        return Numbers.strtod(java.util.Arrays.copyOfRange(b, i, end));
    }

    private static boolean isSpace(byte c) {
        return c == ' ' || (c >= '\t' && c <= '\r');
    }

    /** A lex range ("[a", "(a", "-", "+"), or null when an end is malformed (zslParseLexRange). */
    static LexRange parseLexRange(byte[] min, byte[] max) {
        byte[] lo = lexItem(min), hi = lexItem(max);
        if (lo == null || hi == null) return null;
        return new LexRange(lo, min[0] != '[', hi, max[0] != '[');
    }

    private static byte[] lexItem(byte[] item) {
        if (item.length == 0) return null;
        switch (item[0]) {
            case '+':
                return item.length == 1 ? LexRange.MAX : null;
            case '-':
                return item.length == 1 ? LexRange.MIN : null;
            case '(':
            case '[':
                return java.util.Arrays.copyOfRange(item, 1, item.length);
            default:
                return null;
        }
    }

    /** Redis's addReplyDouble for a member's score, and the member before it (RESP3 pairs are nested). */
    static void replyMemberScore(ReplyBuffer out, byte[] member, double score, boolean withScores) {
        if (withScores && out.resp() > 2) out.arrayHeader(2);
        out.bulk(member);
        if (withScores) out.doubleValue(score);
    }

    // ---- ZADD, ZINCRBY

    static void zadd(Client c, byte[][] argv, int flags) {
        boolean ch = false;
        int idx = 2;
        for (; idx < argv.length; idx++) {
            byte[] o = argv[idx];
            if (CommandTable.is(o, "nx")) flags |= ZSetValue.IN_NX;
            else if (CommandTable.is(o, "xx")) flags |= ZSetValue.IN_XX;
            else if (CommandTable.is(o, "ch")) ch = true;
            else if (CommandTable.is(o, "incr")) flags |= ZSetValue.IN_INCR;
            else if (CommandTable.is(o, "gt")) flags |= ZSetValue.IN_GT;
            else if (CommandTable.is(o, "lt")) flags |= ZSetValue.IN_LT;
            else break;
        }
        boolean incr = (flags & ZSetValue.IN_INCR) != 0, nx = (flags & ZSetValue.IN_NX) != 0;
        boolean xx = (flags & ZSetValue.IN_XX) != 0, gt = (flags & ZSetValue.IN_GT) != 0, lt = (flags & ZSetValue.IN_LT) != 0;
        int elements = argv.length - idx;
        if (elements % 2 != 0 || elements == 0) {
            c.reply().error(Errors.SYNTAX);
            return;
        }
        elements /= 2;
        if (nx && xx) {
            c.reply().error("ERR XX and NX options at the same time are not compatible");
            return;
        }
        if ((gt && nx) || (lt && nx) || (gt && lt)) {
            c.reply().error("ERR GT, LT, and/or NX options at the same time are not compatible");
            return;
        }
        if (incr && elements > 1) {
            c.reply().error("ERR INCR option supports a single increment-element pair");
            return;
        }
        double[] scores = new double[elements];
        for (int j = 0; j < elements; j++) {
            Double d = Numbers.parseDouble(argv[idx + 2 * j]);
            if (d == null) {
                c.reply().error(Errors.NOT_FLOAT);
                return;
            }
            scores[j] = d;
        }

        Database db = c.db();
        Object o = zset(c, db.lookupWrite(argv[1]));
        if (o == WRONG) return;
        ZSetValue z = (ZSetValue) o;
        int added = 0, updated = 0, processed = 0;
        long maxEntries = maxEntries(c), maxValue = maxValue(c);
        if (z == null) {
            if (xx) {
                replyAdd(c, incr, ch, 0, 0, 0, 0);
                return;
            }
            z = ZSetValue.create(maxEntries != 0 && maxValue >= argv[idx + 1].length);
            db.add(argv[1], z);
        }
        // INCR replies the score as computed, not as stored: a new member's -0 reads back as 0 from a listpack
        double newScore = 0;
        if (incr) {
            double cur = z.score(argv[idx + 1]);
            newScore = Double.isNaN(cur) ? scores[0] : cur + scores[0];
        }
        for (int j = 0; j < elements; j++) {
            int r = z.add(scores[j], argv[idx + 1 + 2 * j], flags, maxEntries, maxValue);
            if (r == ZSetValue.OUT_NAN) {
                c.reply().error("ERR resulting score is not a number (NaN)");
                if (added + updated > 0) zaddChanged(c, argv[1], incr);
                return;
            }
            if ((r & ZSetValue.OUT_ADDED) != 0) added++;
            if ((r & ZSetValue.OUT_UPDATED) != 0) updated++;
            if ((r & ZSetValue.OUT_NOP) == 0) processed++;
        }
        c.engine().stats().dirty += added + updated;
        replyAdd(c, incr, ch, added, updated, processed, newScore);
        if (added + updated > 0) zaddChanged(c, argv[1], incr);
    }

    private static void zaddChanged(Client c, byte[] key, boolean incr) {
        c.db().signalModified(key);
        c.keyspaceEvent(KeyspaceEvents.ZSET, incr ? "zincr" : "zadd", key);
    }

    private static void replyAdd(Client c, boolean incr, boolean ch, int added, int updated, int processed,
                                 double newScore) {
        if (incr) {
            if (processed > 0) c.reply().doubleValue(newScore);
            else c.reply().nullBulk();
        } else {
            c.reply().integer(ch ? added + updated : added);
        }
    }

    // ---- ZREM, ZREMRANGEBY*

    static void zrem(Client c, byte[][] argv) {
        Database db = c.db();
        Object o = zset(c, db.lookupWrite(argv[1]));
        if (o == WRONG) return;
        if (o == null) {
            c.reply().integer(0);
            return;
        }
        ZSetValue z = (ZSetValue) o;
        int deleted = 0;
        boolean keyRemoved = false;
        for (int j = 2; j < argv.length; j++) {
            if (z.remove(argv[j])) deleted++;
            if (z.size() == 0) {
                db.delete(argv[1]);
                keyRemoved = true;
                break;
            }
        }
        if (deleted > 0) {
            db.signalModified(argv[1]);
            c.keyspaceEvent(KeyspaceEvents.ZSET, "zrem", argv[1]);
            if (keyRemoved) c.keyspaceEvent(KeyspaceEvents.GENERIC, "del", argv[1]);
            c.engine().stats().dirty += deleted;
        }
        c.reply().integer(deleted);
    }

    /** ZREMRANGEBYRANK ('r'), ZREMRANGEBYSCORE ('s'), ZREMRANGEBYLEX ('l'). */
    static void zremrange(Client c, byte[][] argv, char type) {
        long start = 0, end = 0;
        ScoreRange range = null;
        LexRange lex = null;
        if (type == 'r') {
            Long s = longArg(c, argv[2]);
            if (s == null) return;
            Long e = longArg(c, argv[3]);
            if (e == null) return;
            start = s;
            end = e;
        } else if (type == 's') {
            range = parseScoreRange(argv[2], argv[3]);
            if (range == null) {
                c.reply().error(NOT_FLOAT_RANGE);
                return;
            }
        } else {
            lex = parseLexRange(argv[2], argv[3]);
            if (lex == null) {
                c.reply().error(NOT_LEX_RANGE);
                return;
            }
        }
        Database db = c.db();
        Object o = zset(c, db.lookupWrite(argv[1]));
        if (o == WRONG) return;
        if (o == null) {
            c.reply().integer(0);
            return;
        }
        ZSetValue z = (ZSetValue) o;
        long deleted;
        if (type == 'r') {
            long len = z.size();
            if (start < 0) start = len + start;
            if (end < 0) end = len + end;
            if (start < 0) start = 0;
            if (start > end || start >= len) {
                c.reply().integer(0);
                return;
            }
            if (end >= len) end = len - 1;
            deleted = z.removeRangeByRank(start, end);
        } else if (type == 's') {
            deleted = z.removeRangeByScore(range);
        } else {
            deleted = z.removeRangeByLex(lex);
        }
        boolean keyRemoved = z.size() == 0;
        if (keyRemoved) db.delete(argv[1]);
        if (deleted > 0) {
            db.signalModified(argv[1]);
            c.keyspaceEvent(KeyspaceEvents.ZSET, type == 'r' ? "zremrangebyrank" : type == 's' ? "zremrangebyscore"
                    : "zremrangebylex", argv[1]);
            if (keyRemoved) c.keyspaceEvent(KeyspaceEvents.GENERIC, "del", argv[1]);
        }
        c.engine().stats().dirty += deleted;
        c.reply().integer(deleted);
    }

    // ---- reads

    static void zcard(Client c, byte[][] argv) {
        Object o = zset(c, c.db().lookupRead(argv[1]));
        if (o == WRONG) return;
        c.reply().integer(o == null ? 0 : ((ZSetValue) o).size());
    }

    static void zscore(Client c, byte[][] argv) {
        Object o = zset(c, c.db().lookupRead(argv[1]));
        if (o == WRONG) return;
        double s = o == null ? Double.NaN : ((ZSetValue) o).score(argv[2]);
        if (Double.isNaN(s)) c.reply().nullBulk();
        else c.reply().doubleValue(s);
    }

    static void zmscore(Client c, byte[][] argv) {
        Object o = zset(c, c.db().lookupRead(argv[1]));
        if (o == WRONG) return;
        ReplyBuffer out = c.reply();
        out.arrayHeader(argv.length - 2);
        for (int j = 2; j < argv.length; j++) {
            double s = o == null ? Double.NaN : ((ZSetValue) o).score(argv[j]);
            if (Double.isNaN(s)) out.nullBulk();
            else out.doubleValue(s);
        }
    }

    static void zrank(Client c, byte[][] argv, boolean reverse) {
        Object o = zset(c, c.db().lookupRead(argv[1]));
        if (o == WRONG) return;
        long rank = o == null ? -1 : ((ZSetValue) o).rank(argv[2], reverse);
        if (rank < 0) c.reply().nullBulk();
        else c.reply().integer(rank);
    }

    static void zcount(Client c, byte[][] argv) {
        ScoreRange range = parseScoreRange(argv[2], argv[3]);
        if (range == null) {
            c.reply().error(NOT_FLOAT_RANGE);
            return;
        }
        Object o = zset(c, c.db().lookupRead(argv[1]));
        if (o == WRONG) return;
        c.reply().integer(o == null ? 0 : ((ZSetValue) o).countInRange(range));
    }

    static void zlexcount(Client c, byte[][] argv) {
        LexRange range = parseLexRange(argv[2], argv[3]);
        if (range == null) {
            c.reply().error(NOT_LEX_RANGE);
            return;
        }
        Object o = zset(c, c.db().lookupRead(argv[1]));
        if (o == WRONG) return;
        c.reply().integer(o == null ? 0 : ((ZSetValue) o).countInLexRange(range));
    }

    static void zscan(Client c, byte[][] argv) {
        OptionalLong cursor = ScanCursor.parse(argv[2]);
        if (cursor.isEmpty()) {
            c.reply().error(ScanCursor.INVALID);
            return;
        }
        Object o = zset(c, c.db().lookupRead(argv[1]));
        if (o == WRONG) return;
        if (o == null) CollectionScan.replyEmpty(c.reply());
        else CollectionScan.scan(c, argv, cursor.getAsLong(), o);
    }

    // ---- ZRANDMEMBER

    static void zrandmember(Client c, byte[][] argv) {
        if (argv.length >= 3) {
            long l = RandomCount.countWithOption(c, argv, "withscores");
            if (l != Long.MIN_VALUE) zrandmemberWithCount(c, argv, l, argv.length == 4);
            return;
        }
        Object o = zset(c, c.db().lookupRead(argv[1]));
        if (o == WRONG) return;
        if (o == null) c.reply().nullBulk();
        else c.reply().bulk(((ZSetValue) o).random(c.engine().random()).member());
    }

    private static void zrandmemberWithCount(Client c, byte[][] argv, long l, boolean withScores) {
        ReplyBuffer out = c.reply();
        Object o = zset(c, c.db().lookupRead(argv[1]));
        if (o == WRONG) return;
        if (o == null) {
            out.emptyArray();
            return;
        }
        ZSetValue z = (ZSetValue) o;
        boolean flat = withScores && out.resp() == 2;
        RandomCount.reply(out, l, flat ? 2 : 1, c.engine().random(), new RandomCount.Entries<Double>() {
            public int size() { return z.size(); }

            public void replyIndependent(SplittableRandom rnd, long count) {
                for (long i = 0; i < count && !c.outputLimitReached(); i++) {
                    ZSetValue.Cursor p = z.random(rnd);
                    replyMemberScore(out, p.member(), withScores ? p.score() : 0, withScores);
                }
            }

            public void replyAll() { z.forEach((m, s) -> replyMemberScore(out, m, s, withScores)); }

            public void copyTo(Dict<Double> copy) { z.forEach((m, s) -> copy.add(m, s)); }

            public void reply(byte[] member, Double score) { replyMemberScore(out, member, score, withScores); }

            public void replyDistinct(SplittableRandom rnd, int count) {
                if (z.isListpack()) {
                    // One pass over the listpack choosing count members (in order), as Redis's lpRandomPairsUnique.
                    z.randomUnique(rnd, count, (m, s) -> replyMemberScore(out, m, s, withScores));
                    return;
                }
                // Random picks until count distinct members came up.
                Dict<Void> seen = new Dict<>();
                seen.expand(count);
                while (seen.size() < count) {
                    ZSetValue.Cursor p = z.random(rnd);
                    byte[] m = p.member();
                    if (seen.containsKey(m)) continue;
                    seen.add(m, null);
                    replyMemberScore(out, m, p.score(), withScores);
                }
            }
        });
    }
}
