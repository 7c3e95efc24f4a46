package dev.beryl.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The server settings under Redis's own names ("port", "databases", "hz" ...). Initial values come from an
 * optional Redis-format config file, then from a lookup function (MicroProfile Config reads "beryl.&lt;name&gt;"
 * so env vars like BERYL_PORT work), which wins. CONFIG SET changes mutable ones at run time and notifies
 * listeners; CONFIG REWRITE writes them back to the file. Thread-safe reads; writes happen on the engine thread.
 */
public final class Config {
    private final Map<String, ConfigParam> params = new LinkedHashMap<>();
    private final Path file;
    /** redis-server's `dir`: a working directory, relative values taken from the previous one (see forServer). */
    private final boolean chdir;

    public Config(Function<String, String> source) {
        this(null, source);
    }

    private Config(Path file, boolean chdir) {
        this.file = file;
        this.chdir = chdir;
        ConfigParams.declare(this);
    }

    /**
     * redis-server's configuration: the declared defaults (with redis-server's bind), {@code dir} being the process's working directory, then
     * Redis-format text (the config file's lines, then the command line's options, as redis-server joins them).
     * {@code dir} behaves as Redis's chdir: a relative value is taken from the current dir, and it must exist.
     * Throws {@link ConfigFileError} for the first bad line, as Redis refuses to start.
     *
     * @param file CONFIG REWRITE's target, or null
     */
    public static Config forServer(Path file, String text) {
        Config c = new Config(file, true);
        // a drop-in redis-server listens where redis-server does, every interface, with protected mode refusing
        // other hosts while there is no password; Beryl on Liberty keeps to loopback (ConfigParams)
        c.param("bind").redefault("* -::*");
        String err = c.set("dir", Path.of("").toAbsolutePath().toString());
        if (err != null) throw new IllegalStateException("the working directory: " + err);
        ConfigFile.loadText(c, text);
        return c;
    }

    /**
     * Settings from a Redis-format file ({@code null} for none) overridden by {@code source}; throws
     * IllegalArgumentException for an unknown setting or a bad value, as Redis refuses to start.
     */
    public Config(Path file, Function<String, String> source) {
        this(file, false);
        if (file != null) {
            try {
                ConfigFile.load(this, file);
            } catch (IOException e) {
                throw new IllegalArgumentException("Fatal error, can't open config file '" + file + "': " + e.getMessage(), e);
            }
        }
        for (ConfigParam p : params()) {
            String v = source.apply(p.name());
            if (v != null) {
                String err = p.set(v);
                if (err != null) throw new IllegalArgumentException("Invalid value for " + p.name() + ": " + err);
            }
        }
    }

    /**
     * A new value of {@code dir}: as is (Liberty resolves it itself), or for redis-server taken from the current
     * dir and required to be a directory, as Redis's chdir (its real path, as getcwd reports it).
     */
    String resolveDir(String v) {
        ConfigParam current = param("dir");
        if (!chdir || current == null) return v; // the declared default: forServer then sets the working directory
        Path p = Path.of(current.value()).resolve(v);
        if (v.isEmpty() || !Files.exists(p)) throw new IllegalArgumentException("No such file or directory");
        if (!Files.isDirectory(p)) throw new IllegalArgumentException("Not a directory");
        try {
            return p.toRealPath().toString();
        } catch (IOException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
    }

    /** A value quoted as in a config file line, as Redis's sdscatrepr (double quotes, C escapes). */
    public static String quote(String value) {
        return ConfigFile.quote(value);
    }

    /** A line split into words as Redis's sdssplitargs (quotes, C escapes); null on unbalanced quotes. */
    public static List<String> splitArgs(String line) {
        return ConfigFile.splitArgs(line);
    }

    /** Defaults only (tests). */
    public static Config defaults() {
        return new Config(n -> null);
    }

    /** The config file the settings were read from (CONFIG REWRITE's target), or null. */
    public Path file() { return file; }

    void declare(ConfigParam p) {
        params.put(p.name(), p);
        for (String alias : p.aliases()) params.put(alias, p);
    }

    /** A setting by its name or alias, any case; null if unknown. */
    public ConfigParam param(String name) {
        return params.get(name.toLowerCase(Locale.ROOT));
    }

    /** Distinct parameters in declaration order (aliases not repeated). */
    public Collection<ConfigParam> params() {
        return Collections.unmodifiableCollection(new LinkedHashSet<>(params.values()));
    }

    /** Every name CONFIG GET patterns are matched against (names and aliases) with its setting. */
    public Map<String, ConfigParam> byName() {
        return Collections.unmodifiableMap(params);
    }

    public String get(String name) {
        ConfigParam p = param(name);
        if (p == null) throw new IllegalArgumentException("unknown config " + name);
        return p.value();
    }

    public long getLong(String name) {
        ConfigParam p = param(name);
        if (p == null) throw new IllegalArgumentException("unknown config " + name);
        return p.longValue();
    }
    public int getInt(String name) { return (int) getLong(name); }
    public boolean getBool(String name) { return "yes".equals(get(name)); }

    /** Sets a value as CONFIG SET would; returns null on success or the error detail. */
    public String set(String name, String value) {
        ConfigParam p = param(name);
        if (p == null) return "unknown option";
        return p.set(value);
    }

    /**
     * Sets several values at once: all are validated first and nothing changes unless every one is valid.
     * Returns null on success, or the parameter and error detail of the first invalid value.
     */
    public String[] setAll(List<ConfigParam> targets, List<String> values) {
        for (int i = 0; i < targets.size(); i++) {
            String err = targets.get(i).validate(values.get(i));
            if (err != null) return new String[] {targets.get(i).name(), err};
        }
        String[] old = new String[targets.size()];
        for (int i = 0; i < targets.size(); i++) {
            old[i] = targets.get(i).value();
            String err = targets.get(i).set(values.get(i));
            if (err != null) {
                // one could not be applied: those set before it get their old values back, as Redis restores them
                for (int j = i - 1; j >= 0; j--) targets.get(j).set(old[j]);
                return new String[] {targets.get(i).name(), err};
            }
        }
        return null;
    }

    /** Writes the current settings back to the config file (CONFIG REWRITE). */
    public void rewrite() throws IOException {
        if (file == null) throw new IllegalStateException("no config file");
        ConfigFile.rewrite(this, file);
    }

    public void onChange(String name, Consumer<String> listener) {
        param(name).listen(listener);
    }
}
