package com.logicor.runbook.files;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.Ordered;

/**
 * Before anything writes to it (the SSH key, H2, backups), the data directory ({@code runbook.data-dir})
 * exists and is 700: H2 creates its files with the process umask, and a closed directory keeps them
 * private. An existing directory is narrowed, so a data directory made by an older version is closed too.
 */
public class DataDirectoryInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext>, Ordered {

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        Path dataDir = Path.of(context.getEnvironment().getProperty("runbook.data-dir", "./data"));
        try {
            OwnerOnlyFiles.createDirectories(dataDir);
            OwnerOnlyFiles.restrictDirectory(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create or restrict the data directory " + dataDir.toAbsolutePath(), e);
        }
    }

    /** First: the inventory initializer writes the SSH key into the data directory. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
