package dev.beryl.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** beryl-server as a process, as the Redis suite and supervisors use redis-server (port 6387). */
class LauncherTest {
    @TempDir
    Path dir;

    private Process start(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), BerylServer.class.getName()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).directory(dir.toFile())
                .redirectOutput(dir.resolve("stdout").toFile()).redirectError(dir.resolve("stderr").toFile()).start();
    }

    @Test
    void badConfigPrintsRedisErrorBlockAndExits1() throws Exception {
        Files.writeString(dir.resolve("r.conf"), "port 6387\nhz 10\nmaxmemory 1x\n");
        Process p = start("r.conf", "--timeout", "3");
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(1, p.exitValue());
        assertEquals("\n*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***\nReading the configuration file, at line 3\n"
                + ">>> 'maxmemory 1x'\nargument must be a memory value\n", Files.readString(dir.resolve("stderr")));
    }

    @Test
    void servesOnUnixSocketAndSavesOnSigterm() throws Exception {
        Files.createDirectory(dir.resolve("data"));
        Files.writeString(dir.resolve("r.conf"), "port 6387\ndir data\nlogfile log\npidfile pid\nunixsocket sock\n"
                + "save 900 1\nalways-show-logo yes\n");
        Process p = start("r.conf");
        Path log = dir.resolve("data/log");
        waitFor(log, "Ready to accept connections");
        assertTrue(Files.readString(log).contains(" PID: " + p.pid()), "the banner's PID line, which the suite waits for");
        assertEquals(p.pid() + "\n", Files.readString(dir.resolve("data/pid")));
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(dir.resolve("data/sock")));
            assertEquals("+OK\r\n", call(ch, "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n"));
            assertTrue(call(ch, "*2\r\n$6\r\nCLIENT\r\n$4\r\nINFO\r\n").contains(" addr=" + dir.resolve("data/sock") + ":0 "));
        }
        p.destroy(); // SIGTERM
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue());
        String text = Files.readString(log);
        for (String line : List.of("# Received SIGTERM scheduling shutdown...", "# User requested shutdown...",
                "* Saving the final RDB snapshot before exiting.", "* DB saved on disk", "* Removing the pid file.",
                "# Beryl is now ready to exit, bye bye...")) {
            assertTrue(text.contains(line), line + " in\n" + text);
        }
        assertTrue(Files.exists(dir.resolve("data/dump.rdb")));
        assertFalse(Files.exists(dir.resolve("data/pid")));
        assertFalse(Files.exists(dir.resolve("data/sock")));
    }

    private static String call(SocketChannel ch, String request) throws IOException {
        ch.write(ByteBuffer.wrap(request.getBytes(StandardCharsets.UTF_8)));
        ByteBuffer b = ByteBuffer.allocate(4096);
        ch.read(b);
        return new String(b.array(), 0, b.position(), StandardCharsets.UTF_8);
    }

    private static void waitFor(Path log, String text) throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        while (!(Files.exists(log) && Files.readString(log).contains(text))) {
            if (System.currentTimeMillis() > deadline) throw new AssertionError(text + " not in " + log);
            Thread.sleep(20);
        }
    }
}
