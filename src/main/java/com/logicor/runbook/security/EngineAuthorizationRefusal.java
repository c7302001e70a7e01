package com.logicor.runbook.security;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.AuthorizationException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * When the role matrix lets a request through but the engine's own authorizations refuse the caller
 * (e.g. no CREATE_INSTANCE on the backup process), /api answers 403 naming the missing permission — not 500.
 */
@RestControllerAdvice(basePackages = "com.logicor.runbook")
public class EngineAuthorizationRefusal {

    @ExceptionHandler(AuthorizationException.class)
    ResponseEntity<Map<String, String>> refused(AuthorizationException e) {
        String missing = e.getMissingAuthorizations().stream()
                .map(m -> m.getViolatedPermissionName() + " on " + m.getResourceType()
                        + (m.getResourceId() == null ? "" : " " + m.getResourceId()))
                .collect(Collectors.joining(" or "));
        Map<String, String> body = new LinkedHashMap<>();
        body.put("error", "forbidden: the process engine refuses this to your groups");
        body.put("rule", "engine authorization needed: " + (missing.isEmpty() ? "see Camunda Admin" : missing));
        return ResponseEntity.status(HttpStatus.FORBIDDEN).body(body);
    }
}
