package com.logicor.runbook.command;

/**
 * How a remote command ended. {@code stdout} holds the output only when it was not streamed elsewhere;
 * both texts are cut to their last {@value OutputTail#LIMIT} bytes.
 */
public record ExecResult(String command, int exitStatus, String stdout, String stderr, long millis) {

    public boolean ok() {
        return exitStatus == 0;
    }

    /** Throws unless the command exited 0; the message carries the exit status and the end of stderr. */
    public ExecResult requireSuccess() {
        if (!ok()) {
            throw new RemoteCommandException(this);
        }
        return this;
    }
}
