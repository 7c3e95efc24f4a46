package dev.beryl.replication;

import dev.beryl.command.CommandTable;
import dev.beryl.engine.Client;
import dev.beryl.engine.Engine;
import dev.beryl.engine.Errors;
import dev.beryl.engine.Propagation;
import dev.beryl.persistence.BackgroundSave;
import dev.beryl.persistence.RdbSave;
import dev.beryl.resp.Numbers;
import dev.beryl.resp.ReplyBuffer;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * Beryl as a master (Redis's replication.c, master side): SYNC and PSYNC, REPLCONF, the replication stream fed
 * from the engine's propagation hook (the same commands the AOF gets, SELECT when the database changes, a PING
 * every repl-ping-replica-period), the backlog for partial resyncs, and INFO replication.
 *
 * <p>A full sync is a BGSAVE (the forkless {@link BackgroundSave}): from the moment its snapshot is taken, each
 * waiting replica holds what is propagated. Disk-based, the file is sent once complete, then the held stream;
 * diskless (repl-diskless-sync, replicas with capa eof), the RDB goes from the writer thread to the sockets as it
 * is made ({@link RdbPipe}), and the held stream after the replica's first ACK. Engine thread only.
 */
public final class ReplicationMaster implements Propagation.Sink {
    private static final Logger LOG = Logger.getLogger(ReplicationMaster.class.getName());
    private static final String NO_REPLID = "0000000000000000000000000000000000000000";
    private static final byte[][] PING = {"PING".getBytes(StandardCharsets.US_ASCII)};
    /** Redis's NET_HOST_STR_LEN: the longest REPLCONF ip-address plus one. */
    private static final int HOST_STR_LEN = 256;

    private final Engine engine;
    /** Every connection that sent REPLCONF, SYNC or PSYNC, by client id. */
    private final Map<Long, Replica> known = new HashMap<>();
    /** The replicas, in the order they synced (INFO's slave0, slave1 ...). */
    private final List<Replica> replicas = new ArrayList<>();
    private final ReplicaOutputLimit outputLimit;
    private final ReplyBuffer scratch = new ReplyBuffer(256);
    private String replid = randomReplid();
    private String replid2 = NO_REPLID;
    private long secondReplOffset = -1;
    /** Bytes of stream produced since the backlog was first created (Redis's master_repl_offset). */
    private long offset;
    /** Created with the first replica; from then on the stream is produced, replicas or not. */
    private Backlog backlog;
    /** The database the stream's last command ran in, -1 to emit SELECT before the next (Redis's slaveseldb). */
    private int streamDb = -1;
    private long cronLoops;
    private long lastCronSecond;
    private long syncFull, syncPartialOk, syncPartialErr;
    /** The running background save writes to replicas' sockets. */
    private boolean socketSave;
    /** When the last replica left (Redis's repl_no_slaves_since): the backlog goes after repl-backlog-ttl. */
    private long noReplicasSinceSec = nowSec();

    public ReplicationMaster(Engine engine) {
        this.engine = engine;
        this.outputLimit = new ReplicaOutputLimit(engine.config());
        engine.backgroundSave().onDone(this::saveDone);
        engine.config().onChange("repl-backlog-size", v -> {
            if (backlog != null) backlog.resize(backlogSize());
        });
    }

    // ---- commands

