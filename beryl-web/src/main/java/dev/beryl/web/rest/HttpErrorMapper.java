package dev.beryl.web.rest;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * The container's own refusals (404 no such endpoint, 405 wrong method, 415, 406...) as JSON too, so a client
 * always gets {@code {"error": ...}}; headers such as Allow are kept.
 */
@Provider
public class HttpErrorMapper implements ExceptionMapper<WebApplicationException> {
    @Override
    public Response toResponse(WebApplicationException e) {
        Response r = e.getResponse();
        String reason = r.getStatusInfo().getReasonPhrase();
        return Response.fromResponse(r)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(ReplyJson.error("ERR HTTP " + r.getStatus() + (reason == null ? "" : " " + reason)))
                .build();
    }
}
