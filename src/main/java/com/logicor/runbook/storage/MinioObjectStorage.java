package com.logicor.runbook.storage;

import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.ObjectWriteResponse;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.errors.ErrorResponseException;
import io.minio.messages.Item;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@link ObjectStorage} over minio-java, for MinIO, AWS S3 and other S3-compatible servers. */
public class MinioObjectStorage implements ObjectStorage {

    /** Parts of 16 MiB: a 5 TiB object fits in S3's 10 000 parts with room, memory stays at one part. */
    static final long PART_SIZE = 16L * 1024 * 1024;

    private final MinioClient client;
    private final String endpoint;
    private final String bucket;

    public MinioObjectStorage(String endpoint, String region, String bucket, String accessKey, String secretKey) {
        this.endpoint = endpoint;
        this.bucket = bucket;
        this.client = MinioClient.builder().endpoint(endpoint).region(region).credentials(accessKey, secretKey).build();
    }

    @Override
    public String bucket() {
        return bucket;
    }

    @Override
    public long partSize() {
        return PART_SIZE;
    }

    @Override
    public void probe() {
        boolean exists = call("check bucket", () -> client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build()));
        if (!exists) {
            throw new StorageException(endpoint + ": bucket " + bucket + " does not exist", null);
        }
    }

    @Override
    public void ensureBucket() {
        call("create bucket", () -> {
            if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
                client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
            }
            return null;
        });
    }

    @Override
    public StoredObject put(String key, InputStream data, String contentType) {
        ObjectWriteResponse response = call("put " + key, () -> client.putObject(PutObjectArgs.builder()
                .bucket(bucket).object(key).stream(data, -1, PART_SIZE)
                .contentType(contentType == null ? "application/octet-stream" : contentType).build()));
        return stat(key).orElseThrow(() -> new StorageException(endpoint + ": " + key + " missing right after upload "
                + response.etag(), null));
    }

    @Override
    public InputStream get(String key) {
        return call("get " + key, () -> client.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build()));
    }

    @Override
    public Optional<StoredObject> stat(String key) {
        try {
            StatObjectResponse s = client.statObject(StatObjectArgs.builder().bucket(bucket).object(key).build());
            return Optional.of(new StoredObject(key, s.size(), s.etag(), s.lastModified()));
        } catch (ErrorResponseException e) {
            if ("NoSuchKey".equals(e.errorResponse().code()) || "NoSuchObject".equals(e.errorResponse().code())
                    || e.response().code() == 404) {
                return Optional.empty();
            }
            throw new StorageException(endpoint + "/" + bucket + ": stat " + key + ": " + e.getMessage(), e);
        } catch (Exception e) {
            throw new StorageException(endpoint + "/" + bucket + ": stat " + key + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<StoredObject> list(String prefix) {
        return call("list " + prefix, () -> {
            List<StoredObject> objects = new ArrayList<>();
            for (Result<Item> r : client.listObjects(ListObjectsArgs.builder().bucket(bucket).prefix(prefix)
                    .recursive(true).build())) {
                Item item = r.get();
                objects.add(new StoredObject(item.objectName(), item.size(), item.etag(),
                        item.isDir() ? null : item.lastModified()));
            }
            return objects;
        });
    }

    @Override
    public void delete(String key) {
        call("delete " + key, () -> {
            client.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(key).build());
            return null;
        });
    }

    private <T> T call(String what, StorageCall<T> call) {
        try {
            return call.run();
        } catch (StorageException e) {
            throw e;
        } catch (Exception e) {
            throw new StorageException(endpoint + "/" + bucket + ": " + what + ": " + e.getMessage(), e);
        }
    }

    @FunctionalInterface
    private interface StorageCall<T> {
        T run() throws Exception;
    }
}
