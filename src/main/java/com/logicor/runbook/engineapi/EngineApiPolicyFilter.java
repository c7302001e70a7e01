package com.logicor.runbook.engineapi;

import com.logicor.runbook.security.GroupMembership;
import com.logicor.runbook.security.RunbookGroups;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.ByteArrayInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.webapp.impl.security.auth.AuthenticationUtil;
import org.camunda.bpm.webapp.impl.security.auth.Authentications;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Puts {@link EngineApiPolicy} in front of engine REST ({@code /engine-rest/*}, after its HTTP Basic filter) and
 * of the webapps' engine API ({@code /camunda/api/engine/*}, which a logged-in browser session can call directly).
 * Reads of any kind pass to the engine's authorizations; a refused write answers 403 (or 400 for bad input) with a
 * JSON body naming the rule, before the engine is called. Request bodies over 1 MiB are refused.
 */
public class EngineApiPolicyFilter extends OncePerRequestFilter {

    static final int MAX_BODY = 1 << 20;
    private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");
    private static final Pattern ENGINE_REST = Pattern.compile("^/engine-rest(?:/engine/[^/]+)?(/.*)?$");
    private static final Pattern WEBAPP_ENGINE = Pattern.compile("^/camunda/api/engine/engine/([^/]+)(/.*)?$");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final EngineApiPolicy policy;
    private final IdentityService identity;
    private final GroupMembership groups;

    public EngineApiPolicyFilter(EngineApiPolicy policy, IdentityService identity, GroupMembership groups) {
        this.policy = policy;
        this.identity = identity;
        this.groups = groups;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String raw = request.getRequestURI().substring(request.getContextPath().length());
        // the container's decoded path without path parameters (";…") is what the engine's resources see
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        if (READS.contains(request.getMethod())) {
            chain.doFilter(request, response);
            return;
        }
        Matcher rest = ENGINE_REST.matcher(path);
        Matcher webapp = WEBAPP_ENGINE.matcher(path);
        String relative;
        String user;
        if (rest.matches()) {
            relative = rest.group(1) == null ? "/" : rest.group(1);
            Authentication auth = identity.getCurrentAuthentication();
            user = auth == null ? null : auth.getUserId();
        } else if (webapp.matches()) {
            relative = webapp.group(2) == null ? "/" : webapp.group(2);
            user = sessionUser(request, webapp.group(1));
        } else {
            chain.doFilter(request, response);
            return;
        }
        if (user == null) { // not logged in: the API's own authentication answers
            chain.doFilter(request, response);
            return;
        }
        boolean admin = isAdmin(user);
        if (!admin && (raw.contains(";") || raw.contains("%") || raw.contains("//"))) {
            answer(response, new EngineApiPolicy.Refusal(400, "write calls take plain paths: no path parameters (;), "
                    + "percent-encoding or empty segments", "input-limits"));
            return;
        }
        byte[] body = request.getInputStream().readNBytes(MAX_BODY + 1);
        if (body.length > MAX_BODY) {
            answer(response, new EngineApiPolicy.Refusal(413, "the request body is larger than " + MAX_BODY + " bytes", "input-limits"));
            return;
        }
        JsonNode json = null;
        if (body.length > 0 && isJson(request)) {
            try {
                json = JSON.readTree(body);
            } catch (IOException e) {
                answer(response, new EngineApiPolicy.Refusal(400, "the request body is not valid JSON", "input-limits"));
                return;
            }
        }
        Optional<EngineApiPolicy.Refusal> refusal = policy.check(user, admin, request.getMethod(), relative, json);
        if (refusal.isPresent()) {
            answer(response, refusal.get());
            return;
        }
        chain.doFilter(new CachedBody(request, body), response);
    }

    private boolean isAdmin(String user) {
        return groups.isMember(user, RunbookGroups.ADMINS);
    }

    private static boolean isJson(HttpServletRequest request) {
        String type = request.getContentType();
        return type == null || type.toLowerCase().contains("json");
    }

    /** The user a webapp session is logged in as for that engine (the webapps keep it in the HTTP session). */
    private static String sessionUser(HttpServletRequest request, String engine) {
        HttpSession session = request.getSession(false);
        if (session == null) return null;
        Authentications auths = AuthenticationUtil.getAuthsFromSession(session);
        if (auths == null) return null;
        var auth = auths.getAuthenticationForProcessEngine(engine);
        return auth == null ? null : auth.getName();
    }

    private static void answer(HttpServletResponse response, EngineApiPolicy.Refusal refusal) throws IOException {
        response.setStatus(refusal.status());
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(JSON.writeValueAsString(Map.of("type", "RunbookPolicy", "message", refusal.error(),
                "rule", refusal.rule())));
    }

    /** The request with the body this filter already read. */
    private static final class CachedBody extends HttpServletRequestWrapper {
        private final byte[] body;

        CachedBody(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            InputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override public int read() throws IOException { return in.read(); }
                @Override public int read(byte[] b, int off, int len) throws IOException { return in.read(b, off, len); }
                @Override public boolean isFinished() { return false; }
                @Override public boolean isReady() { return true; }
                @Override public void setReadListener(ReadListener listener) { throw new UnsupportedOperationException(); }
            };
        }

        @Override
        public BufferedReader getReader() {
            return new BufferedReader(new InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
        }
    }
}
