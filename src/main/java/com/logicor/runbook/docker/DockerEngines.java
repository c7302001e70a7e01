package com.logicor.runbook.docker;

import com.logicor.runbook.command.ExecResult;
import com.logicor.runbook.inventory.DockerEngine;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;

/** Containers and volumes on the inventory's Docker-compatible engines (Docker or podman's API). */
public interface DockerEngines {

    /** One ping of the engine's API. */
    void probe(DockerEngine engine);

    ContainerState inspect(DockerEngine engine, String container);

    /** Stops the container, waiting up to {@code grace} before the engine kills it. Idempotent. */
    void stop(DockerEngine engine, String container, Duration grace);

    /** Starts the container. Idempotent. */
    void start(DockerEngine engine, String container);

    /**
     * Runs a command in a running container. {@code stdout} receives the output as it comes; stderr is kept
     * (bounded) in the result.
     */
    ExecResult exec(DockerEngine engine, String container, List<String> command, OutputStream stdout,
                    Duration timeout);

    /** A tar stream of {@code path} in the container (running or not). Close it when done. */
    InputStream archiveFrom(DockerEngine engine, String container, String path);

    /** Unpacks a tar stream into directory {@code path} of the container. */
    void archiveInto(DockerEngine engine, String container, String path, InputStream tar);

    /**
     * Runs {@code command} in a new, short-lived container made like {@code like} — its image, environment,
     * volumes and bind mounts, network mode — waits for it and removes it. For work on a stopped service's
     * data with the service's own binaries (e.g. {@code etcdutl snapshot restore} into its volume).
     */
    ExecResult runLike(DockerEngine engine, String like, List<String> command, OutputStream stdout, Duration timeout);

    /**
     * Runs {@code command} in a short-lived container of the engine's helper image with the named volume at
     * {@code /volume}, no network, waits for it and removes it (e.g. emptying a volume before a restore).
     */
    ExecResult runInVolume(DockerEngine engine, String volume, List<String> command, OutputStream stdout, Duration timeout);

    /** A tar stream of a named volume's content, read through a short-lived helper container. */
    InputStream archiveFromVolume(DockerEngine engine, String volume);

    /** Unpacks a tar stream into a named volume through a short-lived helper container. */
    void archiveIntoVolume(DockerEngine engine, String volume, InputStream tar);

    record ContainerState(String name, boolean running, String status, Long exitCode) {}
}
