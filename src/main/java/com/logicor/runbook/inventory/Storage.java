package com.logicor.runbook.inventory;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

/** Where backups go: a local root (the regulation's /backup) and optionally S3-compatible storage. */
public record Storage(@NotNull @Valid Local local, @Valid S3 s3) {

    public record Local(@NotBlank String root) {}

    public record S3(
            @NotBlank String endpoint,
            String region,
            @NotBlank String bucket,
            String prefix,
            @NotNull SecretRef accessKey,
            @NotNull SecretRef secretKey) {
        public S3 {
            region = region == null ? "us-east-1" : region;
            prefix = prefix == null ? "" : prefix;
        }
    }
}
