package com.logicor.runbook.vault;

import com.logicor.runbook.inventory.ComponentSpec;
import com.logicor.runbook.inventory.Node;
import com.logicor.runbook.inventory.SecretResolver;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * Vault's HTTP API, one client for the backup, the restore and the secret census: where a node's API is, and
 * requests with or without the token. Redirects are never followed — a standby's 307 would carry the token to
 * whatever host it names. The token is resolved from the inventory's reference for each request and kept nowhere.
 */
@Component
public class VaultApi {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private final SecretResolver secrets;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER).build();

    public VaultApi(SecretResolver secrets) {
        this.secrets = secrets;
    }

    /** The node's API address without a trailing slash: its {@code http} (or {@code https}) endpoint. */
    public static String baseUri(Node node) {
        String base = node.endpoints().getOrDefault("http", node.endpoints().get("https"));
        if (base == null) {
            throw new IllegalArgumentException("no 'http' endpoint in the inventory");
        }
        return base.replaceAll("/+$", "");
    }

    public static URI uri(Node node, String path) {
        return URI.create(baseUri(node) + path);
    }

    /** A request without the token (sys/health, sys/seal-status). */
    public HttpRequest.Builder request(Node node, String path, Duration timeout) {
        return HttpRequest.newBuilder(uri(node, path)).timeout(timeout);
    }

    /** A request with {@code X-Vault-Token} from the component's {@code credentials.token}. */
    public HttpRequest.Builder withToken(ComponentSpec vault, Node node, String path, Duration timeout) {
        return request(node, path, timeout).header("X-Vault-Token", token(vault));
    }

    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> body) throws IOException, InterruptedException {
        return http.send(request, body);
    }

    /** The token itself: only for a header of a request this class sends. */
    private String token(ComponentSpec vault) {
        if (vault.credentials() == null || vault.credentials().token() == null) {
            throw new IllegalStateException("vault: the inventory names no credentials.token");
        }
        return secrets.resolve(vault.credentials().token());
    }
}
