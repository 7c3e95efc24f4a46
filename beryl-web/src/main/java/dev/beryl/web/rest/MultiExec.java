package dev.beryl.web.rest;

import dev.beryl.resp.ErrorReply;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * /multi-exec: the commands run between MULTI and EXEC in one engine call, so Redis's own transaction rules
 * apply (a command refused while queueing, such as an unknown one or a wrong argument count, discards the whole
 * transaction; an error while executing fails only that command). As in Upstash, a discarded transaction is one
 * error, the reason the first refused command was given; otherwise one result or error per command.
 */
final class MultiExec {
    private static final byte[][] MULTI = {"MULTI".getBytes(StandardCharsets.US_ASCII)};
    private static final byte[][] EXEC = {"EXEC".getBytes(StandardCharsets.US_ASCII)};

    /**
     * The transaction commands themselves: EXEC and DISCARD would end the transaction early, MULTI and WATCH are
     * answered an error that (as in Redis) does not discard it, so their reply would be missing from EXEC's.
     */
    private static final Set<String> NOT_INSIDE = Set.of("multi", "exec", "discard", "watch");

    private MultiExec() {}

    /** The engine call for a transaction body. */
    static List<byte[][]> wrap(List<byte[][]> commands) {
        for (byte[][] argv : commands) {
            String name = new String(argv[0], StandardCharsets.UTF_8).toLowerCase();
            if (NOT_INSIDE.contains(name)) {
                throw RestError.badRequest("ERR " + name.toUpperCase() + " is not allowed inside /multi-exec");
            }
        }
        List<byte[][]> call = new ArrayList<>(commands.size() + 2);
        call.add(MULTI);
        call.addAll(commands);
        call.add(EXEC);
        return call;
    }

    /**
     * From the call's replies (MULTI's, one per queued command, EXEC's): EXEC's array of per-command replies, or
     * the error that discarded the transaction.
     */
    static Object outcome(List<Object> replies) {
        Object exec = replies.get(replies.size() - 1);
        if (exec instanceof List<?>) return exec;
        for (int i = 0; i < replies.size() - 1; i++) {
            if (replies.get(i) instanceof ErrorReply e) return e;
        }
        if (exec instanceof ErrorReply) return exec;
        throw new IllegalStateException("EXEC replied neither an array nor an error");
    }
}
