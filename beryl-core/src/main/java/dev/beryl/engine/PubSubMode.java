package dev.beryl.engine;

import dev.beryl.command.CommandSpec;

/**
 * What a RESP2 client in Pub/Sub mode may run (Redis's processCommand): its connection carries pushes, so only
 * the commands whose replies are pushes themselves, PING, QUIT and RESET. RESP3 has no such limit.
 */
final class PubSubMode {
    private PubSubMode() {}

    static boolean allows(CommandSpec spec) {
        if (spec.parent() != null) return false;
        return switch (spec.name()) {
            case "ping", "subscribe", "ssubscribe", "unsubscribe", "sunsubscribe", "psubscribe", "punsubscribe",
                    "quit", "reset" -> true;
            default -> false;
        };
    }

    static String error(CommandSpec spec) {
        return "ERR Can't execute '" + spec.fullName()
                + "': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context";
    }
}
