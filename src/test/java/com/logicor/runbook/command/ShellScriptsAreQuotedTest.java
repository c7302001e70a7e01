package com.logicor.runbook.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The rule that keeps values out of shell syntax, checked on the source of src/main/java:
 * <ol>
 * <li>an argument vector {@code "sh", "-c"} (or bash, dash, /bin/sh, -ec, -lc …) is written only in
 *     {@link ShellScript} — every other class gets it from {@link ShellScript#sh()};</li>
 * <li>the argument of every {@code ShellScript.of(…)} and {@code .literal(…)} is a string literal (or literals
 *     joined by {@code +}): shell syntax is written by a programmer, values go through {@code word(…)},
 *     {@code words(…)} or {@code number(…)}, which quote them.</li>
 * </ol>
 */
class ShellScriptsAreQuotedTest {

    private static final Path MAIN = Path.of("src/main/java");
    private static final String HOME = "com/logicor/runbook/command/ShellScript.java";
    static final Pattern SHELL_ARGV = Pattern.compile("\"(?:/usr)?(?:/bin/)?(?:ba|da|a|z)?sh\"\\s*,\\s*\"-[a-z]*c\"");
    static final Pattern SYNTAX_CALL = Pattern.compile("(ShellScript\\s*\\.\\s*of|(?<!ClickHouseSql)\\.\\s*literal)\\s*\\(");
    // one or more string literals joined by +, then the closing parenthesis
    private static final Pattern LITERALS = Pattern.compile("\\s*\"(?:[^\"\\\\\\n]|\\\\.)*\"(?:\\s*\\+\\s*\"(?:[^\"\\\\\\n]|\\\\.)*\")*\\s*\\)");

    static final String RULE = "Shell scripts are built only with command.ShellScript: shell syntax as string literals in "
            + "ShellScript.of(\"…\") / .literal(\"…\"), every value through .word(…) / .words(…) / .number(…) (quoted), "
            + "and the argument vector from .sh() — never List.of(\"sh\", \"-c\", <concatenated text>). "
            + "A value concatenated into shell text lets whoever sets it (a process variable, a catalog row) run commands.";

    @Test
    void everyShellScriptInTheMainSourcesIsBuiltFromLiteralsAndQuotedWords() throws IOException {
        List<String> violations = new ArrayList<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String rel = MAIN.relativize(file).toString().replace('\\', '/');
                violations.addAll(violations(rel, Files.readString(file)));
            }
        }
        assertThat(violations).as(RULE).isEmpty();
    }

    @Test
    void theScanSeesTheSources() throws IOException {
        // guards against a scan that passes because it read nothing (wrong working directory)
        assertThat(Files.readString(MAIN.resolve(HOME))).contains("List.of(\"sh\", \"-c\"");
        assertThat(violations(HOME, Files.readString(MAIN.resolve(HOME)))).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "concatenated sh -c            | `List.of(\"sh\", \"-c\", \"rm -rf \" + dir)`                          | 1",
            "bash -c with a constant      | `List.of(\"bash\", \"-c\", SCRIPT)`                                 | 1",
            "/bin/sh -ec                  | `List.of(\"/bin/sh\", \"-ec\", script)`                             | 1",
            "of() with a variable         | `ShellScript.of(\"rm -rf \" + dir)`                                  | 1",
            "literal() with a variable    | `ShellScript.of(\"rm -rf \").literal(dir)`                           | 1",
            "literal() with a method call | `ShellScript.of(\"x\").literal(String.join(\" \", args))`            | 1",
            "literals and quoted words    | `ShellScript.of(\"rm -rf \").word(dir).literal(\"/member; \" + \"ls\")` | 0",
            "the vector from sh()         | `docker.runLike(e, c, script.sh(), out, t)`                         | 0",
            "ClickHouse SQL literal       | `ClickHouseSql.literal(value)`                                      | 0",
            "psql -c is no shell          | `List.of(\"psql\", \"-c\", sql)`                                    | 0",
    })
    void theScanCatchesWhatTheRuleForbids(String what, String source, int expected) {
        assertThat(violations("x/Example.java", "class Example { Object f() { return " + source + "; } }")).as(what).hasSize(expected);
    }

    /** The rule's breaches in one source file, as "file:line: what". */
    static List<String> violations(String file, String source) {
        List<String> out = new ArrayList<>();
        if (!file.equals(HOME)) {
            Matcher argv = SHELL_ARGV.matcher(source);
            while (argv.find()) {
                out.add(file + ":" + line(source, argv.start()) + ": a shell argument vector outside ShellScript: use ShellScript….sh()");
            }
        }
        Matcher call = SYNTAX_CALL.matcher(source);
        while (call.find()) {
            Matcher literal = LITERALS.matcher(source).region(call.end(), source.length());
            if (!literal.lookingAt()) {
                out.add(file + ":" + line(source, call.start()) + ": " + call.group(1).replaceAll("\\s", "")
                        + "(…) takes string literals only: put values in with .word(…)");
            }
        }
        return out;
    }

    private static int line(String source, int offset) {
        return (int) source.substring(0, offset).chars().filter(c -> c == '\n').count() + 1;
    }
}
