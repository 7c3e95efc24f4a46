package dev.beryl.commands;

import dev.beryl.command.CommandGroup;
import dev.beryl.command.CommandTable;
import dev.beryl.engine.Client;
import dev.beryl.engine.Database;
import dev.beryl.engine.Dict;
import dev.beryl.engine.Errors;
import dev.beryl.pubsub.KeyspaceEvents;
import dev.beryl.resp.Numbers;
import dev.beryl.resp.ReplyBuffer;
import dev.beryl.types.IntSet;
import dev.beryl.types.SetValue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalLong;
import java.util.SplittableRandom;

/** Set commands (Redis's t_set.c). */
public final class SetCommands implements CommandGroup {
    private static final String NOT_POSITIVE = "ERR value is out of range, must be positive";
    /** Above this ratio of remaining members to count, SPOP removes random members; below it, keeps random ones. */
    private static final int SPOP_MOVE_STRATEGY_MUL = 5;

    @Override
    public void register(CommandTable t) {
        t.command("sadd", -3).flags("write denyoom fast").keySpec("RW insert", "index 1", "range 0 1 0").acl("set").group("set").since("1.0.0")
                .summary("Adds one or more members to a set. Creates the key if it doesn't exist.")
                .complexity("O(1) for each element added, so O(N) to add N elements when the command is called with multiple arguments.")
                .history(new String[] {"2.4.0", "Accepts multiple `member` arguments."})
                .arguments("key:key member:string ...").handler(SetCommands::sadd);
        t.command("srem", -3).flags("write fast").keySpec("RW delete", "index 1", "range 0 1 0").acl("set").group("set").since("1.0.0")
                .summary("Removes one or more members from a set. Deletes the set if the last member was removed.")
                .complexity("O(N) where N is the number of members to be removed.")
                .history(new String[] {"2.4.0", "Accepts multiple `member` arguments."})
                .arguments("key:key member:string ...").handler(SetCommands::srem);
        t.command("smembers", 2).flags("readonly").keySpec("RO access", "index 1", "range 0 1 0").tips("nondeterministic_output_order").acl("set").group("set").since("1.0.0")
                .summary("Returns all members of a set.").complexity("O(N) where N is the set cardinality.")
                .arguments("key:key").handler((c, argv) -> inter(c, argv, 1, null, false, 0));
        t.command("sismember", 3).flags("readonly fast").keySpec("RO", "index 1", "range 0 1 0").acl("set").group("set").since("1.0.0")
                .summary("Determines whether a member belongs to a set.").complexity("O(1)")
                .arguments("key:key member:string").handler(SetCommands::sismember);
        t.command("smismember", -3).flags("readonly fast").keySpec("RO access", "index 1", "range 0 1 0").acl("set").group("set").since("6.2.0")
                .summary("Determines whether multiple members belong to a set.")
                .complexity("O(N) where N is the number of elements being checked for membership")
                .arguments("key:key member:string ...").handler(SetCommands::smismember);
        t.command("scard", 2).flags("readonly fast").keySpec("RO", "index 1", "range 0 1 0").acl("set").group("set").since("1.0.0")
                .summary("Returns the number of members in a set.").complexity("O(1)")
                .arguments("key:key").handler(SetCommands::scard);
        t.command("spop", -2).flags("write fast").keySpec("RW access delete", "index 1", "range 0 1 0").tips("nondeterministic_output").acl("set").group("set").since("1.0.0")
                .summary("Returns one or more random members from a set after removing them. Deletes the set if the last member was popped.")
                .complexity("Without the count argument O(1), otherwise O(N) where N is the value of the passed count.")
                .history(new String[] {"3.2.0", "Added the `count` argument."})
                .arguments("key:key [count:integer]@3.2.0").handler(SetCommands::spop);
        t.command("srandmember", -2).flags("readonly").keySpec("RO access", "index 1", "range 0 1 0").tips("nondeterministic_output").acl("set").group("set").since("1.0.0")
                .summary("Returns one or more random members of a set without removing them.")
                .complexity("Without the count argument O(1), otherwise O(N) where N is the absolute value of the passed count.")
                .history(new String[] {"2.6.0", "Added the optional `count` argument."})
                .arguments("key:key [count:integer]@2.6.0").handler(SetCommands::srandmember);
        t.command("smove", 4).flags("write fast").keySpec("RW access delete", "index 1", "range 0 1 0").keySpec("RW insert", "index 2", "range 0 1 0").acl("set").group("set").since("1.0.0")
                .summary("Moves a member from one set to another.").complexity("O(1)")
                .arguments("source:key destination:key member:string").handler(SetCommands::smove);
        t.command("sinter", -2).flags("readonly").keySpec("RO access", "index 1", "range -1 1 0").tips("nondeterministic_output_order").acl("set").group("set").since("1.0.0")
                .summary("Returns the intersect of multiple sets.")
                .complexity("O(N*M) worst case where N is the cardinality of the smallest set and M is the number of sets.")
                .arguments("key:key ...").handler((c, argv) -> inter(c, argv, 1, null, false, 0));
        t.command("sintercard", -3).flags("readonly").keySpec("RO access", "index 1", "keynum 0 1 1").acl("set").group("set")
                .since("7.0.0").summary("Returns the number of members of the intersect of multiple sets.")
                .complexity("O(N*M) worst case where N is the cardinality of the smallest set and M is the number of sets.")
                .arguments("numkeys:integer key:key ... [LIMIT limit:integer]").handler(SetCommands::sintercard);
        t.command("sinterstore", -3).flags("write denyoom").keySpec("RW update", "index 1", "range 0 1 0").keySpec("RO access", "index 2", "range -1 1 0").acl("set").group("set").since("1.0.0")
                .summary("Stores the intersect of multiple sets in a key.")
                .complexity("O(N*M) worst case where N is the cardinality of the smallest set and M is the number of sets.")
                .arguments("destination:key key:key ...").handler((c, argv) -> inter(c, argv, 2, argv[1], false, 0));
        t.command("sunion", -2).flags("readonly").keySpec("RO access", "index 1", "range -1 1 0").tips("nondeterministic_output_order").acl("set").group("set").since("1.0.0")
                .summary("Returns the union of multiple sets.")
                .complexity("O(N) where N is the total number of elements in all given sets.")
                .arguments("key:key ...").handler((c, argv) -> unionDiff(c, argv, 1, null, false));
        t.command("sunionstore", -3).flags("write denyoom").keySpec("OW update", "index 1", "range 0 1 0").keySpec("RO access", "index 2", "range -1 1 0").acl("set").group("set").since("1.0.0")
                .summary("Stores the union of multiple sets in a key.")
                .complexity("O(N) where N is the total number of elements in all given sets.")
                .arguments("destination:key key:key ...").handler((c, argv) -> unionDiff(c, argv, 2, argv[1], false));
        t.command("sdiff", -2).flags("readonly").keySpec("RO access", "index 1", "range -1 1 0").tips("nondeterministic_output_order").acl("set").group("set").since("1.0.0")
                .summary("Returns the difference of multiple sets.")
                .complexity("O(N) where N is the total number of elements in all given sets.")
                .arguments("key:key ...").handler((c, argv) -> unionDiff(c, argv, 1, null, true));
        t.command("sdiffstore", -3).flags("write denyoom").keySpec("OW update", "index 1", "range 0 1 0").keySpec("RO access", "index 2", "range -1 1 0").acl("set").group("set").since("1.0.0")
                .summary("Stores the difference of multiple sets in a key.")
                .complexity("O(N) where N is the total number of elements in all given sets.")
                .arguments("destination:key key:key ...").handler((c, argv) -> unionDiff(c, argv, 2, argv[1], true));
        t.command("sscan", -3).flags("readonly").keySpec("RO access", "index 1", "range 0 1 0").tips("nondeterministic_output").acl("set").group("set").since("2.8.0")
                .summary("Iterates over members of a set.")
                .complexity("O(1) for every call. O(N) for a complete iteration, including enough command calls for the cursor to return back to 0. N is the number of elements inside the collection..")
                .arguments("key:key cursor:integer [MATCH pattern:pattern] [COUNT count:integer]").handler(SetCommands::sscan);
    }

