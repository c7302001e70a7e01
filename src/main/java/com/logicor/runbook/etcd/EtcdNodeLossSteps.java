package com.logicor.runbook.etcd;

import com.logicor.runbook.inventory.ComponentSpec;
import com.logicor.runbook.inventory.ComponentId;
import com.logicor.runbook.inventory.Inventory;
import com.logicor.runbook.inventory.Node;
import com.logicor.runbook.restore.GuardedStep;
import com.logicor.runbook.restore.RestorePreflight;
import java.util.ArrayList;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/**
 * The steps of bpmn/etcd-node-loss.bpmn ({@code ${etcdNodeLossSteps.checkQuorum(execution)}} …): process
 * variables in and out, the work in {@link EtcdNodeLoss}. The replacement steps turn a failure into the BPMN
 * error {@value GuardedStep#FAILED}, whose path brings the member's container back where that is safe.
 */
@Component("etcdNodeLossSteps")
public class EtcdNodeLossSteps {

    public static final String KEY = "etcd-node-loss";

    /** In (optional): the inventory name of the member to replace; else the first unhealthy one. */
    public static final String VAR_LOST_MEMBER = "lostMember";
    /** Out of the check: */
    public static final String VAR_QUORUM = "quorum";
    public static final String VAR_HEALTHY_MEMBERS = "healthyMembers";
    public static final String VAR_MEMBER_HEALTH = "memberHealth";
    public static final String VAR_MEMBER_LIST = "memberList";
    public static final String VAR_LOST_MEMBERS = "lostMembers";
    public static final String VAR_REPLACEMENT_NEEDED = "replacementNeeded";
    public static final String VAR_EVIDENCE = "nodeLossEvidence";
    public static final String VAR_PLAN = "nodeLossPlan";
    /** Progress of the replacement (also what the finally path decides by): */
    public static final String VAR_REMOVED_ID = "removedMemberId";
    public static final String VAR_WAS_RUNNING = "memberWasRunning";
    public static final String VAR_DATA_EMPTIED = "memberDataEmptied";
    public static final String VAR_ADDED_ID = "addedMemberId";
    public static final String VAR_JOINED = "memberJoined";
    public static final String VAR_CHECK = "checkResult";
    public static final String VAR_FINALLY = "finallyNote";

    /** Camunda keeps a string variable up to 4000 characters. */
    private static final int TEXT_LIMIT = 3900;

    private final GuardedStep guardedStep;
    private final Inventory inventory;
    private final EtcdNodeLoss nodeLoss;
    private final RestorePreflight preflight;

    public EtcdNodeLossSteps(Inventory inventory, EtcdNodeLoss nodeLoss,
                             RestorePreflight preflight, GuardedStep guardedStep) {
        this.guardedStep = guardedStep;
        this.inventory = inventory;
        this.nodeLoss = nodeLoss;
        this.preflight = preflight;
    }

    /** Health of every member, the member list, the quorum, which member to replace and the plan. Touches nothing. */
    public void checkQuorum(DelegateExecution execution) {
        ComponentSpec etcd = etcd();
        List<String> problems = EtcdNodeLoss.problems(etcd);
        if (!problems.isEmpty()) throw new IllegalStateException("etcd node loss: " + String.join("; ", problems));
        preflight.applyDefaults(execution);

        EtcdNodeLoss.Assessment a = nodeLoss.assess(etcd);
        EtcdQuorum quorum = a.quorum();
        execution.setVariable(VAR_QUORUM, quorum.held());
        execution.setVariable(VAR_HEALTHY_MEMBERS, quorum.healthy());
        execution.setVariable(VAR_MEMBER_HEALTH, cap(a.describeHealth()));
        execution.setVariable(VAR_MEMBER_LIST, cap(a.listedBy() == null ? "(no member answered)" : EtcdMember.describe(a.members())));
        execution.setVariable(VAR_LOST_MEMBERS, String.join(",", a.unhealthy()));

        var lost = nodeLoss.lostMember(etcd, a, (String) execution.getVariable(VAR_LOST_MEMBER));
        execution.setVariable(VAR_REPLACEMENT_NEEDED, lost.isPresent());
        execution.setVariable(VAR_LOST_MEMBER, lost.map(Node::name).orElse(null));
        List<String> evidence = new ArrayList<>();
        evidence.add(quorum.toString());
        evidence.add(a.describeHealth());
        evidence.add("member list (from " + (a.listedBy() == null ? "no member" : a.listedBy()) + "):");
        evidence.add(EtcdMember.describe(a.members()));
        if (a.unhealthy().size() > 1 && quorum.held()) {
            evidence.add("several members are unhealthy: this run replaces " + lost.map(Node::name).orElse("none")
                    + "; start the process again for each other one (one membership change at a time)");
        }
        execution.setVariable(VAR_EVIDENCE, cap(String.join("\n", evidence)));
        if (!quorum.held()) {
            execution.setVariable(VAR_PLAN, "no quorum (" + quorum + "): no membership change can be committed; "
                    + "restore every member from the snapshot with restore-etcd");
        } else if (lost.isPresent()) {
            execution.setVariable(VAR_PLAN, cap(String.join("\n", nodeLoss.plan(etcd, lost.get(), a))));
        } else {
            execution.setVariable(VAR_PLAN, "every member is healthy: nothing to replace");
        }
    }

