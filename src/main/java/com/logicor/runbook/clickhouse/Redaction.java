package com.logicor.runbook.clickhouse;

import java.util.Collection;
import java.util.regex.Pattern;

/**
 * Takes secrets out of text that came back from a server. ClickHouse echoes the query in its errors (18.16:
 * "Syntax error: failed at position 1: BACKUP DATABASE ... TO S3('…', '<access key>', '<secret key>')"), so
 * an error of a query that carried credentials would otherwise put them into exceptions, the catalog and
 * Camunda history.
 */
final class Redaction {

    static final String MASK = "***";
    // Whatever stands in S3(...) — also when the echo is cut before the closing parenthesis.
    private static final Pattern S3_ARGUMENTS = Pattern.compile("(?i)(S3\\s*\\()[^)]*(\\)?)");

    private Redaction() {
    }

    static String redact(String text, Collection<String> secrets) {
        if (text == null) return null;
        String out = text;
        for (String secret : secrets) {
            if (secret != null && !secret.isEmpty()) out = out.replace(secret, MASK);
        }
        return S3_ARGUMENTS.matcher(out).replaceAll("$1" + MASK + "$2");
    }
}
