package com.logicor.runbook.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real start-up in a child JVM: a bad inventory lists its problems and the process exits non-zero. */
class InvalidInventoryStartupTest {

    @Test
    void badInventoryStopsTheStartWithEveryProblemAndNoStackTrace(@TempDir Path tmp) throws Exception {
        Path inventory = Files.writeString(tmp.resolve("inventory.yml"), """
                site: broken
                hosts:
                  - id: vm-1
                    address: 127.0.0.1
                    port: 99999
                    user: root
                    private_key_file: /nonexistent/key
                    known_hosts_file: /nonexistent/known_hosts
                    colour: blue
                components:
                  - id: kafka
                    nodes: []
                storage:
                  local: { root: /tmp/x }
                """);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process app = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "com.logicor.runbook.RunbookApplication", "--server.port=0", "--runbook.data-dir=" + tmp.resolve("data"),
                "--runbook.inventory=" + inventory)
                .redirectErrorStream(true)
                .directory(tmp.toFile())
                .start();
        app.getOutputStream().close();
        String output = new String(app.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(app.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(app.exitValue()).as(output).isNotZero();
        assertThat(output).contains(
                "hosts[0].port", "hosts[0].private_key_file", "hosts[0].known_hosts_file", "hosts[0].colour",
                "components[0].id: unknown component 'kafka'", "components[0].nodes");
        assertThat(output).doesNotContain("\tat org.springframework", "Tomcat started", "ProcessEngine default created");
        assertThat(List.of(tmp.resolve("data").toFile().list() == null ? new String[0] : tmp.resolve("data").toFile().list()))
                .as("no database was created").noneMatch(f -> f.startsWith("runbook"));
    }
}
