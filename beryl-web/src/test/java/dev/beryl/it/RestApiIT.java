package dev.beryl.it;

import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;

import static dev.beryl.it.RestCalls.anonymous;
import static dev.beryl.it.RestCalls.call;
import static dev.beryl.it.RestCalls.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Upstash-compatible REST API and the admin endpoints, over HTTP against the Liberty IT server. */
class RestApiIT {
    private static void assertJson(int status, String body, HttpResponse<String> r) {
        assertEquals(status, r.statusCode(), r.body());
        assertEquals(body, r.body());
        assertEquals("application/json", r.headers().firstValue("Content-Type").orElse("").split(";")[0]);
    }

    @Test
    void jsonCommand() throws Exception {
        assertJson(200, "{\"result\":\"OK\"}", post("/", "[\"SET\", \"rest:a\", \"héllo\"]"));
        assertJson(200, "{\"result\":\"héllo\"}", post("/", "[\"GET\", \"rest:a\"]"));
        assertJson(200, "{\"result\":null}", post("/", "[\"GET\", \"rest:missing\"]"));
        assertJson(200, "{\"result\":1}", post("/", "[\"DEL\", \"rest:a\"]"));
        // numbers and booleans become their JSON text
        assertJson(200, "{\"result\":\"OK\"}", post("/", "[\"SET\", \"rest:n\", 1.5e3]"));
        assertJson(200, "{\"result\":\"1.5e3\"}", post("/", "[\"GET\", \"rest:n\"]"));
        assertJson(200, "{\"result\":\"true\"}", post("/", "[\"ECHO\", true]"));
    }

    @Test
    void redisErrorsAreHttp400() throws Exception {
        assertJson(400, "{\"error\":\"ERR wrong number of arguments for 'get' command\"}", post("/", "[\"GET\"]"));
        assertJson(400, "{\"error\":\"ERR unknown command 'NOPE', with args beginning with: 'x' \"}", post("/", "[\"NOPE\", \"x\"]"));
        post("/", "[\"SET\", \"rest:str\", \"v\"]");
        assertJson(400, "{\"error\":\"ERR value is not an integer or out of range\"}", post("/", "[\"EXPIRE\", \"rest:str\", \"soon\"]"));
    }

    @Test
    void base64Encoding() throws Exception {
        post("/", "[\"SET\", \"rest:b64\", \"bar\"]");
        assertJson(200, "{\"result\":\"OK\"}", call("POST", "/", "[\"SET\", \"rest:b64\", \"bar\"]", "Upstash-Encoding", "base64"));
        assertJson(200, "{\"result\":\"YmFy\"}", call("POST", "/", "[\"GET\", \"rest:b64\"]", "Upstash-Encoding", "base64"));
        assertJson(200, "{\"result\":\"UE9ORw==\"}", call("POST", "/", "[\"PING\"]", "Upstash-Encoding", "base64"));
        assertJson(200, "{\"result\":[\"cmVzdDpiNjQ=\"]}", call("POST", "/", "[\"KEYS\", \"rest:b64\"]", "Upstash-Encoding", "base64"));
        assertJson(200, "{\"result\":1}", call("POST", "/", "[\"DEL\", \"rest:b64\"]", "Upstash-Encoding", "base64"));
    }

    @Test
    void pathForm() throws Exception {
        assertJson(200, "{\"result\":\"OK\"}", call("GET", "/set/rest:p/v%20x", null));
        assertJson(200, "{\"result\":\"v x\"}", call("GET", "/get/rest:p", null));
        // POST: the body is the last argument, then come the query parameters
        assertJson(200, "{\"result\":\"OK\"}", call("POST", "/set/rest:p", "{\"json\": [1, 2]}", "Content-Type", "text/plain"));
        assertJson(200, "{\"result\":\"{\\\"json\\\": [1, 2]}\"}", call("GET", "/get/rest:p", null));
        assertJson(200, "{\"result\":1}", call("POST", "/expire/rest:p?NX", "100"));
        assertJson(200, "{\"result\":0}", call("POST", "/expire/rest:p?NX", "100"));
        HttpResponse<String> ttl = call("GET", "/ttl/rest:p", null);
        assertTrue(ttl.body().matches("\\{\"result\":(100|99)}"), ttl.body());
        assertEquals(200, call("HEAD", "/ping", null).statusCode());
        // Servlet 6.0 refuses an encoded slash before the API sees it; the answer is still JSON
        HttpResponse<String> slash = call("GET", "/get/a%2Fb", null);
        assertEquals(400, slash.statusCode());
        assertTrue(slash.body().startsWith("{\"error\":\"ERR HTTP 400"), slash.body());
    }

