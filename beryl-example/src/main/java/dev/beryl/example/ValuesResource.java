package dev.beryl.example;

import dev.beryl.api.Beryl;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Reads and writes Beryl string keys through the injected in-JVM API. */
@Path("values/{key}")
@Produces(MediaType.TEXT_PLAIN)
@RequestScoped
public class ValuesResource {
    @Inject
    Beryl beryl;

    @GET
    public String get(@PathParam("key") String key) {
        String v = beryl.get(key);
        if (v == null) throw new NotFoundException();
        return v;
    }

    @PUT
    public void put(@PathParam("key") String key, String value) {
        beryl.set(key, value);
    }

    @DELETE
    public String delete(@PathParam("key") String key) {
        return Long.toString(beryl.del(key));
    }
}
