package dev.beryl.web.rest;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import java.util.logging.Level;
import java.util.logging.Logger;

/** A bug: logged with its stack, answered 500 with a JSON body rather than the container's HTML page. */
@Provider
public class UnexpectedErrorMapper implements ExceptionMapper<RuntimeException> {
    private static final Logger LOG = Logger.getLogger(UnexpectedErrorMapper.class.getName());

    @Override
    public Response toResponse(RuntimeException e) {
        LOG.log(Level.SEVERE, "REST request failed", e);
        return Response.status(500).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(ReplyJson.error("ERR internal error: " + e)).build();
    }
}
