package dev.beryl.it;

import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.JedisShardedPubSub;
import redis.clients.jedis.Protocol;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static dev.beryl.it.ItServer.HOST;
import static dev.beryl.it.ItServer.RESP_PORT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Pub/Sub on Liberty through Jedis: pattern and sharded round trips, REST publishers, a slow subscriber's limit. */
class PubSubIT {

    /** Runs a subscriber on its own thread until it is unsubscribed; returns once it has subscribed. */
    private static Thread subscriber(Runnable subscribe, CountDownLatch subscribed) throws InterruptedException {
        Thread t = new Thread(subscribe, "pubsub-it-subscriber");
        t.setDaemon(true);
        t.start();
        assertTrue(subscribed.await(10, TimeUnit.SECONDS), "the subscriber never subscribed");
        return t;
    }

    @Test
    void patternSubscriberHearsRespAndRestPublishers() throws Exception {
        BlockingQueue<List<String>> got = new LinkedBlockingQueue<>();
        CountDownLatch subscribed = new CountDownLatch(1);
        JedisPubSub listener = new JedisPubSub() {
            @Override
            public void onPSubscribe(String pattern, int count) { subscribed.countDown(); }

            @Override
            public void onPMessage(String pattern, String channel, String message) {
                got.add(List.of(pattern, channel, message));
                if (message.equals("last")) punsubscribe();
            }
        };
        try (Jedis sub = new Jedis(HOST, RESP_PORT); Jedis pub = new Jedis(HOST, RESP_PORT)) {
            Thread t = subscriber(() -> sub.psubscribe(listener, "it.news.*"), subscribed);
            assertEquals(1, pub.publish("it.news.eu", "héllo"));
            assertEquals(0, pub.publish("it.weather", "rain"));
            assertEquals(1L, pub.pubsubNumPat());
            // the REST API publishes through the engine's in-JVM call, as @Inject Beryl does
            var rest = RestCalls.post("/", "[\"PUBLISH\", \"it.news.us\", \"last\"]");
            assertEquals("{\"result\":1}", rest.body().strip());
            assertEquals(List.of("it.news.*", "it.news.eu", "héllo"), got.poll(10, TimeUnit.SECONDS));
            assertEquals(List.of("it.news.*", "it.news.us", "last"), got.poll(10, TimeUnit.SECONDS));
            t.join(10_000);
            assertEquals(0L, pub.pubsubNumPat());
        }
    }

    @Test
    void shardedRoundTrip() throws Exception {
        BlockingQueue<String> got = new LinkedBlockingQueue<>();
        CountDownLatch subscribed = new CountDownLatch(1);
        JedisShardedPubSub listener = new JedisShardedPubSub() {
            @Override
            public void onSSubscribe(String channel, int count) { subscribed.countDown(); }

            @Override
            public void onSMessage(String channel, String message) {
                got.add(channel + ":" + message);
                sunsubscribe();
            }
        };
        try (Jedis sub = new Jedis(HOST, RESP_PORT); Jedis pub = new Jedis(HOST, RESP_PORT)) {
            // Jedis's standalone client has no SSUBSCRIBE of its own: the sharded listener runs on its connection
            Thread t = subscriber(() -> listener.proceed(sub.getConnection(), "it.shard"), subscribed);
            assertEquals(0, pub.publish("it.shard", "not for shard subscribers"));
            assertEquals(1L, pub.sendCommand(Protocol.Command.SPUBLISH, "it.shard", "sharded"));
            assertEquals("it.shard:sharded", got.poll(10, TimeUnit.SECONDS));
            t.join(10_000);
        }
    }

    /**
     * A subscriber that never reads is disconnected once its unwritten messages pass client-output-buffer-limit
     * pubsub; the publisher goes on, and what it publishes after that is not kept for the subscriber.
     */
    @Test
    void slowSubscriberIsDisconnectedAtItsLimit() throws Exception {
        try (Jedis admin = new Jedis(HOST, RESP_PORT); Socket slow = new Socket(HOST, RESP_PORT)) {
            String old = admin.configGet("client-output-buffer-limit").get("client-output-buffer-limit");
            admin.configSet("client-output-buffer-limit", "pubsub 4mb 1mb 2");
            try {
                OutputStream out = slow.getOutputStream();
                out.write("SUBSCRIBE it.firehose\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                slow.setSoTimeout(10_000);
                InputStream in = slow.getInputStream();
                byte[] confirmation = "*3\r\n$9\r\nsubscribe\r\n$11\r\nit.firehose\r\n:1\r\n".getBytes(StandardCharsets.US_ASCII);
                assertEquals(new String(confirmation, StandardCharsets.US_ASCII),
                        new String(in.readNBytes(confirmation.length), StandardCharsets.US_ASCII));
                byte[] message = new byte[256 * 1024];
                long receivers = 0;
                for (int i = 0; i < 1024; i++) receivers += admin.publish("it.firehose".getBytes(StandardCharsets.US_ASCII), message);
                // 256 MB published; the subscriber got what the kernel's socket buffers and its 4 MB limit hold,
                // then it was closed and the rest went nowhere
                assertTrue(receivers > 0 && receivers * message.length < 64L * 1024 * 1024, "receivers: " + receivers);
                assertEquals(0L, admin.pubsubNumSub("it.firehose").get("it.firehose"));
                slow.setSoTimeout(2000);
                assertTrue(closed(in), "the slow subscriber is still connected");
            } finally {
                admin.configSet("client-output-buffer-limit", old);
            }
        }
    }

    /** Reads what the server had written until it closed the connection; false if it stays open. */
    private static boolean closed(InputStream in) throws IOException {
        byte[] b = new byte[64 * 1024];
        try {
            while (in.read(b) >= 0) {
                // the messages written before the limit was reached
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset
        }
    }
}
