package dev.beryl.command;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Finds the key arguments of a full command line from its declaration, as Redis's
 * getKeysFromCommandWithSpecs: key specs when they are reliable, else the command's {@link KeyFinder}.
 */
public final class CommandKeys {
    private CommandKeys() {}

    /** One key argument: its position in argv and its access flags. */
    public record Key(int pos, Set<KeySpec.Flag> flags) {}

    /** Whether the command can have keys at all (Redis's doesCommandHaveKeys). */
    public static boolean hasKeys(CommandSpec cmd) {
        return cmd.keyFinder() != null || hasRealKeySpec(cmd);
    }

    private static boolean hasRealKeySpec(CommandSpec cmd) {
        for (KeySpec k : cmd.keySpecs()) if (!k.flags.contains(KeySpec.Flag.NOT_KEY)) return true;
        return false;
    }

    /** The keys of {@code argv} (argv[0] is the command name), or null when the arguments don't fit the specs. */
    public static List<Key> find(CommandSpec cmd, byte[][] argv) {
        boolean varFlags = false;
        for (KeySpec k : cmd.keySpecs()) varFlags |= k.flags.contains(KeySpec.Flag.VARIABLE_FLAGS);
        if (hasRealKeySpec(cmd) && !(varFlags && cmd.keyFinder() != null)) {
            List<Key> keys = new ArrayList<>();
            if (fromSpecs(cmd, argv, keys, false)) return keys;
        }
        if (cmd.keyFinder() == null) return null;
        int[] positions;
        try {
            positions = cmd.keyFinder().keyPositions(argv);
        } catch (IllegalArgumentException e) {
            return null;
        }
        // flags: the finder's own, else those of a spec that finds the key, else of a spec it cannot evaluate
        List<Key> bySpec = new ArrayList<>();
        fromSpecs(cmd, argv, bySpec, true);
        List<Key> keys = new ArrayList<>();
        for (int p : positions) {
            String own = cmd.keyFinder().keyFlags(argv, p);
            Set<KeySpec.Flag> flags = own != null ? KeySpec.parseFlags(own) : null;
            if (flags == null) {
                for (Key k : bySpec) if (k.pos == p) { flags = k.flags; break; }
            }
            if (flags == null) {
                for (KeySpec k : cmd.keySpecs()) if (k.begin == KeySpec.Begin.UNKNOWN || k.find == KeySpec.Find.UNKNOWN) { flags = k.flags; break; }
            }
            keys.add(new Key(p, flags == null ? EnumSet.noneOf(KeySpec.Flag.class) : flags));
        }
        return keys;
    }

    /** Redis's getKeysUsingKeySpecs; returns false on an invalid or incomplete spec unless {@code partial}. */
    static boolean fromSpecs(CommandSpec cmd, byte[][] argv, List<Key> out, boolean partial) {
        int argc = argv.length;
        for (KeySpec spec : cmd.keySpecs()) {
            if (spec.flags.contains(KeySpec.Flag.NOT_KEY)) continue;
            int first = 0;
            if (spec.begin == KeySpec.Begin.INDEX) {
                first = spec.beginPos;
            } else if (spec.begin == KeySpec.Begin.KEYWORD) {
                int start = spec.beginPos > 0 ? spec.beginPos : argc + spec.beginPos;
                int end = spec.beginPos > 0 ? argc - 1 : 1;
                for (int i = start; i != end; i = start <= end ? i + 1 : i - 1) {
                    if (i >= argc || i < 1) break;
                    if (CommandTable.is(argv[i], spec.keyword)) {
                        first = i + 1;
                        break;
                    }
                }
                if (first == 0) continue;
            } else {
                if (partial) continue;
                return false;
            }
            int last, step;
            if (spec.find == KeySpec.Find.RANGE) {
                step = spec.f2;
                if (spec.f1 >= 0) last = first + spec.f1;
                else if (spec.f3 == 0) last = argc + spec.f1;
                else last = first + ((argc - first) / spec.f3 + spec.f1);
            } else if (spec.find == KeySpec.Find.KEYNUM) {
                step = spec.f3;
                if (first + spec.f1 >= argc) {
                    if (partial) continue;
                    return false;
                }
                long numkeys = parseNonNegative(argv[first + spec.f1]);
                if (numkeys < 0) {
                    if (partial) continue;
                    return false;
                }
                first += spec.f2;
                last = first + (int) numkeys - 1;
            } else {
                if (partial) continue;
                return false;
            }
            if (last >= argc || last < first || first >= argc) {
                if (partial) continue;
                return false;
            }
            for (int i = first; i <= last; i += step) out.add(new Key(i, spec.flags));
            if (spec.flags.contains(KeySpec.Flag.INCOMPLETE) && !partial) return false;
        }
        return true;
    }

    private static long parseNonNegative(byte[] b) {
        if (!dev.beryl.resp.Numbers.isLong(b)) return -1;
        long n = dev.beryl.resp.Numbers.parseLongOr(b, -1);
        return n < 0 || n > Integer.MAX_VALUE ? -1 : n;
    }
}
