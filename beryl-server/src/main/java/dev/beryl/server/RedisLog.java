package dev.beryl.server;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * java.util.logging written as Redis's serverLog: {@code PID:M 07 Dec 2026 22:01:32.123 * message} to the logfile,
 * or to stdout when it is "". The file is opened for each line, as Redis does, so it may be rotated or removed
 * under the running server. The level character follows Redis's verbosities, which the loglevel setting maps
 * onto the java.util.logging levels (debug FINE '.', verbose CONFIG '-', notice INFO '*', warning '#').
 */
final class RedisLog extends Handler {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("dd MMM yyyy HH:mm:ss.SSS", Locale.ROOT).withZone(ZoneId.systemDefault());

    private static final Formatter MESSAGE = new SimpleFormatter();

    private final Path file;
    private final String prefix = ProcessHandle.current().pid() + ":M ";

    private RedisLog(Path file) {
        this.file = file;
    }

    /** Sends every log record of the process to the logfile (null: stdout), in place of the default handlers. */
    static void install(Path file) {
        LogManager.getLogManager().reset();
        Logger root = Logger.getLogger("");
        root.setLevel(Level.ALL);
        root.addHandler(new RedisLog(file));
    }

    @Override
    public synchronized void publish(LogRecord r) {
        StringBuilder line = new StringBuilder(prefix).append(TIME.format(r.getInstant())).append(' ')
                .append(levelChar(r.getLevel())).append(' ').append(MESSAGE.formatMessage(r)).append('\n');
        if (r.getThrown() != null) {
            StringWriter trace = new StringWriter();
            r.getThrown().printStackTrace(new PrintWriter(trace));
            line.append(trace);
        }
        raw(line.toString());
    }

    /** A message as is, without the line prefix (Redis's LL_RAW: the logo). */
    synchronized void raw(String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        if (file == null) {
            PrintStream out = System.out;
            out.write(b, 0, b.length);
            out.flush();
            return;
        }
        try (OutputStream out = new FileOutputStream(file.toFile(), true)) {
            out.write(b);
        } catch (IOException e) {
            // as Redis: a log line that cannot be written is dropped
        }
    }

    static char levelChar(Level l) {
        int v = l.intValue();
        if (v >= Level.WARNING.intValue()) return '#';
        if (v >= Level.INFO.intValue()) return '*';
        if (v >= Level.CONFIG.intValue()) return '-';
        return '.';
    }

    /** The installed handler, for raw output. */
    static RedisLog installed() {
        for (Handler h : Logger.getLogger("").getHandlers()) if (h instanceof RedisLog l) return l;
        throw new IllegalStateException("RedisLog not installed");
    }

    @Override
    public void flush() {
        System.out.flush();
    }

    @Override
    public void close() {
        flush();
    }
}
