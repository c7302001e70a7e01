package com.logicor.runbook.backup;

import com.logicor.runbook.inventory.ComponentSpec;
import com.logicor.runbook.inventory.Node;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The loop of methods that need one copy from any node (an etcd snapshot, a Vault raft snapshot, a Git bundle):
 * each node in inventory order until one gives it. A node that cannot give it — before anything was stored —
 * {@link Skip}s to the next; the result names the skipped ones, and when none gives it the method fails naming
 * every reason. A failure after storing began is not skipped: it fails the method.
 */
public final class FirstNode {

    private static final Logger log = LoggerFactory.getLogger(FirstNode.class);

    /** This node cannot give it, the next one may. */
    public static final class Skip extends Exception {
        public Skip(String reason) {
            super(reason);
        }
    }

    @FunctionalInterface
    public interface Attempt {
        /** The result from this node (one stored artifact and its measurements), or {@link Skip}. */
        ComponentBackupResult on(Node node) throws Skip;
    }

    private FirstNode() {
    }

    /**
     * @param noun what a node is called in messages: {@code member} (etcd) or {@code node}; the result's measurement
     *             of skipped ones is {@code skippedMembers} / {@code skippedNodes}
     * @param what what is asked of it, for the failure: {@code a snapshot}, {@code a bundle of <repository>}
     */
    public static ComponentBackupResult gives(ComponentSpec component, String noun, String what, Attempt attempt) {
        List<String> skipped = new ArrayList<>();
        for (Node node : component.nodes()) {
            ComponentBackupResult result;
            try {
                result = attempt.on(node);
            } catch (Skip e) {
                log.warn("{}/{}: {} could not be taken from this {}: {}", component.id(), node.name(), what, noun, e.getMessage());
                skipped.add(node.name() + ": " + e.getMessage());
                continue;
            }
            if (skipped.isEmpty()) return result;
            Map<String, Object> measurements = new LinkedHashMap<>(result.measurements());
            measurements.put("skipped" + Character.toUpperCase(noun.charAt(0)) + noun.substring(1) + "s", String.join("; ", skipped));
            return new ComponentBackupResult(result.artifacts(), measurements);
        }
        throw new IllegalStateException(component.id() + ": no " + noun + " gave " + what + ": " + String.join("; ", skipped));
    }
}