    /** SYNC and PSYNC replid offset (Redis's syncCommand). */
    public void sync(Client c, byte[][] argv) {
        if (c.isReplica()) return; // already one: ignored, no reply
        if (c.reply().pending() > 0) {
            c.reply().error("ERR SYNC and PSYNC are invalid with pending output");
            return;
        }
        Replica r = known(c);
        LOG.info("Replica " + r.name() + " asks for synchronization");
        if (CommandTable.is(argv[0], "psync")) {
            if (!Numbers.isLong(argv[2])) {
                c.reply().error(Errors.NOT_INTEGER);
                LOG.warning("Replica " + r.name() + " asks for synchronization but with a wrong offset");
                return;
            }
            String askedId = new String(argv[1], StandardCharsets.ISO_8859_1);
            if (tryPartialResync(r, askedId, Numbers.parseLongOr(argv[2], 0))) {
                syncPartialOk++;
                return;
            }
            if (!askedId.startsWith("?")) syncPartialErr++;
        } else {
            r.prePsync = true;
        }
        syncFull++;
        r.state = Replica.State.WAIT_BGSAVE_START;
        c.setReplica(true);
        replicas.add(r);
        if (replicas.size() == 1 && backlog == null) createBacklog();
        BackgroundSave bg = engine.backgroundSave();
        if (bg.inProgress() && socketSave) {
            LOG.info("Current BGSAVE has socket target. Waiting for next BGSAVE for SYNC");
        } else if (bg.inProgress()) {
            Replica attached = null;
            for (Replica o : replicas) {
                if (o.state == Replica.State.WAIT_BGSAVE_END && (!o.rdbOnly || r.rdbOnly)) {
                    attached = o;
                    break;
                }
            }
            // it must have all the capabilities of the replica the save was started for
            if (attached != null && (attached.capaEof && !r.capaEof || attached.capaPsync2 && !r.capaPsync2)) attached = null;
            if (attached != null) { // the save already holds the stream for another replica: share it
                setupFullResync(r, attached.initialOffset);
                if (r.held != null) r.held.raw(attached.held.array(), attached.held.start(), attached.held.pending());
                LOG.info("Waiting for end of BGSAVE for SYNC");
            } else {
                LOG.info("Can't attach the replica to the current BGSAVE. Waiting for next BGSAVE for SYNC");
            }
        } else if (engine.config().getBool("repl-diskless-sync") && r.capaEof
                && engine.config().getLong("repl-diskless-sync-delay") > 0) {
            LOG.info("Delay next BGSAVE for diskless SYNC"); // the cron starts it, when more replicas had time to come
        } else if (engine.aof().rewrite().inProgress()) {
            LOG.info("No BGSAVE in progress, but another BG operation is active. BGSAVE for replication delayed");
        } else {
            startBgsaveForReplication();
        }
    }

    /** REPLCONF option value ... (Redis's replconfCommand, master side). */
    public void replconf(Client c, byte[][] argv) {
        if (argv.length % 2 == 0) {
            c.reply().error(Errors.SYNTAX);
            return;
        }
        Replica r = known(c);
        for (int j = 1; j < argv.length; j += 2) {
            byte[] opt = argv[j], val = argv[j + 1];
            if (CommandTable.is(opt, "listening-port")) {
                if (!Numbers.isLong(val)) {
                    c.reply().error(Errors.NOT_INTEGER);
                    return;
                }
                r.listeningPort = Numbers.parseLongOr(val, 0);
            } else if (CommandTable.is(opt, "ip-address")) {
                if (val.length >= HOST_STR_LEN) {
                    c.reply().error("ERR REPLCONF ip-address provided by replica instance is too long: " + val.length + " bytes");
                    return;
                }
                r.announcedIp = new String(val, StandardCharsets.ISO_8859_1);
            } else if (CommandTable.is(opt, "capa")) { // capabilities this master does not know are ignored
                if (CommandTable.is(val, "eof")) r.capaEof = true;
                else if (CommandTable.is(val, "psync2")) r.capaPsync2 = true;
            } else if (CommandTable.is(opt, "ack")) {
                // the replica's processed offset; no reply, ever
                if (!c.isReplica() || !Numbers.isLong(val)) return;
                long acked = Numbers.parseLongOr(val, 0);
                if (acked > r.ackOffset) r.ackOffset = acked;
                r.ackTimeSec = nowSec();
                if (r.state == Replica.State.ONLINE && r.held != null) startStream(r);
                return;
            } else if (CommandTable.is(opt, "getack")) {
                return; // asks a replica for an ACK: a master has none to send
            } else if (CommandTable.is(opt, "rdb-only")) {
                if (!Numbers.isLong(val)) {
                    c.reply().error(Errors.NOT_INTEGER);
                    return;
                }
                long v = Numbers.parseLongOr(val, -1);
                if (v < 0 || v > 1) {
                    c.reply().error("ERR value is out of range, value must between 0 and 1");
                    return;
                }
                r.rdbOnly = v == 1;
            } else {
                c.reply().error("ERR Unrecognized REPLCONF option: " + new String(opt, StandardCharsets.ISO_8859_1));
                return;
            }
        }
        c.reply().ok();
    }

