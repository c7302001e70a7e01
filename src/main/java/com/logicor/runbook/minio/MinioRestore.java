package com.logicor.runbook.minio;

import com.logicor.runbook.command.ExecResult;
import com.logicor.runbook.command.ShellScript;
import com.logicor.runbook.docker.DockerEngines;
import com.logicor.runbook.inventory.ComponentSpec;
import com.logicor.runbook.inventory.DockerEngine;
import com.logicor.runbook.inventory.Inventory;
import com.logicor.runbook.inventory.Node;
import com.logicor.runbook.inventory.SecretResolver;
import com.logicor.runbook.restore.ArtifactReader;
import com.logicor.runbook.restore.VerifiedArtifact;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.messages.Bucket;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * MinIO's volume restore: stop the container, empty the volume, unpack the volume archive into it (passed
 * through unchanged, so the PAX records of the files' extended attributes — MinIO's and s3proxy's object
 * metadata — come back), start it, and check that the S3 API answers with objects. The archive is read from a
 * local copy checked against its sha256 first: unpacking acts on the bytes as they arrive.
 */
@Component
public class MinioRestore {

    private static final Duration GRACE = Duration.ofSeconds(30);
    private static final Duration EMPTY_TIMEOUT = Duration.ofMinutes(30);
    private static final Duration READY_LIMIT = Duration.ofMinutes(2);
    /** Removes everything in the volume, hidden entries included, but not the mount point itself. */
    static final ShellScript EMPTY_VOLUME = ShellScript.of("rm -rf /volume/..?* /volume/.[!.]* /volume/*");

    private final Inventory inventory;
    private final DockerEngines docker;
    private final ArtifactReader reader;
    private final SecretResolver secrets;

    public MinioRestore(Inventory inventory, DockerEngines docker, ArtifactReader reader, SecretResolver secrets) {
        this.inventory = inventory;
        this.docker = docker;
        this.reader = reader;
        this.secrets = secrets;
    }

    Node node(ComponentSpec minio) {
        List<Node> nodes = minio.nodes().stream().filter(n -> n.container() != null && n.volume() != null).toList();
        if (nodes.size() != 1) {
            throw new IllegalStateException("minio: the volume restore needs exactly one node with a container and a volume, the inventory has "
                    + nodes.size() + " (distributed MinIO: restore each node's volume by its own artifact)");
        }
        return nodes.get(0);
    }

    public List<String> plan(ComponentSpec minio) {
        Node n = node(minio);
        return List.of(
                "copy the volume archive to local disk, checking its sha256",
                "docker stop --time 30 " + n.container() + "  (only if running; it is started again also after a failure)",
                "docker run --rm -v " + n.volume() + ":/volume --network none <helper image> sh -c '" + EMPTY_VOLUME.text() + "'",
                "PUT the decompressed archive into volume " + n.volume() + " (tar passed through unchanged: xattrs kept)",
                "docker start " + n.container() + "; wait until " + n.endpoints().get("s3") + " answers ListBuckets; count the objects");
    }

    /** Stops the container; true when it was running. */
    public boolean stop(ComponentSpec minio) {
        Node n = node(minio);
        DockerEngine engine = inventory.engine(n.engine());
        boolean running = docker.inspect(engine, n.container()).running();
        if (running) docker.stop(engine, n.container(), GRACE);
        return running;
    }

    public void restoreVolume(ComponentSpec minio, VerifiedArtifact local) throws IOException {
        Node n = node(minio);
        DockerEngine engine = inventory.engine(n.engine());
        if (docker.inspect(engine, n.container()).running()) {
            throw new IllegalStateException("minio container " + n.container() + " is running: stop it first");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ExecResult emptied = docker.runInVolume(engine, n.volume(), EMPTY_VOLUME.sh(), out, EMPTY_TIMEOUT);
        if (!emptied.ok()) throw new IOException("emptying volume " + n.volume() + " exited " + emptied.exitStatus() + ": " + emptied.stderr());
        try (InputStream tar = reader.openRaw(local)) {
            docker.archiveIntoVolume(engine, n.volume(), tar);
        }
    }

    public void start(ComponentSpec minio) {
        Node n = node(minio);
        docker.start(inventory.engine(n.engine()), n.container());
    }

    /** Waits for the S3 API; returns the number of objects in all buckets. */
    public long awaitObjects(ComponentSpec minio) throws Exception {
        Node n = node(minio);
        MinioClient client = MinioClients.of(secrets, minio, n);
        if (!MinioClients.awaitAnswer(client, READY_LIMIT)) {
            throw new IllegalStateException("minio: the S3 API at " + n.endpoints().get("s3") + " did not answer within " + READY_LIMIT);
        }
        long objects = 0;
        List<String> buckets = new ArrayList<>();
        for (Bucket b : client.listBuckets()) {
            buckets.add(b.name());
            for (var r : client.listObjects(ListObjectsArgs.builder().bucket(b.name()).recursive(true).build())) {
                r.get();
                objects++;
            }
        }
        if (objects == 0) throw new IllegalStateException("minio answers but holds no objects (buckets: " + buckets + ")");
        return objects;
    }
}
