package dev.beryl.web.rest;

import dev.beryl.resp.ErrorReply;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Operator endpoints over INFO and CONFIG, in JSON: {@code GET /admin/info[?section=...]},
 * {@code GET /admin/config/{name}} (a glob, like CONFIG GET) and {@code PUT /admin/config/{name}} with the value
 * as body (raw text, or a JSON scalar when sent as application/json), {@code POST /admin/save},
 * {@code POST /admin/bgsave} and {@code POST /admin/bgrewriteaof}. Failures carry Redis's error text.
 */
@Path("admin")
@Produces(MediaType.APPLICATION_JSON)
public class AdminResource {
    @Context
    private HttpHeaders headers;

    @GET
    @Path("info")
    public Response info(@QueryParam("section") List<String> sections) {
        List<byte[]> argv = new ArrayList<>();
        argv.add(bytes("INFO"));
        for (String s : sections) argv.add(bytes(s));
        Object reply = EngineCall.run(argv.toArray(new byte[0][]));
        if (reply instanceof ErrorReply e) return error(e);
        return Response.ok(ReplyJson.object(InfoSections.parse(new String((byte[]) reply, StandardCharsets.UTF_8)))).build();
    }

    /** The matching parameters as {"name": "value", ...}; 404 when a plain name matches nothing. */
    @GET
    @Path("config/{name}")
    public Response getConfig(@PathParam("name") String name) {
        Object reply = EngineCall.run(new byte[][] {bytes("CONFIG"), bytes("GET"), bytes(name)});
        if (reply instanceof ErrorReply e) return error(e);
        Map<String, String> params = pairs((List<?>) reply);
        if (params.isEmpty() && !isGlob(name)) {
            return Response.status(404).entity(ReplyJson.error("ERR unknown configuration parameter '" + name + "'")).build();
        }
        return Response.ok(ReplyJson.object(params)).build();
    }

    /** Sets the parameter and answers its value as now read back, so normalized values ("1mb") show. */
    @PUT
    @Path("config/{name}")
    @Consumes(MediaType.WILDCARD)
    public Response setConfig(@PathParam("name") String name, byte[] body) {
        MediaType type = headers.getMediaType();
        byte[] value = type != null && type.isCompatible(MediaType.APPLICATION_JSON_TYPE)
                ? CommandJson.scalar(body) : (body == null ? new byte[0] : body);
        List<Object> replies = EngineCall.run(List.of(
                new byte[][] {bytes("CONFIG"), bytes("SET"), bytes(name), value},
                new byte[][] {bytes("CONFIG"), bytes("GET"), bytes(name)}));
        if (replies.get(0) instanceof ErrorReply e) return error(e);
        return Response.ok(ReplyJson.object(pairs((List<?>) replies.get(1)))).build();
    }

    /** SAVE: {"result": "OK"} once the RDB file is on disk; 409 while a background save runs. */
    @POST
    @Path("save")
    public Response save() {
        return persistence("SAVE");
    }

    /**
     * BGSAVE: {"result": "Background saving started"} at once; progress and outcome in
     * {@code GET /admin/info?section=persistence} (rdb_bgsave_in_progress, rdb_last_bgsave_status).
     */
    @POST
    @Path("bgsave")
    public Response bgsave() {
        return persistence("BGSAVE");
    }

    /**
     * BGREWRITEAOF: {"result": "Background append only file rewriting started"} (or "... scheduled" while a
     * BGSAVE runs) at once; progress and outcome in {@code GET /admin/info?section=persistence}
     * (aof_rewrite_in_progress, aof_last_bgrewrite_status, aof_rewrites). 409 while a rewrite runs.
     */
    @POST
    @Path("bgrewriteaof")
    public Response bgrewriteaof() {
        return persistence("BGREWRITEAOF");
    }

    private static Response persistence(String command) {
        Object reply = EngineCall.run(new byte[][] {bytes(command)});
        if (reply instanceof ErrorReply e) {
            // another background job in the way is a conflict, not a server failure
            boolean busy = e.message().endsWith("already in progress") || e.message().contains("Another child process is active");
            int status = busy ? 409 : 500;
            return Response.status(status).entity(ReplyJson.error(e.message())).build();
        }
        return Response.ok(ReplyJson.object(Map.of("result", reply instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(reply)))).build();
    }

    private static Map<String, String> pairs(List<?> flat) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            out.put(new String((byte[]) flat.get(i), StandardCharsets.UTF_8), new String((byte[]) flat.get(i + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    private static boolean isGlob(String name) {
        return name.indexOf('*') >= 0 || name.indexOf('?') >= 0 || name.indexOf('[') >= 0;
    }

    private static Response error(ErrorReply e) {
        return Response.status(400).entity(ReplyJson.error(e.message())).build();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