    private Replica known(Client c) {
        return known.computeIfAbsent(c.id(), id -> new Replica(c));
    }

    // ---- partial and full resynchronization

    /** Redis's masterTryPartialResynchronization: +CONTINUE and the backlog from the asked offset, if it holds it. */
    private boolean tryPartialResync(Replica r, String askedId, long askedOffset) {
        if (!askedId.equalsIgnoreCase(replid) && (!askedId.equalsIgnoreCase(replid2) || askedOffset > secondReplOffset)) {
            if (askedId.startsWith("?")) {
                LOG.info("Full resync requested by replica " + r.name());
            } else if (!askedId.equalsIgnoreCase(replid) && !askedId.equalsIgnoreCase(replid2)) {
                LOG.info("Partial resynchronization not accepted: Replication ID mismatch (Replica asked for '" + askedId
                        + "', my replication IDs are '" + replid + "' and '" + replid2 + "')");
            } else {
                LOG.info("Partial resynchronization not accepted: Requested offset for second ID was " + askedOffset
                        + ", but I can reply up to " + secondReplOffset);
            }
            return false;
        }
        if (backlog == null || !backlog.holds(askedOffset)) {
            LOG.info("Unable to partial resync with replica " + r.name() + " for lack of backlog (Replica request was: "
                    + askedOffset + ").");
            if (askedOffset > offset) {
                LOG.warning("Warning: replica " + r.name()
                        + " tried to PSYNC with an offset that is greater than the master replication offset.");
            }
            return false;
        }
        Client c = r.client;
        c.setReplica(true);
        r.state = Replica.State.ONLINE;
        r.ackTimeSec = nowSec();
        replicas.add(r);
        c.reply().simple(r.capaPsync2 ? "CONTINUE " + replid : "CONTINUE");
        long n = backlog.copyFrom(askedOffset, c.reply());
        LOG.info("Partial resynchronization request from " + r.name() + " accepted. Sending " + n
                + " bytes of backlog starting from offset " + askedOffset + ".");
        return true;
    }

    /** The first replica: a new history starts (new replid, no replid2) and the stream is produced from now on. */
    private void createBacklog() {
        replid = randomReplid();
        replid2 = NO_REPLID;
        secondReplOffset = -1;
        backlog = new Backlog(backlogSize(), offset);
        engine.propagation().addSink(this);
        LOG.info("Replication backlog created, my new replication IDs are '" + replid + "' and '" + replid2 + "'");
    }

    private int backlogSize() {
        return (int) Math.min(engine.config().getLong("repl-backlog-size"), Integer.MAX_VALUE - 8);
    }

