package com.logicor.runbook.inventory;

import java.nio.file.Path;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Loads and validates the inventory before any bean exists, so a bad inventory stops the start-up before
 * the process engine, the web server or a job executor is up. {@code RUNBOOK_INVENTORY} (or the property
 * {@code runbook.inventory}) names the file; without it the built-in Logicor 2.6 layout is used.
 */
public class InventoryInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    public static final String BEAN_NAME = "inventory";

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        if (context.getBeanFactory().containsSingleton(BEAN_NAME)) {
            return;
        }
        String location = context.getEnvironment().getProperty("runbook.inventory", "").trim();
        InventoryLoader loader = new InventoryLoader();
        Inventory inventory;
        if (location.isEmpty()) {
            Path dataDir = Path.of(context.getEnvironment().getProperty("runbook.data-dir", "./data"));
            new RunbookSshKey(dataDir.resolve("ssh")).ensureExists();
            inventory = loader.loadBuiltIn(dataDir);
        } else {
            inventory = loader.load(Path.of(location));
        }
        context.getBeanFactory().registerSingleton(BEAN_NAME, inventory);
        context.getBeanFactory().registerSingleton("inventorySource",
                new InventorySource(location.isEmpty() ? InventoryLoader.BUILT_IN : Path.of(location).toAbsolutePath().toString()));
    }

    /** Where the running inventory came from, for status pages and the reachability report. */
    public record InventorySource(String location) {}
}
