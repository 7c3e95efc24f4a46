package dev.beryl.pubsub;

import dev.beryl.engine.Dict;

import java.util.ArrayList;
import java.util.List;

/**
 * One client's side of Pub/Sub (Redis's c->pubsub_channels, c->pubsub_patterns, c->pubsubshard_channels): what it
 * is subscribed to, for the counts in its confirmations, CLIENT LIST's sub/psub/ssub and the clean-up when it goes.
 * The server's side, who listens to what, is {@link PubSub}. Engine thread only.
 */
public final class Subscriptions {
    final Dict<Boolean> channels = new Dict<>();
    /** In subscription order, as Redis's list: PUNSUBSCRIBE without arguments confirms them in that order. */
    final List<byte[]> patterns = new ArrayList<>(1);
    final Dict<Boolean> shardChannels = new Dict<>();

    public int channelCount() { return channels.size(); }
    public int patternCount() { return patterns.size(); }
    public int shardChannelCount() { return shardChannels.size(); }

    /** Channels and patterns: the count SUBSCRIBE, PSUBSCRIBE and their UNSUBSCRIBEs confirm. */
    int count() { return channels.size() + patterns.size(); }

    /** Whether the client is in Pub/Sub mode (Redis's CLIENT_PUBSUB): subscribed to anything at all. */
    public boolean isEmpty() { return channels.isEmpty() && patterns.isEmpty() && shardChannels.isEmpty(); }

    int patternIndex(byte[] pattern) {
        for (int i = 0; i < patterns.size(); i++) {
            if (java.util.Arrays.equals(patterns.get(i), pattern)) return i;
        }
        return -1;
    }
}
