package dev.beryl.commands;

import dev.beryl.command.CommandGroup;
import dev.beryl.command.CommandTable;
import dev.beryl.engine.Client;
import dev.beryl.engine.Database;
import dev.beryl.engine.Errors;
import dev.beryl.net.MigrateSockets;
import dev.beryl.persistence.DumpPayload;
import dev.beryl.pubsub.KeyspaceEvents;
import dev.beryl.resp.Numbers;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * MIGRATE (Redis's cluster.c migrateCommand): the keys go to another server as RESTORE commands (AUTH and SELECT
 * first when needed) over a cached connection, synchronously with the given timeout; without COPY the keys the
 * target acknowledged are deleted here and the command propagates as DEL of those keys.
 */
public final class MigrateCommand implements CommandGroup {
    @Override
    public void register(CommandTable t) {
        t.command("migrate", -6).flags("write").acl("keyspace dangerous").group("generic").since("2.6.0")
                .keySpec("RW access delete", "index 3", "range 0 1 0")
                .keySpec("RW access delete incomplete", "keyword KEYS -2", "range -1 1 0")
                .tips("nondeterministic_output")
                .summary("Atomically transfers a key from one Redis instance to another.")
                .complexity("This command actually executes a DUMP+DEL in the source instance, and a RESTORE in the "
                        + "target instance. See the pages of these commands for time complexity. Also an O(N) data "
                        + "transfer between the two instances is performed.")
                .history(new String[] {"3.0.0", "Added the `COPY` and `REPLACE` options."},
                        new String[] {"3.0.6", "Added the `KEYS` option."},
                        new String[] {"4.0.7", "Added the `AUTH` option."},
                        new String[] {"6.0.0", "Added the `AUTH2` option."})
                .arguments("host:string port:integer key_selector:(key:key#0|\"\") destination-db:integer "
                        + "timeout:integer [COPY]@3.0.0 [REPLACE]@3.0.0 "
                        + "[authentication:AUTH password:string@4.0.7|AUTH2 username:string password:string@6.0.0] "
                        + "[KEYS key:key#1 ...]@3.0.6")
                .handler(MigrateCommand::migrate);
    }

    static void migrate(Client c, byte[][] argv) {
        boolean copy = false, replace = false;
        byte[] username = null, password = null;
        int firstKey = 3, numKeys = 1;
        for (int j = 6; j < argv.length; j++) {
            int more = argv.length - 1 - j;
            if (CommandTable.is(argv[j], "copy")) {
                copy = true;
            } else if (CommandTable.is(argv[j], "replace")) {
                replace = true;
            } else if (CommandTable.is(argv[j], "auth") && more >= 1) {
                password = argv[++j];
                c.engine().watch().redact(argv, j);
            } else if (CommandTable.is(argv[j], "auth2") && more >= 2) {
                username = argv[++j];
                c.engine().watch().redact(argv, j);
                password = argv[++j];
                c.engine().watch().redact(argv, j);
            } else if (CommandTable.is(argv[j], "keys")) {
                if (argv[3].length != 0) {
                    c.reply().error("ERR When using MIGRATE KEYS option, the key argument must be set to the empty string");
                    return;
                }
                firstKey = j + 1;
                numKeys = argv.length - j - 1;
                break;
            } else {
                c.reply().error(Errors.SYNTAX);
                return;
            }
        }
        if (!Numbers.isLong(argv[5]) || !Numbers.isLong(argv[4])) {
            c.reply().error(Errors.NOT_INTEGER);
            return;
        }
        long timeout = Numbers.parseLongUnchecked(argv[5], 0, argv[5].length);
        long dbid = Numbers.parseLongUnchecked(argv[4], 0, argv[4].length);
        int timeoutMs = (int) Math.min(Integer.MAX_VALUE, timeout <= 0 ? 1000 : timeout);
        Database db = c.db();
        List<byte[]> keys = new ArrayList<>();
        List<Object> values = new ArrayList<>();
        for (int j = 0; j < numKeys; j++) {
            Object v = db.lookupRead(argv[firstKey + j]);
            if (v != null) {
                keys.add(argv[firstKey + j]);
                values.add(v);
            }
        }
        if (keys.isEmpty()) {
            c.reply().simple("NOKEY");
            return;
        }
        String host = new String(argv[1], StandardCharsets.UTF_8);
        int port = (int) Numbers.parseLongOr(argv[2], -1);
        MigrateSockets sockets = c.engine().migrateSockets();
        boolean mayRetry = true;
        while (true) {
            MigrateSockets.Conn conn;
            try {
                conn = sockets.get(host, port, timeoutMs, c.engine().commandTimeMs());
            } catch (IOException e) {
                c.reply().error("IOERR error or timeout connecting to the client");
                return;
            }
            Attempt a = new Attempt(c, conn, keys, values, dbid, username, password, replace, copy, timeoutMs);
            Outcome o = a.run();
            if (o == Outcome.DONE) return;
            sockets.close(host, port);
            if (o == Outcome.RETRY && mayRetry) {
                mayRetry = false;
                continue;
            }
            c.reply().error("IOERR error or timeout " + (a.writeError ? "writing" : "reading") + " to target instance");
            return;
        }
    }

