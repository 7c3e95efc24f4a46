package dev.beryl.it;

import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisConnectionException;

import java.net.ConnectException;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.util.Map;

import static dev.beryl.it.ItServer.HOST;
import static dev.beryl.it.ItServer.RESP_PORT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * CONFIG SET port reaches the resource adapter's listener through the engine bean: the listener moves, the
 * connection that asked stays, and readiness pings the new port. The test moves it back for the other ITs.
 */
class ListenAddressIT {
    private static final int OTHER_PORT = Integer.getInteger("beryl.it.resp.port2", 6384);

    @Test
    void configSetPortMovesTheLibertyListener() throws Exception {
        try (Jedis first = new Jedis(HOST, RESP_PORT, 10_000)) {
            assertEquals("OK", first.configSet("port", String.valueOf(OTHER_PORT)));
            try {
                assertEquals("PONG", first.ping(), "the connection that moved the listener stays");
                assertThrows(ConnectException.class, () -> new Socket(HOST, RESP_PORT).close());
                try (Jedis moved = new Jedis(HOST, OTHER_PORT, 10_000)) {
                    assertEquals("PONG", moved.ping());
                    assertEquals(Map.of("port", String.valueOf(OTHER_PORT)), moved.configGet("port"));
                    assertTrue(moved.info("server").contains("\r\ntcp_port:" + OTHER_PORT + "\r\n"));
                }
                HttpResponse<String> ready = ItServer.send("GET", "/health/ready", null);
                assertEquals(200, ready.statusCode(), ready.body());
                assertTrue(ready.body().replaceAll("\\s", "").contains("\"listenerAnswers\":true"), ready.body());
            } finally {
                assertEquals("OK", first.configSet("port", String.valueOf(RESP_PORT)));
            }
            try (Jedis back = new Jedis(HOST, RESP_PORT, 10_000)) {
                assertEquals("PONG", back.ping());
            }
            assertThrows(JedisConnectionException.class, () -> {
                try (Jedis gone = new Jedis(HOST, OTHER_PORT, 2_000)) {
                    gone.ping();
                }
            });
        }
    }

    @Test
    void readinessGoesDownWithoutATcpListener() throws Exception {
        try (Jedis j = new Jedis(HOST, RESP_PORT, 10_000)) {
            assertEquals("OK", j.configSet("bind", ""));
            try {
                assertThrows(ConnectException.class, () -> new Socket(HOST, RESP_PORT).close());
                HttpResponse<String> ready = ItServer.send("GET", "/health/ready", null);
                assertEquals(503, ready.statusCode(), ready.body());
                assertTrue(ready.body().replaceAll("\\s", "").contains("\"listenerAnswers\":false"), ready.body());
            } finally {
                assertEquals("OK", j.configSet("bind", "127.0.0.1"));
            }
            assertEquals(200, ItServer.send("GET", "/health/ready", null).statusCode());
        }
    }
}
