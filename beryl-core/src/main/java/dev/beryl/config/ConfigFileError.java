package dev.beryl.config;

/**
 * A configuration line Redis would refuse to start with: where it is and why. {@link #report()} is the text
 * redis-server prints to stderr before exiting with status 1 (loadServerConfigFromString's loaderr).
 */
public final class ConfigFileError extends IllegalArgumentException {
    private final int lineNumber;
    private final String line;
    private final String reason;

    /** A problem with the configuration as a whole, found after its last line (lineNumber 0). */
    public ConfigFileError(String reason) {
        super("*** FATAL CONFIG FILE ERROR *** " + reason);
        this.lineNumber = 0;
        this.line = null;
        this.reason = reason;
    }

    ConfigFileError(int lineNumber, String line, String reason) {
        super("*** FATAL CONFIG FILE ERROR *** Reading the configuration file, at line " + lineNumber + " >>> '" + line
                + "' " + reason);
        this.lineNumber = lineNumber;
        this.line = line;
        this.reason = reason;
    }

    public int lineNumber() { return lineNumber; }
    public String line() { return line; }
    public String reason() { return reason; }

    /** Redis 7.0.15's error block, byte for byte (Beryl implements that version's configuration). */
    public String report() {
        String at = line == null ? "" : "Reading the configuration file, at line " + lineNumber + "\n>>> '" + line + "'\n";
        return "\n*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***\n" + at + reason + "\n";
    }
}
