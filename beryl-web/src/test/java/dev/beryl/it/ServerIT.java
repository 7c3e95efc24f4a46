package dev.beryl.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import redis.clients.jedis.Jedis;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.beryl.it.ItServer.HOST;
import static dev.beryl.it.ItServer.RESP_PORT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The server as a whole: health endpoints, and the listener handing every connection to the engine. */
class ServerIT {

    @ParameterizedTest
    @ValueSource(strings = {"/health/started", "/health/ready", "/health/live", "/health"})
    void healthIsUp(String path) throws Exception {
        HttpResponse<String> r = ItServer.send("GET", path, null);
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.body().startsWith("{\"status\":\"UP\""), r.body());
    }

    /** The IT server sets beryl.health.stall-ms to 1000, so a 3 s DEBUG SLEEP on the engine thread shows. */
    @Test
    void livenessGoesDownWhileTheEngineThreadIsStuck() throws Exception {
        CompletableFuture<String> sleeper = CompletableFuture.supplyAsync(() -> {
            try (Jedis j = new Jedis(HOST, RESP_PORT, 10_000)) {
                Object ok = j.sendCommand(() -> "DEBUG".getBytes(StandardCharsets.US_ASCII), "SLEEP", "3");
                return new String((byte[]) ok, StandardCharsets.US_ASCII);
            }
        });
        Thread.sleep(2000);
        HttpResponse<String> stuck = ItServer.send("GET", "/health/live", null);
        assertEquals(503, stuck.statusCode(), stuck.body());
        assertTrue(stuck.body().startsWith("{\"status\":\"DOWN\""), stuck.body());
        assertEquals("OK", sleeper.get(10, TimeUnit.SECONDS));
        // the loop stamps its heartbeat on its next turn after the reply: poll briefly for the recovery
        int status = 0;
        for (long end = System.currentTimeMillis() + 2000; status != 200 && System.currentTimeMillis() < end; ) {
            status = ItServer.send("GET", "/health/live", null).statusCode();
        }
        assertEquals(200, status);
    }

    @Test
    void noLoadingAfterStartup() throws Exception {
        byte[] ping = "*1\r\n$4\r\nPING\r\n".getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < 50; i++) {
            try (Socket s = new Socket(HOST, RESP_PORT)) {
                s.setSoTimeout(5000);
                OutputStream out = s.getOutputStream();
                out.write(ping);
                InputStream in = s.getInputStream();
                assertEquals("+PONG\r\n", new String(in.readNBytes(7), StandardCharsets.US_ASCII));
            }
        }
    }
}
