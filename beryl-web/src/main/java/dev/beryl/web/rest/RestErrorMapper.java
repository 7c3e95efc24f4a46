package dev.beryl.web.rest;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** A refused request ({@link RestError}) as {@code {"error": ...}} with its status. */
@Provider
public class RestErrorMapper implements ExceptionMapper<RestError> {
    @Override
    public Response toResponse(RestError e) {
        return Response.status(e.status()).type(MediaType.APPLICATION_JSON_TYPE).entity(ReplyJson.error(e.getMessage())).build();
    }
}
