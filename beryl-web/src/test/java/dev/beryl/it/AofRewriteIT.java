package dev.beryl.it;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static dev.beryl.it.ItServer.HOST;
import static dev.beryl.it.ItServer.RESP_PORT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * BGREWRITEAOF on Beryl in Liberty (issue 6), through RESP and through {@code POST /admin/bgrewriteaof}: the rewrite
 * runs in the background and reports in INFO and {@code /admin/info}, and redis-check-aof accepts the directory it
 * leaves, with the AOF off (a base only) and on (base and incremental file). Skipped without redis-check-aof.
 */
class AofRewriteIT {
    private Jedis beryl;
    private Path aofDir;

    private static boolean installed(String tool) {
        try {
            // redis-check-aof has no --version: it fails on that file name, but it runs
            Process p = new ProcessBuilder(tool, "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS);
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    @BeforeEach
    void connect() {
        assumeTrue(installed("redis-check-aof"), "redis-check-aof is not on the PATH: skipping the AOF checks");
        beryl = new Jedis(HOST, RESP_PORT, 30_000);
        aofDir = Path.of(beryl.configGet("dir").get("dir")).resolve(beryl.configGet("appenddirname").get("appenddirname"));
        awaitRewrite();
    }

    @AfterEach
    void restore() {
        if (beryl == null) return;
        awaitRewrite();
        beryl.configSet("appendonly", "no");
        beryl.configSet("aof-use-rdb-preamble", "yes");
        beryl.del("aofit:str", "aofit:list", "aofit:set", "aofit:later");
        beryl.close();
    }

    private String persistence(String field) {
        for (String line : beryl.info("persistence").split("\r\n")) {
            if (line.startsWith(field + ":")) return line.substring(field.length() + 1);
        }
        return null;
    }

    private void awaitRewrite() {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!"0".equals(persistence("aof_rewrite_in_progress")) || !"0".equals(persistence("aof_rewrite_scheduled"))) {
            assertTrue(System.nanoTime() < deadline, "the AOF rewrite did not finish");
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private String checkAof() throws Exception {
        Process p = new ProcessBuilder("redis-check-aof", aofDir.resolve("appendonly.aof.manifest").toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("All AOF files and manifest are valid"), out);
        return out;
    }

    @Test
    void bgrewriteaofThroughRespAndRest() throws Exception {
        beryl.set("aofit:str", "value");
        beryl.rpush("aofit:list", "a", "b", "c");
        beryl.sadd("aofit:set", "x", "y");
        beryl.expire("aofit:str", 10_000L);
        long before = Long.parseLong(persistence("aof_rewrites"));

        // AOF off: the rewrite leaves a base file only
        assertEquals("Background append only file rewriting started", beryl.bgrewriteaof());
        awaitRewrite();
        assertEquals("ok", persistence("aof_last_bgrewrite_status"));
        assertEquals(before + 1, Long.parseLong(persistence("aof_rewrites")));
        checkAof();

        // AOF on, base without preamble: the rewrite through the admin endpoint
        beryl.configSet("aof-use-rdb-preamble", "no");
        assertEquals("OK", beryl.configSet("appendonly", "yes"));
        awaitRewrite();
        beryl.set("aofit:later", "1");
        HttpResponse<String> r = RestCalls.call("POST", "/admin/bgrewriteaof", "");
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("{\"result\":\"Background append only file rewriting started\"}", r.body());
        beryl.incr("aofit:later"); // into the new incremental file
        awaitRewrite();
        String info = RestCalls.call("GET", "/admin/info?section=persistence", null).body();
        assertTrue(info.contains("\"aof_enabled\":\"1\"") && info.contains("\"aof_last_bgrewrite_status\":\"ok\"")
                && info.contains("\"aof_rewrites\":\"" + (before + 3) + "\""), info);
        String out = checkAof();
        assertTrue(out.contains("BASE AOF (RESP format)"), out);
        String manifest = Files.readString(aofDir.resolve("appendonly.aof.manifest"));
        assertTrue(manifest.matches("file appendonly\\.aof\\.\\d+\\.base\\.aof seq \\d+ type b\n"
                + "file appendonly\\.aof\\.\\d+\\.incr\\.aof seq \\d+ type i\n"), manifest);
        String incr = manifest.substring(manifest.indexOf("\nfile ") + 6, manifest.indexOf(" seq", manifest.indexOf("\nfile ")));
        assertTrue(Files.readString(aofDir.resolve(incr), StandardCharsets.ISO_8859_1).contains("aofit:later"));
    }
}
