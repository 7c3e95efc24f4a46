package dev.beryl.replication;

import dev.beryl.engine.Client;
import dev.beryl.resp.ReplyBuffer;

/**
 * What the master knows of one connection that configures itself as a replica (REPLCONF) and syncs (SYNC, PSYNC):
 * Redis's slave_* fields of a client. Engine thread only.
 */
final class Replica {
    enum State {
        /** Not a replica yet (REPLCONF only), or no longer. */
        NONE(""),
        /** Waits for a background save to start (another job runs). */
        WAIT_BGSAVE_START("wait_bgsave"),
        /** Its RDB is being written; the stream since the save began is held for it. */
        WAIT_BGSAVE_END("wait_bgsave"),
        /** Its RDB file is being sent. */
        SEND_BULK("send_bulk"),
        ONLINE("online");

        final String info;

        State(String info) { this.info = info; }
    }

    final Client client;
    State state = State.NONE;
    /** Synced with SYNC: no +FULLRESYNC, no REPLCONF ACK expected (Redis's CLIENT_PRE_PSYNC). */
    boolean prePsync;
    boolean capaEof, capaPsync2;
    /** REPLCONF rdb-only 1: the RDB and no stream after it (redis-cli --rdb). */
    boolean rdbOnly;
    long listeningPort;
    /** REPLCONF ip-address, or null for the connection's peer address. */
    String announcedIp;
    long ackOffset;
    long ackTimeSec;
    /** The stream offset its RDB corresponds to (Redis's psync_initial_offset). */
    long initialOffset;
    /**
     * The stream produced since its RDB's save began, sent after the RDB (after its first REPLCONF ACK for a
     * diskless sync, Redis's repl_start_cmd_stream_on_ack); null once streaming.
     */
    ReplyBuffer held;
    /** Sends its RDB file (disk-based sync), or null. */
    RdbTransfer transfer;
    /** Its share of a diskless sync's RDB, or null. */
    RdbPipe.Feed feed;
    /** When its output first went past the soft limit, or 0 (Redis's obuf_soft_limit_reached_time). */
    long softLimitSinceSec;

    Replica(Client client) {
        this.client = client;
    }

    /** The address INFO shows: the announced one, or the connection's peer IP. */
    String ip() {
        if (announcedIp != null) return announcedIp;
        String a = client.addr();
        int colon = a.lastIndexOf(':');
        String ip = colon < 0 ? a : a.substring(0, colon);
        return ip.startsWith("[") && ip.endsWith("]") ? ip.substring(1, ip.length() - 1) : ip;
    }

    /** How Redis's replicationGetSlaveName names it in the log. */
    String name() {
        String ip = ip();
        if (listeningPort == 0) return ip + ":<unknown-replica-port>";
        return (ip.contains(":") ? "[" + ip + "]" : ip) + ":" + listeningPort;
    }

    /** Output not yet written: the held stream and, once the RDB is out, the reply buffer. */
    long outputBytes() {
        long n = held == null ? 0 : held.pending();
        if (state == State.ONLINE) n += client.reply().pending();
        return n;
    }
}
