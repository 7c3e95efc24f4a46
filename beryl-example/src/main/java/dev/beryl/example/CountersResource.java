package dev.beryl.example;

import dev.beryl.api.Beryl;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Increments a Beryl counter through the injected in-JVM API and returns its new value. */
@Path("counters/{key}")
@Produces(MediaType.TEXT_PLAIN)
@RequestScoped
public class CountersResource {
    @Inject
    Beryl beryl;

    @POST
    public String increment(@PathParam("key") String key) {
        return Long.toString(beryl.incr(key));
    }
}
