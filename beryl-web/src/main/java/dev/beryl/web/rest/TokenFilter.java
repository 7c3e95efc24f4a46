package dev.beryl.web.rest;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import org.eclipse.microprofile.config.ConfigProvider;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * When {@code beryl.rest-token} is set (env BERYL_REST_TOKEN), every request must carry it, as Upstash's clients
 * send it: {@code Authorization: Bearer <token>} or the {@code _token} query parameter. Unset means open.
 * Runs before matching, so even unknown paths reveal nothing without the token.
 */
@Provider
@PreMatching
@Priority(Priorities.AUTHENTICATION)
public class TokenFilter implements ContainerRequestFilter {
    static final String TOKEN_PROPERTY = "beryl.rest-token";

    private final byte[] token = ConfigProvider.getConfig().getOptionalValue(TOKEN_PROPERTY, String.class)
            .filter(t -> !t.isEmpty()).map(t -> t.getBytes(StandardCharsets.UTF_8)).orElse(null);

    @Override
    public void filter(ContainerRequestContext request) {
        if (token == null) return;
        String given = bearer(request.getHeaderString(HttpHeaders.AUTHORIZATION));
        if (given == null) given = PathCommand.token(request.getUriInfo().getRequestUri().getRawQuery());
        // constant time, so response timing does not reveal how much of a guess was right
        if (given == null || !MessageDigest.isEqual(token, given.getBytes(StandardCharsets.UTF_8))) {
            request.abortWith(Response.status(401)
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                    .type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(ReplyJson.error("Unauthorized"))
                    .build());
        }
    }

    private static String bearer(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) return null;
        return authorization.substring(7).trim();
    }
}
