package dev.beryl.command;

/** Finds the key argument positions of a command whose keys move with its arguments (COMMAND GETKEYS). */
@FunctionalInterface
public interface KeyFinder {
    /** Indexes into argv of the keys; throws IllegalArgumentException with Redis's error text when invalid. */
    int[] keyPositions(byte[][] argv);
}
