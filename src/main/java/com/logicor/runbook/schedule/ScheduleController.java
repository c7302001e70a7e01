package com.logicor.runbook.schedule;

import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/schedules}; {@code POST /api/schedules/{component}/{name}/enable|disable}. */
@RestController
@RequestMapping("/api/schedules")
public class ScheduleController {

    private final BackupSchedules schedules;

    public ScheduleController(BackupSchedules schedules) {
        this.schedules = schedules;
    }

    @GetMapping
    public List<BackupSchedules.ScheduleState> list() {
        return schedules.list();
    }

    @PostMapping("/{component}/{name}/enable")
    public BackupSchedules.ScheduleState enable(@PathVariable String component, @PathVariable String name) {
        return schedules.setEnabled(component, name, true);
    }

    @PostMapping("/{component}/{name}/disable")
    public BackupSchedules.ScheduleState disable(@PathVariable String component, @PathVariable String name) {
        return schedules.setEnabled(component, name, false);
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<Map<String, String>> notFound(IllegalArgumentException e) {
        return ResponseEntity.status(404).body(Map.of("error", e.getMessage()));
    }
}
