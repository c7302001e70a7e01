package com.logicor.runbook.recovery;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** The incident records: a list, and each one as a Markdown download. */
@RestController
@RequestMapping("/api/incidents")
public class IncidentRecordController {

    private final IncidentRecords records;
    private final IncidentRecordWriter writer;
    private final org.camunda.bpm.engine.HistoryService history;

    public IncidentRecordController(IncidentRecords records, IncidentRecordWriter writer, org.camunda.bpm.engine.HistoryService history) {
        this.records = records;
        this.writer = writer;
        this.history = history;
    }

    /** The record as it would be written now, for a recovery still running (the "Document incident" step). */
    @GetMapping("/{processInstanceId}/draft")
    public ResponseEntity<byte[]> draft(@PathVariable String processInstanceId) {
        if (history.createHistoricProcessInstanceQuery().processInstanceId(processInstanceId)
                .processDefinitionKey(FullClusterRecoveryProcess.KEY).count() == 0) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, "no recovery " + processInstanceId);
        }
        Map<String, Object> vars = new java.util.HashMap<>();
        history.createHistoricVariableInstanceQuery().processInstanceId(processInstanceId).list()
                .forEach(v -> vars.put(v.getName(), v.getValue()));
        return ResponseEntity.ok().contentType(new MediaType("text", "markdown", StandardCharsets.UTF_8))
                .body(writer.markdown(processInstanceId, vars).getBytes(StandardCharsets.UTF_8));
    }

    @GetMapping
    public List<Map<String, Object>> list() {
        return records.newestFirst(200).stream().map(r -> Map.<String, Object>of(
                "processInstanceId", r.processInstanceId(), "title", String.valueOf(r.title()),
                "severity", String.valueOf(r.severity()), "assessedBy", String.valueOf(r.assessedBy()),
                "approvedBy", String.valueOf(r.approvedBy()), "createdAt", r.createdAt().toString())).toList();
    }

    @GetMapping("/{processInstanceId}")
    public ResponseEntity<byte[]> markdown(@PathVariable String processInstanceId) {
        var record = records.find(processInstanceId)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no incident record for " + processInstanceId));
        return ResponseEntity.ok()
                .contentType(new MediaType("text", "markdown", StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"incident-" + processInstanceId + ".md\"")
                .body(record.markdown().getBytes(StandardCharsets.UTF_8));
    }
}
