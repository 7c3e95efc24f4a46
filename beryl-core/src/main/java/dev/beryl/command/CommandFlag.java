package dev.beryl.command;

/** Command flags as Redis names them; declaration order is the order COMMAND INFO prints them in. */
public enum CommandFlag {
    WRITE, READONLY, DENYOOM, MODULE, ADMIN, PUBSUB, NOSCRIPT, BLOCKING, LOADING, STALE, SKIP_MONITOR,
    SKIP_SLOWLOG, ASKING, FAST, NO_AUTH, MAY_REPLICATE, SENTINEL, ONLY_SENTINEL, NO_MANDATORY_KEYS, PROTECTED,
    MODULE_GETKEYS, MODULE_NO_CLUSTER, NO_ASYNC_LOADING, NO_MULTI, MOVABLE_KEYS, ALLOW_BUSY;

    /** The lower-case name COMMAND INFO replies with ("readonly", "no_auth", ...). */
    public String replyName() {
        return this == MOVABLE_KEYS ? "movablekeys" : name().toLowerCase();
    }

    /** Whether COMMAND INFO lists this flag (a few are internal to Redis). */
    public boolean shown() {
        return this != MAY_REPLICATE && this != SENTINEL && this != ONLY_SENTINEL && this != PROTECTED && this != MODULE_GETKEYS
                && this != MODULE_NO_CLUSTER;
    }
}
