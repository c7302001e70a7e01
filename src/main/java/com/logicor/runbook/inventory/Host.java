package com.logicor.runbook.inventory;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.time.Duration;

/** A machine reached over SSH (the ClickHouse and Keeper VMs, the Ansible controller). */
public record Host(
        @NotBlank String id,
        @NotBlank String address,
        @Min(1) @Max(65535) Integer port,
        @NotBlank String user,
        @NotBlank String privateKeyFile,
        String knownHostsFile,
        Boolean strictHostKeyChecking,
        Duration connectTimeout,
        Duration commandTimeout) {

    public Host {
        port = port == null ? 22 : port;
        strictHostKeyChecking = strictHostKeyChecking == null || strictHostKeyChecking;
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(10) : connectTimeout;
        commandTimeout = commandTimeout == null ? Duration.ofHours(1) : commandTimeout;
    }
}
