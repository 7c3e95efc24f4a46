package dev.beryl.engine;

/**
 * How far the load at start has come, for INFO persistence's loading_* fields (Redis's loading_start_time,
 * loading_total_bytes, loading_loaded_bytes). Written by the loader on the engine thread, read there by INFO,
 * which the loader serves between chunks ({@link Engine#loadingProgress}).
 */
public final class LoadProgress {
    long startSec;
    long totalBytes;
    long loadedBytes;
    /** The RDB's used-mem aux field: Redis's estimate of the size when the total is not known. */
    long rdbUsedMem;

    public long startSec() { return startSec; }
    public long totalBytes() { return totalBytes; }
    public long loadedBytes() { return loadedBytes; }
    public long rdbUsedMem() { return rdbUsedMem; }

    /** A load begins, of a file (or files) of this many bytes. */
    public void start(long totalBytes) {
        this.startSec = System.currentTimeMillis() / 1000;
        this.totalBytes = totalBytes;
        this.loadedBytes = 0;
        this.rdbUsedMem = 0;
    }

    public void rdbUsedMem(long bytes) { rdbUsedMem = bytes; }

    /** loading_loaded_perc as Redis computes it. */
    public double percent() {
        if (totalBytes != 0) return (double) loadedBytes / totalBytes * 100;
        if (rdbUsedMem != 0) return Math.min(99.99, (double) loadedBytes / rdbUsedMem * 100);
        return 0;
    }

    /** loading_eta_seconds as Redis computes it: a fake 1 in the first second. */
    public long etaSeconds() {
        long remaining = 1;
        if (totalBytes != 0) remaining = totalBytes - loadedBytes;
        else if (rdbUsedMem != 0) remaining = Math.max(1, rdbUsedMem - loadedBytes);
        long elapsed = System.currentTimeMillis() / 1000 - startSec;
        return elapsed == 0 ? 1 : elapsed * remaining / (loadedBytes + 1);
    }
}
