package com.logicor.runbook.command;

/** A command ran (on a host or in a container) and failed; the exit status and stderr say why. */
public class RemoteCommandException extends RuntimeException {

    private final ExecResult result;

    public RemoteCommandException(ExecResult result) {
        super("command exited " + result.exitStatus() + ": " + result.command()
                + (result.stderr().isBlank() ? "" : " — " + result.stderr().strip()));
        this.result = result;
    }

    public ExecResult result() {
        return result;
    }
}
