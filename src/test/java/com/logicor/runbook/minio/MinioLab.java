package com.logicor.runbook.minio;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.logicor.runbook.clickhouse.StoredTar;
import com.logicor.runbook.docker.DockerEngines;
import com.logicor.runbook.inventory.ComponentSpec;
import com.logicor.runbook.inventory.DockerEngine;
import com.logicor.runbook.inventory.Node;
import com.logicor.runbook.inventory.SecretResolver;
import com.logicor.runbook.lab.Lab;
import com.logicor.runbook.storage.MinioObjectStorage;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;

/** What both MinIO tests check against the lab's seed. */
final class MinioLab {

    private MinioLab() {
    }

    static JsonNode seed(Lab lab) throws IOException {
        return lab.seed("minio");
    }

    /** Every seeded object is in the tar as {@code <bucket>/<key>} with its size and sha256. */
    static void assertHoldsEverySeededObject(Map<String, StoredTar.Entry> tar, JsonNode seed) {
        String bucket = seed.get("bucket").asText();
        assertThat(seed.get("objects")).hasSize(seed.get("objects_count").asInt());
        for (JsonNode o : seed.get("objects")) {
            String name = bucket + "/" + o.get("key").asText();
            assertThat(tar).as(name).containsKey(name);
            assertThat(tar.get(name).size()).as(name).isEqualTo(o.get("size").asLong());
            assertThat(tar.get(name).sha256()).as(name).isEqualTo(o.get("sha256").asText());
        }
    }

    /**
     * Waits until the container runs and its S3 API answers: the lab is shared (benchmarks and other tests
     * stop MinIO too), and a test must neither start a container someone else stopped nor measure a stopped one.
     */
    static void awaitRunning(DockerEngines docker, DockerEngine engine,
                             ComponentSpec minio, Node node, SecretResolver secrets) {
        org.awaitility.Awaitility.await("container " + node.container() + " runs and its S3 API answers (stopped by someone else?)")
                .atMost(Duration.ofMinutes(10)).pollInterval(Duration.ofSeconds(1))
                .until(() -> docker.inspect(engine, node.container()).running() && MinioClients.answers(MinioClients.of(secrets, minio, node)));
    }

    /** The component's S3 API, for checks (the same credentials the backup uses). */
    static MinioObjectStorage bucket(ComponentSpec minio, Node node, SecretResolver secrets, String bucket) {
        return new MinioObjectStorage(node.endpoints().get("s3"), MinioClients.REGION, bucket,
                secrets.resolve(minio.credentials().accessKey()), secrets.resolve(minio.credentials().secretKey()));
    }
}