    // ---- lookups

    private static final Object WRONG = new Object();

    /** The set at key, null when absent, or {@link #WRONG} after replying WRONGTYPE. */
    private static Object set(Client c, Object o) {
        if (o == null || o instanceof SetValue) return o;
        c.reply().error(Errors.WRONGTYPE);
        return WRONG;
    }

    private static long maxIntSet(Client c) {
        return c.engine().typeLimits().setMaxIntsetEntries();
    }

    // ---- single-set commands

    static void sadd(Client c, byte[][] argv) {
        Database db = c.db();
        Object o = set(c, db.lookupWrite(argv[1]));
        if (o == WRONG) return;
        SetValue s = (SetValue) o;
        if (s == null) {
            s = SetValue.createFor(argv[2]);
            db.add(argv[1], s);
        }
        long max = maxIntSet(c);
        int added = 0;
        for (int i = 2; i < argv.length; i++) if (s.add(argv[i], max)) added++;
        if (added > 0) {
            db.signalModified(argv[1]);
            c.keyspaceEvent(KeyspaceEvents.SET, "sadd", argv[1]);
        }
        c.engine().stats().dirty += added;
        c.reply().integer(added);
    }

    static void srem(Client c, byte[][] argv) {
        Object o = set(c, c.db().lookupWrite(argv[1]));
        if (o == WRONG) return;
        if (o == null) {
            c.reply().integer(0);
            return;
        }
        SetValue s = (SetValue) o;
        int deleted = 0;
        boolean keyRemoved = false;
        for (int i = 2; i < argv.length; i++) {
            if (s.remove(argv[i])) {
                deleted++;
                if (s.size() == 0) {
                    c.db().delete(argv[1]);
                    keyRemoved = true;
                    break;
                }
            }
        }
        if (deleted > 0) {
            c.db().signalModified(argv[1]);
            c.keyspaceEvent(KeyspaceEvents.SET, "srem", argv[1]);
            if (keyRemoved) c.keyspaceEvent(KeyspaceEvents.GENERIC, "del", argv[1]);
        }
        c.engine().stats().dirty += deleted;
        c.reply().integer(deleted);
    }

