package dev.beryl.cdi;

import dev.beryl.api.Beryl;
import dev.beryl.api.LocalBeryl;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;

/**
 * Makes {@link Beryl} injectable. The instance finds the server's engine through the engine registry on each
 * call, so it keeps working across a restart of the Beryl web module.
 */
@Dependent
public class BerylProducer {
    @Produces
    @ApplicationScoped
    Beryl beryl() {
        return LocalBeryl.registered();
    }
}
