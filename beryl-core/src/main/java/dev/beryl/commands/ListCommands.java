package dev.beryl.commands;

import dev.beryl.command.CommandGroup;
import dev.beryl.command.CommandTable;
import dev.beryl.config.Config;
import dev.beryl.engine.Blocking;
import dev.beryl.engine.Client;
import dev.beryl.engine.Database;
import dev.beryl.engine.Errors;
import dev.beryl.pubsub.KeyspaceEvents;
import dev.beryl.resp.Numbers;
import dev.beryl.resp.ReplyBuffer;
import dev.beryl.types.Quicklist;

import java.util.Arrays;

/**
 * List commands (Redis's t_list.c), on {@link Quicklist}: pushes and pops at both ends, indexed access, LPOS,
 * LREM, LINSERT, LTRIM, LMOVE, the multi-key LMPOP, and the blocking forms, which wait through
 * {@link Blocking} when every list is empty. An emptied list is deleted.
 */
public final class ListCommands implements CommandGroup {
    private static final String[] TIMEOUT_HISTORY = {"6.0.0", "`timeout` is interpreted as a double instead of an integer."};
    private static final String PUSH_COMPLEXITY = "O(1) for each element added, so O(N) to add N elements when the "
            + "command is called with multiple arguments.";
    private static final String MPOP_COMPLEXITY = "O(N+M) where N is the number of provided keys and M is the "
            + "number of elements returned.";

