package dev.beryl.web.health;

import dev.beryl.engine.Engine;
import dev.beryl.engine.EngineRegistry;
import dev.beryl.net.RespListener;
import dev.beryl.web.EngineBean;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Ready when the engine is registered and the RESP listener accepts a connection and answers PING with PONG,
 * which is only true once the listener hands connections to this engine (before that it answers -LOADING). It
 * pings the engine's current port and bind, which CONFIG SET moves the listener to (none: not ready).
 */
@Readiness
@ApplicationScoped
public class RespReadyCheck implements HealthCheck {
    private static final int TIMEOUT_MS = 1000;
    private static final byte[] PING = "*1\r\n$4\r\nPING\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PONG = "+PONG\r\n".getBytes(StandardCharsets.US_ASCII);

    @Inject
    EngineBean bean;

    @Override
    public HealthCheckResponse call() {
        Engine e = bean.engine();
        boolean registered = e != null && EngineRegistry.current() == e;
        boolean answering = registered && pingsAnyAddress(e.config().get("bind"), e.config().getInt("port"));
        return HealthCheckResponse.named("beryl-resp")
                .status(registered && answering)
                .withData("engineRegistered", registered)
                .withData("listenerAnswers", answering)
                .build();
    }

    private static boolean pingsAnyAddress(String bind, int port) {
        for (RespListener.Endpoint endpoint : RespListener.tcpEndpoints(bind, port)) {
            InetSocketAddress a = (InetSocketAddress) endpoint.address();
            // a wildcard bind accepts on loopback too
            InetSocketAddress target = a.getAddress() != null && a.getAddress().isAnyLocalAddress()
                    ? new InetSocketAddress(InetAddress.getLoopbackAddress(), port) : a;
            if (pings(target)) return true;
        }
        return false;
    }

    private static boolean pings(InetSocketAddress target) {
        try (Socket s = new Socket()) {
            s.connect(target, TIMEOUT_MS);
            s.setSoTimeout(TIMEOUT_MS);
            s.getOutputStream().write(PING);
            InputStream in = s.getInputStream();
            byte[] reply = in.readNBytes(PONG.length);
            return Arrays.equals(reply, PONG);
        } catch (IOException e) {
            return false;
        }
    }
}
