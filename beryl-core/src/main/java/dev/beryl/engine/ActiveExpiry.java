package dev.beryl.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * Active expiry, run from the cron at {@code hz} (Redis's activeExpireCycle): walks each database's expires
 * dict with a cursor, 20 keys at a time, deleting keys whose TTL has passed; keeps going in a database while
 * more than 10% of the sampled keys were expired, within a time budget of a quarter of the cron period.
 */
public final class ActiveExpiry {
    private static final int KEYS_PER_LOOP = 20;
    private static final int ACCEPTABLE_STALE_PERCENT = 10;

    private final Engine engine;
    private final long[] cursors;
    /** Per database running estimate of the TTL left on volatile keys (INFO keyspace avg_ttl), as Redis keeps it. */
    private final long[] avgTtl;
    private boolean enabled = true;

    ActiveExpiry(Engine engine) {
        this.engine = engine;
        this.cursors = new long[engine.databaseCount()];
        this.avgTtl = new long[engine.databaseCount()];
    }

    public boolean enabled() { return enabled; }

    /** Estimated average TTL in ms of the keys with an expire in a database; 0 when none were sampled. */
    public long avgTtl(int db) { return avgTtl[db]; }

    /** DEBUG SET-ACTIVE-EXPIRE. */
    public void setEnabled(boolean on) { enabled = on; }

    void cycle() {
        if (!enabled || engine.pause().paused()) return;
        long start = System.nanoTime();
        expireSome(start);
        long us = (System.nanoTime() - start) / 1000;
        engine.stats().expireCycleTimeUsed += us;
        engine.watch().latencySample("expire-cycle", us / 1000);
    }

    /** Deletes expired keys until few of those sampled are expired or the time is up. */
    private void expireSome(long start) {
        long budgetNs = 250_000_000L / engine.config().getInt("hz"); // 25% of the cron period
        List<byte[]> due = new ArrayList<>();
        for (int i = 0; i < engine.databaseCount(); i++) {
            Database db = engine.database(i);
            Dict<Long> expires = db.expireDict();
            int sampled, expired;
            do {
                if (expires.isEmpty()) {
                    avgTtl[i] = 0;
                    break;
                }
                due.clear();
                int[] seen = {0};
                long[] ttl = {0, 0}; // sum, samples
                long now = engine.commandTimeMs();
                long cursor = cursors[i];
                int buckets = 0;
                do {
                    cursor = expires.scan(cursor, n -> {
                        seen[0]++;
                        if (now > n.value) {
                            due.add(n.key);
                        } else if (n.value > now) {
                            ttl[0] += n.value - now;
                            ttl[1]++;
                        }
                    });
                    buckets++;
                } while (cursor != 0 && seen[0] < KEYS_PER_LOOP && buckets < KEYS_PER_LOOP * 20);
                cursors[i] = cursor;
                if (ttl[1] > 0) {
                    // running average: 2% weight for the new sample, as Redis's activeExpireCycle
                    long avg = ttl[0] / ttl[1];
                    if (avgTtl[i] == 0) avgTtl[i] = avg;
                    avgTtl[i] = (avgTtl[i] / 50) * 49 + (avg / 50);
                }
                sampled = seen[0];
                expired = 0;
                for (byte[] k : due) if (db.expireIfNeeded(k)) expired++;
                if (System.nanoTime() - start > budgetNs) return;
            } while (sampled > 0 && expired * 100 > sampled * ACCEPTABLE_STALE_PERCENT);
        }
    }
}
