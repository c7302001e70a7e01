package com.logicor.runbook.command;

import java.util.List;

/**
 * The only way this code base builds a {@code sh -c} script: shell syntax written as string literals in the
 * source ({@link #of}, {@link #literal}) and every value — inventory field, process variable, catalog entry —
 * added as a quoted word ({@link #word}, {@link #words}). A value can therefore never become shell syntax.
 * {@code ShellScriptsAreQuotedTest} enforces the rule on src/main/java: {@code "sh", "-c"} appears only here,
 * and the argument of every {@code of(…)} / {@code literal(…)} call is a string literal. Immutable: every call
 * returns a new script, so a constant script can be shared.
 */
public final class ShellScript {

    private final String text;

    private ShellScript(String text) {
        this.text = text;
    }

    /** A script starting with shell text; pass a string literal only (checked by a test). */
    public static ShellScript of(String shellText) {
        return new ShellScript(shellText);
    }

    /** Shell syntax; pass a string literal only (checked by a test). */
    public ShellScript literal(String shellText) {
        return new ShellScript(text + shellText);
    }

    /** A value as one shell word, quoted ({@link ShellQuote#quote}). */
    public ShellScript word(String value) {
        return new ShellScript(text + ShellQuote.quote(value));
    }

    /** Values as shell words, quoted one by one and separated by single spaces. */
    public ShellScript words(List<String> values) {
        return new ShellScript(text + ShellQuote.join(values.toArray(String[]::new)));
    }

    /** A number: digits (and a sign) are never shell syntax. */
    public ShellScript number(long value) {
        return new ShellScript(text + value);
    }

    /** Another script built the same way, appended as it is. */
    public ShellScript then(ShellScript other) {
        return new ShellScript(text + other.text);
    }

    /** The argument vector {@code sh -c <script>} for a container or a process. */
    public List<String> sh() {
        return List.of("sh", "-c", text);
    }

    /** The script text, e.g. for a plan line or an SSH command. */
    public String text() {
        return text;
    }

    @Override
    public String toString() {
        return text();
    }
}
