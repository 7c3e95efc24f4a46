package dev.beryl.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

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
