package dev.beryl.it;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.exceptions.JedisDataException;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import static dev.beryl.it.ItServer.HOST;
import static dev.beryl.it.ItServer.RESP_PORT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * requirepass on Liberty through Jedis: clients without the password are refused, with it they work (RESP2 AUTH
 * and RESP3 HELLO AUTH); the REST API and @Inject callers are trusted. Protected mode refuses a peer that is not
 * 127.0.0.1 while there is no password. The password is removed after each test.
 */
class AuthIT {
    private static final String PASSWORD = "it-secret";

    @BeforeEach
    void setPassword() {
        try (Jedis j = new Jedis(HOST, RESP_PORT)) {
            assertEquals("OK", j.configSet("requirepass", PASSWORD));
        }
    }

    @AfterEach
    void removePassword() {
        try (Jedis j = new Jedis(HOST, RESP_PORT)) {
            j.auth(PASSWORD);
            assertEquals("OK", j.configSet("requirepass", ""));
        }
    }

    private static Jedis jedis(String password, RedisProtocol protocol) {
        return new Jedis(new HostAndPort(HOST, RESP_PORT),
                DefaultJedisClientConfig.builder().password(password).protocol(protocol).build());
    }

    @Test
    void clientsNeedThePassword() {
        try (Jedis j = new Jedis(HOST, RESP_PORT)) {
            JedisDataException e = assertThrows(JedisDataException.class, () -> j.set("auth:k", "v"));
            assertEquals("NOAUTH Authentication required.", e.getMessage());
            e = assertThrows(JedisDataException.class, () -> j.auth("wrong"));
            assertEquals("WRONGPASS invalid username-password pair or user is disabled.", e.getMessage());
            assertEquals("OK", j.auth("default", PASSWORD));
            assertEquals("OK", j.set("auth:k", "v"));
        }
        try (Jedis j = jedis(PASSWORD, RedisProtocol.RESP2)) {
            assertEquals("v", j.get("auth:k"));
        }
        try (Jedis j = jedis(PASSWORD, RedisProtocol.RESP3)) { // HELLO 3 AUTH default <password>
            assertEquals("v", j.get("auth:k"));
        }
        assertThrows(JedisDataException.class, () -> jedis("wrong", RedisProtocol.RESP3).ping());
    }

    @Test
    void restAndInjectCallersAreTrusted() throws Exception {
        HttpResponse<String> put = ItServer.send("PUT", "/example/values/auth:inject", "through @Inject");
        assertEquals(204, put.statusCode(), put.body());
        HttpResponse<String> get = RestCalls.call("GET", "/get/auth:inject", null);
        assertEquals(200, get.statusCode(), get.body());
        assertEquals("{\"result\":\"through @Inject\"}", get.body());
    }

    @Test
    void protectedModeRefusesOtherPeersWithoutPassword() throws IOException {
        removePassword();
        // Linux routes all of 127/8 to the loopback interface, but Redis counts only 127.0.0.1 and ::1 as local
        try (Socket s = new Socket(HOST, RESP_PORT, InetAddress.getByName("127.0.0.2"), 0)) {
            s.setSoTimeout(5000);
            s.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            String reply = new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertTrue(reply.startsWith("-DENIED Redis is running in protected mode") && reply.endsWith("from the outside.\r\n"), reply);
        }
        setPassword();
        try (Socket s = new Socket(HOST, RESP_PORT, InetAddress.getByName("127.0.0.2"), 0)) {
            s.setSoTimeout(5000);
            s.getOutputStream().write(("AUTH " + PASSWORD + "\r\nPING\r\n").getBytes(StandardCharsets.US_ASCII));
            assertEquals("+OK\r\n+PONG\r\n", new String(s.getInputStream().readNBytes(12), StandardCharsets.US_ASCII));
        }
    }
}
