package com.logicor.runbook.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * How /api and /actuator refuse: 401 with a Basic challenge when the caller is not known (the same answer
 * for an unknown user, a wrong password and a throttled account), 403 naming the rule of the role matrix
 * when the caller may not do this. The request itself is never echoed back.
 */
class ApiRefusals implements AuthenticationEntryPoint, AccessDeniedHandler {

    private final ObjectMapper json = new ObjectMapper();

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e) throws IOException {
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"logicor-runbook\", charset=\"UTF-8\"");
        write(response, HttpServletResponse.SC_UNAUTHORIZED, "authentication required",
                "HTTP Basic with a Camunda user; failed logins delay the account's next attempts");
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e) throws IOException {
        String rule = ApiAccessRules.ruleFor(request).map(ApiAccessRules.Rule::describe).orElse(ApiAccessRules.DENY_BY_DEFAULT);
        write(response, HttpServletResponse.SC_FORBIDDEN, "forbidden: your groups do not allow this request", rule);
    }

    private void write(HttpServletResponse response, int status, String error, String rule) throws IOException {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("rule", rule);
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        json.writeValue(response.getOutputStream(), body);
    }
}
