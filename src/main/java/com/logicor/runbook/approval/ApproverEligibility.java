package com.logicor.runbook.approval;

import com.logicor.runbook.security.GroupMembership;
import com.logicor.runbook.security.RunbookGroups;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * The four-eyes rule, in one place for every approval task and every destructive step: the approver is an
 * authenticated member of {@code recovery-approvers} and neither started nor assessed the case.
 */
@Component
public class ApproverEligibility {

    private final GroupMembership groups;

    public ApproverEligibility(GroupMembership groups) {
        this.groups = groups;
    }

    /** Why {@code user} may not {@code action} (take, complete, …) an approval of this case; empty when allowed. */
    public Optional<String> refusal(String user, String action, String starter, Set<String> assessors) {
        if (user == null || user.isBlank()) {
            return Optional.of("four-eyes rule: only an authenticated user can " + action + " an approval");
        }
        if (!isApprover(user)) {
            return Optional.of("four-eyes rule: " + user + " is not a member of " + RunbookGroups.RECOVERY_APPROVERS
                    + " and cannot " + action + " an approval");
        }
        if (user.equals(starter)) {
            return Optional.of("four-eyes rule: " + user + " started this case and cannot also " + action
                    + " its approval; another member of " + RunbookGroups.RECOVERY_APPROVERS + " must approve");
        }
        if (assessors.contains(user)) {
            return Optional.of("four-eyes rule: " + user + " assessed this case and cannot also " + action
                    + " its approval; another member of " + RunbookGroups.RECOVERY_APPROVERS + " must approve");
        }
        return Optional.empty();
    }

    public Optional<String> refusal(String user, String action, CaseHistory.Facts facts) {
        return refusal(user, action, facts.starter(), facts.assessors());
    }

    public boolean isApprover(String user) {
        return groups.isMember(user, RunbookGroups.RECOVERY_APPROVERS);
    }
}
