package dev.beryl.api;

import dev.beryl.engine.Engine;
import dev.beryl.engine.EngineRegistry;
import dev.beryl.engine.Errors;
import dev.beryl.resp.ErrorReply;
import dev.beryl.resp.RespDecoder;
import dev.beryl.resp.Status;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * {@link Beryl} over {@link Engine#call}: each call queues its commands for the engine thread, which runs them
 * as an internal RESP2 client, and waits for the reply bytes, decoded by {@link RespDecoder}.
 */
public final class LocalBeryl implements Beryl {
    private static final int RESP2 = 2;

    private final Supplier<Engine> engine;
    private final int db;

    /** @param engine looked up on every call, so a restarted engine is picked up */
    public LocalBeryl(Supplier<Engine> engine) {
        this(engine, 0);
    }

    private LocalBeryl(Supplier<Engine> engine, int db) {
        this.engine = engine;
        this.db = db;
    }

    /** The engine running in this JVM, as registered by the Beryl web module. */
    public static Beryl registered() {
        return new LocalBeryl(EngineRegistry::current);
    }

    @Override
    public Object execute(byte[]... args) {
        Object reply = value(call(Collections.singletonList(args)).get(0));
        if (reply instanceof BerylException e) throw e;
        return reply;
    }

    @Override
    public List<Object> executeAll(List<byte[][]> commands) {
        return list(call(commands));
    }

    @Override
    public Beryl database(int db) {
        return new LocalBeryl(engine, db);
    }

    private List<Object> call(List<byte[][]> commands) {
        Engine e = engine.get();
        // the same answer a socket client gets before the engine is up
        if (e == null) throw new BerylException(Errors.LOADING);
        if (db < 0 || db >= e.databaseCount()) throw new BerylException(Errors.DB_INDEX);
        try {
            return RespDecoder.decodeAll(e.call(RESP2, db, commands).join());
        } catch (CompletionException ex) {
            throw new BerylException("ERR " + ex.getCause(), ex.getCause());
        }
    }

    /** Decoder values as the API documents them: statuses as String, errors as BerylException. */
    private static Object value(Object v) {
        if (v instanceof Status s) return s.text();
        if (v instanceof ErrorReply err) return new BerylException(err.message());
        if (v instanceof List<?> l) return list(l);
        return v;
    }

    private static List<Object> list(List<?> l) {
        List<Object> out = new ArrayList<>(l.size());
        for (Object o : l) out.add(value(o));
        return out;
    }
}