    static void smove(Client c, byte[][] argv) {
        Database db = c.db();
        Object src = db.lookupWrite(argv[1]);
        Object dst = db.lookupWrite(argv[2]);
        byte[] member = argv[3];
        if (src == null) {
            c.reply().integer(0);
            return;
        }
        if (set(c, src) == WRONG || set(c, dst) == WRONG) return;
        SetValue from = (SetValue) src;
        if (src == dst) {
            c.reply().integer(from.contains(member) ? 1 : 0);
            return;
        }
        if (!from.remove(member)) {
            c.reply().integer(0);
            return;
        }
        c.keyspaceEvent(KeyspaceEvents.SET, "srem", argv[1]);
        if (from.size() == 0) {
            db.delete(argv[1]);
            c.keyspaceEvent(KeyspaceEvents.GENERIC, "del", argv[1]);
        } else {
            db.signalModified(argv[1]);
        }
        SetValue to = (SetValue) dst;
        if (to == null) {
            to = SetValue.createFor(member);
            db.add(argv[2], to);
        }
        c.engine().stats().dirty++;
        if (to.add(member, maxIntSet(c))) {
            c.engine().stats().dirty++;
            db.signalModified(argv[2]);
            c.keyspaceEvent(KeyspaceEvents.SET, "sadd", argv[2]);
        }
        c.reply().integer(1);
    }

    static void sismember(Client c, byte[][] argv) {
        Object o = set(c, c.db().lookupRead(argv[1]));
        if (o == WRONG) return;
        c.reply().integer(o != null && ((SetValue) o).contains(argv[2]) ? 1 : 0);
    }

    static void smismember(Client c, byte[][] argv) {
        Object o = set(c, c.db().lookupRead(argv[1]));
        if (o == WRONG) return;
        SetValue s = (SetValue) o;
        ReplyBuffer out = c.reply();
        out.arrayHeader(argv.length - 2);
        for (int i = 2; i < argv.length; i++) out.integer(s != null && s.contains(argv[i]) ? 1 : 0);
    }

    static void scard(Client c, byte[][] argv) {
        Object o = set(c, c.db().lookupRead(argv[1]));
        if (o == WRONG) return;
        c.reply().integer(o == null ? 0 : ((SetValue) o).size());
    }

