package dev.beryl.bench;

import dev.beryl.engine.Dict;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The keyspace's hash table (also the one of hashes and sets) at sizes that fit the CPU caches and that do not:
 * lookups that hit and miss, replacing a value, and adding then removing a key (which exercises the resize
 * thresholds near a power of two). Keys are redis-benchmark's "key:" plus 12 digits, probed in a scattered
 * order as -r does. Score: ns per operation.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class DictBench {
    @Param({"1000", "1000000"})
    int size;

    private Dict<byte[]> dict;
    private byte[][] present;
    private byte[][] absent;
    private final byte[] value = Resp.value(3);
    private int i;

    @Setup
    public void setup() {
        dict = new Dict<>();
        present = new byte[size][];
        absent = new byte[size][];
        for (int k = 0; k < size; k++) {
            present[k] = Resp.key(k);
            absent[k] = Resp.key(size + k);
            dict.put(present[k], value);
        }
        // a fixed sequence of swaps scatters the probe order, so consecutive probes land in unrelated buckets
        for (int k = 0; k < size; k++) {
            int j = (int) ((k * 2654435761L) % size);
            byte[] t = present[k]; present[k] = present[j]; present[j] = t;
        }
    }

    private int next() {
        if (++i == size) i = 0;
        return i;
    }

    @Benchmark
    public byte[] getHit() {
        return dict.get(present[next()]);
    }

    @Benchmark
    public byte[] getMiss() {
        return dict.get(absent[next()]);
    }

    @Benchmark
    public byte[] replace() {
        return dict.put(present[next()], value);
    }

    @Benchmark
    public byte[] addRemove() {
        byte[] k = absent[next()];
        dict.add(k, value);
        return dict.remove(k);
    }
}
