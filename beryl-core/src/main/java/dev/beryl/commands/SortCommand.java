package dev.beryl.commands;

import dev.beryl.command.CommandGroup;
import dev.beryl.command.CommandTable;
import dev.beryl.command.KeyFinder;
import dev.beryl.engine.Client;
import dev.beryl.engine.Database;
import dev.beryl.engine.Errors;
import dev.beryl.pubsub.KeyspaceEvents;
import dev.beryl.resp.Numbers;
import dev.beryl.resp.ReplyBuffer;
import dev.beryl.types.HashValue;
import dev.beryl.types.Quicklist;
import dev.beryl.types.SetValue;
import dev.beryl.types.ZSetValue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * SORT and SORT_RO (Redis's sort.c): the elements of a list, set or sorted set, sorted as numbers or (ALPHA) as
 * strings, by themselves or by the values of other keys (BY pattern, with *->field for hash fields), with LIMIT,
 * GET patterns and STORE into a list.
 */
public final class SortCommand implements CommandGroup {
    private static final String COMPLEXITY = "O(N+M*log(M)) where N is the number of elements in the list or set to "
            + "sort, and M the number of returned elements. When the elements are not sorted, complexity is O(N).";
    private static final String BY_GET_NOTES = "For the optional BY/GET keyword. It is marked 'unknown' because the "
            + "key names derive from the content of the key we sort";

    @Override
    public void register(CommandTable t) {
        t.command("sort", -2).flags("write denyoom").acl("set sortedset list dangerous").group("generic").since("1.0.0")
                .keySpec("RO access", "index 1", "range 0 1 0")
                .keySpec("RO access", "unknown", "unknown", BY_GET_NOTES)
                .keySpec("OW update", "unknown", "unknown", "For the optional STORE keyword. It is marked 'unknown' "
                        + "because the keyword can appear anywhere in the argument array")
                .keyFinder(new SortKeys(false))
                .summary("Sorts the elements of a list, set or sorted set, optionally by other keys' values, and returns or "
                        + "stores them.").complexity(COMPLEXITY)
                .arguments("key:key [BY pattern:pattern#1] [offset_count:LIMIT offset:integer count:integer] "
                        + "[GET pattern:pattern#1]... [order:ASC|DESC] [sorting:ALPHA] [STORE destination:key#2]")
                .handler((c, argv) -> sort(c, argv, false));
        t.command("sort_ro", -2).flags("readonly").acl("set sortedset list dangerous").group("generic").since("7.0.0")
                .keySpec("RO access", "index 1", "range 0 1 0")
                .keySpec("RO access", "unknown", "unknown", BY_GET_NOTES)
                .keyFinder(new SortKeys(true))
                .summary("Sorts the elements of a list, set or sorted set, optionally by other keys' values, without storing "
                        + "the result.").complexity(COMPLEXITY)
                .arguments("key:key [BY pattern:pattern#1] [offset_count:LIMIT offset:integer count:integer] "
                        + "[GET pattern:pattern#1]... [order:ASC|DESC] [sorting:ALPHA]")
                .handler((c, argv) -> sort(c, argv, true));
    }

    /** Redis's sortGetKeys / sortROGetKeys: the sorted key, and the last STORE destination. */
    private record SortKeys(boolean readonly) implements KeyFinder {
        @Override
        public int[] keyPositions(byte[][] argv) {
            int store = -1;
            for (int i = 2; !readonly && i < argv.length; i++) {
                if (CommandTable.is(argv[i], "limit")) i += 2;
                else if (CommandTable.is(argv[i], "get") || CommandTable.is(argv[i], "by")) i += 1;
                else if (CommandTable.is(argv[i], "store") && i + 1 < argv.length) store = i + 1;
            }
            return store < 0 ? new int[] {1} : new int[] {1, store};
        }

        @Override
        public String keyFlags(byte[][] argv, int position) {
            return position == 1 ? "RO access" : "OW update";
        }
    }

    /** One element to sort: its value, and what it sorts by. */
    private static final class Item {
        final byte[] value;
        double score;
        byte[] by; // ALPHA with BY: the looked-up value, null when missing

        Item(byte[] value) { this.value = value; }
    }

    static void sort(Client c, byte[][] argv, boolean readonly) {
        boolean desc = false, alpha = false, dontSort = false;
        long limitStart = 0, limitCount = -1;
        byte[] by = null, store = null;
        List<byte[]> gets = new ArrayList<>();
        for (int j = 2; j < argv.length; j++) {
            int left = argv.length - j - 1;
            byte[] a = argv[j];
            if (CommandTable.is(a, "asc")) {
                desc = false;
            } else if (CommandTable.is(a, "desc")) {
                desc = true;
            } else if (CommandTable.is(a, "alpha")) {
                alpha = true;
            } else if (CommandTable.is(a, "limit") && left >= 2) {
                if (!Numbers.isLong(argv[j + 1]) || !Numbers.isLong(argv[j + 2])) {
                    c.reply().error(Errors.NOT_INTEGER);
                    return;
                }
                limitStart = Numbers.parseLongUnchecked(argv[j + 1], 0, argv[j + 1].length);
                limitCount = Numbers.parseLongUnchecked(argv[j + 2], 0, argv[j + 2].length);
                j += 2;
            } else if (!readonly && CommandTable.is(a, "store") && left >= 1) {
                store = argv[++j];
            } else if (CommandTable.is(a, "by") && left >= 1) {
                by = argv[++j];
                // a constant pattern: nothing to sort by; as in Redis, a later BY with '*' does not undo it
                if (cIndexOf(by, (byte) '*', 0) < 0) dontSort = true;
            } else if (CommandTable.is(a, "get") && left >= 1) {
                gets.add(argv[++j]);
            } else {
                c.reply().error(Errors.SYNTAX);
                return;
            }
        }
        Database db = c.db();
        Object v = db.lookupRead(argv[1]);
        if (v != null && !(v instanceof Quicklist) && !(v instanceof SetValue) && !(v instanceof ZSetValue)) {
            c.reply().error(Errors.WRONGTYPE);
            return;
        }
        // a set's own order is arbitrary: what is stored is sorted, so it is the same everywhere
        if (dontSort && v instanceof SetValue && store != null) {
            dontSort = false;
            alpha = true;
            by = null;
        }
        // Redis converts a listpack sorted set for good before sorting it
        if (v instanceof ZSetValue z && z.isListpack()) z.convertToSkipList();
        long size = v == null ? 0 : v instanceof Quicklist q ? q.size() : v instanceof ZSetValue z ? z.size() : ((SetValue) v).size();
        long start = Math.min(Math.max(limitStart, 0), size);
        long count = Math.min(Math.max(limitCount, -1), size);
        long end = count < 0 ? size - 1 : start + count - 1;
        if (start >= size) {
            start = size - 1;
            end = size - 2;
        }
        if (end >= size) end = size - 1;

        List<Item> items = new ArrayList<>();
        if (v instanceof Quicklist q && dontSort) {
            // the list's own order, ASC or DESC, only the LIMIT range
            if (end >= start) {
                long n = end - start + 1;
                Quicklist.Cursor cur = q.cursor(desc ? size - start - 1 : start, !desc);
                while (items.size() < n && cur.next()) items.add(new Item(cur.value()));
                end -= start;
                start = 0;
            }
        } else if (v instanceof Quicklist q) {
            Quicklist.Cursor cur = q.cursor(0, true);
            while (cur != null && cur.next()) items.add(new Item(cur.value()));
        } else if (v instanceof SetValue s) {
            s.forEach(m -> items.add(new Item(m)));
        } else if (v instanceof ZSetValue z && dontSort) {
            // the sorted set's own order, ASC or DESC, only the LIMIT range
            ZSetValue.Cursor cur = z.atRank(start, desc);
            for (long n = end - start + 1; n > 0; n--, cur.step(desc)) items.add(new Item(cur.member()));
            end -= start;
            start = 0;
        } else if (v instanceof ZSetValue z) {
            z.dict().forEach(n -> items.add(new Item(n.key)));
        }

        Item[] vector = items.toArray(new Item[0]);
        if (!dontSort) {
            boolean convertError = false;
            for (Item it : vector) {
                byte[] key = by == null ? it.value : lookupByPattern(db, by, it.value);
                if (key == null) continue; // a missing BY value sorts as 0 (or first with ALPHA)
                if (alpha) {
                    if (by != null) it.by = key;
                } else {
                    Double d = SortScore.parse(key);
                    if (d == null) convertError = true;
                    else it.score = d;
                }
            }
            if (convertError) {
                c.reply().error("ERR One or more scores can't be converted into double");
                return;
            }
            Comparator<Item> cmp = comparator(desc, alpha, by != null, store != null);
            if (by != null && (start != 0 || end != vector.length - 1)) {
                partialSort(vector, 0, vector.length, cmp, (int) start, (int) end);
            } else {
                Arrays.sort(vector, cmp); // stable, like glibc's merge-sort qsort
            }
        }

        long outputLen = gets.isEmpty() ? end - start + 1 : gets.size() * (end - start + 1);
        if (store == null) {
            ReplyBuffer r = c.reply();
            r.arrayHeader(outputLen);
            for (long j = start; j <= end; j++) {
                byte[] e = vector[(int) j].value;
                if (gets.isEmpty()) r.bulk(e);
                for (byte[] g : gets) {
                    byte[] val = lookupByPattern(db, g, e);
                    if (val == null) r.nullBulk();
                    else r.bulk(val);
                }
            }
            return;
        }
        Quicklist result = new Quicklist(-2, 0); // Redis creates it with the quicklist defaults, not the config
        for (long j = start; j <= end; j++) {
            byte[] e = vector[(int) j].value;
            if (gets.isEmpty()) result.push(e, false);
            for (byte[] g : gets) {
                byte[] val = lookupByPattern(db, g, e);
                result.push(val == null ? new byte[0] : val, false);
            }
        }
        if (outputLen > 0) {
            db.set(store, result);
            c.keyspaceEvent(KeyspaceEvents.LIST, "sortstore", store);
            c.engine().stats().dirty += outputLen;
        } else if (db.delete(store)) {
            c.keyspaceEvent(KeyspaceEvents.GENERIC, "del", store);
            c.engine().stats().dirty++;
        }
        c.reply().integer(outputLen);
    }

    /**
     * sortCompare: numbers by score, ties by the elements' bytes; ALPHA by the BY values (missing first) or the
     * elements, as C strings (strcoll in the C locale) unless storing, where the comparison is binary.
     */
    private static Comparator<Item> comparator(boolean desc, boolean alpha, boolean byPattern, boolean storing) {
        return (a, b) -> {
            int cmp;
            if (!alpha) {
                cmp = a.score > b.score ? 1 : a.score < b.score ? -1 : Arrays.compareUnsigned(a.value, b.value);
            } else if (byPattern) {
                if (a.by == null || b.by == null) cmp = a.by == b.by ? 0 : a.by == null ? -1 : 1;
                else cmp = storing ? Arrays.compareUnsigned(a.by, b.by) : cStringCompare(a.by, b.by);
            } else {
                cmp = storing ? Arrays.compareUnsigned(a.value, b.value) : cStringCompare(a.value, b.value);
            }
            return desc ? -cmp : cmp;
        };
    }

    /**
     * Redis's pqsort (Bentley and McIlroy's quicksort that skips partitions outside [lrange, rrange]), for
     * BY with LIMIT: not stable, so elements that compare equal come out in the order Redis gives them.
     */
    private static void partialSort(Item[] a, int lo, int n, Comparator<Item> cmp, int lrange, int rrange) {
        while (true) {
            if (n < 7) {
                for (int m = lo + 1; m < lo + n; m++) {
                    for (int l = m; l > lo && cmp.compare(a[l - 1], a[l]) > 0; l--) swap(a, l, l - 1);
                }
                return;
            }
            int pm = lo + n / 2;
            if (n > 7) {
                int pl = lo, pn = lo + n - 1;
                if (n > 40) {
                    int d = n / 8;
                    pl = med3(a, pl, pl + d, pl + 2 * d, cmp);
                    pm = med3(a, pm - d, pm, pm + d, cmp);
                    pn = med3(a, pn - 2 * d, pn - d, pn, cmp);
                }
                pm = med3(a, pl, pm, pn, cmp);
            }
            swap(a, lo, pm);
            int pa = lo + 1, pb = pa, pc = lo + n - 1, pd = pc;
            while (true) {
                int r;
                while (pb <= pc && (r = cmp.compare(a[pb], a[lo])) <= 0) {
                    if (r == 0) swap(a, pa++, pb);
                    pb++;
                }
                while (pb <= pc && (r = cmp.compare(a[pc], a[lo])) >= 0) {
                    if (r == 0) swap(a, pc, pd--);
                    pc--;
                }
                if (pb > pc) break;
                swap(a, pb++, pc--);
            }
            int pn = lo + n;
            int r = Math.min(pa - lo, pb - pa);
            for (int i = 0; i < r; i++) swap(a, lo + i, pb - r + i);
            r = Math.min(pd - pc, pn - pd - 1);
            for (int i = 0; i < r; i++) swap(a, pb + i, pn - r + i);
            if ((r = pb - pa) > 1 && overlaps(lo, lo + r - 1, lrange, rrange)) partialSort(a, lo, r, cmp, lrange, rrange);
            if ((r = pd - pc) > 1 && overlaps(pn - r, pn - 1, lrange, rrange)) {
                lo = pn - r; // iterate rather than recurse, as the C code
                n = r;
                continue;
            }
            return;
        }
    }

    private static boolean overlaps(int lo, int hi, int lrange, int rrange) {
        return !((lrange < lo && rrange < lo) || (lrange > hi && rrange > hi));
    }

    private static int med3(Item[] a, int x, int y, int z, Comparator<Item> cmp) {
        return cmp.compare(a[x], a[y]) < 0
                ? (cmp.compare(a[y], a[z]) < 0 ? y : (cmp.compare(a[x], a[z]) < 0 ? z : x))
                : (cmp.compare(a[y], a[z]) > 0 ? y : (cmp.compare(a[x], a[z]) < 0 ? x : z));
    }

    private static void swap(Item[] a, int i, int j) {
        Item t = a[i];
        a[i] = a[j];
        a[j] = t;
    }

    /** strcmp: unsigned bytes up to the first NUL. */
    private static int cStringCompare(byte[] a, byte[] b) {
        int la = indexOf(a, (byte) 0, 0), lb = indexOf(b, (byte) 0, 0);
        return Arrays.compareUnsigned(a, 0, la < 0 ? a.length : la, b, 0, lb < 0 ? b.length : lb);
    }

    private static int indexOf(byte[] b, byte x, int from) {
        for (int i = from; i < b.length; i++) if (b[i] == x) return i;
        return -1;
    }

    /** strchr: like indexOf, but the search ends at a NUL byte. */
    private static int cIndexOf(byte[] b, byte x, int from) {
        for (int i = from; i < b.length && b[i] != 0; i++) if (b[i] == x) return i;
        return -1;
    }

    /**
     * Redis's lookupKeyByPattern: "#" is the element itself; otherwise the first '*' is replaced by the element
     * and the string value of that key is returned, or with "key*->field" the field of that hash. Null when
     * there is no '*', no such key, or a value of another type. The searches for "#", '*' and "->" stop at a NUL
     * byte, as the C string functions Redis uses.
     */
    static byte[] lookupByPattern(Database db, byte[] pattern, byte[] element) {
        if (pattern.length > 0 && pattern[0] == '#' && (pattern.length == 1 || pattern[1] == 0)) return element;
        int star = cIndexOf(pattern, (byte) '*', 0);
        if (star < 0) return null;
        int arrow = -1;
        for (int i = star + 1; i + 1 < pattern.length && pattern[i] != 0; i++) {
            if (pattern[i] == '-' && pattern[i + 1] == '>') {
                arrow = i;
                break;
            }
        }
        boolean hashField = arrow >= 0 && arrow + 2 < pattern.length && pattern[arrow + 2] != 0;
        int postfixEnd = hashField ? arrow : pattern.length;
        byte[] key = new byte[star + element.length + postfixEnd - star - 1];
        System.arraycopy(pattern, 0, key, 0, star);
        System.arraycopy(element, 0, key, star, element.length);
        System.arraycopy(pattern, star + 1, key, star + element.length, postfixEnd - star - 1);
        Object o = db.lookupRead(key);
        if (hashField) {
            return o instanceof HashValue h ? h.get(Arrays.copyOfRange(pattern, arrow + 2, pattern.length)) : null;
        }
        return o instanceof byte[] s ? s : null;
    }
}
