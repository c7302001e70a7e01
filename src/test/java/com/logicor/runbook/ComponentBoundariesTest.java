package com.logicor.runbook;

import static org.assertj.core.api.Assertions.assertThat;

import com.logicor.runbook.component.ComponentBlueprints;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A component's knowledge stays in its package: no shared package imports a component's package, and no component
 * imports another's. The component packages are those holding a blueprint, so a new component is covered at once.
 */
class ComponentBoundariesTest {

    static final Path MAIN = Path.of("src/main/java/com/logicor/runbook");
    static final Pattern IMPORT = Pattern.compile("^import (?:static )?com\\.logicor\\.runbook\\.([a-z0-9]+)\\.", Pattern.MULTILINE);

    @Test
    void sharedCodeImportsNoComponentAndComponentsImportNoOther() throws IOException {
        Set<String> components = ComponentBlueprints.production().all().stream()
                .map(b -> b.getClass().getPackageName().substring("com.logicor.runbook.".length())).collect(Collectors.toSet());
        assertThat(components).hasSizeGreaterThanOrEqualTo(7);
        List<String> problems = new ArrayList<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String own = MAIN.relativize(file).getNameCount() > 1 ? MAIN.relativize(file).getName(0).toString() : "";
                Matcher m = IMPORT.matcher(Files.readString(file));
                while (m.find()) {
                    String imported = m.group(1);
                    if (components.contains(imported) && !imported.equals(own)) {
                        problems.add(MAIN.relativize(file) + " imports component package " + imported);
                    }
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    /** Process state goes through typed variables (variables/ProcessVariable), never a name typed at the call. */
    @Test
    void noVariableIsReadOrWrittenByALiteralName() throws IOException {
        Pattern literal = Pattern.compile("\\.(get|set)Variable(Local)?(Typed)?\\(\\s*\"");
        List<String> problems = new ArrayList<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java") && !f.startsWith(MAIN.resolve("variables"))).toList()) {
                List<String> lines = Files.readAllLines(file);
                for (int i = 0; i < lines.size(); i++) {
                    if (literal.matcher(lines.get(i)).find()) problems.add(MAIN.relativize(file) + ":" + (i + 1) + ": " + lines.get(i).strip());
                }
            }
        }
        assertThat(problems).isEmpty();
    }
}
