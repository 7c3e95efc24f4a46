package dev.beryl.api;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Beryl for code in the same JVM: commands run on the engine thread like those of a socket client (and are seen
 * by them at once), without a socket. Strings are sent as UTF-8. Error replies are thrown as
 * {@link BerylException}. Instances are thread-safe.
 *
 * <p>{@link #execute(byte[]...)} returns replies as RESP2 values: bulk string → byte[], simple string → String,
 * integer → Long, null → null, array → List; {@link #execute(String...)} is the same with bulk strings decoded
 * to String.
 */
public interface Beryl {

    /** Runs one command, e.g. {@code execute("HSET".getBytes(), key, field, value)}. */
    Object execute(byte[]... args);

    /**
     * Runs the commands one after another with nothing else in between (like a MULTI/EXEC block) and returns
     * their replies in order; error replies are returned as {@link BerylException} values, not thrown.
     */
    List<Object> executeAll(List<byte[][]> commands);

    /** This API on database {@code db} (0 to databases-1) instead of this one's. */
    Beryl database(int db);

    default Object execute(String... args) {
        byte[][] argv = new byte[args.length][];
        for (int i = 0; i < args.length; i++) argv[i] = bytes(args[i]);
        return decodeStrings(execute(argv));
    }

    // ---- strings

    default byte[] get(byte[] key) {
        return (byte[]) execute(bytes("GET"), key);
    }

    default String get(String key) {
        return string(get(bytes(key)));
    }

    default void set(byte[] key, byte[] value) {
        execute(bytes("SET"), key, value);
    }

    default void set(String key, String value) {
        set(bytes(key), bytes(value));
    }

    /** SET with an expiry (SET key value PX milliseconds). */
    default void set(String key, String value, Duration ttl) {
        execute(bytes("SET"), bytes(key), bytes(value), bytes("PX"), bytes(Long.toString(ttl.toMillis())));
    }

    /** SET ... NX: true if the key did not exist and was set. */
    default boolean setIfAbsent(String key, String value) {
        return execute(bytes("SET"), bytes(key), bytes(value), bytes("NX")) != null;
    }

    default long incr(String key) {
        return (Long) execute(bytes("INCR"), bytes(key));
    }

    default long incrBy(String key, long delta) {
        return (Long) execute(bytes("INCRBY"), bytes(key), bytes(Long.toString(delta)));
    }

    default long decr(String key) {
        return (Long) execute(bytes("DECR"), bytes(key));
    }

    default long decrBy(String key, long delta) {
        return (Long) execute(bytes("DECRBY"), bytes(key), bytes(Long.toString(delta)));
    }

    // ---- keys

    /** Deletes the keys; returns how many existed. */
    default long del(String... keys) {
        return (Long) execute(withCommand("DEL", keys));
    }

    /** How many of the keys exist (a key given twice counts twice, as in Redis). */
    default long exists(String... keys) {
        return (Long) execute(withCommand("EXISTS", keys));
    }

    /** Sets a timeout in seconds; false if the key does not exist. */
    default boolean expire(String key, long seconds) {
        return (Long) execute(bytes("EXPIRE"), bytes(key), bytes(Long.toString(seconds))) == 1;
    }

    /** Sets a timeout in milliseconds; false if the key does not exist. */
    default boolean pexpire(String key, long millis) {
        return (Long) execute(bytes("PEXPIRE"), bytes(key), bytes(Long.toString(millis))) == 1;
    }

    /** Removes the timeout; false if the key does not exist or has none. */
    default boolean persist(String key) {
        return (Long) execute(bytes("PERSIST"), bytes(key)) == 1;
    }

    /** Remaining time to live in seconds: -1 if the key has no timeout, -2 if it does not exist. */
    default long ttl(String key) {
        return (Long) execute(bytes("TTL"), bytes(key));
    }

    /** Remaining time to live in milliseconds: -1 if the key has no timeout, -2 if it does not exist. */
    default long pttl(String key) {
        return (Long) execute(bytes("PTTL"), bytes(key));
    }

    /** The value's type name ("string", "list" ...), or "none". */
    default String type(String key) {
        return (String) execute(bytes("TYPE"), bytes(key));
    }

    /** PUBLISH: sends a message to the channel's subscribers (RESP clients); returns how many received it. */
    default long publish(String channel, String message) {
        return (Long) execute(bytes("PUBLISH"), bytes(channel), bytes(message));
    }

    // ---- helpers

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String string(byte[] b) {
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    private static byte[][] withCommand(String command, String[] args) {
        byte[][] argv = new byte[args.length + 1][];
        argv[0] = bytes(command);
        for (int i = 0; i < args.length; i++) argv[i + 1] = bytes(args[i]);
        return argv;
    }

    private static Object decodeStrings(Object v) {
        if (v instanceof byte[] b) return string(b);
        if (v instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            for (Object o : list) out.add(decodeStrings(o));
            return out;
        }
        return v;
    }
}