    @Override
    public void register(CommandTable t) {
        t.command("lpush", -3).flags("write denyoom fast").acl("list").group("list").since("1.0.0")
                .keySpec("RW insert", "index 1", "range 0 1 0")
                .summary("Adds elements at the head of a list, creating it if needed.").complexity(PUSH_COMPLEXITY)
                .history(new String[] {"2.4.0", "Accepts multiple `element` arguments."})
                .arguments("key:key element:string ...").handler((c, argv) -> push(c, argv, true, false));
        t.command("rpush", -3).flags("write denyoom fast").acl("list").group("list").since("1.0.0")
                .keySpec("RW insert", "index 1", "range 0 1 0")
                .summary("Adds elements at the tail of a list, creating it if needed.").complexity(PUSH_COMPLEXITY)
                .history(new String[] {"2.4.0", "Accepts multiple `element` arguments."})
                .arguments("key:key element:string ...").handler((c, argv) -> push(c, argv, false, false));
        t.command("lpushx", -3).flags("write denyoom fast").acl("list").group("list").since("2.2.0")
                .keySpec("RW insert", "index 1", "range 0 1 0")
                .summary("Adds elements at the head of a list only if the list exists.").complexity(PUSH_COMPLEXITY)
                .history(new String[] {"4.0.0", "Accepts multiple `element` arguments."})
                .arguments("key:key element:string ...").handler((c, argv) -> push(c, argv, true, true));
        t.command("rpushx", -3).flags("write denyoom fast").acl("list").group("list").since("2.2.0")
                .keySpec("RW insert", "index 1", "range 0 1 0")
                .summary("Adds elements at the tail of a list only if the list exists.").complexity(PUSH_COMPLEXITY)
                .history(new String[] {"4.0.0", "Accepts multiple `element` arguments."})
                .arguments("key:key element:string ...").handler((c, argv) -> push(c, argv, false, true));
        t.command("lpop", -2).flags("write fast").acl("list").group("list").since("1.0.0")
                .keySpec("RW access delete", "index 1", "range 0 1 0")
                .summary("Removes and returns the first element, or the first count elements, of a list.")
                .complexity("O(N) where N is the number of elements returned")
                .history(new String[] {"6.2.0", "Added the `count` argument."})
                .arguments("key:key [count:integer@6.2.0]").handler((c, argv) -> pop(c, argv, true));
        t.command("rpop", -2).flags("write fast").acl("list").group("list").since("1.0.0")
                .keySpec("RW access delete", "index 1", "range 0 1 0")
                .summary("Removes and returns the last element, or the last count elements, of a list.")
                .complexity("O(N) where N is the number of elements returned")
                .history(new String[] {"6.2.0", "Added the `count` argument."})
                .arguments("key:key [count:integer@6.2.0]").handler((c, argv) -> pop(c, argv, false));
        t.command("llen", 2).flags("readonly fast").acl("list").group("list").since("1.0.0")
                .keySpec("RO", "index 1", "range 0 1 0")
                .summary("Returns the number of elements of a list.").complexity("O(1)")
                .arguments("key:key").handler(ListCommands::llen);
        t.command("lindex", 3).flags("readonly").acl("list").group("list").since("1.0.0")
                .keySpec("RO access", "index 1", "range 0 1 0")
                .summary("Returns the element at an index of a list.")
                .complexity("O(N) where N is the number of elements to traverse to get to the element at index. "
                        + "This makes asking for the first or the last element of the list O(1).")
                .arguments("key:key index:integer").handler(ListCommands::lindex);
        t.command("linsert", 5).flags("write denyoom").acl("list").group("list").since("2.2.0")
                .keySpec("RW insert", "index 1", "range 0 1 0")
                .summary("Inserts an element before or after the first occurrence of a pivot element.")
                .complexity("O(N) where N is the number of elements to traverse before seeing the value pivot. "
                        + "This means that inserting somewhere on the left end on the list (head) can be considered "
                        + "O(1) and inserting somewhere on the right end (tail) is O(N).")
                .arguments("key:key where:BEFORE|AFTER pivot:string element:string").handler(ListCommands::linsert);
        t.command("lrange", 4).flags("readonly").acl("list").group("list").since("1.0.0")
                .keySpec("RO access", "index 1", "range 0 1 0")
                .summary("Returns the elements between two indexes of a list.")
                .complexity("O(S+N) where S is the distance of start offset from HEAD for small lists, from nearest "
                        + "end (HEAD or TAIL) for large lists; and N is the number of elements in the specified range.")
                .arguments("key:key start:integer stop:integer").handler(ListCommands::lrange);
        t.command("lrem", 4).flags("write").acl("list").group("list").since("1.0.0")
                .keySpec("RW delete", "index 1", "range 0 1 0")
                .summary("Removes occurrences of an element, from the head or the tail, and counts them.")
                .complexity("O(N+M) where N is the length of the list and M is the number of elements removed.")
                .arguments("key:key count:integer element:string").handler(ListCommands::lrem);
        t.command("lset", 4).flags("write denyoom").acl("list").group("list").since("1.0.0")
                .keySpec("RW update", "index 1", "range 0 1 0")
                .summary("Replaces the element at an index of a list.")
                .complexity("O(N) where N is the length of the list. Setting either the first or the last element "
                        + "of the list is O(1).")
                .arguments("key:key index:integer element:string").handler(ListCommands::lset);
        t.command("ltrim", 4).flags("write").acl("list").group("list").since("1.0.0")
                .keySpec("RW delete", "index 1", "range 0 1 0")
                .summary("Keeps only the elements between two indexes of a list.")
                .complexity("O(N) where N is the number of elements to be removed by the operation.")
                .arguments("key:key start:integer stop:integer").handler(ListCommands::ltrim);
        t.command("lpos", -3).flags("readonly").acl("list").group("list").since("6.0.6")
                .keySpec("RO access", "index 1", "range 0 1 0")
                .summary("Returns the index, or indexes, of matching elements in a list.")
                .complexity("O(N) where N is the number of elements in the list, for the average case. When "
                        + "searching for elements near the head or the tail of the list, or when the MAXLEN option is "
                        + "provided, the command may run in constant time.")
                .arguments("key:key element:string [RANK rank:integer] [COUNT num-matches:integer] [MAXLEN len:integer]")
                .handler(ListCommands::lpos);
        t.command("rpoplpush", 3).flags("write denyoom").acl("list").group("list").since("1.2.0")
                .keySpec("RW access delete", "index 1", "range 0 1 0").keySpec("RW insert", "index 2", "range 0 1 0")
                .summary("Moves the last element of a list to the head of another and returns it.").complexity("O(1)")
                .docFlags("deprecated").deprecated("6.2.0", "`LMOVE` with the `RIGHT` and `LEFT` arguments")
                .arguments("source:key destination:key").handler((c, argv) -> move(c, argv[1], argv[2], false, true));
        t.command("lmove", 5).flags("write denyoom").acl("list").group("list").since("6.2.0")
                .keySpec("RW access delete", "index 1", "range 0 1 0").keySpec("RW insert", "index 2", "range 0 1 0")
                .summary("Moves an element from one end of a list to an end of another and returns it.")
                .complexity("O(1)")
                .arguments("source:key destination:key wherefrom:LEFT|RIGHT whereto:LEFT|RIGHT")
                .handler(ListCommands::lmove);
        t.command("lmpop", -4).flags("write").acl("list").group("list").since("7.0.0")
                .keySpec("RW access delete", "index 1", "keynum 0 1 1")
                .summary("Pops elements from the first non-empty list of several.").complexity(MPOP_COMPLEXITY)
                .arguments("numkeys:integer key:key ... where:LEFT|RIGHT [COUNT count:integer]")
                .handler((c, argv) -> lmpop(c, argv, 1, false));
        t.command("blpop", -3).flags("write noscript blocking").acl("list").group("list").since("2.0.0")
                .keySpec("RW access delete", "index 1", "range -2 1 0")
                .summary("Pops the first element of the first non-empty list, waiting for one if all are empty.")
                .complexity("O(N) where N is the number of provided keys.").history(TIMEOUT_HISTORY)
                .arguments("key:key ... timeout:double")
                .handler((c, argv) -> blockingPop(c, argv, 1, argv.length - 1, true, argv.length - 1, -1));
        t.command("brpop", -3).flags("write noscript blocking").acl("list").group("list").since("2.0.0")
                .keySpec("RW access delete", "index 1", "range -2 1 0")
                .summary("Pops the last element of the first non-empty list, waiting for one if all are empty.")
                .complexity("O(N) where N is the number of provided keys.").history(TIMEOUT_HISTORY)
                .arguments("key:key ... timeout:double")
                .handler((c, argv) -> blockingPop(c, argv, 1, argv.length - 1, false, argv.length - 1, -1));
        t.command("brpoplpush", 4).flags("write denyoom noscript blocking").acl("list").group("list").since("2.2.0")
                .keySpec("RW access delete", "index 1", "range 0 1 0").keySpec("RW insert", "index 2", "range 0 1 0")
                .summary("Moves the last element of a list to the head of another, waiting for one if the list is empty.")
                .complexity("O(1)").history(TIMEOUT_HISTORY)
                .docFlags("deprecated").deprecated("6.2.0", "`BLMOVE` with the `RIGHT` and `LEFT` arguments")
                .arguments("source:key destination:key timeout:double").handler(ListCommands::brpoplpush);
        t.command("blmove", 6).flags("write denyoom noscript blocking").acl("list").group("list").since("6.2.0")
                .keySpec("RW access delete", "index 1", "range 0 1 0").keySpec("RW insert", "index 2", "range 0 1 0")
                .summary("Moves an element from one end of a list to an end of another, waiting for one if the list "
                        + "is empty.").complexity("O(1)")
                .arguments("source:key destination:key wherefrom:LEFT|RIGHT whereto:LEFT|RIGHT timeout:double")
                .handler(ListCommands::blmove);
        t.command("blmpop", -5).flags("write blocking").acl("list").group("list").since("7.0.0")
                .keySpec("RW access delete", "index 2", "keynum 0 1 1")
                .summary("Pops elements from the first non-empty list of several, waiting for one if all are empty.")
                .complexity(MPOP_COMPLEXITY)
                .arguments("timeout:double numkeys:integer key:key ... where:LEFT|RIGHT [COUNT count:integer]")
                .handler((c, argv) -> lmpop(c, argv, 2, true));
    }