    /**
     * Redis's startBgsaveForReplication: to the sockets when diskless sync is on and every waiting replica takes
     * the EOF format, else to the file; the waiting replicas start holding the stream.
     */
    private void startBgsaveForReplication() {
        boolean allEof = true;
        for (Replica r : replicas) if (r.state == Replica.State.WAIT_BGSAVE_START) allEof &= r.capaEof;
        boolean socket = allEof && engine.config().getBool("repl-diskless-sync");
        LOG.info("Starting BGSAVE for SYNC with target: " + (socket ? "replicas sockets" : "disk"));
        RdbPipe pipe = socket ? new RdbPipe(engine, randomReplid().getBytes(StandardCharsets.US_ASCII)) : null;
        if (socket ? !engine.backgroundSave().startToStream(pipe) : !engine.backgroundSave().start()) {
            LOG.warning("BGSAVE for replication failed");
            for (Replica r : List.copyOf(replicas)) {
                if (r.state != Replica.State.WAIT_BGSAVE_START) continue;
                replicas.remove(r);
                r.state = Replica.State.NONE;
                r.client.setReplica(false);
                r.client.reply().error("ERR BGSAVE failed, replication can't continue");
                r.client.closeAfterReply();
                engine.markPendingWrite(r.client);
            }
            return;
        }
        socketSave = socket;
        if (socket) {
            pipe.onLastFeedGone(() -> {
                LOG.warning("Diskless rdb transfer, last replica dropped, killing fork child.");
                engine.backgroundSave().abort();
            });
        }
        for (Replica r : replicas) {
            if (r.state != Replica.State.WAIT_BGSAVE_START) continue;
            setupFullResync(r, offset);
            if (socket) {
                r.feed = pipe.attach(r.client, () -> disklessSent(r));
                r.client.setOutputSource(r.feed);
            }
        }
    }

    /** Starts the sync replicas wait for once nothing else runs, after the diskless delay (Redis's shouldStartChildReplication). */
    private void startPendingSync() {
        if (engine.backgroundSave().inProgress() || engine.aof().rewrite().inProgress()) return;
        int waiting = 0;
        long maxIdleSec = 0, now = System.currentTimeMillis();
        for (Replica r : replicas) {
            if (r.state != Replica.State.WAIT_BGSAVE_START) continue;
            waiting++;
            maxIdleSec = Math.max(maxIdleSec, now / 1000 - r.client.lastInteractionMs() / 1000);
        }
        if (waiting == 0) return;
        long maxReplicas = engine.config().getLong("repl-diskless-sync-max-replicas");
        if (!engine.config().getBool("repl-diskless-sync") || (maxReplicas > 0 && waiting >= maxReplicas)
                || maxIdleSec >= engine.config().getLong("repl-diskless-sync-delay")) {
            startBgsaveForReplication();
        }
    }

    /** Redis's replicationSetupSlaveForFullResync: +FULLRESYNC (not to SYNC), and SELECT again in the stream. */
    private void setupFullResync(Replica r, long initialOffset) {
        r.initialOffset = initialOffset;
        r.state = Replica.State.WAIT_BGSAVE_END;
        r.held = r.rdbOnly ? null : new ReplyBuffer(16 * 1024);
        streamDb = -1;
        if (!r.prePsync) {
            r.client.reply().simple("FULLRESYNC " + replid + " " + initialOffset);
            engine.markPendingWrite(r.client);
        }
    }

    /** A background save ended (Redis's updateSlavesWaitingBgsave): its replicas get the file, or are dropped. */
    private void saveDone(boolean ok) {
        socketSave = false;
        for (Replica r : List.copyOf(replicas)) {
            if (r.state != Replica.State.WAIT_BGSAVE_END) continue;
            if (!ok) {
                LOG.warning("SYNC failed. BGSAVE child returned an error");
                engine.kill(r.client, null);
            } else if (r.feed == null) {
                sendRdb(r);
            } // a diskless replica is done when its feed has sent the last chunk
        }
        startPendingSync();
    }

    private void sendRdb(Replica r) {
        FileChannel file;
        long size;
        try {
            file = FileChannel.open(RdbSave.file(engine), StandardOpenOption.READ);
            size = file.size();
        } catch (IOException e) {
            LOG.warning("SYNC failed. Can't open/stat DB after BGSAVE: " + e.getMessage());
            engine.kill(r.client, null);
            return;
        }
        r.state = Replica.State.SEND_BULK;
        r.transfer = new RdbTransfer(file, size, () -> rdbSent(r));
        r.client.reply().raw(("$" + size + "\r\n").getBytes(StandardCharsets.US_ASCII));
        r.client.setOutputSource(r.transfer);
        engine.markPendingWrite(r.client);
    }

