package com.logicor.runbook;

import static org.assertj.core.api.Assertions.assertThat;

import com.logicor.runbook.catalog.ArtifactOutcome;
import com.logicor.runbook.catalog.ArtifactStatus;
import com.logicor.runbook.catalog.ArtifactSubject;
import com.logicor.runbook.catalog.BackupCatalog;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RuntimeService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The embedded defaults (H2 file database, built-in inventory): the catalog and the process history survive
 * a restart, the admin account is made once, and nothing answers without a login.
 */
class RestartKeepsStateTest {

    static final String PASSWORD = "first-start-secret";

    @TempDir
    Path dataDir;

    ConfigurableApplicationContext start(String adminPassword) {
        return new SpringApplicationBuilder(RunbookApplication.class).run(
                "--server.port=0",
                "--runbook.data-dir=" + dataDir,
                "--runbook.inventory=",
                "--runbook.admin.password=" + adminPassword,
                // the test looks at stored state; timers and async steps stay put
                "--camunda.bpm.job-execution.enabled=false");
    }

    @Test
    void catalogHistoryAndAdminSurviveARestartAndEveryEntryPointNeedsALogin() throws Exception {
        String runId;
        String artifactId;
        String processInstanceId;
        try (ConfigurableApplicationContext app = start(PASSWORD)) {
            BackupCatalog catalog = app.getBean(BackupCatalog.class);
            runId = catalog.startRun("manual", "admin", List.of("etcd"), null).id();
            artifactId = catalog.startArtifact(runId, "etcd", "etcd", "snapshot", null, ArtifactSubject.NONE).id();
            catalog.recordArtifact(artifactId, ArtifactOutcome.verified("/backup/etcd/x/snapshot.db.zst",
                    "s3://b/etcd/x/snapshot.db.zst", 1234L, "ab".repeat(32), null));
            processInstanceId = app.getBean(RuntimeService.class).startProcessInstanceByKey("inventory-check").getId();

            int port = ((WebServerApplicationContext) app).getWebServer().getPort();
            for (String path : List.of("/engine-rest/process-definition", "/api/backups", "/actuator/prometheus",
                    "/camunda/api/engine/engine/default/process-definition",
                    "/camunda/api/cockpit/plugin/base/default/process-definition/statistics")) {
                assertThat(get(port, path, null)).as("anonymous " + path).isIn(401, 403);
            }
            assertThat(get(port, "/api/backups", "admin:" + PASSWORD)).isEqualTo(200);
            assertThat(get(port, "/engine-rest/process-definition", "admin:" + PASSWORD)).isEqualTo(200);
        }

        try (ConfigurableApplicationContext app = start("a-different-password")) {
            BackupCatalog catalog = app.getBean(BackupCatalog.class);
            assertThat(catalog.findRun(runId)).isPresent();
            assertThat(catalog.findArtifact(artifactId)).get()
                    .satisfies(a -> {
                        assertThat(a.status()).isEqualTo(ArtifactStatus.VERIFIED);
                        assertThat(a.sizeBytes()).isEqualTo(1234L);
                    });
            assertThat(app.getBean(HistoryService.class).createHistoricProcessInstanceQuery()
                    .processInstanceId(processInstanceId).count()).isEqualTo(1);
            IdentityService identity = app.getBean(IdentityService.class);
            assertThat(identity.checkPassword("admin", PASSWORD)).as("the first start's password stays").isTrue();
            assertThat(identity.checkPassword("admin", "a-different-password")).isFalse();
            // last: a failed login makes the engine delay the account's next attempts
            int port = ((WebServerApplicationContext) app).getWebServer().getPort();
            assertThat(get(port, "/api/backups", "admin:wrong")).isEqualTo(401);
        }
    }

    static int get(int port, String path, String basicAuth) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET();
        if (basicAuth != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString(basicAuth.getBytes(StandardCharsets.UTF_8)));
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
