package dev.beryl.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;

/** One setting: its Redis name, current value (as CONFIG GET shows it), whether CONFIG SET may change it. */
public final class ConfigParam {
    /** How a value is written back by CONFIG REWRITE (Redis's rewriteConfig*Option per type). */
    public enum Kind {
        /** quoted like sdscatrepr */ STRING,
        /** written as is: numbers, yes/no, enum names */ PLAIN,
        /** bytes, written with a unit when it divides evenly ("1gb") */ MEMORY,
        /** several words (bind addresses), written unquoted */ WORDS
    }

    /** Whether CONFIG SET may change the setting (Redis's IMMUTABLE_CONFIG / PROTECTED_CONFIG). */
    public enum Access { MUTABLE, IMMUTABLE, PROTECTED }

    private final String name;
    private final List<String> aliases = new ArrayList<>();
    private boolean hidden;
    private final Access access;
    private final Kind kind;
    /** Validates and normalises a new value: returns the stored form, or throws IllegalArgumentException(detail). */
    private final Function<String, String> normaliser;
    private String defaultValue;
    private volatile String value;
    /** The value as it was given, before normalising: what Redis parses where its shown form loses something. */
    private volatile String given;
    private volatile Parsed parsed; // longValue()'s cache, valid while its source is the current value
    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();

    ConfigParam(String name, String defaultValue, Access access, Kind kind, Function<String, String> normaliser) {
        this.name = name;
        this.access = access;
        this.kind = kind;
        this.normaliser = normaliser;
        this.defaultValue = normaliser.apply(defaultValue);
        this.value = this.defaultValue;
        this.given = defaultValue;
    }

    public ConfigParam alias(String a) { aliases.add(a); return this; }
    /** Redis's HIDDEN_CONFIG: CONFIG GET reports it only when asked by its exact name, not for a pattern. */
    public ConfigParam hidden() { hidden = true; return this; }
    public boolean isHidden() { return hidden; }
    public String name() { return name; }
    public List<String> aliases() { return aliases; }
    public boolean mutable() { return access != Access.IMMUTABLE; }
    public Access access() { return access; }
    public Kind kind() { return kind; }
    public String value() { return value; }
    public String given() { return given; }

    /** The value with its unit applied, parsed once per value: commands read numeric settings on hot paths. */
    long longValue() {
        Parsed p = parsed;
        String v = value;
        if (p == null || p.source != v) parsed = p = new Parsed(v, parseMemory(v));
        return p.number;
    }

    private record Parsed(String source, long number) {}
    public String defaultValue() { return defaultValue; }

    /** Another default, in force before any value is read (redis-server's own where Beryl on Liberty differs). */
    void redefault(String v) {
        defaultValue = normaliser.apply(v);
        value = defaultValue;
    }

    String set(String v) {
        String n;
        try {
            n = normaliser.apply(v);
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        String old = value, oldGiven = given;
        value = n;
        given = v;
        try {
            for (Consumer<String> l : listeners) l.accept(n);
        } catch (IllegalArgumentException e) {
            // a listener that cannot apply the value refuses it (Redis's apply callbacks): the old one stays
            value = old;
            given = oldGiven;
            return e.getMessage();
        }
        return null;
    }

    /** Checks a value without storing it (CONFIG SET validates every pair before applying any). */
    public String validate(String v) {
        try {
            normaliser.apply(v);
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    void listen(Consumer<String> l) { listeners.add(l); }

    /** Parses "100", "1k", "2mb", "1gb" the way Redis's memtoull does. */
    public static long parseMemory(String s) {
        String l = s.toLowerCase(Locale.ROOT);
        long mul = 1;
        String digits = l;
        String[][] units = {{"gb", "1073741824"}, {"mb", "1048576"}, {"kb", "1024"}, {"g", "1000000000"}, {"m", "1000000"}, {"k", "1000"}, {"b", "1"}};
        for (String[] u : units) {
            if (l.endsWith(u[0])) {
                mul = Long.parseLong(u[1]);
                digits = l.substring(0, l.length() - u[0].length());
                break;
            }
        }
        return Math.multiplyExact(Long.parseLong(digits), mul);
    }
}
