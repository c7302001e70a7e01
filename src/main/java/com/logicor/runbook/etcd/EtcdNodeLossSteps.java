package com.logicor.runbook.etcd;

import com.logicor.runbook.inventory.ComponentSpec;
import com.logicor.runbook.inventory.ComponentId;
import com.logicor.runbook.inventory.Inventory;
import com.logicor.runbook.inventory.Node;
import com.logicor.runbook.restore.GuardedStep;
import com.logicor.runbook.restore.RestorePreflight;
import com.logicor.runbook.variables.ProcessVariable;
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

    /** In (optional): the inventory name of the member to replace; else the first unhealthy one. Out: the one chosen. */
    public static final ProcessVariable<String> LOST_MEMBER = ProcessVariable.text("lostMember");
    /** Out of the check: */
    public static final ProcessVariable<Boolean> QUORUM = ProcessVariable.flag("quorum");
    public static final ProcessVariable<Long> HEALTHY_MEMBERS = ProcessVariable.number("healthyMembers");
    public static final ProcessVariable<String> MEMBER_HEALTH = ProcessVariable.text("memberHealth");
    public static final ProcessVariable<String> MEMBER_LIST = ProcessVariable.text("memberList");
    public static final ProcessVariable<List<String>> LOST_MEMBERS = ProcessVariable.list("lostMembers");
    public static final ProcessVariable<Boolean> REPLACEMENT_NEEDED = ProcessVariable.flag("replacementNeeded");
    public static final ProcessVariable<String> EVIDENCE = ProcessVariable.text("nodeLossEvidence");
    public static final ProcessVariable<String> PLAN = ProcessVariable.text("nodeLossPlan");
    /** Progress of the replacement (also what the finally path decides by): */
    public static final ProcessVariable<String> REMOVED_ID = ProcessVariable.text("removedMemberId");
    public static final ProcessVariable<Boolean> WAS_RUNNING = ProcessVariable.flag("memberWasRunning");
    public static final ProcessVariable<Boolean> DATA_EMPTIED = ProcessVariable.flag("memberDataEmptied");
    public static final ProcessVariable<String> ADDED_ID = ProcessVariable.text("addedMemberId");
    public static final ProcessVariable<Boolean> JOINED = ProcessVariable.flag("memberJoined");
    public static final ProcessVariable<String> CHECK = ProcessVariable.text("checkResult");
    public static final ProcessVariable<String> FINALLY = ProcessVariable.text("finallyNote");

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
        QUORUM.set(execution, quorum.held());
        HEALTHY_MEMBERS.set(execution, (long) quorum.healthy());
        MEMBER_HEALTH.set(execution, cap(a.describeHealth()));
        MEMBER_LIST.set(execution, cap(a.listedBy() == null ? "(no member answered)" : EtcdMember.describe(a.members())));
        LOST_MEMBERS.set(execution, a.unhealthy());

        var lost = nodeLoss.lostMember(etcd, a, LOST_MEMBER.find(execution).orElse(null));
        REPLACEMENT_NEEDED.set(execution, lost.isPresent());
        LOST_MEMBER.set(execution, lost.map(Node::name).orElse(null));
        List<String> evidence = new ArrayList<>();
        evidence.add(quorum.toString());
        evidence.add(a.describeHealth());
        evidence.add("member list (from " + (a.listedBy() == null ? "no member" : a.listedBy()) + "):");
        evidence.add(EtcdMember.describe(a.members()));
        if (a.unhealthy().size() > 1 && quorum.held()) {
            evidence.add("several members are unhealthy: this run replaces " + lost.map(Node::name).orElse("none")
                    + "; start the process again for each other one (one membership change at a time)");
        }
        EVIDENCE.set(execution, cap(String.join("\n", evidence)));
        if (!quorum.held()) {
            PLAN.set(execution, "no quorum (" + quorum + "): no membership change can be committed; "
                    + "restore every member from the snapshot with restore-etcd");
        } else if (lost.isPresent()) {
            PLAN.set(execution, cap(String.join("\n", nodeLoss.plan(etcd, lost.get(), a))));
        } else {
            PLAN.set(execution, "every member is healthy: nothing to replace");
        }
    }

    public void removeMember(DelegateExecution execution) {
        guardedStep.run(execution, () -> REMOVED_ID.set(execution, nodeLoss.removeFromCluster(etcd(), lost(execution))));
    }

    public void stopAndEmpty(DelegateExecution execution) {
        guardedStep.run(execution, () -> {
            Node lost = lost(execution);
            if (nodeLoss.stop(lost)) WAS_RUNNING.set(execution, true);
            // set before the removal: a half-done removal must also keep the finally path from starting it
            DATA_EMPTIED.set(execution, true);
            nodeLoss.emptyDataDir(etcd(), lost);
        });
    }

    public void addMember(DelegateExecution execution) {
        guardedStep.run(execution, () -> ADDED_ID.set(execution, nodeLoss.add(etcd(), lost(execution))));
    }

    public void joinMember(DelegateExecution execution) {
        guardedStep.run(execution, () -> {
            nodeLoss.join(etcd(), lost(execution));
            JOINED.set(execution, true);
        });
    }

    public void startMember(DelegateExecution execution) {
        guardedStep.run(execution, () -> nodeLoss.startAndAwait(lost(execution)));
    }

    public void checkCluster(DelegateExecution execution) {
        guardedStep.run(execution, () -> CHECK.set(execution, nodeLoss.check(etcd())));
    }

    /**
     * The "finally" path. The member's container is started again only where its data is whole: before it
     * was emptied (and only if it ran before), or after the join wrote the new member's data. Between the two
     * its own command (written for the first bootstrap) must not run on an empty data dir; that state is
     * said in {@code finallyNote}. Healthy members were never touched, so nothing else is to do.
     */
    public void bringBack(DelegateExecution execution) {
        Node lost = lost(execution);
        boolean emptied = DATA_EMPTIED.getOrDefault(execution, false);
        boolean joined = JOINED.getOrDefault(execution, false);
        boolean wasRunning = WAS_RUNNING.getOrDefault(execution, false);
        if (joined || (!emptied && wasRunning)) {
            nodeLoss.start(lost);
            FINALLY.set(execution, "container " + lost.container() + " started again");
        } else if (emptied) {
            FINALLY.set(execution, "container " + lost.container() + " left stopped: its data dir was emptied and it has not joined "
                    + "(start etcd-node-loss again with lostMember=" + lost.name() + ")");
        } else {
            FINALLY.set(execution, "container " + lost.container() + " was not running and was not changed");
        }
    }

    private Node lost(DelegateExecution execution) {
        String name = LOST_MEMBER.find(execution).orElse(null);
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
