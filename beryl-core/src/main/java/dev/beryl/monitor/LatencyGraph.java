package dev.beryl.monitor;

/**
 * LATENCY GRAPH's ASCII art (Redis's latencyCommandGenSparkeline and sparkline.c with SPARKLINE_FILL): a title
 * line, 80 dashes, then 80 samples per block, 4 rows high, each sample labelled with how long ago it was.
 */
final class LatencyGraph {
    private static final int COLUMNS = 80, ROWS = 4, LABEL_MARGIN_TOP = 1;
    private static final char[] FILL = {'_', 'o', '#'};

    private LatencyGraph() {}

    static String render(String event, LatencyMonitor.Series ts) {
        long[][] samples = LatencyMonitor.samples(ts);
        long now = System.currentTimeMillis() / 1000;
        long min = 0, max = 0;
        String[] labels = new String[samples.length];
        for (int j = 0; j < samples.length; j++) {
            long v = samples[j][1];
            if (j == 0) min = max = v;
            else if (v < min) min = v;
            else if (v > max) max = v;
            long elapsed = now - samples[j][0];
            labels[j] = elapsed < 60 ? elapsed + "s" : elapsed < 3600 ? elapsed / 60 + "m"
                    : elapsed < 3600 * 24 ? elapsed / 3600 + "h" : elapsed / (3600 * 24) + "d";
        }
        StringBuilder g = new StringBuilder();
        g.append(event).append(" - high ").append(max).append(" ms, low ").append(min).append(" ms (all time high ")
                .append(ts.max()).append(" ms)\n");
        g.append("-".repeat(COLUMNS)).append('\n');
        for (int j = 0; j < samples.length; j += COLUMNS) {
            if (j != 0) g.append('\n');
            renderRange(g, samples, labels, min, max, j, Math.min(COLUMNS, samples.length - j));
        }
        return g.toString();
    }

    private static void renderRange(StringBuilder out, long[][] samples, String[] labels, long min, long max, int offset, int len) {
        double relmax = max - min;
        if (relmax == 0) relmax = 1;
        int steps = FILL.length * ROWS;
        char[] chars = new char[len];
        for (int row = 0; ; row++) {
            boolean more = false;
            java.util.Arrays.fill(chars, ' ');
            for (int j = 0; j < len; j++) {
                double relval = samples[j + offset][1] - min;
                int step = (int) ((int) (relval * steps) / relmax); // Redis's "(int) (relval*steps)/relmax"
                if (step < 0) step = 0;
                if (step >= steps) step = steps - 1;
                if (row < ROWS) {
                    int charidx = step - (ROWS - row - 1) * FILL.length;
                    more = true;
                    if (charidx >= 0 && charidx < FILL.length) chars[j] = FILL[charidx];
                    else if (charidx >= FILL.length) chars[j] = '|';
                } else {
                    if (row - ROWS < LABEL_MARGIN_TOP) { // every sample has a label: a blank line first
                        more = true;
                        break;
                    }
                    String label = labels[j + offset];
                    int labelChar = row - ROWS - LABEL_MARGIN_TOP;
                    if (label.length() > labelChar) {
                        more = true;
                        chars[j] = label.charAt(labelChar);
                    }
                }
            }
            if (!more) return;
            out.append(chars).append('\n');
        }
    }
}
