package com.logicor.runbook.storage;

import java.io.InputStream;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;

/** An S3-compatible bucket: the backup storage of the inventory, or a component's own object store. */
public interface ObjectStorage {

    /** Checks that the bucket answers (and exists). */
    void probe();

    /** Creates the bucket unless it exists. */
    void ensureBucket();

    /**
     * Stores a stream of unknown length by multipart upload, part by part, never holding more than one part
     * in memory. A failed upload leaves no object behind.
     */
    StoredObject put(String key, InputStream data, String contentType);

    InputStream get(String key);

    Optional<StoredObject> stat(String key);

    /** Every object under the prefix, recursively. */
    List<StoredObject> list(String prefix);

    void delete(String key);

    String bucket();

    /** The size of the parts {@link #put} uploads (all but the last): the ETag of a stored object depends on it. */
    long partSize();

    record StoredObject(String key, long size, String etag, ZonedDateTime lastModified) {}
}
