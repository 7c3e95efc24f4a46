package dev.beryl.web.health;

import dev.beryl.engine.Engine;
import dev.beryl.web.EngineBean;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Startup;

/** Started once the engine runs with its data loaded. */
@Startup
@ApplicationScoped
public class EngineStartedCheck implements HealthCheck {
    @Inject
    EngineBean bean;

    @Override
    public HealthCheckResponse call() {
        Engine e = bean.engine();
        return HealthCheckResponse.named("beryl-engine-started").status(e != null && e.isRunning() && !e.isLoading()).build();
    }
}
