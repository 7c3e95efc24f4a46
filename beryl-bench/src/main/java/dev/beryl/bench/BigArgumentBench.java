package dev.beryl.bench;

import dev.beryl.resp.ProtocolException;
import dev.beryl.resp.RequestParser;
import java.nio.ByteBuffer;
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
 * A SET with a big value arriving on a new connection in socket-sized reads, as the event loop reads it: the
 * query buffer grows from its initial 16 KiB to hold the argument (it reserves nothing for a declared length, so
 * growth follows the bytes). Score: µs per request, allocation and copies included.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class BigArgumentBench {
    /** Value size in bytes. */
    @Param({"65536", "1048576", "16777216"})
    int size;

    private byte[] request;

    @Setup
    public void setup() {
        request = Resp.command(Resp.ascii("SET"), Resp.key(1), Resp.value(size));
    }

    @Benchmark
    public byte[][] newConnection() throws ProtocolException {
        RequestParser parser = new RequestParser();
        int off = 0;
        while (true) {
            ByteBuffer v = parser.writableView();
            int n = Math.min(Math.min(v.remaining(), 256 * 1024), request.length - off); // one socket read
            v.put(request, off, n);
            off += n;
            parser.commit(n);
            byte[][] argv = parser.next();
            if (argv != null) return argv;
        }
    }
}
