package dev.beryl.ra;

import dev.beryl.engine.EngineRegistry;
import dev.beryl.net.ListenerRegistry;
import dev.beryl.net.RespListener;
import jakarta.resource.NotSupportedException;
import jakarta.resource.ResourceException;
import jakarta.resource.spi.ActivationSpec;
import jakarta.resource.spi.BootstrapContext;
import jakarta.resource.spi.ConfigProperty;
import jakarta.resource.spi.Connector;
import jakarta.resource.spi.ResourceAdapter;
import jakarta.resource.spi.ResourceAdapterInternalException;
import jakarta.resource.spi.endpoint.MessageEndpointFactory;

import javax.transaction.xa.XAResource;
import java.io.IOException;
import java.util.logging.Logger;

/**
 * Owns the RESP listening socket for the life of the server. It starts before the web module that creates the
 * engine, so the listener answers -LOADING until the engine registers in {@link EngineRegistry}. The accept
 * loop runs on a thread the adapter owns (not a WorkManager work, which would hold up server quiesce). The
 * listener is registered in {@link ListenerRegistry}, where the engine bean finds it so that CONFIG SET port and
 * bind move it; bind and port here are the start's, the same server.xml variables as the engine's settings.
 */
@Connector(displayName = "Beryl RESP listener", vendorName = "Beryl", eisType = "Redis protocol")
public class BerylResourceAdapter implements ResourceAdapter {
    private static final Logger LOG = Logger.getLogger(BerylResourceAdapter.class.getName());

    private String bind = "127.0.0.1";
    private Integer port = 6379;
    private RespListener listener;

    @ConfigProperty(defaultValue = "127.0.0.1", description = "Addresses to listen on, in Redis's bind syntax")
    public void setBind(String bind) { this.bind = bind; }
    public String getBind() { return bind; }

    @ConfigProperty(defaultValue = "6379", description = "TCP port of the RESP listener")
    public void setPort(Integer port) { this.port = port; }
    public Integer getPort() { return port; }

    @Override
    public void start(BootstrapContext ctx) throws ResourceAdapterInternalException {
        listener = new RespListener(RespListener.parseBind(bind, port), EngineRegistry::current);
        try {
            listener.start(Thread::new);
        } catch (IOException e) {
            throw new ResourceAdapterInternalException("Beryl could not listen on " + bind + " port " + port, e);
        }
        if (!listener.listening()) {
            listener.stop();
            throw new ResourceAdapterInternalException("Beryl could not listen on " + bind + " port " + port
                    + ": no address available");
        }
        ListenerRegistry.register(listener);
        LOG.info("Beryl RESP listener on " + bind + " port " + listener.localPort());
    }

    @Override
    public void stop() {
        if (listener == null) return;
        ListenerRegistry.unregister(listener);
        listener.stop();
        listener = null;
    }

    @Override
    public void endpointActivation(MessageEndpointFactory factory, ActivationSpec spec) throws ResourceException {
        throw new NotSupportedException("Beryl has no message endpoints");
    }

    @Override
    public void endpointDeactivation(MessageEndpointFactory factory, ActivationSpec spec) {
        // nothing was ever activated
    }

    @Override
    public XAResource[] getXAResources(ActivationSpec[] specs) {
        return null;
    }
}
