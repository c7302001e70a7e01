package com.logicor.runbook.vault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.logicor.runbook.lab.ComponentDrill;
import com.logicor.runbook.lab.Lab;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Vault's drill through its HTTP API: every seeded secret's status and data. The incident deletes them all. */
public final class VaultDrill implements ComponentDrill {

    public static final String VAULT = "http://127.0.0.1:8200";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Lab lab;

    public VaultDrill(Lab lab) {
        this.lab = lab;
    }

    @Override
    public String component() {
        return "vault";
    }

    @Override
    public String restoreProcess() {
        return "restore-vault";
    }

    @Override
    public List<String> servers() {
        return List.of("vault");
    }

    /** Each seeded secret's API path → "status data" (the data only with 200). */
    @Override
    public Map<String, String> fingerprint() throws Exception {
        Map<String, String> out = new TreeMap<>();
        for (JsonNode s : lab.seed("vault").path("secrets")) {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(VAULT + s.path("api").asText()))
                    .timeout(Duration.ofSeconds(10)).header("X-Vault-Token", lab.secretText("vault-token")).build(),
                    HttpResponse.BodyHandlers.ofString());
            out.put(s.path("api").asText(), r.statusCode() + " " + (r.statusCode() == 200 ? JSON.readTree(r.body()).path("data").path("data").toString() : ""));
        }
        return out;
    }

    @Override
    public void destroy() throws Exception {
        for (JsonNode s : lab.seed("vault").path("secrets")) {
            HTTP.send(HttpRequest.newBuilder(URI.create(VAULT + s.path("api").asText())).header("X-Vault-Token", lab.secretText("vault-token"))
                    .DELETE().build(), HttpResponse.BodyHandlers.ofString());
        }
    }
}