    @Test
    void pipelineAnswers200WithPerCommandErrors() throws Exception {
        assertJson(200, "[{\"result\":\"OK\"},{\"error\":\"ERR wrong number of arguments for 'get' command\"},{\"result\":\"1\"},{\"result\":1}]",
                post("/pipeline", "[[\"SET\", \"rest:pl\", 1], [\"GET\"], [\"GET\", \"rest:pl\"], [\"DEL\", \"rest:pl\"]]"));
        assertJson(400, "{\"error\":\"ERR each command must be a JSON array\"}", post("/pipeline", "[\"GET\", \"x\"]"));
    }

    @Test
    void multiExec() throws Exception {
        // an error while executing fails that command only
        assertJson(200, "[{\"result\":\"OK\"},{\"error\":\"ERR value is not an integer or out of range\"},{\"result\":\"a\"}]",
                post("/multi-exec", "[[\"SET\", \"rest:tx\", \"a\"], [\"EXPIRE\", \"rest:tx\", \"soon\"], [\"GET\", \"rest:tx\"]]"));
        // refused while queueing: nothing runs, one error
        post("/", "[\"DEL\", \"rest:tx2\"]");
        assertJson(400, "{\"error\":\"ERR unknown command 'NOPE', with args beginning with: \"}",
                post("/multi-exec", "[[\"SET\", \"rest:tx2\", \"a\"], [\"NOPE\"]]"));
        assertJson(200, "{\"result\":null}", post("/", "[\"GET\", \"rest:tx2\"]"));
        assertJson(400, "{\"error\":\"ERR EXEC is not allowed inside /multi-exec\"}", post("/multi-exec", "[[\"EXEC\"]]"));
    }

    @Test
    void everyFailureIsJson() throws Exception {
        assertJson(400, "{\"error\":\"ERR empty request body, expected a JSON array\"}", post("/", ""));
        HttpResponse<String> malformed = post("/", "[\"GET\", ");
        assertEquals(400, malformed.statusCode());
        assertTrue(malformed.body().startsWith("{\"error\":\"ERR malformed JSON: "), malformed.body());
        assertJson(405, "{\"error\":\"ERR HTTP 405 Method Not Allowed\"}", call("DELETE", "/", null));
        assertJson(405, "{\"error\":\"ERR HTTP 405 Method Not Allowed\"}", call("POST", "/admin/info", "x"));
        assertJson(404, "{\"error\":\"ERR HTTP 404 Not Found\"}", call("GET", "/admin/nothing", null));
        assertJson(400, "{\"error\":\"ERR SUBSCRIBE is not available over HTTP: it needs a connection\"}", post("/", "[\"SUBSCRIBE\", \"ch\"]"));
    }

    @Test
    void token() throws Exception {
        if (RestCalls.TOKEN.isEmpty()) return; // the server under test is open
        assertJson(401, "{\"error\":\"Unauthorized\"}", anonymous("POST", "/", "[\"PING\"]"));
        assertJson(401, "{\"error\":\"Unauthorized\"}", anonymous("POST", "/", "[\"PING\"]", "Authorization", "Bearer wrong"));
        assertJson(401, "{\"error\":\"Unauthorized\"}", anonymous("GET", "/admin/info", null));
        assertJson(401, "{\"error\":\"Unauthorized\"}", anonymous("GET", "/no/such/thing", null));
        assertJson(200, "{\"result\":\"PONG\"}", anonymous("GET", "/ping?_token=" + RestCalls.TOKEN, null));
        assertJson(200, "{\"result\":\"PONG\"}", anonymous("POST", "/", "[\"PING\"]", "authorization", "bearer " + RestCalls.TOKEN));
        // unknown headers, such as the client's telemetry, are ignored
        assertJson(200, "{\"result\":\"PONG\"}", call("POST", "/", "[\"PING\"]", "Upstash-Telemetry-Sdk", "x", "upstash-sync-token", ""));
    }

