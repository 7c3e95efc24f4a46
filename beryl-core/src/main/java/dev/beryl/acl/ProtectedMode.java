package dev.beryl.acl;

import dev.beryl.config.Config;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * Redis's protected mode (networking.c clientAcceptHandler): while {@code protected-mode} is on and the default
 * user has no password, a TCP connection from anywhere but 127.0.0.1 or ::1 gets {@link #DENIED} and is closed.
 * Unix sockets are always local. Checked once per connection, when the engine takes it.
 */
public final class ProtectedMode {
    /** Redis 7.0.15's text, typo ("Setup a an") included. */
    public static final byte[] DENIED = ("-DENIED Redis is running in protected mode because protected "
            + "mode is enabled and no password is set for the default user. "
            + "In this mode connections are only accepted from the loopback interface. "
            + "If you want to connect from external computers to Redis you "
            + "may adopt one of the following solutions: "
            + "1) Just disable protected mode sending the command "
            + "'CONFIG SET protected-mode no' from the loopback interface "
            + "by connecting to Redis from the same host the server is "
            + "running, however MAKE SURE Redis is not publicly accessible "
            + "from internet if you do so. Use CONFIG REWRITE to make this "
            + "change permanent. "
            + "2) Alternatively you can just disable the protected mode by "
            + "editing the Redis configuration file, and setting the protected "
            + "mode option to 'no', and then restarting the server. "
            + "3) If you started the server manually just for testing, restart "
            + "it with the '--protected-mode no' option. "
            + "4) Setup a an authentication password for the default user. "
            + "NOTE: You only need to do one of the above things in order for "
            + "the server to start accepting connections from the outside.\r\n").getBytes(StandardCharsets.US_ASCII);

    private final Users users;
    private boolean enabled;

    public ProtectedMode(Config config, Users users) {
        this.users = users;
        enabled = config.getBool("protected-mode");
        config.onChange("protected-mode", v -> enabled = "yes".equals(v));
    }

    /** Whether a connection from {@code remote} must be refused (engine thread). */
    public boolean denies(SocketAddress remote) {
        return enabled && users.defaultNopass() && !isLocal(remote);
    }

    /**
     * Redis's islocalClient: a unix socket, or a peer whose address prints as "127.0.0.1" or "::1" exactly (not the
     * rest of 127.0.0.0/8).
     */
    static boolean isLocal(SocketAddress remote) {
        if (!(remote instanceof InetSocketAddress i)) return true; // unix socket
        InetAddress a = i.getAddress();
        if (a instanceof Inet4Address) {
            byte[] b = a.getAddress();
            return b[0] == 127 && b[1] == 0 && b[2] == 0 && b[3] == 1;
        }
        return a instanceof Inet6Address && a.isLoopbackAddress();
    }
}
