package dev.beryl.command;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Everything declared about one command (or subcommand): what dispatch, arity checks, COMMAND INFO/DOCS/GETKEYS
 * and the generated docs read. Built with the fluent setters from {@link CommandTable#command}, then frozen.
 * Arity follows Redis: n means exactly n arguments including the name, -n means at least n.
 */
public final class CommandSpec {
    private final String name;
    private final String fullName;
    private final byte[] nameBytes;
    /** Whether several effects of one call go out wrapped in MULTI/EXEC (all but SCAN and RANDOMKEY, as Redis). */
    private final boolean atomicPropagation;
    private final int arity;
    private final CommandSpec parent;
    private final EnumSet<CommandFlag> flags = EnumSet.noneOf(CommandFlag.class);
    private final EnumSet<AclCategory> acl = EnumSet.noneOf(AclCategory.class);
    private final Map<String, CommandSpec> subcommands = new LinkedHashMap<>();
    private int firstKey, lastKey, keyStep;
    private KeyFinder keyFinder;
    private CommandHandler handler;
    private String group = "generic";
    private String since = "1.0.0";
    private String summary = "";
    private String complexity = "";
    private String arguments = "";
    private String docFlags = "";
    private String[][] history = new String[0][];
    private String deprecatedSince, replacedBy;
    private final List<String> tips = new ArrayList<>();
    private final List<KeySpec> keySpecs = new ArrayList<>();
    private List<ArgumentSyntax.Arg> parsedArguments;

    // statistics (engine thread only)
    public long calls, microseconds, rejectedCalls, failedCalls;
    /** Call latencies in ns at µs granularity, as Redis's latency_histogram; made by the first recorded call. */
    private LatencyHistogram latency;

    CommandSpec(String name, int arity, CommandSpec parent) {
        this.name = name.toLowerCase(Locale.ROOT);
        this.arity = arity;
        this.parent = parent;
        this.fullName = parent == null ? this.name : parent.name + "|" + this.name;
        this.nameBytes = this.name.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        this.atomicPropagation = !this.name.equals("scan") && !this.name.equals("randomkey");
        if (parent != null) this.group = parent.group;
    }

    // ---- statistics

    /** Records one call's latency as Redis's updateCommandLatencyHistogram: clamped to 1 ns .. 1 s. */
    public void recordLatency(long micros) {
        if (latency == null) latency = new LatencyHistogram();
        latency.record(micros * 1000);
    }

    /** The latency histogram, or null before the first recorded call (INFO latencystats lists only these). */
    public LatencyHistogram latency() { return latency; }

    /** CONFIG RESETSTAT: calls, time, failures and latencies back to nothing. */
    public void resetStats() {
        calls = microseconds = rejectedCalls = failedCalls = 0;
        latency = null;
    }

    // ---- declaration

    /** Space separated Redis flag names: "write denyoom fast", "readonly loading stale". */
    public CommandSpec flags(String names) {
        for (String f : names.trim().split("\\s+")) {
            if (!f.isEmpty()) flags.add(CommandFlag.valueOf(f.toUpperCase(Locale.ROOT)));
        }
        return this;
    }

    /** Space separated ACL categories of the type ("string", "keyspace", "connection"); implicit ones are added. */
    public CommandSpec acl(String names) {
        for (String a : names.trim().split("\\s+")) {
            if (!a.isEmpty()) acl.add(AclCategory.valueOf(a.replace("@", "").toUpperCase(Locale.ROOT)));
        }
        return this;
    }

    /** Key positions as in Redis's legacy triple: first key, last key (negative counts from the end), step. */
    public CommandSpec keys(int first, int last, int step) {
        this.firstKey = first;
        this.lastKey = last;
        this.keyStep = step;
        return this;
    }

    /** For commands whose keys depend on the arguments (movable keys), e.g. numkeys-style commands. */
    public CommandSpec keyFinder(KeyFinder finder) {
        this.keyFinder = finder;
        flags.add(CommandFlag.MOVABLE_KEYS);
        return this;
    }

    public CommandSpec handler(CommandHandler h) { this.handler = h; return this; }
    public CommandSpec group(String g) { this.group = g; return this; }
    public CommandSpec since(String s) { this.since = s; return this; }
    public CommandSpec summary(String s) { this.summary = s; return this; }
    public CommandSpec complexity(String s) { this.complexity = s; return this; }
    /** Argument syntax for COMMAND DOCS, e.g. "key:key value:string [NX|XX]" (see ArgumentSyntax). */
    public CommandSpec arguments(String syntax) { this.arguments = syntax; return this; }
    /** Doc flags for COMMAND DOCS ("deprecated", "syscmd"). */
    public CommandSpec docFlags(String s) { this.docFlags = s; return this; }
    /** Version history pairs for COMMAND DOCS: {"6.2.0", "Added the GET option."}. */
    public CommandSpec history(String[]... h) { this.history = h; return this; }

    /** Deprecation for COMMAND DOCS: the version it was deprecated in and what replaces it (Redis's wording). */
    public CommandSpec deprecated(String since, String replacement) {
        this.deprecatedSince = since;
        this.replacedBy = replacement;
        return this;
    }

    /** Space separated command tips for COMMAND INFO: "nondeterministic_output request_policy:all_shards". */
    public CommandSpec tips(String names) {
        for (String t : names.trim().split("\\s+")) if (!t.isEmpty()) tips.add(t);
        return this;
    }

    /**
     * Adds a key spec (Redis's key_specs, in their order): {@code keySpec("RW access delete", "index 1",
     * "range -1 1 0")}; see {@link KeySpec}. When a command declares key specs, its legacy first/last/step and
     * the movablekeys flag are derived from them as Redis does.
     */
    public CommandSpec keySpec(String flags, String beginSearch, String findKeys) {
        keySpecs.add(new KeySpec(flags, beginSearch, findKeys, null));
        return this;
    }

    /** A key spec with Redis's explanatory notes. */
    public CommandSpec keySpec(String flags, String beginSearch, String findKeys, String notes) {
        keySpecs.add(new KeySpec(flags, beginSearch, findKeys, notes));
        return this;
    }

    /** Declares a subcommand (CLIENT SETNAME, CONFIG GET ...). */
    public CommandSpec subcommand(String sub, int arity) {
        CommandSpec s = new CommandSpec(sub, arity, this);
        subcommands.put(s.name, s);
        return s;
    }

    void seal() {
        // the categories Redis derives from flags (setImplicitACLCategories)
        if (flags.contains(CommandFlag.WRITE)) acl.add(AclCategory.WRITE);
        if (flags.contains(CommandFlag.READONLY) && !acl.contains(AclCategory.SCRIPTING)) acl.add(AclCategory.READ);
        if (flags.contains(CommandFlag.ADMIN)) { acl.add(AclCategory.ADMIN); acl.add(AclCategory.DANGEROUS); }
        if (flags.contains(CommandFlag.PUBSUB)) acl.add(AclCategory.PUBSUB);
        if (flags.contains(CommandFlag.FAST)) acl.add(AclCategory.FAST);
        if (flags.contains(CommandFlag.BLOCKING)) acl.add(AclCategory.BLOCKING);
        if (!flags.contains(CommandFlag.FAST)) acl.add(AclCategory.SLOW);
        if (handler == null && subcommands.isEmpty()) throw new IllegalStateException("no handler for " + fullName);
        if (keySpecs.isEmpty()) {
            if (firstKey != 0) keySpecs.add(KeySpec.fromLegacy(firstKey, lastKey, keyStep));
        } else {
            deriveLegacyRange();
        }
        parsedArguments = arguments.isEmpty() ? List.of() : ArgumentSyntax.parse(arguments);
        subcommands.values().forEach(CommandSpec::seal);
    }

    /**
     * Redis's populateCommandLegacyRangeSpec: first/last/step from the specs, movablekeys when they don't fit
     * (a key finder alone does not make keys movable once specs describe them, e.g. SET's variable flags).
     */
    private void deriveLegacyRange() {
        flags.remove(CommandFlag.MOVABLE_KEYS);
        if (keySpecs.size() == 1 && keySpecs.get(0).isSimpleRange()) {
            KeySpec k = keySpecs.get(0);
            keys(k.beginPos, k.f1 >= 0 ? k.beginPos + k.f1 : k.f1, k.f2);
            if (k.flags.contains(KeySpec.Flag.INCOMPLETE)) flags.add(CommandFlag.MOVABLE_KEYS);
            return;
        }
        int first = Integer.MAX_VALUE, last = 0, prevLast = 0;
        for (KeySpec k : keySpecs) {
            if (!k.isSimpleRange() || k.f2 != 1 || (prevLast != 0 && prevLast != k.beginPos - 1)) {
                flags.add(CommandFlag.MOVABLE_KEYS);
                continue;
            }
            if (k.flags.contains(KeySpec.Flag.INCOMPLETE)) flags.add(CommandFlag.MOVABLE_KEYS);
            first = Math.min(first, k.beginPos);
            int abs = k.f1 >= 0 ? k.f1 + k.beginPos : k.f1;
            last = Integer.compareUnsigned(last, abs) >= 0 ? last : abs;
            prevLast = last;
        }
        if (first == Integer.MAX_VALUE) {
            flags.add(CommandFlag.MOVABLE_KEYS);
            keys(0, 0, 0);
        } else {
            keys(first, last, 1);
        }
    }

    // ---- reading

    public String name() { return name; }
    public String fullName() { return fullName; }
    byte[] nameBytes() { return nameBytes; }
    public int arity() { return arity; }
    public boolean atomicPropagation() { return atomicPropagation; }
    public CommandSpec parent() { return parent; }
    public boolean has(CommandFlag f) { return flags.contains(f); }
    public EnumSet<CommandFlag> flags() { return flags; }
    public EnumSet<AclCategory> aclCategories() { return acl; }
    public int firstKey() { return firstKey; }
    public int lastKey() { return lastKey; }
    public int keyStep() { return keyStep; }
    public KeyFinder keyFinder() { return keyFinder; }
    public CommandHandler handler() { return handler; }
    public String group() { return group; }
    public String since() { return since; }
    public String summary() { return summary; }
    public String complexity() { return complexity; }
    public String arguments() { return arguments; }
    public String docFlags() { return docFlags; }
    public String[][] history() { return history; }
    public String deprecatedSince() { return deprecatedSince; }
    public String replacedBy() { return replacedBy; }
    public List<String> tips() { return tips; }
    public List<KeySpec> keySpecs() { return keySpecs; }
    /** The parsed {@link #arguments()} (after the table is sealed). */
    public List<ArgumentSyntax.Arg> argumentTree() { return parsedArguments; }
    public boolean isContainer() { return !subcommands.isEmpty(); }
    public Map<String, CommandSpec> subcommands() { return Collections.unmodifiableMap(subcommands); }

    public CommandSpec subcommand(byte[] name) {
        for (CommandSpec s : subcommands.values()) {
            if (CommandTable.equalsIgnoreCase(s.nameBytes, name)) return s;
        }
        return null;
    }

    /** True when argc satisfies the declared arity. */
    public boolean arityOk(int argc) {
        return arity > 0 ? argc == arity : argc >= -arity;
    }
}
