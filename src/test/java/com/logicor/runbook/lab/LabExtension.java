package com.logicor.runbook.lab;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.opentest4j.TestAbortedException;

/**
 * Owns what every lab IT needs, written once: the lab (required — skipped with a message on a developer machine,
 * a failure under {@code CI=true} — and every server serving, {@code scripts/lab up} if one does not), the runbook app
 * on the lab's inventory (or the one a test builds) in its own data folder, started and stopped, its HTTP health UP;
 * the component drills of the class with the lab's seeded state, and the reseed when a test left that state changed
 * (after each test: a drill's fingerprint differs, or a server does not serve); on a failure the app's log tail and the
 * logs of the servers that matter to the class, in the test output.
 *
 * <pre>
 * &#64;RegisterExtension
 * static final LabExtension LAB = LabExtension.withApp().drill(EtcdDrill::new);
 * static Lab lab;          // set by the extension, as are
 * static RunbookApp app;   // these, and
 * static EtcdDrill etcd;   // a static field of a registered drill's type
 * </pre>
 */
public final class LabExtension implements BeforeAllCallback, AfterEachCallback, AfterAllCallback, ParameterResolver,
        TestExecutionExceptionHandler, LifecycleMethodExecutionExceptionHandler {

    /** Builds the inventory file the app starts on, in the class's own folder (e.g. the lab's with a scratch cluster). */
    @FunctionalInterface
    public interface InventoryFactory {
        Path create(Lab lab, Path dir) throws Exception;
    }

    @FunctionalInterface
    public interface Step {
        void run() throws Exception;
    }

    private static final Duration SERVING = Duration.ofMinutes(2);
    private static final int APP_LOG_LINES = 150;
    private static final int SERVER_LOG_LINES = 40;

    private final boolean withApp;
    private final List<String> appArgs = new ArrayList<>();
    private final List<Function<Lab, ? extends ComponentDrill>> drillFactories = new ArrayList<>();
    private final Set<String> logsOf = new LinkedHashSet<>();
    private InventoryFactory inventory;
    private final List<Step> afterApp = new ArrayList<>();
    private boolean reseedAfterAll;
    private final List<java.util.function.Supplier<String>> diagnostics = new ArrayList<>();

    private Lab lab;
    private Path dir;
    private RunbookApp app;
    private final List<ComponentDrill> drills = new ArrayList<>();
    private final Map<ComponentDrill, Map<String, String>> baseline = new LinkedHashMap<>();
    private boolean failed;
    private int reseeds;

    private LabExtension(boolean withApp) {
        this.withApp = withApp;
    }

    /** The lab and the runbook app on it ({@code args}: more command-line options of the app). */
    public static LabExtension withApp(String... args) {
        LabExtension e = new LabExtension(true);
        e.appArgs.addAll(Arrays.asList(args));
        return e;
    }

    /** The lab alone: its servers serving, the seed, the reseed and the logs, no app. */
    public static LabExtension labOnly() {
        return new LabExtension(false);
    }

    /** A component drill of the class: injected into a static field of its type, its data watched between tests. */
    public LabExtension drill(Function<Lab, ? extends ComponentDrill> factory) {
        drillFactories.add(factory);
        return this;
    }

    /** Lab servers ({@link LabServices} names) whose log tails a failure shows besides the drills' own. */
    public LabExtension logsOf(String... servers) {
        logsOf.addAll(Arrays.asList(servers));
        return this;
    }

    /** More evidence for a failure's output (e.g. a scratch cluster's logs). */
    public LabExtension diagnostics(java.util.function.Supplier<String> evidence) {
        diagnostics.add(evidence);
        return this;
    }

    /** The app starts on the inventory this builds instead of the lab's own. */
    public LabExtension inventory(InventoryFactory factory) {
        this.inventory = factory;
        return this;
    }

    /** Runs after the app is stopped (e.g. a scratch cluster the inventory pointed at is removed). */
    public LabExtension afterApp(Step step) {
        afterApp.add(step);
        return this;
    }

    /** {@code scripts/lab up} after the class whatever the fingerprints say (a drill that destroys more than its drills see). */
    public LabExtension reseedAfterAll() {
        this.reseedAfterAll = true;
        return this;
    }

    public Lab lab() {
        return lab;
    }

    public RunbookApp app() {
        if (app == null) throw new IllegalStateException("no app: LabExtension.labOnly()");
        return app;
    }

    /** The class's own folder (the app's data folder is {@code data/} in it). */
    public Path dir() {
        return dir;
    }

    /** How many times the lab was reseeded for this class (the build's time goes there). */
    public int reseeds() {
        return reseeds;
    }

    // ---- lifecycle ----------------------------------------------------------------------------------------

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        lab = Lab.require();
        if (!allServing()) reseed("a lab server does not serve before " + context.getDisplayName());
        LabServices.awaitAllServing(SERVING);
        dir = newDir(context);
        for (var factory : drillFactories) {
            ComponentDrill drill = factory.apply(lab);
            drills.add(drill);
            drill.clean(); // what an earlier failed class left that scripts/lab up does not reseed
            baseline.put(drill, drill.fingerprint());
        }
        if (withApp) {
            try {
                Path inventoryFile = inventory == null ? lab.inventoryFile() : inventory.create(lab, dir);
                app = new RunbookApp(inventoryFile, dir.resolve("data"), appArgs.toArray(String[]::new));
                app.awaitHealthy(Duration.ofMinutes(1));
            } catch (Exception | AssertionError e) {
                failed = true;
                System.out.println("\n======== [lab] the app did not start for " + context.getDisplayName() + ": " + e + "\n"
                        + LabServices.tail(RunbookApp.logFile(dir.resolve("data")), APP_LOG_LINES));
                throw e;
            }
        }
        inject(context.getRequiredTestClass());
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        if (context.getExecutionException().isPresent()) failed = true;
        putBackIfChanged("after " + context.getDisplayName());
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (context.getExecutionException().isPresent()) failed = true;
        try {
            if (app != null) app.close();
        } finally {
            for (Step step : afterApp) step.run();
            if (reseedAfterAll) {
                cleanAll();
                reseed("after " + context.getDisplayName());
            } else {
                putBackIfChanged("after " + context.getDisplayName());
            }
            if (!failed && dir != null) deleteTree(dir); // kept after a failure, for the reader
            System.out.printf("[lab] %s: %d reseed(s)%n", context.getDisplayName(), reseeds);
        }
    }

    /** Every drill's data as it was before the class and every server serving; otherwise clean and reseed. */
    private void putBackIfChanged(String when) throws Exception {
        List<String> changed = new ArrayList<>();
        for (var e : baseline.entrySet()) {
            Map<String, String> now;
            try {
                now = e.getKey().fingerprint();
            } catch (Exception | AssertionError unreadable) {
                now = Map.of("unreadable", String.valueOf(unreadable));
            }
            if (!now.equals(e.getValue())) changed.add(e.getKey().component());
        }
        boolean serving = allServing();
        if (changed.isEmpty() && serving) return;
        cleanAll();
        reseed(when + ": " + (changed.isEmpty() ? "" : "changed " + changed + " ") + (serving ? "" : "a server does not serve"));
    }

    private void cleanAll() throws Exception {
        for (ComponentDrill drill : drills) drill.clean();
    }

    private void reseed(String why) throws Exception {
        System.out.println("[lab] scripts/lab up (" + why + ")");
        reseeds++;
        Lab.reseed();
    }

    private static boolean allServing() {
        return LabServices.allServing();
    }

    // ---- a failure's evidence -------------------------------------------------------------------------------

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        dump(context, throwable);
        throw throwable;
    }

    @Override
    public void handleBeforeAllMethodExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        dump(context, throwable);
        throw throwable;
    }

    @Override
    public void handleBeforeEachMethodExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        dump(context, throwable);
        throw throwable;
    }

    @Override
    public void handleAfterEachMethodExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        dump(context, throwable);
        throw throwable;
    }

    private void dump(ExtensionContext context, Throwable throwable) {
        if (throwable instanceof TestAbortedException) return;
        failed = true;
        StringBuilder out = new StringBuilder("\n======== [lab] " + context.getDisplayName() + " failed: " + throwable + "\n");
        if (app != null) {
            out.append("---- the app's log ").append(RunbookApp.logFile(app.dataDir())).append(" (last ")
                    .append(APP_LOG_LINES).append(" lines) ----\n").append(app.logTail(APP_LOG_LINES));
        }
        Set<String> servers = new LinkedHashSet<>(logsOf);
        drills.forEach(d -> servers.addAll(d.servers()));
        for (String server : servers) {
            out.append(LabServices.serves(server) ? "" : "!!!! " + server + " does not serve\n");
            out.append(LabServices.logTail(server, SERVER_LOG_LINES));
        }
        for (var evidence : diagnostics) {
            try {
                out.append(evidence.get()).append('\n');
            } catch (RuntimeException e) {
                out.append("(no evidence: ").append(e).append(")\n");
            }
        }
        out.append("======== [lab] end of ").append(context.getDisplayName()).append('\n');
        System.out.println(out);
    }

    // ---- what the class gets ----------------------------------------------------------------------------------

    private void inject(Class<?> testClass) throws IllegalAccessException {
        for (Class<?> c = testClass; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (!Modifier.isStatic(f.getModifiers()) || Modifier.isFinal(f.getModifiers())) continue;
                Object value = valueOf(f.getType());
                if (value == null) continue;
                f.setAccessible(true);
                f.set(null, value);
            }
        }
    }

    private Object valueOf(Class<?> type) {
        if (type == Lab.class) return lab;
        if (type == RunbookApp.class) return app;
        if (ComponentDrill.class.isAssignableFrom(type)) {
            return drills.stream().filter(type::isInstance).findFirst().orElse(null);
        }
        return null;
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == Lab.class || type == RunbookApp.class || ComponentDrill.class.isAssignableFrom(type);
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return valueOf(parameter.getParameter().getType());
    }

    private static Path newDir(ExtensionContext context) throws IOException {
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path dir = Path.of("target/it-data").toAbsolutePath()
                .resolve(context.getRequiredTestClass().getSimpleName() + "-" + stamp + "-" + ProcessHandle.current().pid());
        Files.createDirectories(dir);
        return dir;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
