package dev.beryl.resp;

/** A malformed request: the client gets this error text and its connection is closed after the reply. */
public final class ProtocolException extends Exception {
    public ProtocolException(String message) {
        super(message, null, false, false);
    }
}
