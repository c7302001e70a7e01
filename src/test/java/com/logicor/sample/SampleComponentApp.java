package com.logicor.sample;

import com.logicor.runbook.RunbookApplication;
import com.logicor.runbook.component.ComponentBlueprints;
import com.logicor.runbook.inventory.RunbookSshKey;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The runbook application in this JVM, on its embedded H2, with the sample component registered only here: its
 * blueprint package named by {@code runbook.components.extra-packages}, its runbook a bean of this configuration, and
 * an entry in the inventory. The job executor is off; tests run jobs one by one.
 */
@Configuration
public class SampleComponentApp {

    @Bean
    public SampleRunbook sampleRunbook() {
        return new SampleRunbook();
    }

    public static ConfigurableApplicationContext start(Path dataDir) throws IOException {
        Path inventory = writeInventory(dataDir);
        return new SpringApplicationBuilder(RunbookApplication.class, SampleComponentApp.class).run(
                "--server.port=0", "--runbook.data-dir=" + dataDir, "--runbook.inventory=" + inventory,
                "--" + ComponentBlueprints.EXTRA_PACKAGES + "=com.logicor.sample",
                "--runbook.admin.password=sample-test", "--camunda.bpm.job-execution.enabled=false");
    }

    /** The built-in inventory plus the sample store, with the SSH files it names, as {@code <dataDir>/inventory.yml}. */
    public static Path writeInventory(Path dataDir) throws IOException {
        new RunbookSshKey(dataDir.resolve("ssh")).ensureExists();
        Files.writeString(dataDir.resolve("ssh/known_hosts"), "", StandardCharsets.UTF_8);
        Path inventory = dataDir.resolve("inventory.yml");
        Files.writeString(inventory, inventoryWithSample(dataDir), StandardCharsets.UTF_8);
        return inventory;
    }

    private static String inventoryWithSample(Path dataDir) throws IOException {
        try (InputStream in = RunbookApplication.class.getResourceAsStream("/inventory/logicor-2.6.yml")) {
            String yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("@DATA_DIR@", dataDir.toString());
            return yaml.replace("\n  - id: ansible\n", "\n  - id: sample\n    nodes:\n      - name: sample-1\n        host: deploy-1\n"
                    + "    retention: { keep_local: 2, keep_remote: 2 }\n\n  - id: ansible\n");
        }
    }
}
