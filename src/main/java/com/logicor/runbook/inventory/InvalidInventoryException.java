package com.logicor.runbook.inventory;

import java.util.List;
import java.util.stream.Collectors;

/** The inventory cannot be used; carries every problem found, not just the first. */
public class InvalidInventoryException extends RuntimeException {

    private final String source;
    private final List<InventoryProblem> problems;

    public InvalidInventoryException(String source, List<InventoryProblem> problems) {
        super("inventory " + source + " is invalid (" + problems.size() + " problem"
                + (problems.size() == 1 ? "" : "s") + "):\n" + problems.stream()
                .map(p -> "  - " + p).collect(Collectors.joining("\n")));
        this.source = source;
        this.problems = List.copyOf(problems);
    }

    public String source() {
        return source;
    }

    public List<InventoryProblem> problems() {
        return problems;
    }
}
