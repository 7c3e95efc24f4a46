package dev.beryl.engine;

import dev.beryl.pubsub.KeyspaceEvents;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * One numbered database: the key dict and the expires dict (keys with a TTL, absolute unix ms), as in Redis's
 * db.c. Expired keys are removed lazily on access here and actively by {@link ActiveExpiry}.
 * Every write through this class signals the key as modified (WATCH); a command that changes a stored value in
 * place calls {@link #signalModified} itself. Engine thread only.
 */
public final class Database {
    private static final byte[] DEL = {'D', 'E', 'L'};
    private final int id;
    private final Engine engine;
    private Dict<Object> keys = new Dict<>();
    private Dict<Long> expires = new Dict<>();
    /** Watched key -> the watches on it (Redis's db->watched_keys); stays with the db index across SWAPDB. */
    private final Dict<List<Transaction.Watch>> watched = new Dict<>();

    Database(int id, Engine engine) {
        this.id = id;
        this.engine = engine;
    }

    public int id() { return id; }
    public int size() { return keys.size(); }
    public int expiresSize() { return expires.size(); }
    /** The key dict; a background save walks the one it began with, even after FLUSHDB or SWAPDB. */
    public Dict<Object> keyDict() { return keys; }
    public Dict<Long> expireDict() { return expires; }

    /** Lookup for reading: expires the key if due, counts a hit or a miss, refreshes its access clock. */
    public Object lookupRead(byte[] key) {
        Dict.Node<Object> n = lookupReadNoTouch(key);
        if (n == null) return null;
        n.lru = engine.accessClock().touched(n.lru);
        return n.value;
    }

    /**
     * Lookup for reading that leaves the access clock alone (EXISTS, TYPE, TTL, OBJECT: Redis's LOOKUP_NOTOUCH):
     * expires the key if due and counts a hit or a miss (a keymiss event). Returns the node, or null.
     */
    public Dict.Node<Object> lookupReadNoTouch(byte[] key) {
        return lookupReadNoTouch(key, true);
    }

    /** The same, with or without the keymiss event (OBJECT has none: Redis's LOOKUP_NONOTIFY). */
    public Dict.Node<Object> lookupReadNoTouch(byte[] key, boolean missEvent) {
        Dict.Node<Object> n = findLive(key);
        if (n == null) {
            engine.stats().keyspaceMisses++;
            if (missEvent) engine.pubsub().events().notify(KeyspaceEvents.KEY_MISS, "keymiss", key, id);
        } else {
            engine.stats().keyspaceHits++;
        }
        return n;
    }

    /** Lookup for writing: expires the key if due and refreshes its access clock, without hit statistics. */
    public Object lookupWrite(byte[] key) {
        Dict.Node<Object> n = lookupWriteNode(key);
        return n == null ? null : n.value;
    }

    /** {@link #lookupWrite} returning the node, for commands that carry its access clock along (RENAME, MOVE). */
    public Dict.Node<Object> lookupWriteNode(byte[] key) {
        Dict.Node<Object> n = findLive(key);
        if (n != null) {
            beforeWrite(n);
            n.lru = engine.accessClock().touched(n.lru);
        }
        return n;
    }

    /** Lookup that changes nothing but lazy expiry: no statistics, no access clock (internal checks). */
    public Object peek(byte[] key) {
        Dict.Node<Object> n = findLive(key);
        return n == null ? null : n.value;
    }

    /** The live node of a key (expired ones are deleted first), or null. */
    public Dict.Node<Object> findLive(byte[] key) {
        Dict.Node<Object> n = keys.find(key);
        if (n == null) return null;
        if (expireIfNeeded(key)) return null;
        return n;
    }

    public boolean exists(byte[] key) { return findLive(key) != null; }

    /** Stores a value, replacing any old one and its TTL (Redis's setKey with no KEEPTTL). */
    public void set(byte[] key, Object value) { set(key, value, false); }

    /** Replaces the value of a key and keeps its TTL (KEEPTTL, APPEND, INCR ...). */
    public void setKeepTtl(byte[] key, Object value) { set(key, value, true); }

    private void set(byte[] key, Object value, boolean keepTtl) {
        Dict.Node<Object> n = keys.find(key);
        if (n == null) {
            add(key, value);
        } else {
            beforeWrite(n);
            n.value = value;
            n.lru = engine.accessClock().touched(n.lru);
            if (!keepTtl) expires.remove(key);
            signalModified(key);
        }
    }

    /**
     * Adds a key the caller knows is absent, with a fresh access clock; returns its node. Clients blocked on the
     * key may then be served (Redis's dbAdd signals the key as ready).
     */
    public Dict.Node<Object> add(byte[] key, Object value) {
        Dict.Node<Object> n = keys.add(key, value);
        n.lru = engine.accessClock().fresh();
        SnapshotHook h = engine.snapshotHook();
        if (h != null) h.created(n);
        signalModified(key);
        engine.blocking().keyAdded(this, n.key);
        engine.pubsub().events().notify(KeyspaceEvents.NEW, "new", key, id);
        return n;
    }

    /** Deletes a key and its TTL; returns whether it existed (expired keys count as absent). */
    public boolean delete(byte[] key) {
        Dict.Node<Object> n = findLive(key);
        if (n == null) return false;
        beforeWrite(n);
        keys.remove(key);
        expires.remove(key);
        signalModified(key);
        return true;
    }

    /** Absolute expire time in unix ms, or -1 without TTL. Does not check expiry itself. */
    public long getExpire(byte[] key) {
        if (expires.isEmpty()) return -1;
        Long t = expires.get(key);
        return t == null ? -1 : t;
    }

    /** Sets the TTL of an existing key (absolute unix ms). The key array stored is the key dict's own. */
    public void setExpire(byte[] key, long whenMs) {
        Dict.Node<Object> n = keys.find(key);
        if (n == null) throw new IllegalStateException("setExpire on a missing key");
        beforeWrite(n);
        expires.put(n.key, whenMs);
        signalModified(key);
    }

    /** Removes the TTL; returns whether there was one. */
    public boolean persist(byte[] key) {
        if (!expires.containsKey(key)) return false;
        beforeWrite(keys.find(key));
        expires.remove(key);
        signalModified(key);
        return true;
    }

    /** Deletes the key if its TTL has passed. Returns true if it was expired. */
    public boolean expireIfNeeded(byte[] key) {
        if (!isExpired(key)) return false;
        if (engine.pause().paused()) return true; // expired, but deleted only once the pause ends
        beforeWrite(keys.find(key));
        keys.remove(key);
        expires.remove(key);
        engine.stats().expiredKeys++;
        engine.stats().dirty++;
        signalExpired(key);
        engine.propagation().add(id, new byte[][] {DEL, key});
        engine.pubsub().events().notify(KeyspaceEvents.EXPIRED, "expired", key, id);
        return true;
    }

    /**
     * True once the command clock is past the key's TTL (Redis's keyIsExpired: now &gt; when); used as is by
     * commands like KEYS that skip expired keys without deleting them. Nothing expires while the data loads at
     * start (the AOF's commands replay on keys that were live when they were written), as in Redis.
     */
    public boolean isExpired(byte[] key) {
        long when = getExpire(key);
        return when >= 0 && engine.commandTimeMs() > when && !engine.isLoading();
    }

    public void clear() {
        touchAllWatched(null);
        keys = new Dict<>();
        expires = new Dict<>();
    }

    /** Exchanges contents with another database (SWAPDB). */
    void swapWith(Database other) {
        touchAllWatched(other);
        other.touchAllWatched(this);
        Dict<Object> k = keys;
        Dict<Long> e = expires;
        keys = other.keys;
        expires = other.expires;
        other.keys = k;
        other.expires = e;
    }

    /** A random live key, or null (RANDOMKEY); expired picks are deleted on the way. */
    public byte[] randomKey() {
        while (keys.size() > 0) {
            Dict.Node<Object> n = keys.random(engine.random());
            if (!expireIfNeeded(n.key)) return n.key;
        }
        return null;
    }

    /** One SCAN step over the key dict (see {@link Dict#scan}); the visitor must not modify the database. */
    public long scan(long cursor, Consumer<Dict.Node<Object>> visitor) {
        return keys.scan(cursor, visitor);
    }

    /** Visits every key; the action must not modify the database. */
    public void forEachKey(Consumer<Dict.Node<Object>> action) {
        keys.forEach(action);
    }

    /** The node of a key without any expiry check (OBJECT/DEBUG internals). */
    public Dict.Node<Object> rawNode(byte[] key) {
        return keys.find(key);
    }

    /** Lets a running background save take the key's current value first (copy-on-write). */
    private void beforeWrite(Dict.Node<Object> n) {
        SnapshotHook h = engine.snapshotHook();
        if (h != null && n != null) h.beforeWrite(this, n);
    }

    // ---- WATCH (Redis's touchWatchedKey / touchAllWatchedKeysInDb)

    /**
     * Redis's signalModifiedKey: a write to this key fails the transactions watching it, and clients that may cache
     * it are told (client-side caching).
     */
    public void signalModified(byte[] key) {
        engine.tracking().keyModified(key);
        touchWatched(key);
    }

    /** A key removed because its TTL passed: as {@link #signalModified}, changed by the server, not a client. */
    private void signalExpired(byte[] key) {
        engine.tracking().keyExpired(key);
        touchWatched(key);
    }

    private void touchWatched(byte[] key) {
        if (watched.isEmpty()) return;
        List<Transaction.Watch> list = watched.get(key);
        if (list == null) return;
        for (Transaction.Watch w : list.toArray(new Transaction.Watch[0])) {
            if (w.expired && !keys.containsKey(key)) {
                w.expired = false; // a key already expired when watched is now deleted: logically no change
                continue;
            }
            w.owner.markTouched();
            w.owner.unwatchAll(); // nothing more can change the outcome
        }
    }

    /**
     * Before this database is emptied (FLUSHDB/FLUSHALL) or swapped with {@code replacedWith} (SWAPDB): fails the
     * transactions watching a key that exists here or, for a swap, in the replacement, unless the key is
     * logically absent on both sides (missing or expired).
     */
    private void touchAllWatched(Database replacedWith) {
        if (watched.isEmpty()) return;
        watched.forEach(e -> {
            byte[] key = e.key;
            boolean here = keys.containsKey(key);
            boolean there = replacedWith != null && replacedWith.keys.containsKey(key);
            if (!here && !there) return;
            for (Transaction.Watch w : e.value) {
                if (w.expired) {
                    if (!there) {
                        w.expired = false;
                        continue;
                    }
                    if (replacedWith.isExpired(key)) continue;
                } else if (!here && replacedWith.isExpired(key)) {
                    w.expired = true;
                    continue;
                }
                w.owner.markTouched();
            }
        });
    }

    void addWatch(Transaction.Watch w) {
        List<Transaction.Watch> list = watched.get(w.key);
        if (list == null) {
            list = new ArrayList<>(1);
            watched.put(w.key, list);
        }
        list.add(w);
    }

    void removeWatch(Transaction.Watch w) {
        List<Transaction.Watch> list = watched.get(w.key);
        list.remove(w);
        if (list.isEmpty()) watched.remove(w.key);
    }
}
