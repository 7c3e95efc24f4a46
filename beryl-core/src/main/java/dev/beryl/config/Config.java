package dev.beryl.config;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The server settings under Redis's own names ("port", "databases", "hz" ...). Initial values come from a
 * lookup function (MicroProfile Config reads "beryl.&lt;name&gt;" so env vars like BERYL_PORT work); CONFIG SET
 * changes mutable ones at run time and notifies listeners. Thread-safe reads; writes happen on the engine thread.
 */
public final class Config {
    private final Map<String, ConfigParam> params = new LinkedHashMap<>();

    public Config(Function<String, String> source) {
        ConfigParams.declare(this);
        for (ConfigParam p : params.values()) {
            String v = source.apply(p.name());
            if (v != null) {
                String err = p.set(v);
                if (err != null) throw new IllegalArgumentException("Invalid value for " + p.name() + ": " + err);
            }
        }
    }

    /** Defaults only (tests). */
    public static Config defaults() {
        return new Config(n -> null);
    }

    void declare(ConfigParam p) {
        params.put(p.name(), p);
        for (String alias : p.aliases()) params.put(alias, p);
    }

    public ConfigParam param(String name) {
        return params.get(name.toLowerCase(Locale.ROOT));
    }

    /** Distinct parameters in declaration order (aliases not repeated). */
    public Collection<ConfigParam> params() {
        return Collections.unmodifiableCollection(new java.util.LinkedHashSet<>(params.values()));
    }

    public String get(String name) {
        ConfigParam p = param(name);
        if (p == null) throw new IllegalArgumentException("unknown config " + name);
        return p.value();
    }

    public long getLong(String name) { return ConfigParam.parseMemory(get(name)); }
    public int getInt(String name) { return (int) getLong(name); }
    public boolean getBool(String name) { return "yes".equals(get(name)); }

    /** Sets a value as CONFIG SET would; returns null on success or the error detail. */
    public String set(String name, String value) {
        ConfigParam p = param(name);
        if (p == null) return "unknown option";
        return p.set(value);
    }

    public void onChange(String name, Consumer<String> listener) {
        param(name).listen(listener);
    }
}