    static void sscan(Client c, byte[][] argv) {
        OptionalLong cursor = ScanCursor.parse(argv[2]);
        if (cursor.isEmpty()) {
            c.reply().error(ScanCursor.INVALID);
            return;
        }
        Object o = set(c, c.db().lookupRead(argv[1]));
        if (o == WRONG) return;
        if (o == null) CollectionScan.replyEmpty(c.reply());
        else CollectionScan.scan(c, argv, cursor.getAsLong(), o);
    }

    /** Every member of a set as a bulk string, intset members formatted on the fly. */
    private static void replyMembers(ReplyBuffer out, SetValue s) {
        if (s.isIntSet()) {
            IntSet ints = s.intSet();
            for (int i = 0, n = ints.size(); i < n; i++) out.bulkLong(ints.get(i));
        } else {
            s.dict().forEach(n -> out.bulk(n.key));
        }
    }

    // ---- SPOP

    static void spop(Client c, byte[][] argv) {
        if (argv.length == 3) {
            spopWithCount(c, argv);
            return;
        }
        if (argv.length > 3) {
            c.reply().error(Errors.SYNTAX);
            return;
        }
        Object o = set(c, c.db().lookupWrite(argv[1]));
        if (o == WRONG) return;
        if (o == null) {
            c.reply().nullBulk();
            return;
        }
        SetValue s = (SetValue) o;
        byte[] member = s.random(c.engine().random());
        s.remove(member);
        c.reply().bulk(member);
        c.keyspaceEvent(KeyspaceEvents.SET, "spop", argv[1]);
        if (s.size() == 0) {
            c.db().delete(argv[1]);
            c.keyspaceEvent(KeyspaceEvents.GENERIC, "del", argv[1]);
        } else {
            c.db().signalModified(argv[1]);
        }
        c.engine().stats().dirty++;
        c.rewriteArgv(Propagated.SREM, argv[1], member); // the random pick, so a replay removes the same
    }

    private static void spopWithCount(Client c, byte[][] argv) {
        long count = Numbers.parseLongOr(argv[2], -1);
        if (count < 0) {
            c.reply().error(NOT_POSITIVE);
            return;
        }
        Database db = c.db();
        ReplyBuffer out = c.reply();
        Object o = set(c, db.lookupWrite(argv[1]));
        if (o == WRONG) return;
        if (o == null || count == 0) {
            out.setHeader(0);
            return;
        }
        SetValue s = (SetValue) o;
        int size = s.size();
        c.keyspaceEvent(KeyspaceEvents.SET, "spop", argv[1]);
        c.engine().stats().dirty += Math.min(count, size);

        // The whole set.
        if (count >= size) {
            out.setHeader(size);
            replyMembers(out, s);
            db.delete(argv[1]);
            c.keyspaceEvent(KeyspaceEvents.GENERIC, "del", argv[1]);
            c.rewriteArgv(Propagated.DEL, argv[1]);
            return;
        }
        c.preventPropagation(); // propagated as one SREM per popped member

        out.setHeader(count);
        SplittableRandom rnd = c.engine().random();
        long remaining = size - count;
        if (remaining * SPOP_MOVE_STRATEGY_MUL > count) {
            // Few to pop: pop them one by one.
            for (long i = 0; i < count; i++) {
                byte[] member = s.random(rnd);
                s.remove(member);
                out.bulk(member);
                c.alsoPropagate(Propagated.SREM, argv[1], member);
            }
            db.signalModified(argv[1]);
        } else {
            // Most of the set goes: move the few survivors to a new set and reply with what is left of the old one.
            SetValue kept = null;
            long max = maxIntSet(c);
            for (long i = 0; i < remaining; i++) {
                byte[] member = s.random(rnd);
                if (kept == null) kept = SetValue.createFor(member);
                kept.add(member, max);
                s.remove(member);
            }
            replyMembers(out, s);
            s.forEach(m -> c.alsoPropagate(Propagated.SREM, argv[1], m));
            db.setKeepTtl(argv[1], kept);
        }
    }

    // ---- SRANDMEMBER

    static void srandmember(Client c, byte[][] argv) {
        if (argv.length == 3) {
            srandmemberWithCount(c, argv);
            return;
        }
        if (argv.length > 3) {
            c.reply().error(Errors.SYNTAX);
            return;
        }
        Object o = set(c, c.db().lookupRead(argv[1]));
        if (o == WRONG) return;
        if (o == null) c.reply().nullBulk();
        else c.reply().bulk(((SetValue) o).random(c.engine().random()));
    }

