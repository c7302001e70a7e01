package com.logicor.runbook.recovery;

import com.logicor.runbook.lab.TestUsers;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.logicor.runbook.backup.BackupRuns;
import com.logicor.runbook.catalog.BackupCatalog;
import com.logicor.runbook.catalog.BackupRun;
import com.logicor.runbook.clickhouse.ClickHouseDrill;
import com.logicor.runbook.etcd.EtcdDrill;
import com.logicor.runbook.keeper.KeeperDrill;
import com.logicor.runbook.lab.ComponentDrill;
import com.logicor.runbook.lab.Lab;
import com.logicor.runbook.lab.LabExtension;
import com.logicor.runbook.minio.MinioDrill;
import com.logicor.runbook.postgresql.PostgresqlDrill;
import com.logicor.runbook.vault.VaultDrill;
import com.logicor.runbook.lab.RunbookApp;
import com.logicor.runbook.security.RunbookGroups;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * full-cluster-recovery over REST as two people: alice (operator) reports and assesses, bob (approver)
 * approves; alice may not approve her own assessment. PostgreSQL is the affected component here.
 */
class FullClusterRecoveryIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Map<String, String> PASSWORDS = Map.of("alice", "alice-pass-1", "bob", "bob-pass-2");

    // every component's drill: its data fingerprinted and destroyed the way its own restore IT does; the lab is
    // reseeded after the class whatever they say (the disaster also empties MinIO's volume)
    @RegisterExtension
    static final LabExtension LAB = LabExtension.withApp().drill(KeeperDrill::new).drill(ClickHouseDrill::new)
            .drill(EtcdDrill::new).drill(PostgresqlDrill::new).drill(MinioDrill::new).drill(VaultDrill::new)
            .logsOf("ssh-ansible-1").reseedAfterAll();
    static Lab lab;
    static RunbookApp runbook;
    static ConfigurableApplicationContext app;
    static KeeperDrill keeper;
    static ClickHouseDrill clickhouse;
    static EtcdDrill etcd;
    static PostgresqlDrill postgresql;
    static MinioDrill minio;
    static VaultDrill vault;

    @BeforeAll
    static void people() {
        app = runbook.context;
        IdentityService identity = app.getBean(IdentityService.class);
        user(identity, "alice", RunbookGroups.RECOVERY_OPERATORS);
        user(identity, "bob", RunbookGroups.RECOVERY_APPROVERS);
    }

    @Test
    void etcdAndPostgresAreAssessedApprovedByAnotherPersonRestoredAndTheRestIsUntouched() throws Exception {
        BackupRun backup = app.getBean(BackupRuns.class).start(List.of("etcd", "postgresql"), "api", "it", null);
        awaitEnd(backup.processInstanceId(), Duration.ofMinutes(5));
        assertThat(app.getBean(BackupCatalog.class).findRun(backup.id()).orElseThrow().status()).isEqualTo("succeeded");
        Map<String, String> before = pgChecksums();
        Map<String, String> etcdBefore = etcd.fingerprint();
        Map<String, String> othersBefore = untouchedComponents();
        etcd.destroy();       // the seeded keys deleted, a key written after the backup
        postgresql.destroy(); // grafana dropped, earth's incidents emptied

        long startedAt = System.currentTimeMillis();
        HttpResponse<String> started = rest("alice", "/engine-rest/process-definition/key/full-cluster-recovery/start",
                Map.of("variables", typed(Map.of("incidentTitle", "grafana dropped, incidents emptied", "severity", "major"))));
        assertThat(started.statusCode()).as(started.body()).isEqualTo(200);
        String pi = JSON.readTree(started.body()).path("id").asText();

        Task assess = awaitTask(pi, "task_assess");
        HttpResponse<String> nothing = rest("alice", "/engine-rest/task/" + assess.getId() + "/complete",
                Map.of("variables", typed(Map.of("affected_postgresql", false))));
        // the engine wraps a task listener's refusal: the REST API answers 500 with the listener's message
        assertThat(nothing.statusCode()).as(nothing.body()).isNotEqualTo(204);
        assertThat(nothing.body()).contains("no component marked as affected");
        complete("alice", assess, Map.of("affected_etcd", true, "affected_postgresql", true));

        Task approve = awaitTask(pi, "task_approve");
        Map<String, Object> shown = app.getBean(TaskService.class).getVariables(approve.getId());
        assertThat((String) shown.get("evidence_postgresql")).contains(backup.id()).contains("re-verified");
        assertThat((String) shown.get("plan_postgresql")).contains("pg_restore");
        assertThat(shown.get("assessedBy")).isEqualTo("alice");
        assertThat((String) shown.get("evidence_etcd")).contains(backup.id()).contains("snapshot");
        assertThat((String) shown.get("plan_etcd")).contains("snapshot restore");
        assertThat(pgChecksums()).as("preflight touched nothing").isNotEqualTo(before);

        HttpResponse<String> selfClaim = rest("alice", "/engine-rest/task/" + approve.getId() + "/claim", Map.of("userId", "alice"));
        assertThat(selfClaim.statusCode()).as(selfClaim.body()).isEqualTo(403);
        assertThat(selfClaim.body()).contains("four-eyes rule: alice");
        HttpResponse<String> selfApproval = rest("alice", "/engine-rest/task/" + approve.getId() + "/complete",
                Map.of("variables", typed(Map.of("approved", true))));
        assertThat(selfApproval.statusCode()).as(selfApproval.body()).isEqualTo(403);
        assertThat(selfApproval.body()).contains("four-eyes rule: alice");
        Task stillOpen = app.getBean(TaskService.class).createTaskQuery().taskId(approve.getId()).singleResult();
        assertThat(stillOpen).as("the approval is still open").isNotNull();
        assertThat(stillOpen.getAssignee()).isNull();
        complete("bob", approve, Map.of("approved", true));

        Task confirm = awaitTask(pi, "task_confirm");
        Path deployed = Path.of(lab.seed("ansible").path("deployed_marker").asText());
        assertThat(Files.getLastModifiedTime(deployed).toInstant()).as("the playbook ran during the recovery")
                .isAfter(java.time.Instant.ofEpochMilli(startedAt));
        assertThat(pgChecksums()).isEqualTo(before);
        assertThat(etcd.fingerprint()).isEqualTo(etcdBefore);
        assertThat(untouchedComponents()).as("ClickHouse, Vault and MinIO were not touched").isEqualTo(othersBefore);
        assertThat((String) app.getBean(TaskService.class).getVariable(confirm.getId(), "verification"))
                .contains("etcd healthy").contains("earth").contains("(restored)");
        complete("alice", confirm, Map.of("platformWorks", true));

        Task document = awaitTask(pi, "task_document");
        assertThat((String) app.getBean(TaskService.class).getVariable(document.getId(), "incidentSummary"))
                .contains("alice").contains("bob").contains("/api/incidents/" + pi + "/draft");
        HttpResponse<String> draftResponse = get("alice", "/api/incidents/" + pi + "/draft");
        assertThat(draftResponse.statusCode()).isEqualTo(200);
        String draft = draftResponse.body();
        assertThat(draft).contains("grafana dropped").contains("| assessed by | alice |").contains("| approved by | bob |")
                .contains("Restore PostgreSQL").contains("Restore every member from the snapshot").contains("earth.dump")
                .contains("snapshot.db").contains(backup.id());
        complete("alice", document, Map.of("incidentNotes", "Cause: a test dropped the database."));

        HistoricProcessInstance done = awaitEnd(pi, Duration.ofMinutes(2));
        assertThat(done.getEndActivityId()).isEqualTo("end_recovered");
        Map<String, Object> vars = new TreeMap<>();
        app.getBean(HistoryService.class).createHistoricVariableInstanceQuery().processInstanceId(pi).list()
                .forEach(v -> vars.put(v.getName(), v.getValue()));
        assertThat(vars).containsEntry("chosenRun_postgresql", backup.id()).containsEntry("chosenRun_etcd", backup.id());
        var approvals = app.getBean(com.logicor.runbook.approval.ApprovalRecords.class).ofRoot(pi);
        assertThat(approvals).hasSize(1);
        assertThat(approvals.get(0).approver()).isEqualTo("bob");
        assertThat(approvals.get(0).starter()).isEqualTo("alice");
        assertThat(approvals.get(0).assessors()).isEqualTo("alice");
        assertThat(approvals.get(0).parameters().values()).containsEntry("restore.etcd.backupRunId", backup.id())
                .containsEntry("restore.postgresql.backupRunId", backup.id()).containsEntry("dryRun", "false")
                .doesNotContainKey("restore.minio.backupRunId");

        HttpResponse<String> record = get("bob", "/api/incidents/" + pi);
        assertThat(record.statusCode()).isEqualTo(200);
        Files.writeString(Path.of("target/incident-record-sample.md"), record.body()); // for a reader of the build
        assertThat(record.headers().firstValue("Content-Type").orElse("")).startsWith("text/markdown");
        assertThat(record.body()).contains("alice").contains("bob").contains("earth.dump").contains("grafana.dump")
                .contains("globals.sql").contains("snapshot.db").contains("Cause: a test dropped the database.")
                .contains("_Documented by alice._").contains("**approved** by bob").contains("| Approve recovery | full-cluster-recovery |").contains(" | bob | done |").contains("ansible-playbook AIO-docker-distributed-online.yml` exited 0");
    }

    @Test
    void aDryRunOfEveryComponentPlansEverythingAndChangesNothing() throws Exception {
        BackupRun backup = app.getBean(BackupRuns.class).start(List.of("keeper", "clickhouse", "etcd", "postgresql", "minio", "vault"), "api", "it", null);
        awaitEnd(backup.processInstanceId(), Duration.ofMinutes(5));
        Map<String, String> everything = everySeededDatum();
        Path deployed = Path.of(lab.seed("ansible").path("deployed_marker").asText());
        String deployedBefore = Files.exists(deployed) ? Files.readString(deployed) : "";

        HttpResponse<String> started = rest("alice", "/engine-rest/process-definition/key/full-cluster-recovery/start",
                Map.of("variables", typed(Map.of("incidentTitle", "drill: dry run", "severity", "minor"))));
        String pi = JSON.readTree(started.body()).path("id").asText();
        Task assess = awaitTask(pi, "task_assess");
        assertThat((String) app.getBean(TaskService.class).getVariable(assess.getId(), "latest_minio")).contains(backup.id());
        complete("alice", assess, Map.of("affected_keeper", true, "affected_clickhouse", true, "affected_etcd", true,
                "affected_postgresql", true, "affected_minio", true, "affected_vault", true, "dryRun", true));
        HistoricProcessInstance done = awaitEnd(pi, Duration.ofMinutes(3));
        assertThat(done.getEndActivityId()).isEqualTo("end_dry_run");
        Map<String, Object> vars = new TreeMap<>();
        app.getBean(HistoryService.class).createHistoricVariableInstanceQuery().processInstanceId(pi).list()
                .forEach(v -> vars.put(v.getName(), v.getValue()));
        assertThat((String) vars.get("plan_keeper")).contains("tar -x -p -C /").contains("srvr");
        assertThat((String) vars.get("plan_etcd")).contains("snapshot restore");
        assertThat((String) vars.get("plan_postgresql")).contains("pg_restore");
        assertThat((String) vars.get("plan_minio")).contains("docker stop").contains("PUT the decompressed archive");
        assertThat((String) vars.get("plan_vault")).contains("/v1/sys/storage/raft/snapshot");
        assertThat((String) vars.get("plan_clickhouse")).contains("tar -x -p -C /").contains("SELECT version()");
        assertThat(everySeededDatum()).as("a dry run changes nothing anywhere").isEqualTo(everything);
        assertThat(vars.get("ansibleExitStatus")).as("ansible-playbook --check ran").isEqualTo(0L);
        assertThat((String) vars.get("ansiblePlan")).contains("ansible-playbook --check --diff");
        assertThat(Files.exists(deployed) ? Files.readString(deployed) : "").as("check mode deployed nothing").isEqualTo(deployedBefore);
    }

    /**
     * The disaster drill: everything backed up, every component's backed-up data destroyed, the whole recovery
     * through REST as alice (report, assess, confirm, document) and bob (approve); every seeded datum back.
     * ClickHouse's table data is not backed up in the lab (18.16 predates BACKUP): its config is destroyed and
     * restored, and its rows must survive the config restore.
     */
    @Test
    void disasterDrillEveryComponentDestroyedAndRecovered() throws Exception {
        List<String> all = List.of("keeper", "clickhouse", "etcd", "postgresql", "minio", "vault");
        BackupRun backup = app.getBean(BackupRuns.class).start(all, "api", "drill", null);
        awaitEnd(backup.processInstanceId(), Duration.ofMinutes(5));
        assertThat(app.getBean(BackupCatalog.class).findRun(backup.id()).orElseThrow().status()).isEqualTo("succeeded");
        Map<String, String> before = everySeededDatum();
        assertThat(before).doesNotContainValue("missing").doesNotContainValue("unreadable");

        destroyEverything();
        Map<String, String> destroyed = everySeededDatum();
        for (String prefix : List.of("keeper ", "clickhouse config ", "etcd ", "postgresql ", "minio ", "minio-volume ", "vault ")) {
            assertThat(changed(before, destroyed, prefix)).as("destroyed: " + prefix).isTrue();
        }

        HttpResponse<String> started = rest("alice", "/engine-rest/process-definition/key/full-cluster-recovery/start",
                Map.of("variables", typed(Map.of("incidentTitle", "drill: every component lost", "severity", "critical",
                        "description", "All data of the platform destroyed on purpose."))));
        assertThat(started.statusCode()).as(started.body()).isEqualTo(200);
        String pi = JSON.readTree(started.body()).path("id").asText();
        Map<String, Object> assessment = new TreeMap<>();
        for (String c : all) assessment.put("affected_" + c, true);
        assessment.put("scale", "cluster");
        complete("alice", awaitTask(pi, "task_assess"), assessment);
        Task approve = awaitTask(pi, "task_approve");
        Map<String, Object> shown = app.getBean(TaskService.class).getVariables(approve.getId());
        for (String c : all) assertThat((String) shown.get("plan_" + c)).as("plan of " + c).isNotBlank();
        complete("bob", approve, Map.of("approved", true));
        Task confirm = awaitTask(pi, "task_confirm");
        assertThat(everySeededDatum()).as("every seeded datum is back").isEqualTo(before);
        String verification = (String) app.getBean(TaskService.class).getVariable(confirm.getId(), "verification");
        int seededSecrets = lab.seed("vault").path("secrets").size();
        assertThat(verification).contains("keeper quorum").contains("files in config and coordination: keeper-1 ")
                .contains("clickhouse answers SQL").contains("config files: clickhouse-1 ").contains("etcd healthy")
                .contains("vault active and unsealed, secrets per KV mount {secret/=" + seededSecrets + "}").doesNotContain("FAILED");
        complete("alice", confirm, Map.of("platformWorks", true));
        complete("alice", awaitTask(pi, "task_document"), Map.of("incidentNotes", "Drill: nothing lost."));
        assertThat(awaitEnd(pi, Duration.ofMinutes(2)).getEndActivityId()).isEqualTo("end_recovered");

        String record = get("bob", "/api/incidents/" + pi).body();
        Files.writeString(Path.of("target/incident-record-drill.md"), record); // for a reader of the build
        assertThat(record).contains("| assessed by | alice |").contains("| approved by | bob |").contains("Drill: nothing lost.");
        for (var artifact : app.getBean(BackupCatalog.class).artifactsOfRun(backup.id())) {
            // restore-postgresql restores globals and the per-database dumps; pg_dumpall's full dump is the spare
            if (artifact.kind().equals("dumpall")) continue;
            String location = artifact.remoteLocation() != null ? artifact.remoteLocation() : artifact.localLocation();
            assertThat(record).as("the record names " + location).contains(location.substring(location.lastIndexOf('/') + 1));
        }
        for (String c : all) assertThat(record).contains("### " + c);
    }

    static boolean changed(Map<String, String> before, Map<String, String> after, String prefix) {
        return before.entrySet().stream().filter(e -> e.getKey().startsWith(prefix))
                .anyMatch(e -> !e.getValue().equals(after.get(e.getKey())));
    }

    /**
     * Every component's backed-up data, each by its drill (Keeper files, ClickHouse config, etcd keys, tables, objects,
     * secrets); beyond the drills: earth dropped too, and MinIO's volume emptied under the running MinIO.
     */
    static void destroyEverything() throws Exception {
        for (ComponentDrill drill : drills()) drill.destroy();
        try (Connection c = postgresql.connect("postgres"); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE earth WITH (FORCE)");
        }
        try (var files = Files.walk(MINIO_VOLUME)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                if (!p.equals(MINIO_VOLUME)) Files.delete(p);
            }
        }
    }

    static final Path MINIO_VOLUME = Path.of("/var/lib/containers/storage/volumes/logiq_minio-data/_data");

    static List<ComponentDrill> drills() {
        return List.of(keeper, clickhouse, etcd, postgresql, minio, vault);
    }

    /** Fingerprints of everything the drill destroys, keyed "component what" (MinIO's volume files as "minio-volume …"). */
    static Map<String, String> everySeededDatum() throws Exception {
        Map<String, String> out = new TreeMap<>();
        for (ComponentDrill drill : drills()) drill.fingerprint().forEach((k, v) -> out.put(drill.component() + " " + k, v));
        minioVolume().forEach((k, v) -> out.put("minio-volume " + k, v));
        return out;
    }

    /** MinIO's files on its volume: path → size and sha256. */
    static Map<String, String> minioVolume() throws Exception {
        Map<String, String> out = new TreeMap<>();
        try (var files = Files.walk(MINIO_VOLUME)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                out.put(MINIO_VOLUME.relativize(f).toString(), Files.size(f) + " " + sha256OrMissing(f));
            }
        }
        return out;
    }

    static String sha256OrMissing(Path file) throws Exception {
        if (!Files.exists(file)) return "missing";
        try (var in = Files.newInputStream(file)) {
            return com.logicor.runbook.lab.TestData.sha256Of(in);
        }
    }

    static HttpResponse<String> get(String user, String path) throws Exception {
        int port = runbook.port();
        String auth = user + ":" + PASSWORDS.get(user);
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(auth.getBytes(StandardCharsets.UTF_8)))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    // ---- helpers ----------------------------------------------------------------------------------------

    static void user(IdentityService identity, String id, String group) {
        TestUsers.ensure(identity, id, PASSWORDS.get(id), group);
    }

    static void complete(String user, Task task, Map<String, Object> variables) throws Exception {
        HttpResponse<String> r = rest(user, "/engine-rest/task/" + task.getId() + "/complete", Map.of("variables", typed(variables)));
        assertThat(r.statusCode()).as(user + " completes " + task.getTaskDefinitionKey() + ": " + r.body()).isEqualTo(204);
    }

    static Map<String, Object> typed(Map<String, Object> variables) {
        Map<String, Object> out = new TreeMap<>();
        variables.forEach((k, v) -> out.put(k, Map.of("value", v, "type", v instanceof Boolean ? "Boolean" : "String")));
        return out;
    }

    static HttpResponse<String> rest(String user, String path, Object body) throws Exception {
        int port = runbook.port();
        String auth = user + ":" + PASSWORDS.get(user);
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(auth.getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(), HttpResponse.BodyHandlers.ofString());
    }

    static Map<String, String> pgChecksums() throws Exception {
        return postgresql.fingerprint();
    }

    /** ClickHouse's config and seeded rows, Vault's seeded secrets, MinIO's objects and its files on the volume. */
    static Map<String, String> untouchedComponents() throws Exception {
        Map<String, String> out = new TreeMap<>();
        for (ComponentDrill drill : List.of(clickhouse, minio, vault)) {
            drill.fingerprint().forEach((k, v) -> out.put(drill.component() + " " + k, v));
        }
        minioVolume().forEach((k, v) -> out.put("minio-volume " + k, v));
        return out;
    }

    static Task awaitTask(String pi, String key) {
        return runbook.awaitTask(pi, key, Duration.ofMinutes(3));
    }

    static HistoricProcessInstance awaitEnd(String id, Duration limit) {
        return runbook.awaitEnd(id, limit);
    }
}