    private enum Outcome { DONE, RETRY, FAILED }

    /** One try over one connection: the pipeline written, then its replies read. */
    private static final class Attempt {
        final Client c;
        final MigrateSockets.Conn conn;
        final List<byte[]> keys;
        final List<Object> values;
        final long dbid;
        final byte[] username, password;
        final boolean replace, copy;
        final int timeoutMs;
        boolean writeError;

        Attempt(Client c, MigrateSockets.Conn conn, List<byte[]> keys, List<Object> values, long dbid, byte[] username,
                byte[] password, boolean replace, boolean copy, int timeoutMs) {
            this.c = c;
            this.conn = conn;
            this.keys = keys;
            this.values = values;
            this.dbid = dbid;
            this.username = username;
            this.password = password;
            this.replace = replace;
            this.copy = copy;
            this.timeoutMs = timeoutMs;
        }

        Outcome run() {
            boolean select = conn.lastDb != dbid;
            ByteArrayOutputStream cmd = new ByteArrayOutputStream();
            if (password != null) {
                if (username != null) command(cmd, bytes("AUTH"), username, password);
                else command(cmd, bytes("AUTH"), password);
            }
            if (select) command(cmd, bytes("SELECT"), Numbers.toBytes(dbid));
            List<byte[]> sent = new ArrayList<>();
            boolean compress = c.engine().config().getBool("rdbcompression");
            for (int j = 0; j < keys.size(); j++) {
                long ttl = 0;
                long at = c.db().getExpire(keys.get(j));
                if (at != -1) {
                    ttl = at - c.engine().commandTimeMs();
                    if (ttl < 0) continue; // expired since the lookup
                    if (ttl < 1) ttl = 1;
                }
                sent.add(keys.get(j));
                byte[] payload = DumpPayload.create(values.get(j), compress);
                if (replace) command(cmd, bytes("RESTORE"), keys.get(j), Numbers.toBytes(ttl), payload, bytes("REPLACE"));
                else command(cmd, bytes("RESTORE"), keys.get(j), Numbers.toBytes(ttl), payload);
            }
            try {
                conn.write(cmd.toByteArray(), timeoutMs);
            } catch (IOException e) {
                writeError = true;
                return e instanceof SocketTimeoutException ? Outcome.FAILED : Outcome.RETRY;
            }
            String auth = null, sel = null;
            try {
                if (password != null) auth = conn.readLine(timeoutMs);
                if (select) sel = conn.readLine(timeoutMs);
            } catch (IOException e) {
                return e instanceof SocketTimeoutException ? Outcome.FAILED : Outcome.RETRY;
            }
            String targetError = null;
            List<byte[]> deleted = new ArrayList<>();
            int read = 0;
            IOException socketError = null;
            for (byte[] key : sent) {
                String r;
                try {
                    r = conn.readLine(timeoutMs);
                } catch (IOException e) {
                    socketError = e;
                    break;
                }
                read++;
                if ((auth != null && auth.startsWith("-")) || (sel != null && sel.startsWith("-")) || r.startsWith("-")) {
                    if (targetError == null) {
                        conn.lastDb = -1;
                        String e = auth != null && auth.startsWith("-") ? auth : sel != null && sel.startsWith("-") ? sel : r;
                        targetError = e.substring(1);
                    }
                } else if (!copy) {
                    c.db().delete(key);
                    c.keyspaceEvent(KeyspaceEvents.GENERIC, "del", key);
                    c.engine().stats().dirty++;
                    deleted.add(key);
                }
            }
            if (targetError == null && socketError != null && read == 0 && !(socketError instanceof SocketTimeoutException)) {
                return Outcome.RETRY;
            }
            if (!deleted.isEmpty()) { // propagated as DEL of the acknowledged keys
                byte[][] del = new byte[deleted.size() + 1][];
                del[0] = bytes("DEL");
                for (int j = 0; j < deleted.size(); j++) del[j + 1] = deleted.get(j);
                c.rewriteArgv(del);
            }
            if (targetError == null && socketError != null) return Outcome.FAILED;
            if (targetError != null) {
                c.reply().error("ERR Target instance replied with error: " + targetError);
            } else {
                conn.lastDb = dbid;
                c.reply().ok();
            }
            return Outcome.DONE;
        }

        private static void command(ByteArrayOutputStream out, byte[]... args) {
            out.writeBytes(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            for (byte[] a : args) {
                out.writeBytes(("$" + a.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.writeBytes(a);
                out.writeBytes(new byte[] {'\r', '\n'});
            }
        }

        private static byte[] bytes(String s) { return s.getBytes(StandardCharsets.US_ASCII); }
    }
}
