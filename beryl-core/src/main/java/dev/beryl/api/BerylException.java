package dev.beryl.api;

/** An error reply from Beryl, e.g. "WRONGTYPE Operation against a key holding the wrong kind of value". */
public class BerylException extends RuntimeException {
    public BerylException(String message) {
        super(message);
    }

    public BerylException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The error's code word ("ERR", "WRONGTYPE", "LOADING" ...). */
    public String code() {
        String m = getMessage();
        int sp = m.indexOf(' ');
        return sp < 0 ? m : m.substring(0, sp);
    }
}
