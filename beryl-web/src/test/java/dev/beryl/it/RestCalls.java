package dev.beryl.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * HTTP calls to the integration-test server's REST API, with the token it is configured with
 * ({@code beryl.it.rest-token}, set by the pom for the server and for these tests).
 */
final class RestCalls {
    static final String TOKEN = System.getProperty("beryl.it.rest-token", "");
    static final String BASE = "http://" + ItServer.HOST + ":" + ItServer.HTTP_PORT;

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private RestCalls() {}

    /** A request with the right token; extra headers as name/value pairs. */
    static HttpResponse<String> call(String method, String path, String body, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = request(method, path, body);
        if (!TOKEN.isEmpty()) b.header("Authorization", "Bearer " + TOKEN);
        for (int i = 0; i + 1 < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A request without any credentials unless the headers bring some. */
    static HttpResponse<String> anonymous(String method, String path, String body, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = request(method, path, body);
        for (int i = 0; i + 1 < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        return call("POST", path, json, "Content-Type", "application/json");
    }

    private static HttpRequest.Builder request(String method, String path, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(BASE + path)).timeout(Duration.ofSeconds(10));
        return b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    }
}
