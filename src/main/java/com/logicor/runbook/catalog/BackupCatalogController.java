package com.logicor.runbook.catalog;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/** The backup catalog over HTTP: {@code GET /api/backups} (filtered, paged) and {@code GET /api/backups/{id}}. */
@RestController
@RequestMapping("/api/backups")
public class BackupCatalogController {

    private final BackupCatalog catalog;

    public BackupCatalogController(BackupCatalog catalog) {
        this.catalog = catalog;
    }

    @GetMapping
    public Page<BackupArtifact> list(@RequestParam(required = false) String component,
                                     @RequestParam(required = false) String status,
                                     @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) OffsetDateTime from,
                                     @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) OffsetDateTime to,
                                     @RequestParam(defaultValue = "0") int page,
                                     @RequestParam(defaultValue = "50") int size) {
        ArtifactStatus st = status == null ? null : parseStatus(status);
        return catalog.findArtifacts(new ArtifactQuery(component, st, from, to, page, size));
    }

    @GetMapping("/{id}")
    public ResponseEntity<Map<String, Object>> get(@PathVariable String id) {
        return catalog.findArtifact(id)
                .map(a -> ResponseEntity.ok(Map.<String, Object>of("artifact", a,
                        "run", catalog.findRun(a.runId()).orElseThrow())))
                .orElseGet(() -> ResponseEntity.status(HttpStatus.NOT_FOUND)
                        .body(Map.of("error", "no backup artifact with this id")));
    }

    private static ArtifactStatus parseStatus(String status) {
        try {
            return ArtifactStatus.of(status);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("status must be one of " + List.of(ArtifactStatus.values()).stream()
                    .map(ArtifactStatus::code).toList());
        }
    }

    @ExceptionHandler({IllegalArgumentException.class, MethodArgumentTypeMismatchException.class})
    ResponseEntity<Map<String, String>> badRequest(Exception e) {
        // the parameter's name, never its value: the answer does not echo what the caller sent
        String message = e instanceof MethodArgumentTypeMismatchException m
                ? m.getName() + ": cannot read the value" : e.getMessage();
        return ResponseEntity.badRequest().body(Map.of("error", message));
    }
}
