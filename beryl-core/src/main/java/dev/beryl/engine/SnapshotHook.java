package dev.beryl.engine;

/**
 * The copy-on-write side of a background save: while one walks the keyspace, {@link Database} reports every
 * key about to change or vanish, so the save takes the key's value as it was when the save began, and every
 * key created meanwhile, which the save must skip. Engine thread only.
 */
public interface SnapshotHook {
    /** The key's value, TTL or existence is about to change. */
    void beforeWrite(Database db, Dict.Node<Object> n);

    /** The key was just added: not part of the snapshot. */
    void created(Dict.Node<Object> n);
}