    // ---- shared helpers

    /** A new empty list with the current list-max-listpack-size and list-compress-depth, as Redis captures them. */
    static Quicklist newList(Client c) {
        Config cfg = c.engine().config();
        return new Quicklist(cfg.getInt("list-max-listpack-size"), cfg.getInt("list-compress-depth"));
    }

    /** Replies WRONGTYPE and returns true when a value exists and is not a list. */
    private static boolean wrongType(Client c, Object v) {
        if (v == null || v instanceof Quicklist) return false;
        c.reply().error(Errors.WRONGTYPE);
        return true;
    }

    /** A strict long argument, or null after replying the error (Redis's getLongFromObjectOrReply). */
    private static Long longArg(Client c, byte[] arg, String error) {
        if (Numbers.isLong(arg)) return Numbers.parseLongUnchecked(arg, 0, arg.length);
        c.reply().error(error == null ? Errors.NOT_INTEGER : error);
        return null;
    }

    /** A long in [min, Long.MAX_VALUE], or null after replying error (the same text for a non-integer). */
    private static Long rangeArg(Client c, byte[] arg, long min, String error) {
        Long v = longArg(c, arg, error);
        if (v != null && v < min) {
            c.reply().error(error);
            return null;
        }
        return v;
    }

    /** LEFT or RIGHT: 1 for the head, 0 for the tail, -1 after replying a syntax error. */
    private static int side(Client c, byte[] arg) {
        if (CommandTable.is(arg, "left")) return 1;
        if (CommandTable.is(arg, "right")) return 0;
        c.reply().error(Errors.SYNTAX);
        return -1;
    }

