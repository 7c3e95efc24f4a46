package dev.beryl.web.rest;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/**
 * The REST API at the application root: the web module's context root is "/", because @upstash/redis posts
 * single commands to the bare database URL and appends only "/pipeline" or "/multi-exec" to it.
 */
@ApplicationPath("/")
public class RestApplication extends Application {
}
