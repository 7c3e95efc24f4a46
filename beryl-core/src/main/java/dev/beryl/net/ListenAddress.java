package dev.beryl.net;

import dev.beryl.config.Config;

import java.io.IOException;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * The settings port and bind, applied to a running TCP listener: CONFIG SET moves it (Redis's updatePort and
 * applyBind), and a change it cannot bind is refused with Redis's error, the listener staying where it was.
 */
public final class ListenAddress {
    private static final Logger LOG = Logger.getLogger(ListenAddress.class.getName());

    private ListenAddress() {}

    /**
     * From now on a change of port or bind in {@code config} moves {@code listener} (which may supply null: no
     * listener to move, the value is only stored). The listener is moved to the configured address at once, so a
     * redeployed engine finds it where its settings say (a CONFIG SET lasts until the engine's restart).
     */
    public static void follow(Config config, Supplier<RespListener> listener) {
        config.onChange("port", v -> apply(config, listener.get(), "port", "Unable to listen on this port. Check server logs."));
        config.onChange("bind", v -> apply(config, listener.get(), "bind", "Failed to bind to specified addresses."));
        try {
            move(config, listener.get());
        } catch (IOException e) {
            LOG.warning("Could not listen on the configured address (port " + config.get("port") + ", bind "
                    + config.get("bind") + "): " + e.getMessage());
        }
    }

    private static void apply(Config config, RespListener listener, String setting, String error) {
        try {
            move(config, listener);
        } catch (IOException e) {
            if (setting.equals("bind")) LOG.warning("Failed to bind");
            LOG.warning("Failed applying new configuration. Possibly related to new " + setting
                    + " setting. Restoring previous settings.");
            throw new IllegalArgumentException(error); // the setting keeps its old value (ConfigParam.set)
        }
    }

    private static void move(Config config, RespListener listener) throws IOException {
        if (listener != null) listener.rebind(RespListener.tcpEndpoints(config.get("bind"), config.getInt("port")));
    }
}
