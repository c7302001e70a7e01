package com.logicor.runbook.lab;

import static org.assertj.core.api.Assertions.assertThat;

import com.logicor.runbook.catalog.BackupRun;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.camunda.bpm.engine.history.HistoricProcessInstance;

/**
 * The round trip of one component as an operator drills it: the seeded data read, backed up, destroyed, restored by
 * the component's restore process (alice starts it, bob approves it), and every datum compared with what was there
 * before the backup. Each step is also callable alone, for drills that depart from the plain round trip.
 */
public final class Drill {

    public static final String OPERATOR = "alice";
    public static final String APPROVER = "bob";

    private final RunbookApp app;
    private final ComponentDrill component;
    private Map<String, String> seeded;
    private BackupRun backup;
    private Map<String, String> destroyed;
    private String processInstanceId;
    private HistoricProcessInstance ended;

    private Drill(RunbookApp app, ComponentDrill component) {
        this.app = app;
        this.component = component;
    }

    public static Drill of(RunbookApp app, ComponentDrill component) {
        return new Drill(app, component);
    }

    /** seed → back up → destroy → restore → verify; returns the drill for the component's own assertions. */
    public static Drill roundTrip(RunbookApp app, ComponentDrill component) throws Exception {
        return of(app, component).seeded().backedUp().destroyed().restored().verified();
    }

    /** Reads the seeded data; nothing of it may be missing or unreadable. */
    public Drill seeded() throws Exception {
        seeded = component.fingerprint();
        assertThat(seeded).as(component.component() + ": the seeded data").isNotEmpty()
                .doesNotContainValue("missing").allSatisfy((k, v) -> assertThat(v).as(k).doesNotStartWith("unreadable"));
        return this;
    }

    /** A backup run of the component, waited for; it must have succeeded. */
    public Drill backedUp() {
        backup = app.backUp(component.component());
        return this;
    }

    /** The incident: the component's data destroyed; the fingerprint must show it. */
    public Drill destroyed() throws Exception {
        component.destroy();
        destroyed = component.fingerprint();
        assertThat(destroyed).as(component.component() + ": destroyed").isNotEqualTo(seeded);
        return this;
    }

    /** The component's restore process, started by the operator and approved by the approver, ended at end_restored. */
    public Drill restored() {
        Map<String, Object> variables = new HashMap<>(component.restoreVariables());
        variables.put("backupRunId", backup.id());
        variables.put("approvalRequired", true);
        return restoredBy(app.startApprovedBy(OPERATOR, APPROVER, component.restoreProcess(), variables));
    }

    /**
     * A restore the test started its own way (over REST, approved by hand): {@code processInstanceId} of the component's
     * restore process, waited for, ended at end_restored.
     */
    public Drill restoredBy(String processInstanceId) {
        this.processInstanceId = processInstanceId;
        ended = app.awaitEnd(processInstanceId, Duration.ofMinutes(5));
        assertThat(ended.getEndActivityId()).as(component.restoreProcess() + " failed: " + app.variable(processInstanceId, "failure"))
                .isEqualTo("end_restored");
        return this;
    }

    /** Every datum of the seed is back as it was before the backup (and nothing the incident added). */
    public Drill verified() throws Exception {
        LabServices.awaitServing(Duration.ofMinutes(2), component.servers().toArray(String[]::new));
        assertThat(component.fingerprint()).as(component.component() + ": every datum back as backed up").isEqualTo(seeded);
        return this;
    }

    public Map<String, String> seededData() {
        return seeded;
    }

    public Map<String, String> destroyedData() {
        return destroyed;
    }

    public BackupRun backup() {
        return backup;
    }

    public String processInstanceId() {
        return processInstanceId;
    }

    public HistoricProcessInstance ended() {
        return ended;
    }

    /** A variable of the restore process instance, from history. */
    public Object variable(String name) {
        return app.variable(processInstanceId, name);
    }
}
