package com.logicor.runbook.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ShellScriptTest {

    /** Whatever a value holds, it ends up as exactly one word that the shell gives back unchanged. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "/etcd-data                   | /etcd-data",
            "`a b`                        | `'a b'`",
            "x; rm -rf /                  | `'x; rm -rf /'`",
            "$(reboot)                    | `'$(reboot)'`",
            "`it's`                       | `'it'\\''s'`",
            "`a|b > c`                    | `'a|b > c'`",
    })
    void aWordIsQuoted(String value, String expected) {
        assertThat(ShellScript.of("rm -rf ").word(value).text()).isEqualTo("rm -rf " + expected);
    }

    @Test
    void theArgumentVectorIsShDashCAndTheScript() {
        ShellScript script = ShellScript.of("mv ").words(List.of("a b", "c")).literal("; sleep ").number(3);
        assertThat(script.sh()).containsExactly("sh", "-c", "mv 'a b' c; sleep 3");
    }

    @Test
    void scriptsAreImmutableSoAConstantCanBeShared() {
        ShellScript base = ShellScript.of("echo ");
        ShellScript one = base.word("one");
        assertThat(base.text()).isEqualTo("echo ");
        assertThat(base.then(one).text()).isEqualTo("echo echo one");
    }
}
