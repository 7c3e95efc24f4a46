package dev.beryl.resp;

/**
 * A decoded RESP simple string ("+OK"), kept apart from bulk strings (byte[]) because callers treat them
 * differently: the REST API, like Upstash, leaves the status "OK" un-encoded but base64-encodes bulk data.
 */
public record Status(String text) {
    public static final Status OK = new Status("OK");

    public boolean isOk() { return "OK".equals(text); }

    @Override
    public String toString() { return text; }
}
