package com.logicor.runbook.command;

import java.util.ArrayList;
import java.util.List;

/**
 * What a step actually ran on the platform, as {@code target: command} lines: the SSH and Docker adapters note every
 * command they run while a journal is open on the current thread (a step runs on one job-executor thread). The
 * restore steps keep it in history beside the plan, so an auditor — and a test — can hold what ran against what was
 * approved. Commands only; never their input or output.
 */
public final class CommandJournal {

    private static final ThreadLocal<List<String>> OPEN = new ThreadLocal<>();

    @FunctionalInterface
    public interface Work {
        void run() throws Exception;
    }

    private CommandJournal() {
    }

    /** Runs {@code work} and hands what it ran to {@code executed}, also when it fails. */
    public static void during(Work work, java.util.function.Consumer<List<String>> executed) throws Exception {
        List<String> outer = OPEN.get();
        List<String> lines = new ArrayList<>();
        OPEN.set(lines);
        try {
            work.run();
        } finally {
            OPEN.set(outer);
            if (outer != null) outer.addAll(lines);
            executed.accept(List.copyOf(lines));
        }
    }

    /** Notes a command about to run on {@code target} (a host id, or engine/container). */
    public static void note(String target, String command) {
        List<String> lines = OPEN.get();
        if (lines != null) lines.add(target + ": " + command);
    }
}