    public void removeMember(DelegateExecution execution) {
        guardedStep.run(execution, () -> execution.setVariable(VAR_REMOVED_ID, nodeLoss.removeFromCluster(etcd(), lost(execution))));
    }

    public void stopAndEmpty(DelegateExecution execution) {
        guardedStep.run(execution, () -> {
            Node lost = lost(execution);
            if (nodeLoss.stop(lost)) execution.setVariable(VAR_WAS_RUNNING, true);
            // set before the removal: a half-done removal must also keep the finally path from starting it
            execution.setVariable(VAR_DATA_EMPTIED, true);
            nodeLoss.emptyDataDir(etcd(), lost);
        });
    }

    public void addMember(DelegateExecution execution) {
        guardedStep.run(execution, () -> execution.setVariable(VAR_ADDED_ID, nodeLoss.add(etcd(), lost(execution))));
    }

    public void joinMember(DelegateExecution execution) {
        guardedStep.run(execution, () -> {
            nodeLoss.join(etcd(), lost(execution));
            execution.setVariable(VAR_JOINED, true);
        });
    }

    public void startMember(DelegateExecution execution) {
        guardedStep.run(execution, () -> nodeLoss.startAndAwait(lost(execution)));
    }

    public void checkCluster(DelegateExecution execution) {
        guardedStep.run(execution, () -> execution.setVariable(VAR_CHECK, nodeLoss.check(etcd())));
    }

    /**
     * The "finally" path. The member's container is started again only where its data is whole: before it
     * was emptied (and only if it ran before), or after the join wrote the new member's data. Between the two
     * its own command (written for the first bootstrap) must not run on an empty data dir; that state is
     * said in {@value #VAR_FINALLY}. Healthy members were never touched, so nothing else is to do.
     */
    public void bringBack(DelegateExecution execution) {
        Node lost = lost(execution);
        boolean emptied = Boolean.TRUE.equals(execution.getVariable(VAR_DATA_EMPTIED));
        boolean joined = Boolean.TRUE.equals(execution.getVariable(VAR_JOINED));
        boolean wasRunning = Boolean.TRUE.equals(execution.getVariable(VAR_WAS_RUNNING));
        if (joined || (!emptied && wasRunning)) {
            nodeLoss.start(lost);
            execution.setVariable(VAR_FINALLY, "container " + lost.container() + " started again");
        } else if (emptied) {
            execution.setVariable(VAR_FINALLY, "container " + lost.container() + " left stopped: its data dir was emptied and it has not joined "
                    + "(start etcd-node-loss again with lostMember=" + lost.name() + ")");
        } else {
            execution.setVariable(VAR_FINALLY, "container " + lost.container() + " was not running and was not changed");
        }
    }

    private Node lost(DelegateExecution execution) {
        String name = (String) execution.getVariable(VAR_LOST_MEMBER);
        return etcd().nodes().stream().filter(n -> n.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalStateException("lostMember '" + name + "' is not an etcd member of the inventory"));
    }

    private ComponentSpec etcd() {
        return inventory.component(EtcdBlueprint.ID);
    }

    private static String cap(String text) {
        return text.length() <= TEXT_LIMIT ? text : text.substring(0, TEXT_LIMIT) + "\n… (cut at " + TEXT_LIMIT + " characters)";
    }
}
