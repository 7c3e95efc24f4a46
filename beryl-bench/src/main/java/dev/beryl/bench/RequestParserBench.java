package dev.beryl.bench;

import dev.beryl.resp.ProtocolException;
import dev.beryl.resp.RequestParser;
import java.io.ByteArrayOutputStream;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Parsing one read's worth of pipelined requests (redis-benchmark -P 16): the bytes go into the client's query
 * buffer and every complete command is taken out, as the event loop does per readable connection.
 * Score: ns per command.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RequestParserBench {
    static final int PIPELINE = 16;

    /** GET key, SET key with a 3-byte value, SET key with a 16 KiB value, MSET of 10 pairs. */
    @Param({"get", "set", "set16k", "mset"})
    String command;

    private byte[] batch;
    private final RequestParser parser = new RequestParser();

    @Setup
    public void setup() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < PIPELINE; i++) out.writeBytes(request(i));
        batch = out.toByteArray();
    }

    private byte[] request(int i) {
        return switch (command) {
            case "get" -> Resp.command(Resp.ascii("GET"), Resp.key(i));
            case "set" -> Resp.command(Resp.ascii("SET"), Resp.key(i), Resp.value(3));
            case "set16k" -> Resp.command(Resp.ascii("SET"), Resp.key(i), Resp.value(16384));
            case "mset" -> {
                byte[][] args = new byte[21][];
                args[0] = Resp.ascii("MSET");
                for (int k = 0; k < 10; k++) {
                    args[1 + 2 * k] = Resp.key(i * 10 + k);
                    args[2 + 2 * k] = Resp.value(3);
                }
                yield Resp.command(args);
            }
            default -> throw new IllegalArgumentException(command);
        };
    }

    @Benchmark
    @OperationsPerInvocation(PIPELINE)
    public void parse(Blackhole bh) throws ProtocolException {
        parser.feed(batch, 0, batch.length);
        byte[][] argv;
        while ((argv = parser.next()) != null) bh.consume(argv);
    }
}