    /** The RDB is out (Redis's replicaPutOnline): the held stream follows, then the live one. */
    private void rdbSent(Replica r) {
        r.transfer = null;
        if (r.rdbOnly) {
            LOG.info("RDB transfer completed, rdb only replica (" + r.name() + ") should be disconnected asap");
            r.client.closeAfterReply();
            return;
        }
        r.state = Replica.State.ONLINE;
        r.ackTimeSec = nowSec();
        r.client.reply().raw(r.held.array(), r.held.start(), r.held.pending());
        r.held = null;
        LOG.info("Synchronization with replica " + r.name() + " succeeded");
    }

    /** The last chunk of a diskless RDB is in the replica's output: online, its stream starting with its first ACK. */
    private void disklessSent(Replica r) {
        r.feed = null;
        if (r.rdbOnly) {
            LOG.info("RDB transfer completed, rdb only replica (" + r.name() + ") should be disconnected asap");
            r.client.closeAfterReply();
            return;
        }
        LOG.info("Streamed RDB transfer with replica " + r.name()
                + " succeeded (socket). Waiting for REPLCONF ACK from replica to enable streaming");
        r.state = Replica.State.ONLINE;
        r.ackTimeSec = nowSec();
        LOG.info("Synchronization with replica " + r.name() + " succeeded");
    }

    /** Redis's replicaStartCommandStream: what was held for the replica goes out, then the live stream. */
    private void startStream(Replica r) {
        r.client.reply().raw(r.held.array(), r.held.start(), r.held.pending());
        r.held = null;
        engine.markPendingWrite(r.client);
    }

    // ---- the stream

    /** A propagated command (the sink next to the AOF's): SELECT first when its database is not the stream's. */
    @Override
    public void feed(int db, byte[][] argv) {
        scratch.clear();
        if (db != streamDb) {
            StreamEncoding.select(scratch, db);
            streamDb = db;
        }
        StreamEncoding.command(scratch, argv);
        append(scratch.array(), scratch.start(), scratch.pending());
    }

    private void append(byte[] b, int off, int n) {
        offset += n;
        backlog.append(b, off, n);
        List<Replica> over = null;
        long now = nowSec();
        for (Replica r : replicas) {
            if (r.held != null) {
                r.held.raw(b, off, n);
            } else if (r.state == Replica.State.ONLINE) {
                r.client.reply().raw(b, off, n);
                engine.markPendingWrite(r.client);
            } else {
                continue; // waits for its save to start, or wants the RDB only
            }
            if (outputLimit.exceeded(r, now)) {
                if (over == null) over = new ArrayList<>();
                over.add(r);
            }
        }
        if (over != null) for (Replica r : over) closeOverLimit(r);
    }

    private void closeOverLimit(Replica r) {
        LOG.warning("Client " + r.client.id() + " addr=" + r.client.addr()
                + " scheduled to be closed ASAP for overcoming of output buffer limits.");
        engine.kill(r.client, null);
    }

    // ---- cron and connections

    /**
     * From the engine's cron: a sync waiting for another job's end starts; once a second (Redis's replicationCron)
     * a PING every repl-ping-replica-period, a newline to replicas waiting for their RDB (keeps their link alive
     * without moving offsets), and the soft output limit.
     */
    public void cron(long nowMs) {
        startPendingSync();
        long second = nowMs / 1000;
        if (second == lastCronSecond) return;
        lastCronSecond = second;
        if (!replicas.isEmpty() && cronLoops % engine.config().getLong("repl-ping-replica-period") == 0) {
            feed(streamDb, PING);
        }
        List<Replica> over = new ArrayList<>(), timedOut = new ArrayList<>();
        long timeout = engine.config().getLong("repl-timeout");
        for (Replica r : replicas) {
            // a replica that speaks PSYNC ACKs every second: silence means the link is dead
            if (r.state == Replica.State.ONLINE && !r.prePsync && second - r.ackTimeSec > timeout) {
                timedOut.add(r);
                continue;
            }
            if (r.state == Replica.State.WAIT_BGSAVE_START || (r.state == Replica.State.WAIT_BGSAVE_END && r.feed == null)) {
                r.client.reply().raw(new byte[] {'\n'});
                engine.markPendingWrite(r.client);
            }
            if (outputLimit.exceeded(r, second)) over.add(r);
        }
        for (Replica r : timedOut) {
            LOG.warning("Disconnecting timedout replica (streaming sync): " + r.name());
            engine.kill(r.client, null);
        }
        for (Replica r : over) closeOverLimit(r);
        freeIdleBacklog(second);
        cronLoops++;
    }

