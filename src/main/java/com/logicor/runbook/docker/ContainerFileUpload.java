package com.logicor.runbook.docker;

import com.logicor.runbook.streams.BoundedPipe;
import com.logicor.runbook.inventory.DockerEngine;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.io.output.CloseShieldOutputStream;
import org.springframework.stereotype.Component;

/**
 * Puts one file of known size into a container through the engine's archive API (a one-entry tar, streamed).
 * This is how a restore hands a dump to {@code psql}/{@code pg_restore} inside the container: docker-java
 * cannot half-close an exec's stdin, so piping into the command would never end.
 */
@Component
public class ContainerFileUpload {

    private final DockerEngines docker;

    public ContainerFileUpload(DockerEngines docker) {
        this.docker = docker;
    }

    /**
     * Writes {@code size} bytes of {@code content} as {@code dir/name} (mode 0600, owner uid/gid) into the
     * container. Fails — and the engine then discards the truncated tar — when content ends early or runs long.
     */
    public void put(DockerEngine engine, String container, String dir, String name, long size, int uid, int gid,
                    InputStream content) throws IOException {
        BoundedPipe pipe = new BoundedPipe(16);
        CompletableFuture<Void> producer = CompletableFuture.runAsync(() -> {
            try (TarArchiveOutputStream tar = new TarArchiveOutputStream(pipe.sink)) {
                tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
                TarArchiveEntry entry = new TarArchiveEntry(name);
                entry.setSize(size);
                entry.setMode(0100600);
                entry.setIds(uid, gid);
                tar.putArchiveEntry(entry);
                long copied = content.transferTo(CloseShieldOutputStream.wrap(limit(tar, size)));
                if (copied != size) throw new IOException(name + ": " + copied + " bytes instead of " + size);
                tar.closeArchiveEntry();
            } catch (Exception e) {
                pipe.fail(e);
                throw new IllegalStateException(e.getMessage(), e);
            }
        });
        try (InputStream tar = pipe.source) {
            docker.archiveInto(engine, container, dir, tar);
            producer.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while copying " + name + " into " + container, e);
        } catch (ExecutionException e) {
            throw new IOException("copying " + name + " into " + container + ": " + e.getCause().getMessage(), e.getCause());
        } catch (RuntimeException e) {
            producer.cancel(true);
            throw new IOException("copying " + name + " into " + container + ": " + e.getMessage(), e);
        }
    }

    /** Refuses to write more than {@code size} bytes (a tar entry must not overrun its header). */
    private static OutputStream limit(OutputStream out, long size) {
        return new java.io.FilterOutputStream(out) {
            long written;

            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (written + len > size) throw new IOException("more than the announced " + size + " bytes");
                out.write(b, off, len);
                written += len;
            }
        };
    }
}
