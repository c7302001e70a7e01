package com.logicor.runbook.inventory;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

/**
 * A Docker-compatible engine API: {@code unix:///path.sock}, {@code tcp://host:port} (with {@link Tls}) or
 * {@code ssh://<host-id>} — the engine of an inventory host, reached through its SSH connection.
 * {@code helper_image} is the small image of the short-lived containers that read and write volumes;
 * it must already be on the engine (nothing is pulled during a backup or a restore).
 */
public record DockerEngine(
        @NotBlank String id,
        @NotBlank @Pattern(regexp = "^(unix|tcp|ssh)://.+", message = "must start with unix://, tcp:// or ssh://")
        String url,
        @Valid Tls tls,
        String remoteSocket,
        String helperImage) {

    public DockerEngine {
        remoteSocket = remoteSocket == null ? "/var/run/docker.sock" : remoteSocket;
        helperImage = helperImage == null ? "docker.io/library/busybox:stable" : helperImage;
    }

    public String scheme() {
        return url.substring(0, url.indexOf("://"));
    }

    /** For {@code ssh://} engines: the inventory host whose SSH connection carries the API. */
    public String sshHostId() {
        return "ssh".equals(scheme()) ? url.substring("ssh://".length()) : null;
    }

    /** Client certificate directory as docker-java expects it: ca.pem, cert.pem, key.pem. */
    public record Tls(@NotBlank String certPath, Boolean verify) {
        public Tls {
            verify = verify == null || verify;
        }
    }
}
