package com.logicor.runbook.backup;

import com.logicor.runbook.inventory.ComponentId;
import com.logicor.runbook.inventory.Inventory;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * What monitoring sees of each component backup: Micrometer meters at /actuator/prometheus, and the optional
 * trigger file per component (seed 002, for Zabbix-style checks): one line {@code OK|FAILED <time> <run> <text>}.
 * The last-success gauge reads the catalog, so it is right on every runbook node and after a restart.
 */
@Component
public class BackupOutcomes {

    private static final Logger log = LoggerFactory.getLogger(BackupOutcomes.class);

    private final MeterRegistry registry;
    private final Inventory inventory;

    public BackupOutcomes(MeterRegistry registry, Inventory inventory, JdbcTemplate jdbc) {
        this.registry = registry;
        this.inventory = inventory;
        for (ComponentId id : inventory.components().stream().map(com.logicor.runbook.inventory.ComponentSpec::componentId).toList()) {
            Gauge.builder("runbook.backup.last.success", jdbc, j -> lastSuccessEpochSeconds(j, id.id()))
                    .description("Unix time of the newest verified artifact of the component (0: none)")
                    .baseUnit("seconds").tag("component", id.id()).register(registry);
        }
    }

    private static double lastSuccessEpochSeconds(JdbcTemplate jdbc, String component) {
        try {
            java.time.OffsetDateTime t = jdbc.queryForObject("select max(finished_at) from runbook_backup_artifact "
                    + "where component = ? and status = 'verified' and (" + com.logicor.runbook.catalog.BackupCatalog.INTACT_COPY + ")",
                    java.time.OffsetDateTime.class, component);
            return t == null ? 0 : t.toEpochSecond();
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }

    public void succeeded(String component, BackupRunContext run, ComponentBackupResult result, long millis) {
        long bytes = result.artifacts().stream().mapToLong(StoredArtifact::size).sum();
        Counter.builder("runbook.backup.bytes").description("Bytes stored (after compression)").baseUnit("bytes")
                .tag("component", component).register(registry).increment(bytes);
        Timer.builder("runbook.backup.duration").description("Duration of a component backup")
                .tag("component", component).register(registry).record(Duration.ofMillis(millis));
        trigger(component, "OK " + Instant.now() + " " + run.runId() + " " + result.artifacts().size()
                + " artifact(s), " + bytes + " bytes in " + TimeUnit.MILLISECONDS.toSeconds(millis) + " s");
    }

    public void failed(String component, BackupRunContext run, String reason) {
        Counter.builder("runbook.backup.failures").description("Component backups that failed after all retries")
                .tag("component", component).register(registry).increment();
        trigger(component, "FAILED " + Instant.now() + " " + run.runId() + " " + reason.replace('\n', ' '));
    }

    private void trigger(String component, String line) {
        String file = inventory.components().stream().filter(c -> c.id().equals(component)).findFirst()
                .map(com.logicor.runbook.inventory.ComponentSpec::triggerFile).orElse(null);
        if (file == null) return;
        try {
            Path target = Path.of(file);
            Files.createDirectories(target.toAbsolutePath().getParent());
            Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
            Files.writeString(tmp, line + "\n", StandardCharsets.UTF_8);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            log.warn("could not write the trigger file {} of {}: {}", file, component, e.getMessage());
        }
    }
}
