package dev.beryl.web.health;

import dev.beryl.engine.Engine;
import dev.beryl.web.EngineBean;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Live while the engine thread keeps turning its loop: it stamps a heartbeat at least every 100 ms, so a stamp
 * older than the stall limit means the thread is stuck and the server should be restarted. A loop that ended on
 * its own (Engine.failure) is DOWN at once.
 */
@Liveness
@ApplicationScoped
public class EngineLiveCheck implements HealthCheck {
    @Inject
    EngineBean bean;

    @Inject
    @ConfigProperty(name = "beryl.health.stall-ms", defaultValue = "5000")
    long stallMs;

    @Override
    public HealthCheckResponse call() {
        Engine e = bean.engine();
        if (e == null) {
            // not started yet: the startup check covers this phase
            return HealthCheckResponse.up("beryl-engine-live");
        }
        long age = System.currentTimeMillis() - e.heartbeatMs();
        var r = HealthCheckResponse.named("beryl-engine-live")
                .status(e.isRunning() && age < stallMs)
                .withData("heartbeatAgeMs", age);
        Throwable died = e.failure(); // the loop ended on its own: DOWN at once, and why
        return (died == null ? r : r.withData("failure", died.toString())).build();
    }
}
