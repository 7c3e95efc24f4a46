package dev.beryl.command;

import java.util.EnumSet;
import java.util.Locale;

/**
 * One key specification as Redis 7 declares it (src/commands/*.json "key_specs"): how to find where the keys
 * begin (an index, or the argument after a keyword) and how many follow (a range, or a count argument), plus
 * the access flags COMMAND INFO and COMMAND GETKEYSANDFLAGS report.
 * Declared as text: flags "RW access delete", begin "index 1" | "keyword STORE 1" | "unknown",
 * find "range LASTKEY KEYSTEP LIMIT" | "keynum KEYNUMIDX FIRSTKEY KEYSTEP" | "unknown".
 */
public final class KeySpec {
    /** Key flags in the order Redis prints them. */
    public enum Flag {
        RO, RW, OW, RM, ACCESS, UPDATE, INSERT, DELETE, NOT_KEY, INCOMPLETE, VARIABLE_FLAGS;

        public String replyName() {
            return ordinal() <= RM.ordinal() ? name() : name().toLowerCase(Locale.ROOT);
        }
    }

    public enum Begin { UNKNOWN, INDEX, KEYWORD }
    public enum Find { UNKNOWN, RANGE, KEYNUM }

    public final EnumSet<Flag> flags = EnumSet.noneOf(Flag.class);
    public final String notes;
    public final Begin begin;
    /** INDEX: the position; KEYWORD: where to start looking (negative counts from the end). */
    public final int beginPos;
    public final String keyword;
    public final Find find;
    /** RANGE: lastkey, keystep, limit. KEYNUM: keynumidx, firstkey, keystep. */
    public final int f1, f2, f3;

    public KeySpec(String flagNames, String beginSearch, String findKeys, String notes) {
        flags.addAll(parseFlags(flagNames));
        this.notes = notes;
        String[] b = beginSearch.trim().split("\\s+");
        switch (b[0].toLowerCase(Locale.ROOT)) {
            case "index" -> { begin = Begin.INDEX; beginPos = Integer.parseInt(b[1]); keyword = null; }
            case "keyword" -> { begin = Begin.KEYWORD; keyword = b[1]; beginPos = Integer.parseInt(b[2]); }
            case "unknown" -> { begin = Begin.UNKNOWN; beginPos = 0; keyword = null; }
            default -> throw new IllegalArgumentException("bad begin_search: " + beginSearch);
        }
        String[] f = findKeys.trim().split("\\s+");
        switch (f[0].toLowerCase(Locale.ROOT)) {
            case "range" -> find = Find.RANGE;
            case "keynum" -> find = Find.KEYNUM;
            case "unknown" -> find = Find.UNKNOWN;
            default -> throw new IllegalArgumentException("bad find_keys: " + findKeys);
        }
        if (find == Find.UNKNOWN) {
            f1 = f2 = f3 = 0;
        } else {
            f1 = Integer.parseInt(f[1]);
            f2 = Integer.parseInt(f[2]);
            f3 = Integer.parseInt(f[3]);
        }
    }

    /** "RW access delete" as flags. */
    public static EnumSet<Flag> parseFlags(String names) {
        EnumSet<Flag> out = EnumSet.noneOf(Flag.class);
        for (String f : names.trim().split("\\s+")) {
            if (!f.isEmpty()) out.add(Flag.valueOf(f.toUpperCase(Locale.ROOT)));
        }
        return out;
    }

    /** The spec Redis would derive from a legacy (first, last, step) triple. */
    static KeySpec fromLegacy(int first, int last, int step) {
        int lastRel = last < 0 ? last : last - first;
        return new KeySpec("", "index " + first, "range " + lastRel + " " + step + " 0", null);
    }

    boolean isSimpleRange() {
        return begin == Begin.INDEX && find == Find.RANGE;
    }
}
