package dev.beryl.tracking;

import dev.beryl.command.CommandFlag;
import dev.beryl.command.CommandKeys;
import dev.beryl.command.CommandSpec;
import dev.beryl.engine.Client;
import dev.beryl.engine.Dict;
import dev.beryl.engine.Engine;
import dev.beryl.resp.ReplyBuffer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Server-assisted client-side caching (Redis's tracking.c). Keys read by a tracking client are remembered with
 * the client's id; when such a key changes, each remembered client gets an invalidation message (a RESP3 push,
 * or a Pub/Sub message on __redis__:invalidate to a RESP2 client it redirects to) and the key is forgotten. In
 * BCAST mode nothing is remembered: keys changed under a subscribed prefix are sent once per loop turn.
 * Engine thread only; nothing is allocated until a client first enables tracking.
 */
public final class Tracking {
    private static final byte[] INVALIDATE = "invalidate".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] REDIR_BROKEN = "tracking-redir-broken".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CHANNEL = "__redis__:invalidate".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] MESSAGE = "message".getBytes(StandardCharsets.US_ASCII);

    /** Keys of a BCAST prefix changed in this loop turn (with who changed them last, for NOLOOP), and its clients. */
    private static final class Broadcast {
        final TreeMap<byte[], Client> keys = new TreeMap<>(Arrays::compareUnsigned);
        final Set<Client> clients = new LinkedHashSet<>();
    }

    private final Engine engine;
    /** Key -> ids of the clients that may cache it (Redis's TrackingTable); null until tracking is first used. */
    private Dict<Set<Long>> table;
    private final TreeMap<byte[], Broadcast> prefixes = new TreeMap<>(Arrays::compareUnsigned);
    /** Ids stored across the whole table (INFO tracking_total_items). */
    private long totalItems;
    private int trackingClients;
    /** Invalidations for the client whose command is running, sent after its reply; null means "all keys". */
    private final List<byte[]> pending = new ArrayList<>();
    private static final byte[] NULL2 = "$-1\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL3 = "_\r\n".getBytes(StandardCharsets.US_ASCII);
    private Client pendingFor;
    /** Rounds in a row that found the table over tracking-table-max-keys (Redis's timeout_counter). */
    private int overLimitRounds;

    public Tracking(Engine engine) {
        this.engine = engine;
    }

    public int clients() { return trackingClients; }
    public long totalKeys() { return table == null ? 0 : table.size(); }
    public long totalItems() { return totalItems; }
    public long totalPrefixes() { return prefixes.size(); }

    // ---- CLIENT TRACKING / RESET / disconnect

    /**
     * CLIENT TRACKING ON with its options, already checked by the caller (Redis's enableTracking); a client already
     * tracking keeps its prefixes and CACHING state.
     */
    public void enable(Client c, long redirect, boolean bcast, boolean optin, boolean optout, boolean noloop, List<byte[]> newPrefixes) {
        ClientTracking old = c.tracking();
        ClientTracking t = new ClientTracking(redirect, bcast, optin, optout, noloop);
        if (old == null) {
            trackingClients++;
        } else {
            t.prefixes.addAll(old.prefixes);
            t.caching = old.caching;
            // the client's BCAST subscriptions now belong to the new state
            for (byte[] p : old.prefixes) {
                Broadcast b = prefixes.get(p);
                if (b != null) b.clients.remove(c);
            }
        }
        if (table == null) table = new Dict<>();
        c.tracking(t);
        if (bcast) {
            for (byte[] p : t.prefixes) prefixes.computeIfAbsent(p, k -> new Broadcast()).clients.add(c);
            if (newPrefixes.isEmpty()) subscribe(c, t, new byte[0]);
            for (byte[] p : newPrefixes) subscribe(c, t, p);
        }
    }

    private void subscribe(Client c, ClientTracking t, byte[] prefix) {
        prefixes.computeIfAbsent(prefix, k -> new Broadcast()).clients.add(c);
        t.prefixes.add(prefix);
    }

    /** CLIENT TRACKING OFF, RESET, or the client is gone (Redis's disableTracking): its ids in the table go lazily. */
    public void disable(Client c) {
        ClientTracking t = c.tracking();
        if (t == null) return;
        for (byte[] p : t.prefixes) {
            Broadcast b = prefixes.get(p);
            if (b == null) continue;
            b.clients.remove(c);
            if (b.clients.isEmpty()) prefixes.remove(p);
        }
        c.tracking(null);
        trackingClients--;
    }

    /**
     * Redis's checkPrefixCollisionsOrReply: the error for two prefixes (given, or given and held) of which one
     * starts the other, or null.
     */
    public static String prefixCollision(Client c, List<byte[]> given) {
        ClientTracking t = c.tracking();
        for (int i = 0; i < given.size(); i++) {
            byte[] p = given.get(i);
            if (t != null) {
                for (byte[] held : t.prefixes) {
                    if (overlap(held, p)) {
                        return "ERR Prefix '" + text(p) + "' overlaps with an existing prefix '" + text(held)
                                + "'. Prefixes for a single client must not overlap.";
                    }
                }
            }
            for (int j = i + 1; j < given.size(); j++) {
                if (overlap(p, given.get(j))) {
                    return "ERR Prefix '" + text(p) + "' overlaps with another provided prefix '" + text(given.get(j))
                            + "'. Prefixes for a single client must not overlap.";
                }
            }
        }
        return null;
    }

    private static boolean overlap(byte[] a, byte[] b) {
        int n = Math.min(a.length, b.length);
        return Arrays.equals(a, 0, n, b, 0, n);
    }

    /** As Redis's "%s" of an sds: up to a NUL byte. */
    private static String text(byte[] b) {
        int n = 0;
        while (n < b.length && b[n] != 0) n++;
        return new String(b, 0, n, StandardCharsets.ISO_8859_1);
    }

    // ---- hooks from the engine

    /**
     * After a read-only command of a tracking client not in BCAST mode (Redis's trackingRememberKeys): its keys
     * are remembered for it.
     */
    public void rememberKeys(Client c, CommandSpec cmd, byte[][] argv) {
        ClientTracking t = c.tracking();
        if (t.bcast || !t.remembersReads()) return;
        if (cmd.has(CommandFlag.PUBSUB)) return; // shard channels are keys only for routing
        List<CommandKeys.Key> keys = CommandKeys.find(cmd, argv);
        if (keys == null) return;
        for (CommandKeys.Key k : keys) {
            byte[] key = argv[k.pos()];
            Set<Long> ids = table.get(key);
            if (ids == null) {
                ids = new HashSet<>(2);
                table.put(key, ids);
            }
            if (ids.add(c.id())) totalItems++;
        }
    }

    /**
     * A key changed (Redis's trackingInvalidateKey from signalModifiedKey): the clients that may cache it are told,
     * and it is noted for the BCAST prefixes it falls under, with the client that changed it (NOLOOP).
     */
    public void keyModified(byte[] key) {
        if (table == null) return;
        invalidate(engine.currentClient(), key, true, true);
    }

    /**
     * A key expired, lazily or actively (Redis's signalModifiedKey with no client): as {@link #keyModified}, but
     * no client changed it, so a NOLOOP BCAST client hears of it even when its own read found it expired.
     */
    public void keyExpired(byte[] key) {
        if (table == null) return;
        invalidate(null, key, true, true);
    }

    /**
     * {@code modifier} is who changed the key (null: the server), remembered for BCAST's NOLOOP. A NOLOOP client is
     * not told of changes while its own command runs; a client told of a change its own command made is told after
     * that command's reply ({@code inCommand}: the change comes from the command, not from the table limit checked
     * before it).
     */
    private void invalidate(Client modifier, byte[] key, boolean bcast, boolean inCommand) {
        if (bcast && !prefixes.isEmpty()) {
            for (Map.Entry<byte[], Broadcast> e : prefixes.entrySet()) {
                byte[] p = e.getKey();
                if (p.length <= key.length && Arrays.equals(p, 0, p.length, key, 0, p.length)) {
                    e.getValue().keys.put(key, modifier);
                }
            }
        }
        Set<Long> ids = table.remove(key);
        if (ids == null) return;
        totalItems -= ids.size();
        Client current = engine.currentClient();
        for (long id : ids) {
            Client target = engine.client(id);
            // a client that switched to BCAST since does not get what it was remembered for before
            if (target == null || target.tracking() == null || target.tracking().bcast) continue;
            if (target.tracking().noloop && target == current) continue;
            if (target == current && inCommand) {
                deferFor(target, key); // after the reply of the command that changed it
            } else {
                send(target, key, null);
            }
        }
    }

    private void deferFor(Client c, byte[] key) {
        pendingFor = c;
        pending.add(key);
    }

    /**
     * FLUSHDB/FLUSHALL (Redis's trackingInvalidateKeysOnFlush): every tracking client is told all its keys are
     * gone (a null), and the table is emptied.
     */
    public void flushed() {
        if (trackingClients > 0) {
            Client current = engine.currentClient();
            for (Client c : engine.clients()) {
                if (c.tracking() == null) continue;
                if (c == current) deferFor(c, null);
                else send(c, null, allKeys(c));
            }
        }
        if (table != null) {
            table = new Dict<>();
            totalItems = 0;
        }
    }

    /** "All keys": a null in the protocol of the tracking client (not of the one it redirects to), as Redis. */
    private static byte[] allKeys(Client c) {
        return c.resp() > 2 ? NULL3 : NULL2;
    }

    /**
     * After each command of a tracking client (Redis's resetClient): CLIENT CACHING applies to the next command or
     * transaction only, so it ends after any command but CLIENT's outside MULTI.
     */
    public void commandDone(Client c) {
        if (!c.transaction().inMulti() && !c.lastCommand().startsWith("client")) c.tracking().caching = false;
    }

    /** After a top-level command (Redis's trackingHandlePendingKeyInvalidations): its own invalidations go out. */
    public void afterCommand() {
        if (pending.isEmpty()) return;
        Client c = pendingFor;
        if (!c.isClosing()) {
            for (byte[] key : pending) send(c, key, key == null ? allKeys(c) : null);
        }
        pending.clear();
        pendingFor = null;
    }

    /** Before the loop sleeps (Redis's trackingBroadcastInvalidationMessages): each prefix's changed keys. */
    public void broadcast() {
        if (table == null || trackingClients == 0) return;
        for (Broadcast b : prefixes.values()) {
            if (b.keys.isEmpty()) continue;
            byte[] all = keyArray(b.keys, null);
            for (Client c : b.clients) {
                if (c.tracking().noloop) {
                    byte[] own = keyArray(b.keys, c);
                    if (own != null) send(c, null, own);
                } else {
                    send(c, null, all);
                }
            }
            b.keys.clear();
        }
    }

    /** The RESP array of the keys, without those {@code except} changed last (NOLOOP); null if none is left. */
    private static byte[] keyArray(TreeMap<byte[], Client> keys, Client except) {
        ReplyBuffer r = new ReplyBuffer(64);
        int n = 0;
        for (Map.Entry<byte[], Client> e : keys.entrySet()) if (except == null || e.getValue() != except) n++;
        if (n == 0) return null;
        r.arrayHeader(n);
        for (Map.Entry<byte[], Client> e : keys.entrySet()) if (except == null || e.getValue() != except) r.bulk(e.getKey());
        return r.toByteArray();
    }

    /**
     * tracking-table-max-keys (Redis's trackingLimitUsedSlots, before each command and in the cron): over the
     * limit, random keys are invalidated as if changed, with more effort each time the limit is still exceeded.
     */
    public void limitTable() {
        if (table == null || trackingClients == 0) return;
        long max = engine.config().getLong("tracking-table-max-keys");
        if (max == 0) return;
        if (table.size() <= max) {
            overLimitRounds = 0;
            return;
        }
        int effort = 100 * (overLimitRounds + 1);
        while (effort-- > 0 && table.size() > 0) {
            invalidate(null, table.random(engine.random()).key, false, false);
            if (table.size() <= max) {
                overLimitRounds = 0;
                return;
            }
        }
        overLimitRounds++;
    }

    /**
     * Sends one invalidation (Redis's sendTrackingMessage): a key, or {@code proto} (a key array, or a null for
     * "all keys"), to the client or the client it redirects to.
     */
    private void send(Client c, byte[] key, byte[] proto) {
        ClientTracking t = c.tracking();
        boolean redirected = false;
        if (t != null && t.redirect != 0) {
            Client to = engine.client(t.redirect);
            if (to == null) {
                t.brokenRedirect = true;
                if (c.resp() > 2) {
                    ReplyBuffer r = c.pushBuffer();
                    r.pushHeader(2);
                    r.bulk(REDIR_BROKEN);
                    r.integer(t.redirect);
                    c.pushed();
                }
                return;
            }
            c = to;
            redirected = true;
        }
        ReplyBuffer r = c.pushBuffer();
        if (c.resp() > 2) {
            r.pushHeader(2);
            r.bulk(INVALIDATE);
        } else if (redirected && c.isSubscribed()) {
            r.arrayHeader(3);
            r.bulk(MESSAGE);
            r.bulk(CHANNEL);
        } else {
            return; // RESP2 without redirection: the connection has no way to carry it
        }
        if (proto != null) {
            r.raw(proto);
        } else {
            r.arrayHeader(1);
            r.bulk(key);
        }
        c.pushed();
    }
}
