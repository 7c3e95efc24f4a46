package dev.beryl.web.rest;

import dev.beryl.resp.ErrorReply;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import java.util.List;

/**
 * Upstash's data API: a command as a JSON array ({@code POST /}), in the URL ({@code GET /set/k/v}, or
 * {@code POST /set/k} with the value as body), or a batch ({@code POST /pipeline}, {@code POST /multi-exec}).
 * Any request content type is accepted, as Upstash does (curl -d sends form encoding). A Redis error reply is
 * HTTP 400 for a single command; a pipeline is HTTP 200 with an error entry for each failed command.
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
public class CommandResource {
    static final String ENCODING_HEADER = "Upstash-Encoding";

    @Context
    private HttpHeaders headers;
    @Context
    private UriInfo uri;

    @POST
    public Response command(byte[] body) {
        return single(CommandJson.command(body));
    }

    @PUT
    public Response commandPut(byte[] body) {
        return command(body);
    }

    @POST
    @Path("pipeline")
    public Response pipeline(byte[] body) {
        List<Object> replies = EngineCall.run(CommandJson.commands(body));
        return Response.ok(json().envelopes(replies)).build();
    }

    @POST
    @Path("multi-exec")
    public Response multiExec(byte[] body) {
        Object outcome = MultiExec.outcome(EngineCall.run(MultiExec.wrap(CommandJson.commands(body))));
        if (outcome instanceof List<?> results) {
            @SuppressWarnings("unchecked")
            List<Object> entries = (List<Object>) results;
            return Response.ok(json().envelopes(entries)).build();
        }
        return Response.status(400).entity(json().envelope(outcome)).build();
    }

    @GET
    @Path("{command: .+}")
    public Response pathCommand() {
        return single(PathCommand.parse(subPath(), uri.getRequestUri().getRawQuery(), null));
    }

    /** The body, when there is one, is the last argument before the query parameters. */
    @POST
    @Path("{command: .+}")
    public Response pathCommandWithBody(byte[] body) {
        byte[] last = body == null || body.length == 0 ? null : body;
        return single(PathCommand.parse(subPath(), uri.getRequestUri().getRawQuery(), last));
    }

    @PUT
    @Path("{command: .+}")
    public Response pathCommandPut(byte[] body) {
        return pathCommandWithBody(body);
    }

    private Response single(byte[][] argv) {
        Object reply = EngineCall.run(argv);
        int status = reply instanceof ErrorReply ? 400 : 200;
        return Response.status(status).entity(json().envelope(reply)).build();
    }

    private ReplyJson json() {
        return new ReplyJson("base64".equalsIgnoreCase(headers.getHeaderString(ENCODING_HEADER)));
    }

    /** The raw request path below the application root: percent-escapes intact, so PathCommand decodes to bytes. */
    private String subPath() {
        String base = uri.getBaseUri().getRawPath();
        String path = uri.getRequestUri().getRawPath();
        return path.startsWith(base) ? path.substring(base.length()) : path.substring(1);
    }
}