    private static void element(ReplyBuffer r, Quicklist.Cursor cur) {
        if (cur.isInt()) r.bulkLong(cur.intValue());
        else r.bulk(cur.array(), cur.offset(), cur.length());
    }

    /** Redis's listElementsRemoved: the event, then an emptied list is deleted; WATCH sees the change. */
    private static void removed(Database db, byte[] key, Quicklist q, long count, Client c, String event) {
        c.keyspaceEvent(KeyspaceEvents.LIST, event, key);
        if (q.size() == 0) deleteEmptied(c, db, key);
        else db.signalModified(key);
        c.engine().stats().dirty += count;
    }

    private static void deleteEmptied(Client c, Database db, byte[] key) {
        db.delete(key);
        c.keyspaceEvent(KeyspaceEvents.GENERIC, "del", key);
    }

    private static String popEvent(boolean head) { return head ? "lpop" : "rpop"; }

    private static String pushEvent(boolean head) { return head ? "lpush" : "rpush"; }

    /**
     * Redis's addListRangeReply: elements start..end (inclusive, negative from the tail, clamped), reversed if
     * asked; an empty array when the range is empty.
     */
    private static void rangeReply(ReplyBuffer r, Quicklist q, long start, long end, boolean reverse) {
        long llen = q.size();
        if (start < 0) start += llen;
        if (end < 0) end += llen;
        if (start < 0) start = 0;
        if (start > end || start >= llen) {
            r.emptyArray();
            return;
        }
        if (end >= llen) end = llen - 1;
        long n = end - start + 1;
        r.arrayHeader(n);
        Quicklist.Cursor cur = q.cursor(reverse ? end : start, !reverse);
        while (n-- > 0 && cur.next()) element(r, cur);
    }

    /**
     * Pops up to count elements from one end, replying [key, [elements]] (LMPOP, BLMPOP); true if the list went.
     * Propagated as [LR]POP key n.
     */
    private static boolean popRangeWithKey(Client c, Database db, byte[] key, Quicklist q, boolean head, long count,
            boolean served) {
        long n = Math.min(count, q.size());
        propagate(c, served, head ? LPOP : RPOP, key, Numbers.toBytes(n));
        ReplyBuffer r = c.reply();
        r.arrayHeader(2);
        r.bulk(key);
        rangeReply(r, q, head ? 0 : -n, head ? n - 1 : -1, !head);
        q.deleteRange(head ? 0 : -n, n);
        removed(db, key, q, n, c, popEvent(head));
        return q.size() == 0;
    }

