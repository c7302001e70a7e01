package com.logicor.runbook.component;

import com.logicor.runbook.inventory.Inventory;
import com.logicor.runbook.inventory.InventoryLoader;
import com.logicor.runbook.inventory.InventorySource;
import com.logicor.runbook.inventory.RunbookSshKey;

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
        ComponentBlueprints blueprints = ComponentBlueprints.find(extraPackages(context));
        context.getBeanFactory().registerSingleton(ComponentBlueprints.BEAN_NAME, blueprints);
        InventoryLoader loader = new InventoryLoader(blueprints);
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

    /** Packages with more blueprints than the application's own (a test's sample component). */
    static java.util.List<String> extraPackages(ConfigurableApplicationContext context) {
        String packages = context.getEnvironment().getProperty(ComponentBlueprints.EXTRA_PACKAGES, "");
        return java.util.Arrays.stream(packages.split(",")).map(String::strip).filter(p -> !p.isEmpty()).toList();
    }
}