    private static void srandmemberWithCount(Client c, byte[][] argv) {
        long l = RandomCount.count(c, argv[2]);
        if (l == Long.MIN_VALUE) return;
        ReplyBuffer out = c.reply();
        Object o = set(c, c.db().lookupRead(argv[1]));
        if (o == WRONG) return;
        if (o == null) {
            out.emptyArray();
            return;
        }
        SetValue s = (SetValue) o;
        RandomCount.reply(out, l, 1, c.engine().random(), new RandomCount.Entries<Void>() {
            public int size() { return s.size(); }

            public void replyIndependent(SplittableRandom rnd, long count) {
                for (long i = 0; i < count && !c.outputLimitReached(); i++) out.bulk(s.random(rnd));
            }

            public void replyAll() { replyMembers(out, s); }

            public void copyTo(Dict<Void> copy) { s.forEach(m -> copy.add(m, null)); }

            public void reply(byte[] member, Void none) { out.bulk(member); }

            /** Random picks until count distinct members came up, replied once all are in. */
            public void replyDistinct(SplittableRandom rnd, int count) {
                Dict<Void> picked = new Dict<>();
                picked.expand(count);
                while (picked.size() < count) {
                    byte[] m = s.random(rnd);
                    if (!picked.containsKey(m)) picked.add(m, null);
                }
                picked.forEach(n -> out.bulk(n.key));
            }
        });
    }

    // ---- SINTER, SMEMBERS, SINTERCARD, SINTERSTORE

    static void sintercard(Client c, byte[][] argv) {
        long numkeys = Numbers.parseLongOr(argv[1], 0);
        if (numkeys < 1) {
            c.reply().error("ERR numkeys should be greater than 0");
            return;
        }
        if (numkeys > argv.length - 2) {
            c.reply().error("ERR Number of keys can't be greater than number of args");
            return;
        }
        long limit = 0;
        for (int i = 2 + (int) numkeys; i < argv.length; i++) {
            if (CommandTable.is(argv[i], "limit") && i + 1 < argv.length) {
                i++;
                limit = Numbers.parseLongOr(argv[i], -1);
                if (limit < 0) {
                    c.reply().error("ERR LIMIT can't be negative");
                    return;
                }
            } else {
                c.reply().error(Errors.SYNTAX);
                return;
            }
        }
        inter(c, Arrays.copyOf(argv, 2 + (int) numkeys), 2, null, true, limit);
    }

    /**
     * Intersection of the sets named by argv[first..]: replied as a set, stored in {@code dst}, or only counted
     * (up to {@code limit}, 0 for no limit). A missing key is an empty set, so the result is empty.
     */
    static void inter(Client c, byte[][] argv, int first, byte[] dst, boolean countOnly, long limit) {
        Database db = c.db();
        ReplyBuffer out = c.reply();
        int n = argv.length - first;
        SetValue[] sets = new SetValue[n];
        boolean empty = false;
        for (int i = 0; i < n; i++) {
            Object o = set(c, db.lookupRead(argv[first + i]));
            if (o == WRONG) return;
            if (o == null) empty = true;
            sets[i] = (SetValue) o;
        }
        if (empty) {
            if (dst != null) {
                if (db.delete(dst)) {
                    c.engine().stats().dirty++;
                    c.keyspaceEvent(KeyspaceEvents.GENERIC, "del", dst);
                }
                out.integer(0);
            } else if (countOnly) {
                out.integer(0);
            } else {
                out.setHeader(0);
            }
            return;
        }
        if (n == 1 && !countOnly && dst == null) { // SMEMBERS, or SINTER of one set
            out.setHeader(sets[0].size());
            replyMembers(out, sets[0]);
            return;
        }
        // Smallest first: every member of the smallest set is tested against the others.
        Arrays.sort(sets, Comparator.comparingInt(SetValue::size));
        SetValue smallest = sets[0];
        long cardinality = 0;
        List<byte[]> members = dst == null && !countOnly ? new ArrayList<>() : null;
        SetValue result = dst != null ? SetValue.createIntSet() : null;
        long max = maxIntSet(c);
        IntSet ints = smallest.intSet();
        int total = smallest.size();
        Dict<Void> dict = smallest.dict();
        List<byte[]> dictMembers = null;
        if (dict != null) {
            dictMembers = new ArrayList<>(total);
            List<byte[]> sink = dictMembers;
            dict.forEach(node -> sink.add(node.key));
        }
        for (int k = 0; k < total; k++) {
            long v = ints != null ? ints.get(k) : 0;
            byte[] member = ints != null ? null : dictMembers.get(k);
            boolean inAll = true;
            for (int j = 1; j < n && inAll; j++) {
                if (sets[j] == smallest) continue;
                inAll = member == null ? sets[j].contains(v) : sets[j].contains(member);
            }
            if (!inAll) continue;
            cardinality++;
            if (countOnly) {
                if (limit != 0 && cardinality >= limit) break;
            } else if (members != null) {
                members.add(member != null ? member : Numbers.toBytes(v));
            } else {
                result.add(member != null ? member : Numbers.toBytes(v), max);
            }
        }
        if (countOnly) {
            out.integer(cardinality);
        } else if (members != null) {
            out.setHeader(members.size());
            for (byte[] m : members) out.bulk(m);
        } else {
            store(c, dst, result, "sinterstore");
        }
    }

