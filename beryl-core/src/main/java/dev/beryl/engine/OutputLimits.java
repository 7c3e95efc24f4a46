package dev.beryl.engine;

import dev.beryl.commands.ClientCommands;
import dev.beryl.config.Config;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.logging.Logger;

/**
 * client-output-buffer-limit (Redis's checkClientOutputBufferLimits): a client whose unwritten replies pass its
 * class's hard limit, or stay over its soft limit for longer than the soft seconds, is closed without its replies,
 * so a subscriber that stops reading costs at most its limit, never the heap. Classes: pubsub for a client in
 * Pub/Sub mode, normal for the others (Beryl has no replicas). Checked on every push to a subscriber, before every
 * write, and by the cron for clients over a soft limit that get no more traffic. Engine thread only.
 */
final class OutputLimits {
    private static final Logger LOG = Logger.getLogger(OutputLimits.class.getName());
    /** Redis keeps the first 16 KiB of a client's replies in a static buffer, which the limits do not count. */
    static final int STATIC_BUFFER = 16 * 1024;
    /**
     * What Redis chains beyond it: blocks of 20464 bytes (a 16 KiB block asked of jemalloc gets its 20 KiB size
     * class, less the block's header), each counted with its size and 40 bytes of list node and header.
     */
    private static final int BLOCK = 20464, BLOCK_OVERHEAD = 40;
    private static final int NORMAL = 0, PUBSUB = 2;

    private final long[] hard = new long[3], soft = new long[3], softSeconds = new long[3];
    /** Clients whose soft limit clock runs: the cron closes them when it runs out, traffic or not. */
    private final Set<Client> overSoft = new LinkedHashSet<>();
    private final Engine engine;

    OutputLimits(Engine engine, Config config) {
        this.engine = engine;
        apply(config.get("client-output-buffer-limit"));
        config.onChange("client-output-buffer-limit", this::apply);
    }

    /** The setting as CONFIG GET shows it: "normal H S SEC slave H S SEC pubsub H S SEC", bytes and seconds. */
    private void apply(String v) {
        String[] w = v.split(" ");
        for (int j = 0; j + 3 < w.length; j += 4) {
            int cls = w[j].equals("normal") ? NORMAL : w[j].equals("pubsub") ? PUBSUB : 1;
            hard[cls] = Long.parseLong(w[j + 1]);
            soft[cls] = Long.parseLong(w[j + 2]);
            softSeconds[cls] = Long.parseLong(w[j + 3]);
        }
    }

    /** The reply blocks Redis would hold beyond its static buffer for the same unwritten bytes (CLIENT LIST oll). */
    static long blocks(Client c) {
        long extra = c.reply.pending() - STATIC_BUFFER;
        return extra <= 0 ? 0 : (extra + BLOCK - 1) / BLOCK;
    }

    /** Redis's getClientOutputBufferMemoryUsage for those blocks (CLIENT LIST omem): what the limits compare. */
    static long usage(Client c) {
        return blocks(c) * (BLOCK + BLOCK_OVERHEAD);
    }

    /**
     * Checks a client against its class's limits; when one is reached the client is marked to be closed (its
     * replies are no longer written) and Redis's warning is logged. {@code async}: it is closed at the end of the
     * loop turn (pushes, writes), else now (cron). Returns whether the client is to be closed.
     */
    boolean check(Client c, boolean async) {
        if (c.closeAsap) return true;
        if (c.channel == null) return false; // internal callers have no socket to fall behind on
        long used = usage(c);
        if (used == 0) return false; // as Redis: nothing beyond the static buffer, nothing to check
        int cls = c.isSubscribed() ? PUBSUB : NORMAL;
        boolean hardReached = hard[cls] > 0 && used >= hard[cls];
        boolean softReached = soft[cls] > 0 && used >= soft[cls];
        if (softReached) {
            long now = System.currentTimeMillis() / 1000;
            if (c.softLimitSince == 0) {
                c.softLimitSince = now;
                overSoft.add(c);
                softReached = false;
            } else if (now - c.softLimitSince <= softSeconds[cls]) {
                softReached = false;
            }
        } else if (c.softLimitSince != 0) {
            c.softLimitSince = 0;
            overSoft.remove(c);
        }
        if (!softReached && !hardReached) return false;
        String info = ClientCommands.info(new StringBuilder(), c, null).toString();
        c.closeAsap = true;
        c.closeAfterReply = true; // as Redis's CLOSE_ASAP: no more of its input is run
        overSoft.remove(c);
        if (async) {
            engine.markPendingWrite(c); // the write closes it
            LOG.warning("Client " + info + " scheduled to be closed ASAP for overcoming of output buffer limits.");
        } else {
            engine.kill(c, null);
            LOG.warning("Client " + info + " closed for overcoming of output buffer limits.");
        }
        return true;
    }

    /** From the cron: clients over a soft limit are closed once its time is up, even when nothing more comes. */
    void cron() {
        if (overSoft.isEmpty()) return;
        for (Client c : new ArrayList<>(overSoft)) {
            if (c.closed) overSoft.remove(c);
            else check(c, false);
        }
    }
}
