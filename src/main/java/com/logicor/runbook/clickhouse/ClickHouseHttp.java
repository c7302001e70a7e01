package com.logicor.runbook.clickhouse;

import com.logicor.runbook.inventory.ComponentSpec;
import com.logicor.runbook.inventory.Node;
import com.logicor.runbook.inventory.SecretResolver;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * SQL through ClickHouse's HTTP interface: POST of the query to the node's {@code http} endpoint, the user and
 * password in {@code X-ClickHouse-User} / {@code X-ClickHouse-Key} headers (never in the URL, where proxies
 * and access logs keep them). The password is resolved at each call. Answers and errors come back as text;
 * errors are redacted of the password and of any secret the caller names.
 */
@Component
public class ClickHouseHttp {

    static final String DEFAULT_USER = "default";
    private static final int ERROR_LIMIT = 2000;

    private final SecretResolver secrets;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    public ClickHouseHttp(SecretResolver secrets) {
        this.secrets = secrets;
    }

    static String endpointOf(Node node) {
        String endpoint = node.endpoints().get("http");
        if (endpoint == null || endpoint.isBlank()) {
            throw new IllegalStateException("node " + node.name() + " has no 'http' endpoint in the inventory");
        }
        return endpoint.endsWith("/") ? endpoint : endpoint + "/";
    }

    static String userOf(ComponentSpec component) {
        return component.credentials() != null && component.credentials().user() != null
                ? component.credentials().user() : DEFAULT_USER;
    }

    /** Runs one query and returns the answer's body; throws {@link ClickHouseException} on any non-200 answer. */
    public String query(ComponentSpec component, Node node, String sql, Duration timeout, Collection<String> alsoSecret) {
        String endpoint = endpointOf(node);
        List<String> hide = new ArrayList<>(alsoSecret);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(endpoint))
                .timeout(timeout)
                .header("X-ClickHouse-User", userOf(component))
                .header("Content-Type", "text/plain; charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString(sql, StandardCharsets.UTF_8));
        if (component.credentials() != null && component.credentials().password() != null) {
            String password = secrets.resolve(component.credentials().password());
            hide.add(password);
            request.header("X-ClickHouse-Key", password);
        }
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (response.statusCode() != 200) {
                String body = Redaction.redact(response.body().strip(), hide);
                throw new ClickHouseException(component.id() + "/" + node.name() + ": " + endpoint + " answered HTTP "
                        + response.statusCode() + ": " + (body.length() > ERROR_LIMIT ? body.substring(0, ERROR_LIMIT) + "…" : body));
            }
            return response.body();
        } catch (IOException e) {
            throw new ClickHouseException(component.id() + "/" + node.name() + ": " + endpoint + " unreachable: "
                    + Redaction.redact(String.valueOf(e.getMessage()), hide), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClickHouseException(component.id() + "/" + node.name() + ": interrupted while querying " + endpoint, e);
        }
    }

    /** A query failed; the message names component, node and endpoint, and holds no secret. */
    public static class ClickHouseException extends RuntimeException {
        public ClickHouseException(String message) {
            super(message);
        }

        public ClickHouseException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
