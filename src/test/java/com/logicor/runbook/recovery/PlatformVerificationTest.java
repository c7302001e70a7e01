package com.logicor.runbook.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.logicor.runbook.component.ComponentBlueprint;
import com.logicor.runbook.component.ComponentRunbook;
import com.logicor.runbook.component.ComponentRunbooks;
import com.logicor.runbook.inventory.ComponentId;
import com.logicor.runbook.inventory.Inventory;
import com.logicor.runbook.reachability.ReachabilityCheck;
import com.logicor.runbook.reachability.ReachabilityReport;
import java.util.List;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.junit.jupiter.api.Test;

/** The verification hands a restored component the backup run its restore chose; a failing check of it fails the step. */
class PlatformVerificationTest {

    ReachabilityCheck reachability = mock(ReachabilityCheck.class);
    ComponentRunbooks runbooks = mock(ComponentRunbooks.class);
    ComponentRunbook restored = runbook("restored");
    ComponentRunbook untouched = runbook("untouched");
    DelegateExecution execution = mock(DelegateExecution.class);
    PlatformVerification verification = new PlatformVerification(mock(Inventory.class), reachability, runbooks);

    static ComponentRunbook runbook(String id) {
        ComponentRunbook runbook = mock(ComponentRunbook.class);
        ComponentBlueprint blueprint = mock(ComponentBlueprint.class);
        when(blueprint.id()).thenReturn(ComponentId.of(id));
        when(runbook.blueprint()).thenReturn(blueprint);
        return runbook;
    }

    void world() {
        when(reachability.run()).thenReturn(new ReachabilityReport("inventory.yml", java.time.Instant.now(), List.of()));
        when(runbooks.inOrder()).thenReturn(List.of(restored, untouched));
        when(execution.getVariable("affected_restored")).thenReturn(true);
        when(execution.getVariable("chosenRun_restored")).thenReturn("run-7");
    }

    @Test
    void aRestoredComponentIsCheckedAgainstItsChosenRun() throws Exception {
        world();
        when(restored.verify(any(), eq("run-7"))).thenReturn("restored holds run-7");
        when(untouched.verify(any(), isNull())).thenReturn("untouched fine");
        verification.execute(execution);
        verify(restored).verify(any(), eq("run-7"));
        verify(untouched).verify(any(), isNull());
        verify(execution).setVariable(eq("verification"), (Object) org.mockito.ArgumentMatchers.argThat(
                v -> v.toString().contains("ok     restored holds run-7 (restored)") && v.toString().contains("ok     untouched fine")));
    }

    @Test
    void aRestoredComponentThatLacksSomethingFailsTheStep() throws Exception {
        world();
        when(restored.verify(any(), anyString())).thenThrow(new IllegalStateException("database склад is missing"));
        when(untouched.verify(any(), isNull())).thenThrow(new IllegalStateException("not fatal"));
        assertThatThrownBy(() -> verification.execute(execution)).hasMessageContaining("restored: database склад is missing")
                .hasMessageNotContaining("not fatal");
        assertThat(restored.blueprint().id().id()).isEqualTo("restored");
    }
}
