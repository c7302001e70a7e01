package com.logicor.runbook.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * A browser's session with the Camunda webapps, as Tasklist holds it: the session cookie from the login and the
 * CSRF token the webapps hand out (renewed from every answer), sent with every call to their API.
 */
final class WebappSession {

    private final HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
    private final String base;
    private String csrf = "";

    private WebappSession(String base) {
        this.base = base;
    }

    /** Opens Tasklist and logs {@code user} in with {@code password}. */
    static WebappSession login(String base, String user, String password) throws Exception {
        WebappSession session = new WebappSession(base);
        session.send(HttpRequest.newBuilder(URI.create(base + "/camunda/app/tasklist/default/")).GET());
        HttpResponse<String> login = session.send(HttpRequest.newBuilder(URI.create(base + "/camunda/api/admin/auth/user/default/login/tasklist"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=" + user + "&password=" + password)));
        assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
        return session;
    }

    /** GET of the webapps' engine API, e.g. {@code /task/{id}/form-variables}. */
    HttpResponse<String> get(String enginePath) throws Exception {
        return send(HttpRequest.newBuilder(engine(enginePath)).GET());
    }

    /** POST of JSON to the webapps' engine API. */
    HttpResponse<String> post(String enginePath, String json) throws Exception {
        return send(HttpRequest.newBuilder(engine(enginePath)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    private URI engine(String path) {
        return URI.create(base + "/camunda/api/engine/engine/default" + path);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        HttpResponse<String> response = browser.send(request.header("X-XSRF-TOKEN", csrf).build(), HttpResponse.BodyHandlers.ofString());
        csrf = response.headers().firstValue("X-XSRF-TOKEN").orElse(csrf);
        return response;
    }
}
