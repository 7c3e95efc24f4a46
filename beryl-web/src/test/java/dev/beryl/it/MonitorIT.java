package dev.beryl.it;

import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisMonitor;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static dev.beryl.it.ItServer.HOST;
import static dev.beryl.it.ItServer.RESP_PORT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * MONITOR through Jedis on Liberty: commands from another RESP connection, from the REST API and from the example
 * application's {@code @Inject Beryl} all reach the monitoring connection, in Redis's line format.
 */
class MonitorIT {

    /** The next line the monitor received that mentions the given key (other tests may run commands meanwhile). */
    private static String next(BlockingQueue<String> lines, String key) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            String l = lines.poll(100, TimeUnit.MILLISECONDS);
            if (l != null && l.contains("\"" + key + "\"")) return l;
        }
        return null;
    }

    @Test
    void monitorSeesRespRestAndInjectedCallers() throws Exception {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
        Jedis monitor = new Jedis(HOST, RESP_PORT);
        Thread t = new Thread(() -> {
            try {
                monitor.monitor(new JedisMonitor() {
                    @Override
                    public void onCommand(String command) {
                        lines.add(command);
                    }
                });
            } catch (RuntimeException closed) {
                failure.set(closed); // the test closes the connection to end MONITOR
            }
        });
        t.setDaemon(true);
        t.start();
        try (Jedis j = new Jedis(HOST, RESP_PORT)) {
            // MONITOR is on once CLIENT LIST shows its flag
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!j.clientList().contains("flags=O") && System.nanoTime() < deadline) Thread.sleep(20);
            j.set("monitor:resp", "a \"quoted\" value");
            String resp = next(lines, "monitor:resp");
            assertNotNull(resp, "lines " + lines + " failure " + failure.get() + " clients " + j.clientList());
            assertTrue(resp.matches("\\d+\\.\\d{6} \\[0 127\\.0\\.0\\.1:\\d+] \"SET\" \"monitor:resp\" \"a \\\\\"quoted\\\\\" value\""), resp);

            assertEquals(200, RestCalls.post("/", "[\"SET\", \"monitor:rest\", \"x\"]").statusCode());
            String rest = next(lines, "monitor:rest");
            assertNotNull(rest);
            assertTrue(rest.matches("\\d+\\.\\d{6} \\[0 \\?:0] \"SET\" \"monitor:rest\" \"x\""), rest);

            assertEquals(204, ItServer.send("PUT", "/example/values/monitor:inject", "v").statusCode());
            String inject = next(lines, "monitor:inject");
            assertNotNull(inject);
            assertTrue(inject.contains("[0 ?:0]") && inject.contains("\"monitor:inject\""), inject);
        } finally {
            monitor.close();
            t.join(5000);
        }
        try (Jedis j = new Jedis(HOST, RESP_PORT)) { // closing the connection ended MONITOR
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (j.clientList().contains("flags=O") && System.nanoTime() < deadline) Thread.sleep(20);
            assertTrue(!j.clientList().contains("flags=O"));
        }
    }
}
