package dev.beryl.replication;

import dev.beryl.config.Config;

/**
 * The replica class of client-output-buffer-limit (hard bytes, soft bytes, soft seconds), as Redis's
 * checkClientOutputBufferLimits applies it: over the hard limit at once, over the soft one for longer than its
 * seconds. Re-read when the setting's value changes.
 */
final class ReplicaOutputLimit {
    private final Config config;
    private String parsedFrom;
    private long hard, soft, softSeconds;

    ReplicaOutputLimit(Config config) {
        this.config = config;
    }

    /** Whether the replica's unsent output is over its limit now ({@code nowSec}: the time, in seconds). */
    boolean exceeded(Replica r, long nowSec) {
        refresh();
        long used = r.outputBytes();
        boolean overHard = hard > 0 && used >= hard;
        boolean overSoft = soft > 0 && used >= soft;
        if (!overSoft) {
            r.softLimitSinceSec = 0;
        } else if (r.softLimitSinceSec == 0) {
            r.softLimitSinceSec = nowSec; // first seen over it
            overSoft = false;
        } else if (nowSec - r.softLimitSinceSec <= softSeconds) {
            overSoft = false;
        }
        return overHard || overSoft;
    }

    private void refresh() {
        String v = config.get("client-output-buffer-limit");
        if (v.equals(parsedFrom)) return;
        String[] w = v.split(" ");
        for (int j = 0; j + 3 < w.length; j += 4) {
            if (w[j].equals("slave") || w[j].equals("replica")) {
                hard = Long.parseLong(w[j + 1]);
                soft = Long.parseLong(w[j + 2]);
                softSeconds = Long.parseLong(w[j + 3]);
            }
        }
        parsedFrom = v;
    }
}
