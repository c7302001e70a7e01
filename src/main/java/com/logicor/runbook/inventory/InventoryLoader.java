package com.logicor.runbook.inventory;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import org.springframework.boot.convert.DurationStyle;

/**
 * Reads an inventory YAML and checks it in three passes — syntax and shape (Jackson), field constraints
 * (Bean Validation), references and site rules ({@link InventoryRules}) — and reports every problem found
 * at once.
 */
public final class InventoryLoader {

    public static final String BUILT_IN = "classpath:inventory/logicor-2.6.yml";

    private final InventoryRules rules;

    public InventoryLoader(InventoryRules rules) {
        this.rules = rules;
    }

    /** A loader that checks components against the ones the runbook knows. */
    public InventoryLoader(KnownComponents known) {
        this(new InventoryRules(known));
    }

    public Inventory load(Path file) {
        String source = file.toString();
        if (!Files.isRegularFile(file)) {
            throw new InvalidInventoryException(source, List.of(new InventoryProblem("", "file not found: " + file.toAbsolutePath())));
        }
        try (InputStream in = Files.newInputStream(file)) {
            return parse(source, in);
        } catch (IOException e) {
            throw new InvalidInventoryException(source, List.of(new InventoryProblem("", "cannot read: " + e.getMessage())));
        }
    }

    /** The built-in Logicor 2.6 layout; its SSH key and local backup root live under {@code dataDir}. */
    public Inventory loadBuiltIn(Path dataDir) {
        try (InputStream in = InventoryLoader.class.getResourceAsStream("/inventory/logicor-2.6.yml")) {
            String yaml = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
                    .replace("@DATA_DIR@", dataDir.toString());
            return parse(BUILT_IN, new java.io.ByteArrayInputStream(yaml.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new IllegalStateException("built-in inventory is missing from the classpath", e);
        }
    }

    public Inventory parse(String source, InputStream yaml) {
        YamlProblemCollector collector = new YamlProblemCollector();
        Inventory inventory;
        try {
            inventory = mapper().addHandler(collector).readValue(yaml, Inventory.class);
        } catch (JsonProcessingException e) {
            if (isSyntaxError(e)) {
                // what the binder said before the parser gave up is noise next to the syntax error
                throw new InvalidInventoryException(source, List.of(malformed(e)));
            }
            List<InventoryProblem> problems = new ArrayList<>(collector.problems());
            problems.add(new InventoryProblem(pathOf(e), e.getOriginalMessage() + line(e)));
            throw new InvalidInventoryException(source, problems);
        } catch (IOException e) {
            throw new InvalidInventoryException(source, List.of(new InventoryProblem("", "cannot read: " + e.getMessage())));
        }
        if (inventory == null) {
            throw new InvalidInventoryException(source, List.of(new InventoryProblem("", "the document is empty")));
        }
        List<InventoryProblem> problems = new ArrayList<>(collector.problems());
        addNew(problems, constraintProblems(inventory));
        addNew(problems, rules.check(inventory));
        if (!problems.isEmpty()) {
            throw new InvalidInventoryException(source, problems);
        }
        return inventory;
    }

    /** A later pass does not repeat a field that an earlier pass already reported. */
    private static void addNew(List<InventoryProblem> problems, List<InventoryProblem> found) {
        List<String> reported = problems.stream().map(InventoryProblem::path).toList();
        for (InventoryProblem p : found) {
            boolean seen = reported.stream().anyMatch(r -> !r.isEmpty() && (p.path().equals(r) || p.path().startsWith(r + ".")
                    || p.path().startsWith(r + "[")));
            if (!seen) problems.add(p);
        }
    }

    private static List<InventoryProblem> constraintProblems(Inventory inventory) {
        try (ValidatorFactory factory = Validation.byDefaultProvider().configure()
                .messageInterpolator(new ParameterMessageInterpolator()).buildValidatorFactory()) {
            Validator validator = factory.getValidator();
            return validator.validate(inventory).stream()
                    .map(v -> new InventoryProblem(snakeCase(v.getPropertyPath().toString()), v.getMessage()))
                    .sorted(Comparator.comparing(InventoryProblem::path))
                    .toList();
        }
    }

    static String snakeCase(String path) {
        return path.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase()
                .replace(".<list element>", "").replace("<list element>", "");
    }

    private static boolean isSyntaxError(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof JsonParseException || t instanceof org.yaml.snakeyaml.error.MarkedYAMLException) {
                return true;
            }
        }
        return false;
    }

    private static InventoryProblem malformed(JsonProcessingException e) {
        return new InventoryProblem(pathOf(e), "malformed YAML: " + firstLine(e.getOriginalMessage()) + line(e));
    }

    private static String pathOf(JsonProcessingException e) {
        if (e instanceof JsonMappingException m) {
            StringBuilder path = new StringBuilder();
            for (JsonMappingException.Reference r : m.getPath()) {
                if (r.getFieldName() != null) {
                    if (path.length() > 0) path.append('.');
                    path.append(r.getFieldName());
                } else if (r.getIndex() >= 0) {
                    path.append('[').append(r.getIndex()).append(']');
                }
            }
            return path.toString();
        }
        if (e.getProcessor() instanceof JsonParser p) {
            return YamlProblemCollector.pathOf(p.getParsingContext(), null);
        }
        return "";
    }

    private static String line(JsonProcessingException e) {
        return e.getLocation() == null || e.getLocation().getLineNr() < 0 ? ""
                : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
    }

    private static String firstLine(String message) {
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    static ObjectMapper mapper() {
        YAMLMapper mapper = YAMLMapper.builder(YAMLFactory.builder().build())
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .build();
        // "port: 22" and "port: '22'" both read as a number, but "user: [a, b]" is not text.
        mapper.coercionConfigFor(LogicalType.Textual).setCoercion(CoercionInputShape.Array, CoercionAction.Fail);
        SimpleModule durations = new SimpleModule("inventory-durations");
        durations.addDeserializer(Duration.class, new DurationDeserializer());
        mapper.registerModule(durations);
        return mapper;
    }

    /** Durations as operators write them: 30s, 10m, 1h, 30d (or ISO-8601 PT30S). */
    static final class DurationDeserializer extends JsonDeserializer<Duration> {
        @Override
        public Duration deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            String text = p.getValueAsString();
            if (text == null) {
                return (Duration) ctxt.handleUnexpectedToken(Duration.class, p);
            }
            try {
                Duration d = DurationStyle.detectAndParse(text.trim());
                if (d.isNegative() || d.isZero()) {
                    return (Duration) ctxt.handleWeirdStringValue(Duration.class, text, "must be positive");
                }
                return d;
            } catch (IllegalArgumentException e) {
                return (Duration) ctxt.handleWeirdStringValue(Duration.class, text, "not a duration");
            }
        }
    }
}
