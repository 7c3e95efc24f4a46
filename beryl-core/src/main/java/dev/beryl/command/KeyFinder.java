package dev.beryl.command;

/** Finds the key argument positions of a command whose keys move with its arguments (COMMAND GETKEYS). */
@FunctionalInterface
public interface KeyFinder {
    /** Indexes into argv of the keys; throws IllegalArgumentException with Redis's error text when invalid. */
    int[] keyPositions(byte[][] argv);

    /**
     * The access flags of the key at {@code position} for COMMAND GETKEYSANDFLAGS, as key spec flag names
     * ("OW update"), when they depend on the arguments (Redis's variable_flags, e.g. SET with or without GET);
     * null to use the flags of the key spec that finds the key.
     */
    default String keyFlags(byte[][] argv, int position) {
        return null;
    }
}
