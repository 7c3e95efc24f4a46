package dev.beryl.it;

import org.junit.jupiter.api.Test;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.util.KeyValue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static dev.beryl.it.ItServer.HOST;
import static dev.beryl.it.ItServer.RESP_PORT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Jedis 5 against the real server socket. */
class JedisIT {

    @Test
    void basicCommands() {
        try (Jedis j = new Jedis(HOST, RESP_PORT)) {
            assertEquals("PONG", j.ping());
            assertEquals("OK", j.set("jedis:k", "v"));
            assertEquals("v", j.get("jedis:k"));
            assertNull(j.get("jedis:missing"));
            byte[] key = "jedis:bin".getBytes(StandardCharsets.UTF_8);
            byte[] value = {0, 1, (byte) 0xff, '\r', '\n', ' '};
            j.set(key, value);
            assertArrayEquals(value, j.get(key));
            assertEquals(2, j.exists("jedis:k", "jedis:bin", "jedis:missing"));
            assertEquals(1, j.expire("jedis:k", 100));
            assertEquals(100, j.ttl("jedis:k"));
            assertEquals(-2, j.ttl("jedis:missing"));
            assertEquals(2, j.del("jedis:k", "jedis:bin"));
            JedisDataException e = assertThrows(JedisDataException.class, () -> j.sendCommand(() -> "NOSUCHCMD".getBytes()));
            assertTrue(e.getMessage().startsWith("ERR unknown command 'NOSUCHCMD'"), e.getMessage());
            j.select(3);
            j.set("jedis:db3", "x");
            j.select(0);
            assertNull(j.get("jedis:db3"));
        }
    }

    @Test
    void pipelinesTenThousandCommands() {
        try (Jedis j = new Jedis(HOST, RESP_PORT)) {
            Pipeline p = j.pipelined();
            for (int i = 0; i < 5000; i++) p.set("jedis:pipe:" + i, "v" + i);
            for (int i = 0; i < 5000; i++) p.get("jedis:pipe:" + i);
            List<Object> replies = p.syncAndReturnAll();
            assertEquals(10_000, replies.size());
            for (int i = 0; i < 5000; i++) {
                assertEquals("OK", replies.get(i));
                assertEquals("v" + i, replies.get(5000 + i));
            }
        }
    }

    @Test
    void resp3ThroughHello() {
        try (Jedis j = new Jedis(HOST, RESP_PORT, DefaultJedisClientConfig.builder().protocol(RedisProtocol.RESP3).build())) {
            assertEquals("OK", j.set("jedis:resp3", "3"));
            assertEquals("3", j.get("jedis:resp3"));
            // a RESP3 map, which Jedis reads as key/value pairs (a RESP2 reply would be a flat array)
            List<?> hello = (List<?>) j.sendCommand(Protocol.Command.HELLO, "3");
            Object proto = null;
            for (Object entry : hello) {
                KeyValue<?, ?> kv = assertInstanceOf(KeyValue.class, entry);
                if ("proto".equals(new String((byte[]) kv.getKey(), StandardCharsets.UTF_8))) proto = kv.getValue();
            }
            assertEquals(3L, proto);
        }
    }

    @Test
    void twoHundredConcurrentConnections() throws Exception {
        int clients = 200;
        int rounds = 50;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        CountDownLatch connected = new CountDownLatch(clients);
        try (Jedis admin = new Jedis(HOST, RESP_PORT)) {
            admin.del("jedis:conc:counter");
            List<Future<Integer>> results = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int id = c;
                results.add(pool.submit(() -> {
                    try (Jedis j = new Jedis(HOST, RESP_PORT)) {
                        j.ping();
                        connected.countDown();
                        connected.await(30, TimeUnit.SECONDS); // all 200 open at once
                        int ok = 0;
                        for (int r = 0; r < rounds; r++) {
                            String key = "jedis:conc:" + id + ":" + r;
                            j.set(key, id + "/" + r);
                            if ((id + "/" + r).equals(j.get(key))) ok++;
                            j.incr("jedis:conc:counter");
                        }
                        return ok;
                    }
                }));
            }
            for (Future<Integer> f : results) assertEquals(rounds, f.get(60, TimeUnit.SECONDS));
            // every increment of every connection counted once: commands run one at a time
            assertEquals(Integer.toString(clients * rounds), admin.get("jedis:conc:counter"));
        } finally {
            pool.shutdownNow();
        }
    }
}