    @Test
    void adminInfo() throws Exception {
        HttpResponse<String> r = call("GET", "/admin/info", null);
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.body().startsWith("{\"server\":{\"redis_version\":\"7.0.15\","), r.body());
        assertTrue(r.body().contains("\"keyspace\":{"), r.body());
        HttpResponse<String> one = call("GET", "/admin/info?section=clients", null);
        assertTrue(one.body().startsWith("{\"clients\":{\"connected_clients\":"), one.body());
        assertFalse(one.body().contains("\"server\""), one.body());
    }

    @Test
    void adminSaveAndBgsave() throws Exception {
        call("POST", "/", "[\"SET\", \"saved\", \"1\"]");
        assertJson(200, "{\"result\":\"OK\"}", call("POST", "/admin/save", ""));
        assertTrue(call("GET", "/admin/info?section=persistence", null).body().contains("\"rdb_changes_since_last_save\":\"0\""));
        call("POST", "/", "[\"SET\", \"saved\", \"2\"]");
        assertJson(200, "{\"result\":\"Background saving started\"}", call("POST", "/admin/bgsave", ""));
        long deadline = System.nanoTime() + 30_000_000_000L;
        String body;
        do {
            assertTrue(System.nanoTime() < deadline, "BGSAVE did not finish");
            Thread.sleep(20);
            body = call("GET", "/admin/info?section=persistence", null).body();
        } while (body.contains("\"rdb_bgsave_in_progress\":\"1\""));
        assertTrue(body.contains("\"rdb_last_bgsave_status\":\"ok\""), body);
        assertJson(405, "{\"error\":\"ERR HTTP 405 Method Not Allowed\"}", call("GET", "/admin/bgsave", null));
    }

    @Test
    void adminConfig() throws Exception {
        HttpResponse<String> before = call("GET", "/admin/config/maxmemory-policy", null);
        assertEquals(200, before.statusCode(), before.body());
        assertTrue(before.body().matches("\\{\"maxmemory-policy\":\"[a-z-]+\"}"), before.body());
        String policy = before.body().split("\"")[3];
        assertJson(404, "{\"error\":\"ERR unknown configuration parameter 'nosuch'\"}", call("GET", "/admin/config/nosuch", null));
        try {
            assertJson(200, "{\"maxmemory-policy\":\"allkeys-lru\"}", call("PUT", "/admin/config/maxmemory-policy", "allkeys-lru"));
            assertJson(200, "{\"maxmemory-policy\":\"volatile-lru\"}",
                    call("PUT", "/admin/config/maxmemory-policy", "\"volatile-lru\"", "Content-Type", "application/json"));
            assertJson(400, "{\"error\":\"ERR CONFIG SET failed (possibly related to argument 'maxmemory-policy') - argument(s) must be one of the "
                    + "following: volatile-lru, volatile-lfu, volatile-random, volatile-ttl, allkeys-lru, allkeys-lfu, allkeys-random, noeviction\"}",
                    call("PUT", "/admin/config/maxmemory-policy", "bogus"));
            assertJson(400, "{\"error\":\"ERR Unknown option or number of arguments for CONFIG SET - 'nosuch'\"}", call("PUT", "/admin/config/nosuch", "1"));
        } finally {
            call("PUT", "/admin/config/maxmemory-policy", policy);
        }
        // the value read back is CONFIG GET's, normalized (512mb is the default, so nothing changes)
        assertJson(200, "{\"proto-max-bulk-len\":\"536870912\"}", call("PUT", "/admin/config/proto-max-bulk-len", "512mb"));
    }
}