    /** No replica for repl-backlog-ttl seconds: the backlog and the stream stop, and the next history gets a new id. */
    private void freeIdleBacklog(long nowSec) {
        long ttl = engine.config().getLong("repl-backlog-ttl");
        if (backlog == null || !replicas.isEmpty() || ttl == 0 || nowSec - noReplicasSinceSec <= ttl) return;
        replid = randomReplid();
        replid2 = NO_REPLID;
        secondReplOffset = -1;
        backlog = null;
        engine.propagation().removeSink(this);
        LOG.info("Replication backlog freed after " + ttl + " seconds without connected replicas.");
    }

    /** A connection closed: a replica is gone (its transfer, if any, stops). */
    public void clientClosed(Client c) {
        Replica r = known.remove(c.id());
        if (r == null || !replicas.remove(r)) return;
        if (replicas.isEmpty()) noReplicasSinceSec = nowSec();
        if (r.transfer != null) r.transfer.close();
        if (r.feed != null) r.feed.drop();
        LOG.info("Connection with replica " + r.name() + " lost.");
    }

    // ---- INFO

    /** INFO replication's fields, as Redis's for a master. */
    public void info(StringBuilder b) {
        b.append("role:master\r\n");
        b.append("connected_slaves:").append(replicas.size()).append("\r\n");
        long now = nowSec();
        int i = 0;
        for (Replica r : replicas) {
            long lag = r.state == Replica.State.ONLINE ? now - r.ackTimeSec : 0;
            b.append("slave").append(i++).append(":ip=").append(r.ip()).append(",port=").append(r.listeningPort)
                    .append(",state=").append(r.state.info).append(",offset=").append(r.ackOffset)
                    .append(",lag=").append(lag).append("\r\n");
        }
        b.append("master_failover_state:no-failover\r\n");
        b.append("master_replid:").append(replid).append("\r\n");
        b.append("master_replid2:").append(replid2).append("\r\n");
        b.append("master_repl_offset:").append(offset).append("\r\n");
        b.append("second_repl_offset:").append(secondReplOffset).append("\r\n");
        b.append("repl_backlog_active:").append(backlog == null ? 0 : 1).append("\r\n");
        b.append("repl_backlog_size:").append(engine.config().getLong("repl-backlog-size")).append("\r\n");
        b.append("repl_backlog_first_byte_offset:").append(backlog == null ? 0 : backlog.firstOffset()).append("\r\n");
        b.append("repl_backlog_histlen:").append(backlog == null ? 0 : backlog.histlen()).append("\r\n");
    }

    /** INFO stats: full syncs served, partial ones accepted and refused. */
    public long syncFull() { return syncFull; }
    public long syncPartialOk() { return syncPartialOk; }
    public long syncPartialErr() { return syncPartialErr; }

    private static long nowSec() {
        return System.currentTimeMillis() / 1000;
    }

    private static String randomReplid() {
        byte[] b = new byte[20];
        new SecureRandom().nextBytes(b);
        StringBuilder s = new StringBuilder(40);
        for (byte x : b) s.append(Character.forDigit((x >> 4) & 15, 16)).append(Character.forDigit(x & 15, 16));
        return s.toString();
    }
}
