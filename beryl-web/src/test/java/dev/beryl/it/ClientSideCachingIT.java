package dev.beryl.it;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TrackingArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.protocol.ProtocolVersion;
import io.lettuce.core.support.caching.CacheAccessor;
import io.lettuce.core.support.caching.CacheFrontend;
import io.lettuce.core.support.caching.ClientSideCaching;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.args.ClientPauseMode;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static dev.beryl.it.ItServer.HOST;
import static dev.beryl.it.ItServer.RESP_PORT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Client-side caching and CLIENT PAUSE through real clients on Liberty: invalidations redirected to a Jedis
 * connection subscribed to {@code __redis__:invalidate} (RESP2), Lettuce's client-side cache fed by RESP3 push
 * messages (default and BCAST tracking), and a write pause that holds a writer, RESP and REST, while readers go on.
 */
class ClientSideCachingIT {
    private static final String CHANNEL = "__redis__:invalidate";
    private static RedisClient lettuce;

    @BeforeAll
    static void create() {
        lettuce = RedisClient.create(RedisURI.create(HOST, RESP_PORT));
        lettuce.setOptions(ClientOptions.builder().protocolVersion(ProtocolVersion.RESP3).build());
    }

    @AfterAll
    static void shutdown() {
        lettuce.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting for " + what);
            Thread.sleep(10);
        }
    }

    @Test
    void resp2InvalidationsReachTheRedirectConnectionsPubSubChannel() throws Exception {
        BlockingQueue<String> messages = new LinkedBlockingQueue<>();
        JedisPubSub listener = new JedisPubSub() {
            @Override
            public void onMessage(String channel, String message) {
                messages.add(channel + " " + message); // Jedis hands over the key array one key at a time
            }
        };
        Jedis subscriber = new Jedis(HOST, RESP_PORT);
        long redirect = subscriber.clientId();
        Thread t = new Thread(() -> subscriber.subscribe(listener, CHANNEL));
        t.setDaemon(true);
        t.start();
        try (Jedis tracker = new Jedis(HOST, RESP_PORT); Jedis writer = new Jedis(HOST, RESP_PORT)) {
            await(listener::isSubscribed, "the subscription");
            Object ok = tracker.sendCommand(Protocol.Command.CLIENT, "TRACKING", "on", "REDIRECT", Long.toString(redirect));
            assertEquals("OK", new String((byte[]) ok, StandardCharsets.UTF_8));
            assertEquals(redirect, tracker.sendCommand(Protocol.Command.CLIENT, "GETREDIR"));

            writer.set("csc:r2:a", "1");
            assertEquals("1", tracker.get("csc:r2:a"));
            tracker.mget("csc:r2:b", "csc:r2:c");
            writer.set("csc:r2:a", "2");
            assertEquals(CHANNEL + " csc:r2:a", messages.poll(10, TimeUnit.SECONDS));
            writer.mset("csc:r2:c", "x", "csc:r2:b", "y");
            Set<String> two = new HashSet<>();
            two.add(messages.poll(10, TimeUnit.SECONDS));
            two.add(messages.poll(10, TimeUnit.SECONDS));
            assertEquals(Set.of(CHANNEL + " csc:r2:b", CHANNEL + " csc:r2:c"), two);

            // a key is forgotten once invalidated: its next change says nothing until it is read again
            writer.set("csc:r2:a", "3");
            tracker.get("csc:r2:d");
            writer.set("csc:r2:d", "1");
            assertEquals(CHANNEL + " csc:r2:d", messages.poll(10, TimeUnit.SECONDS));
            assertNull(messages.poll(200, TimeUnit.MILLISECONDS));
        } finally {
            listener.unsubscribe();
            t.join(5000);
            subscriber.close();
        }
    }

    @Test
    void resp3LettuceCacheDropsAnEntryWhenItsKeyChanges() throws Exception {
        try (StatefulRedisConnection<String, String> tracked = lettuce.connect();
             StatefulRedisConnection<String, String> writer = lettuce.connect()) {
            assertEquals(ProtocolVersion.RESP3, tracked.getOptions().getConfiguredProtocolVersion());
            Map<String, String> cache = new ConcurrentHashMap<>();
            CacheFrontend<String, String> frontend = ClientSideCaching.enable(CacheAccessor.forMap(cache), tracked,
                    TrackingArgs.Builder.enabled());
            writer.sync().set("csc:r3:a", "1");
            writer.sync().set("csc:r3:b", "1");
            assertEquals("1", frontend.get("csc:r3:a"));
            assertEquals("1", frontend.get("csc:r3:b"));
            assertEquals(Map.of("csc:r3:a", "1", "csc:r3:b", "1"), cache);

            writer.sync().set("csc:r3:a", "2");
            await(() -> !cache.containsKey("csc:r3:a"), "the invalidation of csc:r3:a");
            assertEquals("1", cache.get("csc:r3:b")); // only the changed key goes
            assertEquals("2", frontend.get("csc:r3:a"));
            writer.sync().del("csc:r3:b");
            await(() -> !cache.containsKey("csc:r3:b"), "the invalidation of csc:r3:b");
            assertEquals("2", cache.get("csc:r3:a"));
            frontend.close();
        }
    }

    @Test
    void resp3BroadcastTrackingInvalidatesKeysUnderItsPrefixOnly() throws Exception {
        try (StatefulRedisConnection<String, String> tracked = lettuce.connect();
             StatefulRedisConnection<String, String> writer = lettuce.connect()) {
            Map<String, String> cache = new ConcurrentHashMap<>();
            CacheFrontend<String, String> frontend = ClientSideCaching.enable(CacheAccessor.forMap(cache), tracked,
                    TrackingArgs.Builder.enabled().bcast().prefixes("csc:bc:"));
            writer.sync().set("csc:bc:a", "1");
            writer.sync().set("csc:other", "1");
            assertEquals("1", frontend.get("csc:bc:a"));
            assertEquals("1", frontend.get("csc:other"));
            writer.sync().set("csc:other", "2"); // outside the prefix: the cached copy stays (and is stale)
            writer.sync().set("csc:bc:a", "2");
            await(() -> !cache.containsKey("csc:bc:a"), "the broadcast for csc:bc:a");
            assertEquals("1", cache.get("csc:other"));
            assertEquals("2", frontend.get("csc:bc:a"));
            frontend.close();
        }
    }

    @Test
    void aWritePauseHoldsWritersWhileReadersGoOn() throws Exception {
        // the writer waits longer than Jedis's default 2 s read timeout would allow
        try (Jedis admin = new Jedis(HOST, RESP_PORT); Jedis writer = new Jedis(HOST, RESP_PORT, 30_000);
             Jedis reader = new Jedis(HOST, RESP_PORT)) {
            admin.set("csc:pause", "before");
            CompletableFuture<String> write;
            CompletableFuture<HttpResponse<String>> restWrite;
            assertEquals("OK", admin.clientPause(60_000, ClientPauseMode.WRITE));
            try {
                write = CompletableFuture.supplyAsync(() -> writer.set("csc:pause", "after"));
                await(() -> admin.info("clients").contains("blocked_clients:1\r\n"), "the writer to be held");
                for (int i = 0; i < 100; i++) assertEquals("before", reader.get("csc:pause"));
                assertEquals("{\"result\":\"before\"}", RestCalls.post("/", "[\"GET\", \"csc:pause\"]").body());
                restWrite = CompletableFuture.supplyAsync(() -> {
                    try {
                        return RestCalls.post("/", "[\"APPEND\", \"csc:pause\", \"+rest\"]");
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                await(() -> admin.info("clients").contains("blocked_clients:2\r\n"), "the REST write to be held");
                Thread.sleep(2500); // past Jedis's default timeout: still held, and the readers still answered
                assertEquals("before", reader.get("csc:pause"));
                assertFalse(write.isDone());
                assertFalse(restWrite.isDone());
            } finally {
                assertEquals("OK", admin.clientUnpause());
            }
            // released in the order they were held
            assertEquals("OK", write.get(10, TimeUnit.SECONDS));
            HttpResponse<String> rest = restWrite.get(10, TimeUnit.SECONDS);
            assertEquals(200, rest.statusCode());
            assertEquals("{\"result\":10}", rest.body());
            assertEquals("after+rest", reader.get("csc:pause"));
            assertTrue(admin.info("clients").contains("blocked_clients:0\r\n"));
        }
    }
}
