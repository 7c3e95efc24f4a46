package dev.beryl.command;

/** Finds the key argument positions of a command whose keys move with its arguments (COMMAND GETKEYS). */
@FunctionalInterface
public interface KeyFinder {
    /** Indexes into argv of the keys; throws IllegalArgumentException with Redis's error text when invalid. */
    int[] keyPositions(byte[][] argv);

    /**
     * Which of the command's key specs the key at {@code position} belongs to, for the access flags COMMAND
     * GETKEYSANDFLAGS reports; -1 lets the caller match the position against the specs it can evaluate.
     */
    default int keySpecOf(byte[][] argv, int position) {
        return -1;
    }
}
