package com.logicor.runbook.backup;

import com.logicor.runbook.catalog.BackupCatalog;
import com.logicor.runbook.catalog.BackupRun;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.IdentityService;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/backups/runs} starts a backup now — body {@code {"components": ["etcd", …],
 * "compression": "zstd"}}, both optional (all components) — and answers 202 with the run id at once, or
 * 400 without writing anything when the request is not valid;
 * {@code GET /api/backups/runs/{id}} shows the run and its artifacts as they progress.
 */
@RestController
@RequestMapping("/api/backups/runs")
public class BackupRunController {

    private final BackupRuns runs;
    private final BackupCatalog catalog;
    private final IdentityService identity;

    public BackupRunController(BackupRuns runs, BackupCatalog catalog, IdentityService identity) {
        this.runs = runs;
        this.catalog = catalog;
        this.identity = identity;
    }

    public record StartRequest(List<String> components, String compression) {}

    @PostMapping
    public ResponseEntity<Map<String, Object>> start(@RequestBody(required = false) StartRequest request) {
        var auth = identity.getCurrentAuthentication();
        BackupRun run = runs.start(request == null || request.components() == null ? List.of() : request.components(),
                "api", auth == null ? null : auth.getUserId(), request == null ? null : request.compression());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("runId", run.id());
        body.put("processInstanceId", run.processInstanceId());
        body.put("components", run.components());
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(body);
    }

    @GetMapping("/{id}")
    public ResponseEntity<Map<String, Object>> get(@PathVariable String id) {
        return catalog.findRun(id)
                .map(run -> ResponseEntity.ok(Map.<String, Object>of("run", run, "artifacts", catalog.artifactsOfRun(id))))
                .orElseGet(() -> ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", "no backup run with this id")));
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<Map<String, String>> badRequest(IllegalArgumentException e) {
        return ResponseEntity.badRequest().body(Map.of("error", e.getMessage()));
    }
}
