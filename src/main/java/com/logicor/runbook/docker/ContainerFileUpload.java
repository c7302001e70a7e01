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
        send(tar -> docker.archiveInto(engine, container, dir, tar), container, name, size, uid, gid, content);
    }

    /** Writes the file as {@code name} (a path relative to the volume's root, parents created) into a named volume. */
    public void putIntoVolume(DockerEngine engine, String volume, String name, long size, int uid, int gid,
                              InputStream content) throws IOException {
        send(tar -> docker.archiveIntoVolume(engine, volume, tar), "volume " + volume, name, size, uid, gid, content);
    }

    private void send(java.util.function.Consumer<InputStream> target, String where, String name, long size, int uid,
                      int gid, InputStream content) throws IOException {
        BoundedPipe pipe = new BoundedPipe(16);
        java.util.concurrent.atomic.AtomicBoolean entryWritten = new java.util.concurrent.atomic.AtomicBoolean();
        CompletableFuture<Void> producer = CompletableFuture.runAsync(() -> {
            // 512-byte blocks: no record padding after the end-of-archive marker
            try (TarArchiveOutputStream tar = new TarArchiveOutputStream(pipe.sink, 512)) {
                tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
                tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
                tar.setAddPaxHeadersForNonAsciiNames(true); // e.g. a database dump named склад.dump
                if (name.contains("/")) { // the parent folder, so that it exists with a known owner and mode
                    TarArchiveEntry parent = new TarArchiveEntry(name.substring(0, name.lastIndexOf('/') + 1));
                    parent.setMode(040700);
                    parent.setIds(uid, gid);
                    tar.putArchiveEntry(parent);
                    tar.closeArchiveEntry();
                }
                TarArchiveEntry entry = new TarArchiveEntry(name);
                entry.setSize(size);
                entry.setMode(0100600);
                entry.setIds(uid, gid);
                tar.putArchiveEntry(entry);
                long copied = content.transferTo(CloseShieldOutputStream.wrap(limit(tar, size)));
                if (copied != size) throw new IOException(name + ": " + copied + " bytes instead of " + size);
                tar.closeArchiveEntry();
                entryWritten.set(true);
            } catch (Exception e) {
                // The engine may answer as soon as it has read the entry and stop reading the end-of-archive
                // blocks: once the whole entry is written, that is success.
                if (entryWritten.get()) return;
                pipe.fail(e);
                throw new IllegalStateException(e.getMessage(), e);
            }
        });
        try (InputStream tar = pipe.source) {
            target.accept(tar);
            producer.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while copying " + name + " into " + where, e);
        } catch (ExecutionException e) {
            throw new IOException("copying " + name + " into " + where + ": " + e.getCause().getMessage(), e.getCause());
        } catch (RuntimeException e) {
            producer.cancel(true);
            throw new IOException("copying " + name + " into " + where + ": " + e.getMessage(), e);
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
