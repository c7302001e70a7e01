package com.logicor.runbook.inventory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Reads a secret at the moment of use. Errors name the reference, never a value. Values are not cached:
 * a rotated file or variable is picked up by the next step.
 */
@Component
public class SecretResolver {

    private final Map<String, String> environment;

    public SecretResolver() {
        this(System.getenv());
    }

    public SecretResolver(Map<String, String> environment) {
        this.environment = environment;
    }

    public String resolve(SecretRef ref) {
        if (ref == null) {
            throw new SecretUnavailableException("no secret reference configured");
        }
        if (ref.env() != null) {
            String value = environment.get(ref.env());
            if (value == null || value.isEmpty()) {
                throw new SecretUnavailableException("secret " + ref + ": environment variable " + ref.env() + " is not set");
            }
            return value;
        }
        if (ref.file() != null) {
            try {
                String value = Files.readString(Path.of(ref.file()), StandardCharsets.UTF_8);
                return value.endsWith("\n") ? value.stripTrailing() : value;
            } catch (IOException e) {
                throw new SecretUnavailableException("secret " + ref + ": cannot read the file (" + e.getClass().getSimpleName() + ")");
            }
        }
        throw new SecretUnavailableException("secret reference names neither env nor file");
    }

    public static class SecretUnavailableException extends RuntimeException {
        public SecretUnavailableException(String message) {
            super(message);
        }
    }
}
