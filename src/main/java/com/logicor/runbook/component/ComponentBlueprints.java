package com.logicor.runbook.component;

import com.logicor.runbook.inventory.ComponentSpec;
import com.logicor.runbook.inventory.InventoryProblem;
import com.logicor.runbook.inventory.KnownComponents;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AssignableTypeFilter;

/**
 * Every component's blueprint, found on the class path under {@code com.logicor.runbook} (plus packages a test names
 * in {@value #EXTRA_PACKAGES}): adding a component is adding its package, with no list to edit. Ordered by the
 * regulation's restore order. Found before the application context exists, so the inventory is checked against it
 * at load time and the BPMN generator runs without starting the application.
 */
public final class ComponentBlueprints implements KnownComponents {

    public static final String BEAN_NAME = "componentBlueprints";
    public static final String EXTRA_PACKAGES = "runbook.components.extra-packages";
    static final String HOME = "com.logicor.runbook";

    private final Map<String, ComponentBlueprint> byId = new LinkedHashMap<>();

    public ComponentBlueprints(List<? extends ComponentBlueprint> blueprints) {
        blueprints.stream().sorted(Comparator.comparingInt(ComponentBlueprint::restoreOrder)
                .thenComparing(b -> b.id().id())).forEach(b -> {
            ComponentBlueprint previous = byId.put(b.id().id(), b);
            if (previous != null) {
                throw new IllegalStateException("two blueprints for component " + b.id() + ": "
                        + previous.getClass().getName() + " and " + b.getClass().getName());
            }
        });
    }

    /** The application's blueprints. */
    public static ComponentBlueprints production() {
        return find(List.of());
    }

    public static ComponentBlueprints find(List<String> extraPackages) {
        ClassPathScanningCandidateComponentProvider scan = new ClassPathScanningCandidateComponentProvider(false);
        scan.addIncludeFilter(new AssignableTypeFilter(ComponentBlueprint.class));
        List<ComponentBlueprint> found = new ArrayList<>();
        List<String> packages = new ArrayList<>(List.of(HOME));
        packages.addAll(extraPackages);
        for (String pkg : packages) {
            for (BeanDefinition candidate : scan.findCandidateComponents(pkg)) {
                found.add(instantiate(candidate.getBeanClassName()));
            }
        }
        return new ComponentBlueprints(found);
    }

    private static ComponentBlueprint instantiate(String className) {
        try {
            return (ComponentBlueprint) Class.forName(className).getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("blueprint " + className + " needs a public no-argument constructor", e);
        }
    }

    /** All, in the restore order. */
    public List<ComponentBlueprint> all() {
        return List.copyOf(byId.values());
    }

    /** Those with a restore, in the regulation's order: the recovery's chains. */
    public List<ComponentBlueprint> restorable() {
        return byId.values().stream().filter(b -> b.restore().isPresent()).toList();
    }

    public Optional<ComponentBlueprint> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    public ComponentBlueprint of(String id) {
        return find(id).orElseThrow(() -> new IllegalArgumentException("unknown component '" + id + "'; known: " + String.join(", ", ids())));
    }

    @Override
    public List<String> ids() {
        return List.copyOf(byId.keySet());
    }

    @Override
    public Set<String> fieldsOf(String id) {
        return find(id).map(ComponentBlueprint::inventoryFields).orElse(Set.of());
    }

    @Override
    public List<InventoryProblem> validate(String path, ComponentSpec spec) {
        return find(spec.id()).map(b -> b.validate(spec).stream().map(p -> problem(path, p)).toList()).orElse(List.of());
    }

    /** {@code field: sentence} becomes a problem at that field, a plain sentence one at the component. */
    private static InventoryProblem problem(String path, String text) {
        int colon = text.indexOf(": ");
        boolean atField = colon > 0 && text.substring(0, colon).matches("[a-z_]+");
        return atField ? new InventoryProblem(path + "." + text.substring(0, colon), text.substring(colon + 2))
                : new InventoryProblem(path, text);
    }
}
