package com.logicor.runbook.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ShellQuoteTest {

    @Test
    void plainWordsStayReadable() {
        assertThat(ShellQuote.quote("/var/lib/runbook-lab/ansible.git")).isEqualTo("/var/lib/runbook-lab/ansible.git");
        assertThat(ShellQuote.join("git", "-C", "/opt/repo", "bundle", "create", "/tmp/x.bundle", "--all"))
                .isEqualTo("git -C /opt/repo bundle create /tmp/x.bundle --all");
    }

    @Test
    void everythingElseIsSingleQuoted() {
        assertThat(ShellQuote.quote("")).isEqualTo("''");
        assertThat(ShellQuote.quote("a b")).isEqualTo("'a b'");
        assertThat(ShellQuote.quote("it's")).isEqualTo("'it'\\''s'");
        assertThat(ShellQuote.quote("$(rm -rf /)")).isEqualTo("'$(rm -rf /)'");
        assertThat(ShellQuote.quote("~root")).isEqualTo("'~root'");
    }

    @Test
    void aShellReadsBackExactlyTheWord() throws Exception {
        for (String word : List.of("it's a 'repo'", "$HOME `id` $(id) ; | & > < * ? [a] {b} \\ \"q\"", "line\nbreak", "-n", "")) {
            Process p = new ProcessBuilder("/bin/sh", "-c", "printf '%s' " + ShellQuote.quote(word)).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(out).isEqualTo(word);
        }
    }

    @Test
    void nulCannotBeQuoted() {
        assertThatThrownBy(() -> ShellQuote.quote("a\0b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ShellQuote.quote(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
