package dev.beryl.resp;

/** A decoded RESP error ('-' or RESP3 blob error '!'): a value, not an exception, as it is one reply among many. */
public record ErrorReply(String message) {
    /** The leading code word, e.g. "ERR", "WRONGTYPE". */
    public String code() {
        int sp = message.indexOf(' ');
        return sp < 0 ? message : message.substring(0, sp);
    }

    @Override
    public String toString() { return message; }
}
