package dev.beryl.it;

import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

import java.net.http.HttpResponse;

import static dev.beryl.it.ItServer.HOST;
import static dev.beryl.it.ItServer.RESP_PORT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The example application (a separate WAR using {@code @Inject Beryl}) and RESP clients see the same data: both
 * run their commands on the one engine thread.
 */
class InjectIT {

    @Test
    void writesThroughInjectedApiAreSeenOverResp() throws Exception {
        HttpResponse<String> put = ItServer.send("PUT", "/example/values/inject:a", "from-http é");
        assertEquals(204, put.statusCode(), put.body());
        try (Jedis j = new Jedis(HOST, RESP_PORT)) {
            assertEquals("from-http é", j.get("inject:a"));
        }
    }

    @Test
    void writesOverRespAreSeenThroughInjectedApi() throws Exception {
        try (Jedis j = new Jedis(HOST, RESP_PORT)) {
            j.set("inject:b", "from-resp");
            HttpResponse<String> get = ItServer.send("GET", "/example/values/inject:b", null);
            assertEquals(200, get.statusCode(), get.body());
            assertEquals("from-resp", get.body());

            HttpResponse<String> del = ItServer.send("DELETE", "/example/values/inject:b", null);
            assertEquals("1", del.body());
            assertNull(j.get("inject:b"));
        }
        assertEquals(404, ItServer.send("GET", "/example/values/inject:b", null).statusCode());
    }

    @Test
    void countersInterleaveAcrossApiAndResp() throws Exception {
        try (Jedis j = new Jedis(HOST, RESP_PORT)) {
            j.del("inject:counter");
            for (int i = 1; i <= 20; i += 2) {
                assertEquals(Integer.toString(i), ItServer.send("POST", "/example/counters/inject:counter", null).body());
                assertEquals(i + 1, j.incr("inject:counter"));
            }
        }
    }
}
