package dev.beryl.pubsub;

import dev.beryl.config.Config;
import dev.beryl.config.ConfigParam;
import dev.beryl.resp.Numbers;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Keyspace notifications (Redis's notify.c): commands that change a key call {@link #notify} with the event's
 * class and Redis's event name, and with notify-keyspace-events on for that class the event is published to
 * {@code __keyspace@<db>__:<key>} (message: the event) and {@code __keyevent@<db>__:<event>} (message: the key).
 * Off by default: a call then costs one test of a bit mask. Engine thread only.
 */
public final class KeyspaceEvents {
    public static final int KEYSPACE = 1, KEYEVENT = 1 << 1, GENERIC = 1 << 2, STRING = 1 << 3, LIST = 1 << 4,
            SET = 1 << 5, HASH = 1 << 6, ZSET = 1 << 7, EXPIRED = 1 << 8, EVICTED = 1 << 9, STREAM = 1 << 10,
            KEY_MISS = 1 << 11, MODULE = 1 << 13, NEW = 1 << 14;
    private static final int ALL = GENERIC | STRING | LIST | SET | HASH | ZSET | EXPIRED | EVICTED | STREAM | MODULE;
    private static final byte[] KEYSPACE_PREFIX = "__keyspace@".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] KEYEVENT_PREFIX = "__keyevent@".getBytes(StandardCharsets.US_ASCII);

    private final PubSub pubsub;
    private int flags;

    KeyspaceEvents(PubSub pubsub, Config config) {
        this.pubsub = pubsub;
        ConfigParam p = config.param("notify-keyspace-events");
        flags = parse(p.given());
        // the classes as given: CONFIG GET shows 'A' without the 'n' that may come with it, as Redis, which keeps it
        config.onChange("notify-keyspace-events", v -> flags = parse(p.given()));
    }

    /** Redis's keyspaceEventsStringToFlags, on a value ConfigParams has validated. */
    static int parse(String classes) {
        int f = 0;
        for (char ch : classes.toCharArray()) {
            f |= switch (ch) {
                case 'A' -> ALL;
                case 'g' -> GENERIC;
                case '$' -> STRING;
                case 'l' -> LIST;
                case 's' -> SET;
                case 'h' -> HASH;
                case 'z' -> ZSET;
                case 'x' -> EXPIRED;
                case 'e' -> EVICTED;
                case 'K' -> KEYSPACE;
                case 'E' -> KEYEVENT;
                case 't' -> STREAM;
                case 'm' -> KEY_MISS;
                case 'd' -> MODULE;
                case 'n' -> NEW;
                default -> 0;
            };
        }
        return f;
    }

    /** Whether events of this class are published at all (to skip work an event would need). */
    public boolean enabled(int type) { return (flags & type) != 0; }

    /** Redis's notifyKeyspaceEvent: an event of class {@code type} named {@code event} on a key of database db. */
    public void notify(int type, String event, byte[] key, int db) {
        if ((flags & type) == 0) return;
        byte[] name = event.getBytes(StandardCharsets.US_ASCII);
        if ((flags & KEYSPACE) != 0) pubsub.publish(channel(KEYSPACE_PREFIX, db, key), name, PubSub.Kind.CHANNEL);
        if ((flags & KEYEVENT) != 0) pubsub.publish(channel(KEYEVENT_PREFIX, db, name), key, PubSub.Kind.CHANNEL);
    }

    /** "__keyspace@" db "__:" suffix. */
    private static byte[] channel(byte[] prefix, int db, byte[] suffix) {
        byte[] b = new byte[prefix.length + 11 + 3 + suffix.length];
        System.arraycopy(prefix, 0, b, 0, prefix.length);
        int p = Numbers.writeLong(db, b, prefix.length);
        b[p++] = '_';
        b[p++] = '_';
        b[p++] = ':';
        System.arraycopy(suffix, 0, b, p, suffix.length);
        return Arrays.copyOf(b, p + suffix.length);
    }
}
