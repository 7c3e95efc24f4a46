package dev.beryl.it;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.protocol.ProtocolVersion;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static dev.beryl.it.ItServer.HOST;
import static dev.beryl.it.ItServer.RESP_PORT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Lettuce 6 against the real server socket, over RESP2 and RESP3 (negotiated with HELLO). */
class LettuceIT {
    private static RedisClient client;

    @BeforeAll
    static void create() {
        client = RedisClient.create(RedisURI.create(HOST, RESP_PORT));
    }

    @AfterAll
    static void shutdown() {
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }

    private static StatefulRedisConnection<String, String> connect(ProtocolVersion protocol) {
        client.setOptions(ClientOptions.builder().protocolVersion(protocol).build());
        return client.connect();
    }

    @ParameterizedTest
    @EnumSource(ProtocolVersion.class)
    void basicCommands(ProtocolVersion protocol) {
        try (StatefulRedisConnection<String, String> c = connect(protocol)) {
            assertEquals(protocol, c.getOptions().getConfiguredProtocolVersion());
            RedisCommands<String, String> r = c.sync();
            String k = "lettuce:" + protocol + ":k";
            assertEquals("PONG", r.ping());
            assertEquals("OK", r.set(k, "v"));
            assertEquals("v", r.get(k));
            assertNull(r.get(k + ":missing"));
            assertEquals(1, r.exists(k));
            assertTrue(r.expire(k, 100));
            assertEquals(100, r.ttl(k));
            assertTrue(r.persist(k));
            assertEquals(-1, r.ttl(k));
            assertEquals("string", r.type(k));
            assertEquals(1, r.del(k));
            assertEquals(1, r.incr(k));
            assertEquals(6, r.incrby(k, 5));
            assertEquals(List.of("6"), r.mget(k).stream().map(kv -> kv.getValue()).toList());
            assertEquals(1, r.del(k));
        }
    }

    @ParameterizedTest
    @EnumSource(ProtocolVersion.class)
    void pipelinesTenThousandCommands(ProtocolVersion protocol) {
        try (StatefulRedisConnection<String, String> c = connect(protocol)) {
            RedisAsyncCommands<String, String> a = c.async();
            c.setAutoFlushCommands(false);
            List<RedisFuture<String>> sets = new ArrayList<>();
            List<RedisFuture<String>> gets = new ArrayList<>();
            for (int i = 0; i < 5000; i++) sets.add(a.set("lettuce:pipe:" + protocol + ":" + i, "v" + i));
            for (int i = 0; i < 5000; i++) gets.add(a.get("lettuce:pipe:" + protocol + ":" + i));
            c.flushCommands();
            assertTrue(LettuceFutures.awaitAll(Duration.ofSeconds(30), gets.toArray(new RedisFuture[0])));
            for (int i = 0; i < 5000; i++) {
                assertEquals("OK", sets.get(i).toCompletableFuture().join());
                assertEquals("v" + i, gets.get(i).toCompletableFuture().join());
            }
        }
    }
}
