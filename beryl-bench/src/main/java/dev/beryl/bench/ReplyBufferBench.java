package dev.beryl.bench;

import dev.beryl.resp.ReplyBuffer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Encoding the replies of one pipelined batch (16 commands) into a client's reply buffer, which the event loop
 * then writes with one write; the buffer is cleared as after a complete write. Score: ns per reply.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ReplyBufferBench {
    static final int PIPELINE = 16;

    private final ReplyBuffer reply = new ReplyBuffer();
    private byte[] small;
    private byte[] big;
    private byte[][] range;

    @Setup
    public void setup() {
        small = Resp.value(3);
        big = Resp.value(16384);
        range = new byte[100][];
        for (int i = 0; i < range.length; i++) range[i] = Resp.value(3);
    }

    /** SET's reply. */
    @Benchmark
    @OperationsPerInvocation(PIPELINE)
    public int ok() {
        for (int i = 0; i < PIPELINE; i++) reply.ok();
        return done();
    }

    /** INCR's reply, past the cached small integers. */
    @Benchmark
    @OperationsPerInvocation(PIPELINE)
    public int integer() {
        for (int i = 0; i < PIPELINE; i++) reply.integer(1_000_000L + i);
        return done();
    }

    /** GET's reply with redis-benchmark's 3-byte value. */
    @Benchmark
    @OperationsPerInvocation(PIPELINE)
    public int bulk() {
        for (int i = 0; i < PIPELINE; i++) reply.bulk(small);
        return done();
    }

    /** GET's reply with a 16 KiB value. */
    @Benchmark
    @OperationsPerInvocation(PIPELINE)
    public int bulk16k() {
        for (int i = 0; i < PIPELINE; i++) reply.bulk(big);
        return done();
    }

    /** LRANGE 0 99's reply: an array of 100 bulk strings. */
    @Benchmark
    @OperationsPerInvocation(PIPELINE)
    public int lrange100() {
        for (int i = 0; i < PIPELINE; i++) {
            reply.arrayHeader(range.length);
            for (byte[] e : range) reply.bulk(e);
        }
        return done();
    }

    private int done() {
        int n = reply.length();
        reply.clear();
        return n;
    }
}
