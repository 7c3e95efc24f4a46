package dev.beryl.persistence;

import dev.beryl.engine.Engine;

import java.util.logging.Logger;

/**
 * What a server does with its data as it stops (Redis's finishShutdown, its persistence part), for SHUTDOWN and for
 * the launcher's SIGTERM/SIGINT: background jobs stopped, the AOF written and synced, and with save points
 * configured (or SAVE asked) the final RDB snapshot. Engine thread.
 */
public final class FinalSave {
    private static final Logger LOG = Logger.getLogger(FinalSave.class.getName());

    private FinalSave() {}

    /** Runs the sequence; false when the server must keep running (an error Redis would not exit on). */
    public static boolean run(Engine engine, boolean save, boolean nosave, boolean force) {
        if (engine.isLoading()) { // a half-loaded dataset must not overwrite the files
            save = false;
            nosave = true;
        }
        Aof aof = engine.aof();
        BackgroundSave bg = engine.backgroundSave();
        if (bg.inProgress()) {
            LOG.warning("There is a child saving an .rdb. Killing it!");
            bg.abort();
        }
        if (aof.rewrite().inProgress()) {
            // the dataset is not in the AOF yet: exiting now would lose it
            if (aof.state() == Aof.State.WAIT_REWRITE) {
                if (!force) {
                    LOG.warning("Writing initial AOF, can't exit.");
                    return failed();
                }
                LOG.warning("Writing initial AOF. Exit anyway.");
            }
            LOG.warning("There is a child rewriting the AOF. Killing it!");
            aof.rewrite().abort();
        }
        if (aof.isOn()) {
            LOG.info("Calling fsync() on the AOF file.");
            aof.syncNow();
        }
        if ((bg.hasSavePoints() && !nosave) || save) {
            if (!bg.saveForShutdown()) {
                if (!force) {
                    LOG.warning("Error trying to save the DB, can't exit.");
                    return failed();
                }
                LOG.warning("Error trying to save the DB. Exit anyway.");
            }
        }
        return true;
    }

    private static boolean failed() {
        LOG.warning("Errors trying to shut down the server. Check the logs for more information.");
        return false;
    }
}
