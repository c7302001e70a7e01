package com.logicor.runbook.recovery;

import static com.logicor.runbook.recovery.FullClusterRecoveryProcess.ORDER;
import static com.logicor.runbook.recovery.FullClusterRecoveryProcess.VAR_AFFECTED_PREFIX;

import com.logicor.runbook.etcd.EtcdRestore;
import com.logicor.runbook.inventory.ComponentId;
import com.logicor.runbook.inventory.Inventory;
import com.logicor.runbook.clickhouse.ClickHouseConfigRestore;
import com.logicor.runbook.clickhouse.ClickHouseDataRestore;
import com.logicor.runbook.keeper.KeeperRestore;
import com.logicor.runbook.minio.MinioRestore;
import com.logicor.runbook.postgresql.PostgresRestore;
import com.logicor.runbook.reachability.ReachabilityCheck;
import com.logicor.runbook.reachability.ReachabilityReport;
import com.logicor.runbook.reachability.ReachabilityResult;
import com.logicor.runbook.hostfiles.HostFilesRestore;
import com.logicor.runbook.vault.VaultRestore;
import com.logicor.runbook.vault.VaultSecretCensus;
import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * Step "Verify every component" after the restores: every endpoint of the inventory answers (hosts, engines,
 * storage, components), and each component has its data — Keeper quorum and files, ClickHouse answering SQL with tables and rows and its config files, etcd healthy with keys, each PostgreSQL database
 * with tables, MinIO with objects, Vault unsealed with its secrets counted. The findings go to {@code verification} (one line each) for
 * the operator's confirmation and the incident record; a restored component that fails its check fails the
 * step (retries, then an incident), a component that was not restored is reported, not fatal.
 */
@Component("recoveryVerification")
public class PlatformVerification implements JavaDelegate {

    private final Inventory inventory;
    private final ReachabilityCheck reachability;
    private final KeeperRestore keeper;
    private final ClickHouseConfigRestore clickhouseConfig;
    private final ClickHouseDataRestore clickhouseData;
    private final EtcdRestore etcd;
    private final PostgresRestore postgres;
    private final MinioRestore minio;
    private final VaultRestore vault;
    private final VaultSecretCensus vaultSecrets;
    private final HostFilesRestore files;

    public PlatformVerification(Inventory inventory, ReachabilityCheck reachability, KeeperRestore keeper,
                                ClickHouseConfigRestore clickhouseConfig, ClickHouseDataRestore clickhouseData, EtcdRestore etcd,
                                PostgresRestore postgres, MinioRestore minio, VaultRestore vault,
                                VaultSecretCensus vaultSecrets, HostFilesRestore files) {
        this.inventory = inventory;
        this.reachability = reachability;
        this.keeper = keeper;
        this.clickhouseConfig = clickhouseConfig;
        this.clickhouseData = clickhouseData;
        this.etcd = etcd;
        this.postgres = postgres;
        this.minio = minio;
        this.vault = vault;
        this.vaultSecrets = vaultSecrets;
        this.files = files;
    }

    private interface Check {
        String run() throws Exception;
    }

    @Override
    public void execute(DelegateExecution execution) {
        List<String> lines = new ArrayList<>();
        List<String> fatal = new ArrayList<>();
        ReachabilityReport report = reachability.run();
        for (ReachabilityResult r : report.results()) {
            lines.add((r.ok() ? "ok     " : "FAILED ") + r.kind() + " " + r.target() + " " + r.address()
                    + (r.ok() ? "" : ": " + r.reason()));
        }
        check(execution, "keeper", () -> {
            var k = inventory.component(ComponentId.KEEPER);
            List<String> counts = new ArrayList<>();
            for (var n : k.nodes()) counts.add(n.name() + " " + files.countFiles(k, n, KeeperRestore.paths(k, n)));
            return "keeper quorum " + String.join(", ", keeper.awaitQuorum(k)) + "; files in config and coordination: "
                    + String.join(", ", counts);
        }, lines, fatal);
        check(execution, "clickhouse", () -> {
            var ch = inventory.component(ComponentId.CLICKHOUSE);
            List<String> counts = new ArrayList<>();
            for (var n : ch.nodes()) counts.add(n.name() + " " + files.countFiles(ch, n, ch.configPathsOf(n)));
            return "clickhouse answers SQL (" + String.join(", ", clickhouseConfig.awaitServing(ch)) + "); "
                    + String.join("; ", clickhouseData.census(ch)) + "; config files: " + String.join(", ", counts);
        }, lines, fatal);
        check(execution, "etcd", () -> "etcd healthy, " + etcd.awaitHealthyAndCountKeys(inventory.component(ComponentId.ETCD)) + " keys", lines, fatal);
        check(execution, "postgresql", () -> {
            var pg = inventory.component(ComponentId.POSTGRESQL);
            List<String> dbs = new ArrayList<>();
            for (String db : pg.databases()) dbs.add(db + " " + postgres.userTables(pg, db) + " tables");
            return "postgresql " + String.join(", ", dbs);
        }, lines, fatal);
        check(execution, "minio", () -> "minio answers, " + minio.awaitObjects(inventory.component(ComponentId.MINIO)) + " objects", lines, fatal);
        check(execution, "vault", () -> {
            var v = inventory.component(ComponentId.VAULT);
            vault.checkUnsealed(v);
            return "vault active and unsealed, secrets per KV mount " + vaultSecrets.count(v);
        }, lines, fatal);
        execution.setVariable("verification", String.join("\n", lines));
        if (!fatal.isEmpty()) {
            throw new IllegalStateException("restored components fail their checks: " + String.join("; ", fatal));
        }
    }

    private static void check(DelegateExecution execution, String component, Check check, List<String> lines, List<String> fatal) {
        boolean restored = ORDER.contains(component) && Boolean.TRUE.equals(execution.getVariable(VAR_AFFECTED_PREFIX + component));
        try {
            lines.add("ok     " + check.run() + (restored ? " (restored)" : ""));
        } catch (Exception e) {
            lines.add("FAILED " + component + ": " + e.getMessage());
            if (restored) fatal.add(component + ": " + e.getMessage());
        }
    }
}