    private static final byte[] LPOP = {'L', 'P', 'O', 'P'};
    private static final byte[] RPOP = {'R', 'P', 'O', 'P'};
    private static final byte[] LMOVE = {'L', 'M', 'O', 'V', 'E'};
    private static final byte[] RPOPLPUSH = "RPOPLPUSH".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] LEFT = {'L', 'E', 'F', 'T'};
    private static final byte[] RIGHT = {'R', 'I', 'G', 'H', 'T'};

    /**
     * How a blocking command propagates what it did: as the non-blocking form replacing it when it ran at once,
     * as an added command when a blocked client was served (no command is running then).
     */
    private static void propagate(Client c, boolean served, byte[]... argv) {
        if (served) c.alsoPropagate(argv);
        else c.rewriteArgv(argv);
    }

    // ---- commands

    /** LPUSH, RPUSH and, with onlyIfExists, LPUSHX and RPUSHX. */
    static void push(Client c, byte[][] argv, boolean head, boolean onlyIfExists) {
        Database db = c.db();
        Object v = db.lookupWrite(argv[1]);
        if (wrongType(c, v)) return;
        Quicklist q = (Quicklist) v;
        if (q == null) {
            if (onlyIfExists) {
                c.reply().integer(0);
                return;
            }
            q = newList(c);
            db.add(argv[1], q);
        }
        for (int j = 2; j < argv.length; j++) q.push(argv[j], head);
        c.engine().stats().dirty += argv.length - 2;
        c.reply().integer(q.size());
        db.signalModified(argv[1]);
        c.keyspaceEvent(KeyspaceEvents.LIST, pushEvent(head), argv[1]);
    }

    /** LPOP and RPOP, with an optional count (then an array reply). */
    static void pop(Client c, byte[][] argv, boolean head) {
        if (argv.length > 3) {
            c.reply().error(Errors.arity(head ? "lpop" : "rpop"));
            return;
        }
        boolean hasCount = argv.length == 3;
        long count = 0;
        if (hasCount) {
            Long n = rangeArg(c, argv[2], 0, "ERR value is out of range, must be positive");
            if (n == null) return;
            count = n;
        }
        Database db = c.db();
        Object v = db.lookupWrite(argv[1]);
        if (v == null) {
            if (hasCount) c.reply().nullArray();
            else c.reply().nullBulk();
            return;
        }
        if (wrongType(c, v)) return;
        Quicklist q = (Quicklist) v;
        if (hasCount && count == 0) {
            c.reply().emptyArray();
            return;
        }
        if (!hasCount) {
            c.reply().bulk(q.pop(head));
            removed(db, argv[1], q, 1, c, popEvent(head));
            return;
        }
        long n = Math.min(count, q.size());
        rangeReply(c.reply(), q, head ? 0 : -n, head ? n - 1 : -1, !head);
        q.deleteRange(head ? 0 : -n, n);
        removed(db, argv[1], q, n, c, popEvent(head));
    }

    static void llen(Client c, byte[][] argv) {
        Object v = c.db().lookupRead(argv[1]);
        if (wrongType(c, v)) return;
        c.reply().integer(v == null ? 0 : ((Quicklist) v).size());
    }

    static void lindex(Client c, byte[][] argv) {
        Object v = c.db().lookupRead(argv[1]);
        if (v == null) {
            c.reply().nullBulk();
            return;
        }
        if (wrongType(c, v)) return;
        Long index = longArg(c, argv[2], null);
        if (index == null) return;
        Quicklist.Cursor cur = ((Quicklist) v).cursor(index, true);
        if (cur != null && cur.next()) element(c.reply(), cur);
        else c.reply().nullBulk();
    }

    static void lset(Client c, byte[][] argv) {
        Database db = c.db();
        Object v = db.lookupWrite(argv[1]);
        if (v == null) {
            c.reply().error(Errors.NO_SUCH_KEY);
            return;
        }
        if (wrongType(c, v)) return;
        Long index = longArg(c, argv[2], null);
        if (index == null) return;
        if (!((Quicklist) v).set(index, argv[3])) {
            c.reply().error(Errors.OUT_OF_RANGE);
            return;
        }
        c.reply().ok();
        db.signalModified(argv[1]);
        c.keyspaceEvent(KeyspaceEvents.LIST, "lset", argv[1]);
        c.engine().stats().dirty++;
    }

    static void linsert(Client c, byte[][] argv) {
        boolean after;
        if (CommandTable.is(argv[2], "after")) after = true;
        else if (CommandTable.is(argv[2], "before")) after = false;
        else {
            c.reply().error(Errors.SYNTAX);
            return;
        }
        Database db = c.db();
        Object v = db.lookupWrite(argv[1]);
        if (v == null) {
            c.reply().integer(0);
            return;
        }
        if (wrongType(c, v)) return;
        Quicklist q = (Quicklist) v;
        if (!q.insert(argv[3], argv[4], after)) {
            c.reply().integer(-1);
            return;
        }
        db.signalModified(argv[1]);
        c.keyspaceEvent(KeyspaceEvents.LIST, "linsert", argv[1]);
        c.engine().stats().dirty++;
        c.reply().integer(q.size());
    }

    static void lrange(Client c, byte[][] argv) {
        Long start = longArg(c, argv[2], null);
        if (start == null) return;
        Long end = longArg(c, argv[3], null);
        if (end == null) return;
        Object v = c.db().lookupRead(argv[1]);
        if (v == null) {
            c.reply().emptyArray();
            return;
        }
        if (wrongType(c, v)) return;
        rangeReply(c.reply(), (Quicklist) v, start, end, false);
    }

    static void ltrim(Client c, byte[][] argv) {
        Long s = longArg(c, argv[2], null);
        if (s == null) return;
        Long e = longArg(c, argv[3], null);
        if (e == null) return;
        Database db = c.db();
        Object v = db.lookupWrite(argv[1]);
        if (v == null) {
            c.reply().ok();
            return;
        }
        if (wrongType(c, v)) return;
        Quicklist q = (Quicklist) v;
        long llen = q.size(), start = s, end = e, left, right;
        if (start < 0) start += llen;
        if (end < 0) end += llen;
        if (start < 0) start = 0;
        if (start > end || start >= llen) {
            left = llen; // an empty range empties the list
            right = 0;
        } else {
            if (end >= llen) end = llen - 1;
            left = start;
            right = llen - end - 1;
        }
        q.deleteRange(0, left);
        q.deleteRange(-right, right);
        removed(db, argv[1], q, left + right, c, "ltrim");
        c.reply().ok();
    }

    /** LPOS key element [RANK rank] [COUNT num-matches] [MAXLEN len]. */
    static void lpos(Client c, byte[][] argv) {
        long rank = 1, count = -1, maxlen = 0;
        for (int j = 3; j < argv.length; j++) {
            boolean more = j < argv.length - 1;
            if (more && CommandTable.is(argv[j], "rank")) {
                Long r = longArg(c, argv[++j], null);
                if (r == null) return;
                if (r == 0) {
                    c.reply().error("ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... "
                            + "or use negative to start from the end of the list");
                    return;
                }
                rank = r;
            } else if (more && CommandTable.is(argv[j], "count")) {
                Long n = rangeArg(c, argv[++j], 0, "ERR COUNT can't be negative");
                if (n == null) return;
                count = n;
            } else if (more && CommandTable.is(argv[j], "maxlen")) {
                Long n = rangeArg(c, argv[++j], 0, "ERR MAXLEN can't be negative");
                if (n == null) return;
                maxlen = n;
            } else {
                c.reply().error(Errors.SYNTAX);
                return;
            }
        }
        boolean forward = rank > 0;
        if (!forward) rank = -rank; // LONG_MIN stays negative, so every match ranks: as in C
        Object v = c.db().lookupRead(argv[1]);
        ReplyBuffer r = c.reply();
        if (v == null) {
            if (count != -1) r.emptyArray();
            else r.nullBulk();
            return;
        }
        if (wrongType(c, v)) return;
        Quicklist q = (Quicklist) v;
        long llen = q.size();
        Quicklist.Cursor cur = q.cursor(forward ? 0 : -1, forward);
        long index = 0, matches = 0, found = -1;
        long[] hits = count != -1 ? new long[(int) Math.min(16, llen)] : null;
        int nhits = 0;
        while ((maxlen == 0 || index < maxlen) && cur.next()) {
            if (cur.matches(argv[2])) {
                matches++;
                if (matches >= rank) {
                    long at = forward ? index : llen - index - 1;
                    if (hits == null) {
                        found = at;
                        break;
                    }
                    if (nhits == hits.length) hits = Arrays.copyOf(hits, nhits * 2);
                    hits[nhits++] = at;
                    if (count != 0 && nhits >= count) break;
                }
            }
            index++;
        }
        if (hits == null) {
            if (found >= 0) r.integer(found);
            else r.nullBulk();
            return;
        }
        r.arrayHeader(nhits);
        for (int i = 0; i < nhits; i++) r.integer(hits[i]);
    }

    static void lrem(Client c, byte[][] argv) {
        Long n = longArg(c, argv[2], null);
        if (n == null) return;
        Database db = c.db();
        Object v = db.lookupWrite(argv[1]);
        if (v == null) {
            c.reply().integer(0);
            return;
        }
        if (wrongType(c, v)) return;
        Quicklist q = (Quicklist) v;
        long count = n;
        // a negative count removes from the tail; -LONG_MIN does not fit, and Redis then removes them all
        long max = count == Long.MIN_VALUE ? 0 : Math.abs(count);
        long removed = q.remove(argv[3], max, count < 0);
        if (removed > 0) {
            db.signalModified(argv[1]);
            c.keyspaceEvent(KeyspaceEvents.LIST, "lrem", argv[1]);
            c.engine().stats().dirty += removed;
        }
        if (q.size() == 0) deleteEmptied(c, db, argv[1]);
        c.reply().integer(removed);
    }

    static void lmove(Client c, byte[][] argv) {
        int from = side(c, argv[3]);
        if (from < 0) return;
        int to = side(c, argv[4]);
        if (to < 0) return;
        move(c, argv[1], argv[2], from == 1, to == 1);
    }

    /** LMOVE and RPOPLPUSH: pops from src, pushes to dst (created if needed), replies the element. */
    private static void move(Client c, byte[] src, byte[] dst, boolean fromHead, boolean toHead) {
        Database db = c.db();
        Object s = db.lookupWrite(src);
        if (s == null) {
            c.reply().nullBulk();
            return;
        }
        if (wrongType(c, s)) return;
        Object d = db.lookupWrite(dst);
        if (wrongType(c, d)) return;
        Quicklist from = (Quicklist) s;
        byte[] value = from.pop(fromHead);
        pushMoved(c, db, dst, (Quicklist) d, value, toHead);
        c.keyspaceEvent(KeyspaceEvents.LIST, popEvent(fromHead), src);
        if (from.size() == 0) deleteEmptied(c, db, src);
        db.signalModified(src);
        c.engine().stats().dirty++;
    }

    /** Redis's lmoveHandlePush: pushes the moved element (creating the list) and replies it. */
    private static void pushMoved(Client c, Database db, byte[] dst, Quicklist to, byte[] value, boolean toHead) {
        if (to == null) {
            to = newList(c);
            db.add(dst, to);
        }
        db.signalModified(dst);
        to.push(value, toHead);
        c.keyspaceEvent(KeyspaceEvents.LIST, pushEvent(toHead), dst);
        c.reply().bulk(value);
    }

    /** LMPOP numkeys key... LEFT|RIGHT [COUNT n], and BLMPOP timeout numkeys ... */
    static void lmpop(Client c, byte[][] argv, int numkeysIdx, boolean blocking) {
        Long numkeys = rangeArg(c, argv[numkeysIdx], 1, "ERR numkeys should be greater than 0");
        if (numkeys == null) return;
        if (numkeys >= argv.length - numkeysIdx - 1) { // no room left for LEFT|RIGHT
            c.reply().error(Errors.SYNTAX);
            return;
        }
        int whereIdx = numkeysIdx + numkeys.intValue() + 1;
        int head = side(c, argv[whereIdx]);
        if (head < 0) return;
        long count = -1;
        for (int j = whereIdx + 1; j < argv.length; j++) {
            if (count == -1 && CommandTable.is(argv[j], "count") && j < argv.length - 1) {
                Long n = rangeArg(c, argv[++j], 1, "ERR count should be greater than 0");
                if (n == null) return;
                count = n;
            } else {
                c.reply().error(Errors.SYNTAX);
                return;
            }
        }
        if (count == -1) count = 1;
        if (blocking) {
            blockingPop(c, argv, numkeysIdx + 1, whereIdx, head == 1, 1, count);
            return;
        }
        Database db = c.db();
        for (int j = numkeysIdx + 1; j < whereIdx; j++) {
            Object v = db.lookupWrite(argv[j]);
            if (v == null) continue;
            if (wrongType(c, v)) return;
            popRangeWithKey(c, db, argv[j], (Quicklist) v, head == 1, count, false);
            return;
        }
        c.reply().nullArray();
    }

    /**
     * BLPOP, BRPOP and BLMPOP over keys argv[from, to): pops from the first non-empty list like LPOP/RPOP (count
     * -1, reply [key, element]) or LMPOP (reply [key, [elements]]), else blocks.
     */
    static void blockingPop(Client c, byte[][] argv, int from, int to, boolean head, int timeoutIdx, long count) {
        long deadline = Blocking.deadline(c, argv[timeoutIdx]);
        if (deadline < 0) return;
        Database db = c.db();
        for (int j = from; j < to; j++) {
            Object v = db.lookupWrite(argv[j]);
            if (v == null) continue;
            if (wrongType(c, v)) return;
            Quicklist q = (Quicklist) v;
            if (count != -1) {
                popRangeWithKey(c, db, argv[j], q, head, count, false);
            } else {
                c.rewriteArgv(head ? LPOP : RPOP, argv[j]);
                c.reply().arrayHeader(2);
                c.reply().bulk(argv[j]);
                c.reply().bulk(q.pop(head));
                removed(db, argv[j], q, 1, c, popEvent(head));
            }
            return;
        }
        if (!Blocking.mayBlock(c)) {
            c.reply().nullArray();
            return;
        }
        c.engine().blocking().block(c, argv, from, to, deadline, new Waiting(head, count, null, false, false));
    }

    static void brpoplpush(Client c, byte[][] argv) {
        long deadline = Blocking.deadline(c, argv[3]);
        if (deadline < 0) return;
        blockingMove(c, argv, false, true, deadline);
    }

    static void blmove(Client c, byte[][] argv) {
        int from = side(c, argv[3]);
        if (from < 0) return;
        int to = side(c, argv[4]);
        if (to < 0) return;
        long deadline = Blocking.deadline(c, argv[5]);
        if (deadline < 0) return;
        blockingMove(c, argv, from == 1, to == 1, deadline);
    }

    /** BLMOVE and BRPOPLPUSH: LMOVE at once if the source has elements, else wait for it. */
    private static void blockingMove(Client c, byte[][] argv, boolean fromHead, boolean toHead, long deadline) {
        Object s = c.db().lookupWrite(argv[1]);
        if (wrongType(c, s)) return;
        if (s != null) {
            move(c, argv[1], argv[2], fromHead, toHead);
            if (argv.length == 4) c.rewriteArgv(RPOPLPUSH, argv[1], argv[2]);
            else c.rewriteArgv(LMOVE, argv[1], argv[2], argv[3], argv[4]);
        } else if (!Blocking.mayBlock(c)) {
            c.reply().nullBulk();
        } else {
            c.engine().blocking().block(c, argv, 1, 2, deadline, new Waiting(fromHead, -1, argv[2], toHead, argv.length == 4));
        }
    }

    /** A client blocked in a list command, served once a list it waits on has elements. */
    private record Waiting(boolean head, long count, byte[] target, boolean toHead, boolean rpoplpush)
            implements Blocking.Waiter {
        @Override
        public boolean accepts(Object value) {
            return value instanceof Quicklist;
        }

        /** Redis's serveClientBlockedOnList. */
        @Override
        public boolean serve(Client c, Database db, byte[] key, Object value) {
            Quicklist q = (Quicklist) value;
            if (target != null) {
                Object d = db.lookupWrite(target);
                if (wrongType(c, d)) return false; // nothing popped: the next client may still be served
                pushMoved(c, db, target, (Quicklist) d, q.pop(head), toHead);
                c.keyspaceEvent(KeyspaceEvents.LIST, popEvent(head), key);
                if (rpoplpush) c.alsoPropagate(RPOPLPUSH, key, target);
                else c.alsoPropagate(LMOVE, key, target, head ? LEFT : RIGHT, toHead ? LEFT : RIGHT);
            } else if (count != -1) {
                return popRangeWithKey(c, db, key, q, head, count, true);
            } else {
                c.alsoPropagate(head ? LPOP : RPOP, key);
                c.reply().arrayHeader(2);
                c.reply().bulk(key);
                c.reply().bulk(q.pop(head));
                c.keyspaceEvent(KeyspaceEvents.LIST, popEvent(head), key);
            }
            if (q.size() > 0) return false;
            deleteEmptied(c, db, key);
            return true;
        }
    }
}
