package com.logicor.runbook.etcd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * etcd's v3 JSON gateway ({@code /health}, {@code /v3/cluster/member/*}, {@code /v3/kv/range}) on a member's
 * client URL, from the runbook itself: no etcdctl, no container needed for a question or a membership change.
 * Every call has a short time limit, since an unhealthy member often accepts connections and never answers.
 */
@Component
public class EtcdGateway {

    private static final Duration CALL_LIMIT = Duration.ofSeconds(5);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    /** A member's own view: healthy means it has a leader and could serve a read through raft. */
    public record Health(boolean healthy, String detail) {}

    public Health health(String clientUrl) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(clientUrl + "/health")).timeout(CALL_LIMIT).build(),
                    HttpResponse.BodyHandlers.ofString());
            boolean ok = r.statusCode() == 200 && r.body().replace(" ", "").contains("\"health\":\"true\"");
            return new Health(ok, r.statusCode() + " " + r.body().strip());
        } catch (IOException e) {
            return new Health(false, "no answer: " + e.getClass().getSimpleName() + " " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Health(false, "interrupted");
        }
    }

    public List<EtcdMember> memberList(String clientUrl) {
        return EtcdMember.parseList(post(clientUrl, "/v3/cluster/member/list", Map.of()));
    }

    public void memberRemove(String clientUrl, String memberId) {
        post(clientUrl, "/v3/cluster/member/remove", Map.of("ID", memberId));
    }

    /** Adds an (unstarted) member with the peer URL; returns it with the ID the cluster gave it. */
    public EtcdMember memberAdd(String clientUrl, String peerUrl) {
        return EtcdMember.parseAdded(post(clientUrl, "/v3/cluster/member/add", Map.of("peerURLs", List.of(peerUrl))));
    }

    /** Waits until the member says healthy; throws naming its last answer after the limit. */
    public void awaitHealthy(String clientUrl, String member, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        Health h;
        while (!(h = health(clientUrl)).healthy()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("etcd member " + member + " not healthy within " + limit + ": " + h.detail());
            }
            Thread.sleep(500);
        }
    }

    /** The number of keys the cluster holds (a linearizable read through this member). */
    public long countKeys(String clientUrl) {
        return count(clientUrl, Map.of("key", "AA==", "range_end", "AA==", "count_only", true));
    }

    /**
     * The number of keys this member holds, read from its own store ({@code serializable}: no raft round
     * trip), so that every member can be compared with the others.
     */
    public long countKeysLocally(String clientUrl) {
        return count(clientUrl, Map.of("key", "AA==", "range_end", "AA==", "count_only", true, "serializable", true));
    }

    /**
     * The revision of the store as this member reads it (its own store, {@code serializable}): after a snapshot
     * restore it starts at the snapshot's revision.
     */
    public long revision(String clientUrl) {
        return range(clientUrl, Map.of("key", "AA==", "range_end", "AA==", "count_only", true, "serializable", true))
                .path("header").path("revision").asLong(-1);
    }

    /** A count-only range; the whole keyspace is key "\0", range_end "\0" (base64 AA==). */
    private long count(String clientUrl, Map<String, Object> range) {
        return range(clientUrl, range).path("count").asLong(0);
    }

    private JsonNode range(String clientUrl, Map<String, Object> range) {
        String body = post(clientUrl, "/v3/kv/range", range);
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalStateException("etcd " + clientUrl + ": unreadable range answer: " + body, e);
        }
    }

    private String post(String clientUrl, String path, Map<String, Object> body) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(clientUrl + path)).timeout(CALL_LIMIT)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("etcd " + clientUrl + path + " answered " + r.statusCode() + ": " + r.body().strip());
            }
            return r.body();
        } catch (IOException e) {
            throw new IllegalStateException("etcd " + clientUrl + path + ": " + e.getClass().getSimpleName() + " " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("etcd " + clientUrl + path + ": interrupted", e);
        }
    }
}