    /** Stores a STORE command's result (replacing the key and its TTL), or deletes the key when it is empty. */
    private static void store(Client c, byte[] dst, SetValue result, String event) {
        Database db = c.db();
        if (result.size() > 0) {
            db.set(dst, result);
            c.reply().integer(result.size());
            c.keyspaceEvent(KeyspaceEvents.SET, event, dst);
            c.engine().stats().dirty++;
        } else {
            c.reply().integer(0);
            if (db.delete(dst)) {
                c.engine().stats().dirty++;
                c.keyspaceEvent(KeyspaceEvents.GENERIC, "del", dst);
            }
        }
    }

    // ---- SUNION, SDIFF and their STORE forms

    static void unionDiff(Client c, byte[][] argv, int first, byte[] dst, boolean diff) {
        Database db = c.db();
        int n = argv.length - first;
        SetValue[] sets = new SetValue[n];
        boolean sameSet = false;
        for (int i = 0; i < n; i++) {
            Object o = set(c, db.lookupRead(argv[first + i]));
            if (o == WRONG) return;
            sets[i] = (SetValue) o;
            if (i > 0 && o != null && o == sets[0]) sameSet = true;
        }

        // Diff algorithm 1 tests each member of the first set against the others (about N*M work); algorithm 2
        // adds the first set and removes the others (about the total size). Redis's cost estimate picks one.
        boolean algorithmOne = true;
        if (diff && sets[0] != null && !sameSet) {
            long one = 0, two = 0;
            for (SetValue s : sets) {
                if (s == null) continue;
                one += sets[0].size();
                two += s.size();
            }
            one /= 2; // algorithm 1 has better constants and stops early on common members
            algorithmOne = one <= two;
            if (algorithmOne && n > 1) {
                // largest first, so a member found in the others is found early
                Arrays.sort(sets, 1, n, Comparator.comparingInt((SetValue s) -> s == null ? 0 : s.size()).reversed());
            }
        }

        SetValue result = SetValue.createIntSet();
        long max = maxIntSet(c);
        if (!diff) {
            for (SetValue s : sets) if (s != null) s.forEach(m -> result.add(m, max));
        } else if (sets[0] != null && !sameSet && algorithmOne) {
            sets[0].forEach(m -> {
                for (int j = 1; j < n; j++) {
                    if (sets[j] == null) continue;
                    if (sets[j] == sets[0] || sets[j].contains(m)) return;
                }
                result.add(m, max);
            });
        } else if (sets[0] != null && !sameSet) {
            sets[0].forEach(m -> result.add(m, max));
            for (int j = 1; j < n && result.size() > 0; j++) {
                if (sets[j] != null) sets[j].forEach(result::remove);
            }
        }

        if (dst != null) {
            store(c, dst, result, diff ? "sdiffstore" : "sunionstore");
        } else {
            ReplyBuffer out = c.reply();
            out.setHeader(result.size());
            replyMembers(out, result);
        }
    }
}
