package com.logicor.runbook.ssh;

import com.logicor.runbook.command.ExecResult;

import com.logicor.runbook.inventory.Host;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;

/** Commands and files on the inventory's SSH hosts. Every call opens, uses and closes its own connection. */
public interface SshHosts {

    /** Connects and authenticates, nothing more. */
    void probe(Host host);

    /** Runs a command; output is kept (bounded) in the result. */
    ExecResult exec(Host host, String command, Duration timeout);

    /** Runs a command and streams its stdout into {@code stdout}, without a temporary file on either side. */
    ExecResult execToStream(Host host, String command, OutputStream stdout, Duration timeout);

    /** Runs a command with {@code stdin} as its input, streamed until the end of the stream. */
    ExecResult execFromStream(Host host, String command, InputStream stdin, Duration timeout);

    void upload(Host host, Path local, String remotePath);

    void download(Host host, String remotePath, Path local);
}
