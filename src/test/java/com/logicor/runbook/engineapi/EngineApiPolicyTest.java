package com.logicor.runbook.engineapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The non-admin write calls that need no engine lookup, table-driven: queries and self-service pass, everything
 * else — whatever the engine's grants would say — is refused by least privilege. (Task and start calls, which look
 * at the engine, are in ApprovalBypassSecurityIT.)
 */
class EngineApiPolicyTest {

    final EngineApiPolicy policy = new EngineApiPolicy(null, null, null, null, null, com.logicor.runbook.component.ComponentBlueprints.production());

    @ParameterizedTest(name = "{0} {1} → {2}")
    @CsvSource({
            "POST, /task, allowed",
            "POST, /task/count, allowed",
            "POST, /process-instance, allowed",
            "POST, /process-instance/count, allowed",
            "POST, /history/process-instance, allowed",
            "POST, /history/activity-instance/count, allowed",
            "POST, /filter/f1/list, allowed",
            "POST, /filter/f1/count, allowed",
            "PUT, /user/alice/credentials, allowed",
            "PUT, /user/alice/profile, allowed",
            "POST, /identity/password-policy, allowed",
            "PUT, /user/bob/credentials, least-privilege",
            "POST, /user/create, least-privilege",
            "POST, /group/recovery-approvers/members/alice, least-privilege",
            "PUT, /group/recovery-approvers/members/alice, least-privilege",
            "POST, /authorization/create, least-privilege",
            "POST, /process-instance/p1/modification, least-privilege",
            "POST, /process-instance/p1/modification-async, least-privilege",
            "POST, /modification/execute, least-privilege",
            "POST, /process-instance/p1/variables, least-privilege",
            "PUT, /process-instance/p1/variables/dryRun, least-privilege",
            "DELETE, /process-instance/p1/variables/approved, least-privilege",
            "POST, /process-instance/variables-async, least-privilege",
            "DELETE, /process-instance/p1, least-privilege",
            "POST, /process-instance/delete, least-privilege",
            "PUT, /process-instance/p1/suspended, least-privilege",
            "POST, /execution/e1/localVariables, least-privilege",
            "POST, /execution/e1/signal, least-privilege",
            "POST, /job/j1/execute, least-privilege",
            "PUT, /job/j1/retries, least-privilege",
            "POST, /job/j1/duedate, least-privilege",
            "PUT, /job-definition/d1/suspended, least-privilege",
            "POST, /process-definition/d1/restart, least-privilege",
            "POST, /process-definition/d1/restart-async, least-privilege",
            "PUT, /process-definition/d1/suspended, least-privilege",
            "POST, /migration/execute, least-privilege",
            "POST, /deployment/create, least-privilege",
            "POST, /message, least-privilege",
            "POST, /signal, least-privilege",
            "POST, /condition, least-privilege",
            "POST, /external-task/fetchAndLock, least-privilege",
            "POST, /external-task/x/complete, least-privilege",
            "POST, /history/cleanup, least-privilege",
            "POST, /history/process-instance/delete, least-privilege",
            "POST, /filter/create, least-privilege",
            "POST, /batch/b1/suspended, least-privilege",
            "POST, /incident/i1/annotation, least-privilege",
            "POST, /, least-privilege",
    })
    void nonAdminWritesAreQueriesSelfServiceOrRefused(String method, String path, String expected) {
        Optional<EngineApiPolicy.Refusal> refusal = policy.check("alice", false, method, path, null);
        if (expected.equals("allowed")) {
            assertThat(refusal).as(method + " " + path).isEmpty();
        } else {
            assertThat(refusal).as(method + " " + path).get().satisfies(r -> {
                assertThat(r.rule()).isEqualTo(expected);
                assertThat(r.status()).isEqualTo(403);
            });
        }
    }

    @ParameterizedTest(name = "admin {0} {1}")
    @CsvSource({"POST, /process-instance/p1/modification", "POST, /job/j1/execute", "PUT, /process-instance/p1/variables/x"})
    void administratorsKeepTheirTools(String method, String path) {
        assertThat(policy.check("admin", true, method, path, null)).isEmpty();
    }
}
