package com.logicor.runbook.minio;

import com.fasterxml.jackson.databind.JsonNode;
import com.logicor.runbook.lab.ComponentDrill;
import com.logicor.runbook.lab.Lab;
import com.logicor.runbook.lab.TestData;
import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.errors.ErrorResponseException;
import io.minio.messages.Item;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * MinIO's drill through its S3 API: every object of the seeded bucket, key → sha256. The incident removes a seeded
 * object and writes one the backup does not have (it must be gone after the restore). The restore takes a safety
 * backup of the damaged state first.
 */
public final class MinioDrill implements ComponentDrill {

    private final Lab lab;
    private String laterKey;

    public MinioDrill(Lab lab) {
        this.lab = lab;
    }

    @Override
    public String component() {
        return "minio";
    }

    @Override
    public String restoreProcess() {
        return "restore-minio";
    }

    @Override
    public List<String> servers() {
        return List.of("minio");
    }

    @Override
    public Map<String, Object> restoreVariables() {
        return Map.of("safetyBackup", true);
    }

    @Override
    public Map<String, String> fingerprint() throws Exception {
        MinioClient minio = client();
        Map<String, String> out = new TreeMap<>();
        try {
            for (Result<Item> r : minio.listObjects(ListObjectsArgs.builder().bucket(bucket()).recursive(true).build())) {
                String key = r.get().objectName();
                try (InputStream in = minio.getObject(GetObjectArgs.builder().bucket(bucket()).object(key).build())) {
                    out.put(key, TestData.sha256Of(in));
                }
            }
        } catch (ErrorResponseException e) {
            if (!"NoSuchBucket".equals(e.errorResponse().code())) throw e;
            out.put("(bucket " + bucket() + ")", "missing"); // the volume lost: every seeded object is missing below
        }
        for (JsonNode o : seed().path("objects")) out.putIfAbsent(o.path("key").asText(), "missing");
        return out;
    }

    @Override
    public void destroy() throws Exception {
        MinioClient minio = client();
        minio.removeObject(RemoveObjectArgs.builder().bucket(bucket()).object(seed().path("objects").get(0).path("key").asText()).build());
        byte[] later = "written after the backup".getBytes(StandardCharsets.UTF_8);
        laterKey = "after-backup-" + UUID.randomUUID() + ".txt";
        minio.putObject(PutObjectArgs.builder().bucket(bucket()).object(laterKey)
                .stream(new ByteArrayInputStream(later), later.length, -1).build());
    }

    /** The object the last incident wrote after the backup. */
    public String laterKey() {
        return laterKey;
    }

    public JsonNode seed() {
        return lab.seed("minio");
    }

    public String bucket() {
        return seed().path("bucket").asText();
    }

    public MinioClient client() {
        return MinioClient.builder().endpoint(seed().path("endpoint").asText()).region("us-east-1")
                .credentials(lab.secretText("minio-access-key"), lab.secretText("minio-secret-key")).build();
    }
}
