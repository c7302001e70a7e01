package com.logicor.runbook.minio;

import com.logicor.runbook.inventory.ComponentSpec;
import com.logicor.runbook.inventory.Node;
import com.logicor.runbook.inventory.SecretResolver;
import io.minio.MinioClient;
import java.time.Duration;

/** The component's own S3 API (the node's {@code s3} endpoint, access_key / secret_key resolved at use). */
final class MinioClients {

    // MinIO's default region; naming it spares a GetBucketLocation round trip per bucket.
    static final String REGION = "us-east-1";

    private MinioClients() {
    }

    static String endpointOf(Node node) {
        String endpoint = node.endpoints().get("s3");
        if (endpoint == null || endpoint.isBlank()) {
            throw new IllegalStateException("node " + node.name() + " has no 's3' endpoint in the inventory");
        }
        return endpoint;
    }

    static MinioClient of(SecretResolver secrets, ComponentSpec component, Node node) {
        String endpoint = endpointOf(node);
        if (component.credentials() == null || component.credentials().accessKey() == null
                || component.credentials().secretKey() == null) {
            throw new IllegalStateException(component.id() + ": credentials.access_key and .secret_key are needed for the S3 API");
        }
        return MinioClient.builder().endpoint(endpoint).region(REGION)
                .credentials(secrets.resolve(component.credentials().accessKey()),
                        secrets.resolve(component.credentials().secretKey()))
                .build();
    }

    /** True when the S3 API answers an authenticated request (ListBuckets). */
    static boolean answers(MinioClient client) {
        try {
            client.listBuckets();
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    /** Polls until the S3 API answers; returns false when it did not within {@code limit}. */
    static boolean awaitAnswer(MinioClient client, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            if (answers(client)) return true;
            if (System.nanoTime() > deadline) return false;
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }
}
