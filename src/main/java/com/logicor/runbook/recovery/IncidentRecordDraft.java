package com.logicor.runbook.recovery;

import com.logicor.runbook.security.CurrentUser;
import com.logicor.runbook.variables.ProcessVariable;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.springframework.stereotype.Component;

/**
 * "Document incident": on creation a short summary for the form and where the full draft is
 * ({@code GET /api/incidents/{processInstanceId}/draft}: the record is longer than the 4000 characters a
 * Camunda string variable holds); on completion the record is written from history, with the operator's
 * notes ({@code incidentNotes}) and who documented it, and saved in the catalog —
 * {@code GET /api/incidents/{processInstanceId}} downloads it as Markdown.
 */
@Component("incidentRecordDraft")
public class IncidentRecordDraft implements TaskListener {

    private final IncidentRecordWriter writer;
    private final IncidentRecords records;

    public IncidentRecordDraft(IncidentRecordWriter writer, IncidentRecords records) {
        this.writer = writer;
        this.records = records;
    }

    @Override
    public void notify(DelegateTask task) {
        String pi = task.getProcessInstanceId();
        if (EVENTNAME_CREATE.equals(task.getEventName())) {
            IncidentRecordWriter.Witnesses who = writer.witnesses(pi);
            FullClusterRecoveryProcess.INCIDENT_SUMMARY.set(task, "Incident \"" + FullClusterRecoveryProcess.INCIDENT_TITLE.asText(task) + "\": assessed by "
                    + who.assessedBy() + ", approved by " + who.approvedBy() + ", restored: "
                    + FullClusterRecoveryProcess.AFFECTED_COMPONENTS.asText(task) + ". Full draft: GET /api/incidents/" + pi + "/draft");
            return;
        }
        String user = CurrentUser.of(task);
        String notes = FullClusterRecoveryProcess.INCIDENT_NOTES.getOrDefault(task, "");
        String markdown = writer.markdown(pi, task.getVariables()).stripTrailing()
                + (notes.isBlank() ? "" : "\n\n## Notes\n\n" + notes.strip())
                + "\n\n_Documented by " + user + "._\n";
        IncidentRecordWriter.Witnesses who = writer.witnesses(pi);
        records.save(new IncidentRecords.IncidentRecord(pi, FullClusterRecoveryProcess.INCIDENT_TITLE.find(task).orElse(null),
                FullClusterRecoveryProcess.SEVERITY.find(task).orElse(null), who.assessedBy(), who.approvedBy(), user, markdown, null));
    }
}
