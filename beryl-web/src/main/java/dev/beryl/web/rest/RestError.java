package dev.beryl.web.rest;

/**
 * A request the REST layer answers with {@code {"error": message}} and the given HTTP status instead of running
 * it: malformed JSON, a missing token, no engine yet. Redis's own error replies are not this: they come back
 * from the engine as reply values.
 */
public final class RestError extends RuntimeException {
    private final int status;

    public RestError(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public int status() { return status; }

    static RestError badRequest(String message) { return new RestError(400, message); }
}
