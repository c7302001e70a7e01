package com.logicor.runbook.restore;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

/**
 * The check that a restore ran what its plan said: every command in {@code executedCommands} ({@code phase — target:
 * command}) stands in the approved plan as {@code on target: command}. Commands run over SSH are planned that way.
 */
public final class ExecutedCommands {

    private ExecutedCommands() {
    }

    public static void assertPlanned(String plan, List<String> executed, String... targetsToCheck) {
        List<String> planLines = plan.lines().toList();
        List<String> checked = executed.stream().map(line -> line.substring(line.indexOf(" — ") + 3))
                .filter(line -> targetsToCheck.length == 0 || List.of(targetsToCheck).contains(line.substring(0, line.indexOf(": "))))
                .toList();
        assertThat(checked).as("executed commands to hold against the plan").isNotEmpty();
        for (String line : checked) {
            String target = line.substring(0, line.indexOf(": "));
            String command = line.substring(line.indexOf(": ") + 2);
            assertThat(planLines).as("'%s' on %s was run but is not in the approved plan:%n%s", command, target, plan)
                    .anySatisfy(p -> assertThat(p).startsWith("on " + target + ": " + command));
        }
    }
}
