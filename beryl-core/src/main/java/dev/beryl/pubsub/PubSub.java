package dev.beryl.pubsub;

import dev.beryl.config.Config;
import dev.beryl.engine.Client;
import dev.beryl.engine.Dict;
import dev.beryl.engine.Glob;
import dev.beryl.resp.Numbers;
import dev.beryl.resp.ReplyBuffer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The server's side of Pub/Sub (Redis's pubsub.c): who listens to which channel, pattern and shard channel, and
 * the delivery of published messages. A message is encoded once per PUBLISH (its header, channel and the length
 * of its body) and appended with its body to each subscriber's reply buffer, which the event loop writes out with
 * the subscriber's other replies; a subscriber that does not read is bounded by client-output-buffer-limit
 * pubsub ({@link Client#pushed}). Channels and messages stay byte[] all along. Engine thread only.
 */
public final class PubSub {
    /** Channels or shard channels: their confirmations and message kinds differ, nothing else does. */
    public enum Kind {
        CHANNEL("subscribe", "unsubscribe", "message"),
        SHARD("ssubscribe", "sunsubscribe", "smessage");

        final byte[] subscribed, unsubscribed, message;

        Kind(String sub, String unsub, String message) {
            this.subscribed = bulk(sub);
            this.unsubscribed = bulk(unsub);
            this.message = bulk(message);
        }
    }

    private static final byte[] PSUBSCRIBE = bulk("psubscribe");
    private static final byte[] PUNSUBSCRIBE = bulk("punsubscribe");
    private static final byte[] PMESSAGE = bulk("pmessage");

    /** A subscribed pattern and its subscribers, in subscription order. */
    private record Pattern(byte[] pattern, List<Client> clients) {}

    private final Dict<List<Client>> channels = new Dict<>();
    private final Dict<List<Client>> shardChannels = new Dict<>();
    /** Patterns in a list for PUBLISH to walk, indexed by a dict for (un)subscribing. */
    private final List<Pattern> patterns = new ArrayList<>();
    private final Dict<Pattern> patternIndex = new Dict<>();
    private final KeyspaceEvents events;

    public PubSub(Config config) {
        events = new KeyspaceEvents(this, config);
    }

    /** Keyspace notifications, published through this hub. */
    public KeyspaceEvents events() { return events; }

    private Dict<List<Client>> server(Kind kind) { return kind == Kind.SHARD ? shardChannels : channels; }

    private static Dict<Boolean> own(Subscriptions s, Kind kind) { return kind == Kind.SHARD ? s.shardChannels : s.channels; }

    private static Subscriptions subscriptionsOf(Client c) {
        Subscriptions s = c.subscriptions();
        if (s == null) {
            s = new Subscriptions();
            c.subscriptions(s);
        }
        return s;
    }

    private static int count(Subscriptions s, Kind kind) { return kind == Kind.SHARD ? s.shardChannelCount() : s.count(); }

    // ---- subscribing

    /** SUBSCRIBE / SSUBSCRIBE of one channel, confirmed to the client whether it was new or not. */
    public void subscribe(Client c, byte[] channel, Kind kind) {
        Subscriptions s = subscriptionsOf(c);
        if (!own(s, kind).containsKey(channel)) {
            own(s, kind).put(channel, Boolean.TRUE);
            Dict<List<Client>> server = server(kind);
            List<Client> clients = server.get(channel);
            if (clients == null) {
                clients = new ArrayList<>(1);
                server.put(channel, clients);
            }
            clients.add(c);
        }
        confirm(c, kind.subscribed, channel, count(s, kind));
    }

    /** UNSUBSCRIBE / SUNSUBSCRIBE of one channel; true if the client was subscribed to it. */
    public boolean unsubscribe(Client c, byte[] channel, Kind kind, boolean notify) {
        Subscriptions s = subscriptionsOf(c);
        boolean was = own(s, kind).remove(channel) != null;
        if (was) {
            Dict<List<Client>> server = server(kind);
            List<Client> clients = server.get(channel);
            clients.remove(c);
            if (clients.isEmpty()) server.remove(channel); // an unused channel costs nothing
        }
        if (notify) confirm(c, kind.unsubscribed, channel, count(s, kind));
        return was;
    }

    /** UNSUBSCRIBE / SUNSUBSCRIBE without arguments: every channel, or one confirmation with a null channel. */
    public int unsubscribeAll(Client c, Kind kind, boolean notify) {
        Subscriptions s = c.subscriptions();
        int n = 0;
        if (s != null && !own(s, kind).isEmpty()) {
            List<byte[]> names = new ArrayList<>(own(s, kind).size());
            own(s, kind).forEach(e -> names.add(e.key));
            for (byte[] ch : names) if (unsubscribe(c, ch, kind, notify)) n++;
        }
        if (notify && n == 0) confirm(c, kind.unsubscribed, null, s == null ? 0 : count(s, kind));
        return n;
    }

    /** PSUBSCRIBE of one pattern. */
    public void psubscribe(Client c, byte[] pattern) {
        Subscriptions s = subscriptionsOf(c);
        if (s.patternIndex(pattern) < 0) {
            s.patterns.add(pattern);
            Pattern p = patternIndex.get(pattern);
            if (p == null) {
                p = new Pattern(pattern, new ArrayList<>(1));
                patternIndex.put(pattern, p);
                patterns.add(p);
            }
            p.clients.add(c);
        }
        confirm(c, PSUBSCRIBE, pattern, s.count());
    }

    /** PUNSUBSCRIBE of one pattern; true if the client was subscribed to it. */
    public boolean punsubscribe(Client c, byte[] pattern, boolean notify) {
        Subscriptions s = subscriptionsOf(c);
        int i = s.patternIndex(pattern);
        if (i >= 0) {
            s.patterns.remove(i);
            Pattern p = patternIndex.get(pattern);
            p.clients.remove(c);
            if (p.clients.isEmpty()) {
                patternIndex.remove(pattern);
                patterns.remove(p);
            }
        }
        if (notify) confirm(c, PUNSUBSCRIBE, pattern, s.count());
        return i >= 0;
    }

    /** PUNSUBSCRIBE without arguments: every pattern in subscription order, or one confirmation with a null one. */
    public int punsubscribeAll(Client c, boolean notify) {
        Subscriptions s = c.subscriptions();
        int n = 0;
        if (s != null) {
            for (byte[] p : new ArrayList<>(s.patterns)) if (punsubscribe(c, p, notify)) n++;
        }
        if (notify && n == 0) confirm(c, PUNSUBSCRIBE, null, s == null ? 0 : s.count());
        return n;
    }

    /** A client closes or RESETs: it leaves everything without confirmations. */
    public void leaveAll(Client c) {
        if (c.subscriptions() == null) return;
        unsubscribeAll(c, Kind.CHANNEL, false);
        unsubscribeAll(c, Kind.SHARD, false);
        punsubscribeAll(c, false);
    }

    /** A (un)subscribe confirmation: a push in RESP3, written even while the client's replies are off. */
    private static void confirm(Client c, byte[] kind, byte[] name, int count) {
        ReplyBuffer out = c.pushBuffer();
        out.pushHeader(3);
        out.raw(kind);
        if (name == null) out.nullBulk();
        else out.bulk(name);
        out.integer(count);
    }

    // ---- publishing

    /**
     * PUBLISH / SPUBLISH: the message to the channel's subscribers, then (not for shard channels) to the
     * subscribers of every matching pattern; the number of deliveries, as Redis counts them (a client subscribed
     * to the channel and to two matching patterns counts three times).
     */
    public long publish(byte[] channel, byte[] message, Kind kind) {
        long receivers = 0;
        List<Client> clients = server(kind).get(channel);
        if (clients != null) {
            byte[] head = head(3, kind.message, null, channel, message.length);
            for (int i = 0, n = clients.size(); i < n; i++) deliver(clients.get(i), head, message);
            receivers += clients.size();
        }
        if (kind == Kind.SHARD) return receivers; // shard channels ignore patterns
        for (int j = 0, np = patterns.size(); j < np; j++) {
            Pattern p = patterns.get(j);
            if (!Glob.match(p.pattern, channel, false)) continue;
            byte[] head = head(4, PMESSAGE, p.pattern, channel, message.length);
            List<Client> subs = p.clients;
            for (int i = 0, n = subs.size(); i < n; i++) deliver(subs.get(i), head, message);
            receivers += subs.size();
        }
        return receivers;
    }

    private static void deliver(Client c, byte[] head, byte[] message) {
        if (c.isClosing()) return; // as Redis: nothing more is written to a client about to be closed
        c.pushBuffer().pushMessage(head, message);
        c.pushed();
    }

    /**
     * The part of a message every subscriber gets alike, after its type byte ('*' or '>'): the element count,
     * the kind, the pattern, the channel and the header of the body ("3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$5\r\n").
     */
    static byte[] head(int elements, byte[] kind, byte[] pattern, byte[] channel, int bodyLength) {
        int size = 3 + kind.length + (pattern == null ? 0 : pattern.length + 16) + channel.length + 16 + 13;
        byte[] b = new byte[size];
        int p = 0;
        b[p++] = (byte) ('0' + elements);
        b[p++] = '\r';
        b[p++] = '\n';
        System.arraycopy(kind, 0, b, p, kind.length);
        p += kind.length;
        if (pattern != null) p = bulk(b, p, pattern);
        p = bulk(b, p, channel);
        b[p++] = '$';
        p = Numbers.writeLong(bodyLength, b, p);
        b[p++] = '\r';
        b[p++] = '\n';
        return p == size ? b : Arrays.copyOf(b, p);
    }

    private static int bulk(byte[] b, int p, byte[] s) {
        b[p++] = '$';
        p = Numbers.writeLong(s.length, b, p);
        b[p++] = '\r';
        b[p++] = '\n';
        System.arraycopy(s, 0, b, p, s.length);
        p += s.length;
        b[p++] = '\r';
        b[p++] = '\n';
        return p;
    }

    private static byte[] bulk(String s) {
        return ("$" + s.length() + "\r\n" + s + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    // ---- introspection (PUBSUB, INFO)

    /** Channels (or shard channels) with subscribers, matching a glob pattern when one is given. */
    public List<byte[]> channels(Kind kind, byte[] pattern) {
        List<byte[]> out = new ArrayList<>();
        server(kind).forEach(e -> {
            if (pattern == null || Glob.match(pattern, e.key, false)) out.add(e.key);
        });
        return out;
    }

    /** Subscribers of a channel, not counting pattern subscribers (PUBSUB NUMSUB / SHARDNUMSUB). */
    public int subscriberCount(byte[] channel, Kind kind) {
        List<Client> clients = server(kind).get(channel);
        return clients == null ? 0 : clients.size();
    }

    /** Channels with subscribers (INFO pubsub_channels / pubsubshard_channels). */
    public int channelCount(Kind kind) { return server(kind).size(); }

    /** Distinct patterns with subscribers (PUBSUB NUMPAT, INFO pubsub_patterns). */
    public int patternCount() { return patterns.size(); }
}
