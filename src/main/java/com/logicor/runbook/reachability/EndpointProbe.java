package com.logicor.runbook.reachability;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Is a component endpoint answering? HTTP(S) endpoints must answer a request (any status below 500: a 403
 * from an S3 server is an answer); other schemes must accept a TCP connection.
 */
@Component
public class EndpointProbe {

    static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final Map<String, Integer> DEFAULT_PORTS = Map.of(
            "http", 80, "https", 443, "postgresql", 5432, "tcp", -1);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER).build();

    public void probe(String endpoint) throws IOException, InterruptedException {
        URI uri = URI.create(endpoint);
        String scheme = uri.getScheme();
        if ("http".equals(scheme) || "https".equals(scheme)) {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() >= 500) {
                throw new IOException("HTTP " + response.statusCode());
            }
            return;
        }
        int port = uri.getPort() != -1 ? uri.getPort() : DEFAULT_PORTS.getOrDefault(scheme, -1);
        if (port == -1) {
            throw new IOException("no port in " + endpoint);
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(uri.getHost(), port), (int) TIMEOUT.toMillis());
        }
    }
}
