package com.logicor.runbook.security;

import com.logicor.runbook.lab.TestUsers;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.logicor.runbook.RunbookApplication;
import com.logicor.runbook.catalog.BackupCatalog;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permission;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.Resource;
import org.camunda.bpm.engine.authorization.Resources;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What an attacker with an account (or without one) tries against /api, /actuator and the logins, over real
 * HTTP against the app on its embedded defaults (H2, local storage, built-in inventory; no lab). Every refusal
 * is checked for its status and for leaving nothing behind: no run row, no locked account.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ApiSecurityIT {

    static final String PASSWORD = "api-security-it-secret";
    static final String ADMIN = "admin";
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;
    static Path dataDir;
    static ConfigurableApplicationContext app;
    static int port;
    static IdentityService identity;
    static JdbcTemplate jdbc;
    static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        dataDir = tmp.resolve("data");
        // made world-readable by an older version or a careless umask: the start-up closes it
        Files.createDirectories(dataDir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwxr-xr-x"));
        app = new SpringApplicationBuilder(RunbookApplication.class).run(
                "--server.port=0",
                "--runbook.data-dir=" + dataDir,
                "--runbook.inventory=",
                "--runbook.admin.password=" + PASSWORD,
                // the throttle's shape as in production, only shorter, so the test can wait it out
                "--runbook.login.delay-base-seconds=1",
                "--runbook.login.delay-max-seconds=1",
                // started runs stay put: the test looks at what was written, not at backups
                "--camunda.bpm.job-execution.enabled=false");
        port = ((WebServerApplicationContext) app).getWebServer().getPort();
        identity = app.getBean(IdentityService.class);
        jdbc = app.getBean(JdbcTemplate.class);
        for (String group : List.of(RunbookGroups.RECOVERY_OPERATORS, RunbookGroups.RECOVERY_APPROVERS,
                RunbookGroups.BACKUP_OPERATORS, RunbookGroups.RUNBOOK_VIEWERS)) {
            if (identity.createGroupQuery().groupId(group).count() == 0) {
                identity.saveGroup(identity.newGroup(group));
            }
        }
        user("alice", RunbookGroups.RECOVERY_OPERATORS);
        user("bob", RunbookGroups.RECOVERY_APPROVERS);
        user("dave", RunbookGroups.RECOVERY_OPERATORS);
        user("erin", null);
        user("frank", RunbookGroups.BACKUP_OPERATORS);
        user("gina", RunbookGroups.BACKUP_OPERATORS);
        user("victor", RunbookGroups.RUNBOOK_VIEWERS);
        // backup-operators hold the engine's grants to start backups (RunbookRolesBootstrap); an administrator took
        // gina's away for herself: she shows what the engine still refuses behind the role matrix
        revokeUser("gina", Resources.PROCESS_INSTANCE, "*", Permissions.CREATE);
    }

    @AfterAll
    static void stop() {
        if (app != null) app.close();
    }

    static void user(String id, String group) {
        TestUsers.ensure(identity, id, id + "-" + PASSWORD, group == null ? new String[0] : new String[] {group});
    }

    static void revokeUser(String userId, Resource resource, String resourceId, Permission... permissions) {
        AuthorizationService authorizations = app.getBean(AuthorizationService.class);
        Authorization revoke = authorizations.createNewAuthorization(Authorization.AUTH_TYPE_REVOKE);
        revoke.setUserId(userId);
        revoke.setResource(resource);
        revoke.setResourceId(resourceId);
        for (Permission p : permissions) revoke.removePermission(p);
        authorizations.saveAuthorization(revoke);
    }

    static String login(String userId) {
        return userId + ":" + (userId.equals(ADMIN) ? PASSWORD : userId + "-" + PASSWORD);
    }

    static HttpResponse<String> get(String path, String basic) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).GET(), basic);
    }

    static HttpResponse<String> post(String path, String basic, String json) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json)), basic);
    }

    static HttpResponse<String> send(HttpRequest.Builder request, String basic) throws Exception {
        if (basic != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(basic.getBytes(StandardCharsets.UTF_8)));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    static int runRows() {
        return jdbc.queryForObject("select count(*) from runbook_backup_run", Integer.class);
    }

    static void assertRefused(HttpResponse<String> response, String ruleMentions) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(403);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("error").asText()).isNotBlank();
        assertThat(body.path("rule").asText()).contains(ruleMentions);
    }

    static void assertNobodyLocked() {
        for (String id : List.of(ADMIN, "alice", "bob", "dave", "erin", "frank", "gina", "victor")) {
            assertThat(identity.checkPassword(id, login(id).substring(id.length() + 1))).as(id + " can still log in").isTrue();
        }
    }

    @Test
    @Order(1)
    void theDataDirectoryAndTheSshKeyAreOwnerOnly() throws Exception {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir.resolve("ssh")))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir.resolve("ssh/id_ed25519")))).isEqualTo("rw-------");
    }

    @Test
    @Order(2)
    void aUserInNoGroupIsRefusedEverythingWith403NamingTheRuleAndNothingChanges() throws Exception {
        int rows = runRows();
        String erin = login("erin");
        assertRefused(get("/api/backups", erin), RunbookGroups.RUNBOOK_VIEWERS);
        assertRefused(get("/api/backups/runs/x", erin), RunbookGroups.RUNBOOK_VIEWERS);
        assertRefused(get("/api/incidents", erin), RunbookGroups.RUNBOOK_VIEWERS);
        assertRefused(get("/api/inventory/check", erin), RunbookGroups.RECOVERY_OPERATORS);
        assertRefused(get("/actuator/prometheus", erin), RunbookGroups.RUNBOOK_VIEWERS);
        assertRefused(post("/api/backups/runs", erin, "{\"components\":[\"etcd\"]}"), RunbookGroups.BACKUP_OPERATORS);
        assertRefused(post("/api/schedules/etcd/snapshot/disable", erin, null), RunbookGroups.BACKUP_OPERATORS);
        assertThat(runRows()).as("no run row written").isEqualTo(rows);
        assertThat(schedulesEnabled()).as("no schedule paused").doesNotContain(false);
    }

    @Test
    @Order(3)
    void eachRoleGetsWhatTheMatrixSaysAndNoMore() throws Exception {
        int rows = runRows();
        for (String reader : List.of("alice", "bob", "dave", "frank", "victor", ADMIN)) {
            assertThat(get("/api/backups", login(reader)).statusCode()).as(reader + " reads the catalog").isEqualTo(200);
            assertThat(get("/api/incidents", login(reader)).statusCode()).as(reader + " reads incidents").isEqualTo(200);
        }
        assertThat(get("/actuator/prometheus", login("victor")).statusCode()).isEqualTo(200);
        assertRefused(get("/api/inventory/check", login("bob")), RunbookGroups.BACKUP_OPERATORS);
        assertRefused(get("/api/inventory/check", login("victor")), RunbookGroups.BACKUP_OPERATORS);
        for (String notBackupOperator : List.of("alice", "bob", "dave", "victor")) {
            assertRefused(post("/api/backups/runs", login(notBackupOperator), "{\"components\":[\"etcd\"]}"), RunbookGroups.BACKUP_OPERATORS);
            assertRefused(post("/api/schedules/etcd/snapshot/disable", login(notBackupOperator), null), RunbookGroups.BACKUP_OPERATORS);
        }
        assertRefused(get("/api/nothing-here", login(ADMIN)), "role matrix");
        assertThat(runRows()).isEqualTo(rows);
        assertThat(schedulesEnabled()).doesNotContain(false);

        HttpResponse<String> check = get("/api/inventory/check", login("alice"));
        assertThat(check.statusCode()).as("a recovery operator runs the inventory check").isEqualTo(200);
    }

    @Test
    @Order(4)
    void aBackupOperatorStartsARunAsThemselvesAndPausesASchedule() throws Exception {
        int rows = runRows();
        HttpResponse<String> started = post("/api/backups/runs", login("frank"), "{\"components\":[\"etcd\"],\"compression\":\"gzip\"}");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        String runId = JSON.readTree(started.body()).path("runId").asText();
        assertThat(app.getBean(BackupCatalog.class).findRun(runId)).get()
                .satisfies(run -> assertThat(run.requestedBy()).as("the engine's current user during the request").isEqualTo("frank"));
        assertThat(runRows()).isEqualTo(rows + 1);

        HttpResponse<String> paused = post("/api/schedules/etcd/snapshot/disable", login("frank"), null);
        assertThat(paused.statusCode()).as(paused.body()).isEqualTo(200);
        HttpResponse<String> resumed = post("/api/schedules/etcd/snapshot/enable", login("frank"), null);
        assertThat(resumed.statusCode()).as(resumed.body()).isEqualTo(200);
    }

    @Test
    @Order(5)
    void whatTheEngineRefusesIs403NotA500AndLeavesNoRunRow() throws Exception {
        int rows = runRows();
        HttpResponse<String> refused = post("/api/backups/runs", login("gina"), "{\"components\":[\"etcd\"]}");
        assertRefused(refused, Permissions.CREATE.getName());
        assertThat(runRows()).isEqualTo(rows);
        assertThat(jdbc.queryForObject("select count(*) from runbook_backup_run where status = 'running' and requested_by = 'gina'",
                Integer.class)).isZero();
    }

    @Test
    @Order(6)
    void invalidRequestsAre400BeforeAnythingIsWrittenAndAreNotEchoed() throws Exception {
        int rows = runRows();
        String frank = login("frank");
        String huge = "k".repeat(10_000);
        Map<String, String> bad = Map.of(
                "unknown component", "{\"components\":[\"mysql\"]}",
                "bad compression", "{\"components\":[\"etcd\"],\"compression\":\"lz4\"}",
                "duplicate component", "{\"components\":[\"etcd\",\"etcd\"]}",
                "over-long component", "{\"components\":[\"" + huge + "\"]}",
                "over-long compression", "{\"compression\":\"" + huge + "\"}",
                "body over the limit", "{\"components\":[\"etcd\"],\"pad\":\"" + "p".repeat(20_000) + "\"}",
                "not JSON", "{\"components\":");
        for (var c : bad.entrySet()) {
            HttpResponse<String> response = post("/api/backups/runs", frank, c.getValue());
            assertThat(response.statusCode()).as(c.getKey() + ": " + response.body()).isEqualTo(400);
            assertThat(response.body()).as(c.getKey()).doesNotContain("kkkkkkkkkk").doesNotContain("pppppppppp");
        }
        // a chunked body (no declared length) over the limit stops being read at the limit
        byte[] chunked = ("{\"components\":[\"etcd\"],\"pad\":\"" + "p".repeat(40_000) + "\"}").getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/api/backups/runs")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(chunked))), frank);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(runRows()).as("no run row written").isEqualTo(rows);
        assertThat(app.getBean(BackupCatalog.class).findArtifacts(
                new com.logicor.runbook.catalog.ArtifactQuery(null, null, null, null, 0, 50)).items()).isEmpty();
    }

    @Test
    @Order(7)
    void withoutALoginEveryGuardedPathIs401WithABasicChallengeAndHealthIsOpenWithoutDetails() throws Exception {
        for (String path : List.of("/api/backups", "/api/incidents", "/api/inventory/check", "/actuator/prometheus")) {
            HttpResponse<String> response = get(path, null);
            assertThat(response.statusCode()).as(path).isEqualTo(401);
            assertThat(response.headers().firstValue("WWW-Authenticate")).get().asString().startsWith("Basic");
        }
        HttpResponse<String> health = get("/actuator/health", null);
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(health.body()).has("components")).as("no details").isFalse();
        HttpResponse<String> healthAsAdmin = get("/actuator/health", login(ADMIN));
        assertThat(JSON.readTree(healthAsAdmin.body()).has("components")).isFalse();
    }

    @Test
    @Order(8)
    void theWebappsAndEngineRestKeepTheirOwnLogin() throws Exception {
        HttpResponse<String> welcome = get("/camunda/app/welcome/default/", null);
        assertThat(welcome.statusCode()).isEqualTo(200);
        assertThat(welcome.body()).containsIgnoringCase("<html");
        assertThat(welcome.headers().firstValue("WWW-Authenticate")).isEmpty();
        assertThat(get("/engine-rest/process-definition", null).statusCode()).isEqualTo(401);
        assertThat(get("/engine-rest/process-definition", login(ADMIN)).statusCode()).isEqualTo(200);
    }

    @Test
    @Order(9)
    void wrongPasswordsThrottleButNeverLockAnAccountNotEvenTheAdmin() throws Exception {
        HttpResponse<String> unknownUser = get("/api/backups", "mallory:guess");
        // more wrong passwords than the engine's default limit (10, then locked for good), each after the delay
        for (int attempt = 0; attempt < 13; attempt++) {
            for (String id : List.of(ADMIN, "alice")) {
                HttpResponse<String> wrong = get("/api/backups", id + ":guess-" + attempt);
                assertThat(wrong.statusCode()).isEqualTo(401);
                assertThat(wrong.body()).as("a wrong password looks like an unknown user").isEqualTo(unknownUser.body());
            }
            // the engine's delay (1 s here) runs out on the clock; it cannot be polled: a right password would end
            // the series, and a wrong one answers the same during the delay as after it
            Thread.sleep(1_100);
        }
        HttpResponse<String> wrong = get("/api/backups", ADMIN + ":guess-again");
        assertThat(wrong.statusCode()).isEqualTo(401);
        HttpResponse<String> rightDuringDelay = get("/api/backups", login(ADMIN));
        assertThat(rightDuringDelay.statusCode()).as("the right password during the delay is refused like a wrong one").isEqualTo(401);
        assertThat(rightDuringDelay.body()).isEqualTo(unknownUser.body());
        assertThat(get("/engine-rest/process-definition", login(ADMIN)).statusCode()).as("engine REST shares the throttle").isEqualTo(401);

        Thread.sleep(1_100); // the delay runs out on the clock (see above)
        assertThat(get("/api/backups", login(ADMIN)).statusCode()).as("admin after the delay").isEqualTo(200);
        assertThat(get("/api/backups", login("alice")).statusCode()).as("alice after the delay").isEqualTo(200);
        assertNobodyLocked();
    }

    static List<Boolean> schedulesEnabled() throws Exception {
        HttpResponse<String> schedules = get("/api/schedules", login(ADMIN));
        assertThat(schedules.statusCode()).as(schedules.body()).isEqualTo(200);
        return JSON.readTree(schedules.body()).findValues("enabled").stream().map(JsonNode::asBoolean).toList();
    }
}
