package dev.beryl.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Where the integration-test Liberty server listens (started by liberty-maven-plugin in pre-integration-test). */
final class ItServer {
    static final String HOST = "127.0.0.1";
    static final int RESP_PORT = Integer.getInteger("beryl.it.resp.port", 6385);
    static final int HTTP_PORT = Integer.getInteger("beryl.it.http.port", 9185);

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private ItServer() {}

    static HttpResponse<String> send(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://" + HOST + ":" + HTTP_PORT + path))
                .timeout(Duration.ofSeconds(10));
        if (body == null) b.method(method, HttpRequest.BodyPublishers.noBody());
        else b.method(method, HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "text/plain; charset=UTF-8");
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
