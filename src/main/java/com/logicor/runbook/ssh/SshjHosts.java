package com.logicor.runbook.ssh;

import com.logicor.runbook.command.CommandJournal;
import com.logicor.runbook.command.ExecResult;
import com.logicor.runbook.command.OutputTail;
import com.logicor.runbook.inventory.Host;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.connection.channel.direct.Session;
import net.schmizz.sshj.transport.verification.OpenSSHKnownHosts;
import net.schmizz.sshj.transport.verification.PromiscuousVerifier;
import net.schmizz.sshj.xfer.FileSystemFile;
import org.springframework.stereotype.Component;

/** {@link SshHosts} over sshj: public-key auth, known_hosts checking unless the inventory turns it off. */
@Component
public class SshjHosts implements SshHosts {

    // Pumps block on I/O; the common pool has one thread on a 2-core machine and would deadlock them.
    private static final ExecutorService PUMPS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "ssh-stream-pump");
        t.setDaemon(true);
        return t;
    });

    @Override
    public void probe(Host host) {
        try (SSHClient ignored = connect(host)) {
            // connected and authenticated
        } catch (IOException e) {
            throw new SshException(host.id() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public ExecResult exec(Host host, String command, Duration timeout) {
        OutputTail stdout = new OutputTail();
        return run(host, command, null, stdout, timeout, true);
    }

    @Override
    public ExecResult execToStream(Host host, String command, OutputStream stdout, Duration timeout) {
        return run(host, command, null, stdout, timeout, false);
    }

    @Override
    public ExecResult execFromStream(Host host, String command, InputStream stdin, Duration timeout) {
        return run(host, command, stdin, new OutputTail(), timeout, true);
    }

    private ExecResult run(Host host, String command, InputStream stdin, OutputStream stdout, Duration timeout,
                           boolean keepStdout) {
        CommandJournal.note(host.id(), command);
        long start = System.nanoTime();
        try (SSHClient client = connect(host); Session session = client.startSession()) {
            Session.Command cmd = session.exec(command);
            OutputTail stderr = new OutputTail();
            // stdout, stderr and stdin move at once: a full pipe on one side must not stall the others
            CompletableFuture<Void> out = copyAsync(cmd.getInputStream(), stdout, false);
            CompletableFuture<Void> err = copyAsync(cmd.getErrorStream(), stderr, false);
            CompletableFuture<Void> in = stdin == null ? closeAsync(cmd.getOutputStream())
                    : copyAsync(stdin, cmd.getOutputStream(), true);
            long deadline = System.nanoTime() + timeout.toNanos();
            try {
                CompletableFuture.allOf(in, out, err).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                cmd.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())), TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                throw new SshException(host.id() + ": command timed out after " + timeout + ": " + command, e);
            } catch (ExecutionException e) {
                throw new SshException(host.id() + ": stream broke while running: " + command
                        + " (" + e.getCause().getMessage() + ")", e.getCause());
            }
            Integer status = cmd.getExitStatus();
            if (status == null) {
                throw new SshException(host.id() + ": command ended without an exit status"
                        + (cmd.getExitSignal() != null ? " (signal " + cmd.getExitSignal() + ")" : "") + ": " + command, null);
            }
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            return new ExecResult(command, status, keepStdout ? stdout.toString() : "", stderr.toString(), millis);
        } catch (IOException e) {
            throw new SshException(host.id() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SshException(host.id() + ": interrupted while running: " + command, e);
        }
    }

    @Override
    public void upload(Host host, Path local, String remotePath) {
        try (SSHClient client = connect(host); var sftp = client.newSFTPClient()) {
            sftp.put(new FileSystemFile(local.toFile()), remotePath);
        } catch (IOException e) {
            throw new SshException(host.id() + ": upload of " + local + " to " + remotePath + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void download(Host host, String remotePath, Path local) {
        try (SSHClient client = connect(host); var sftp = client.newSFTPClient()) {
            sftp.get(remotePath, new FileSystemFile(local.toFile()));
        } catch (IOException e) {
            throw new SshException(host.id() + ": download of " + remotePath + " failed: " + e.getMessage(), e);
        }
    }

    /** An authenticated connection; the caller closes it. */
    public SSHClient connect(Host host) throws IOException {
        SSHClient client = new SSHClient();
        try {
            if (host.strictHostKeyChecking()) {
                client.addHostKeyVerifier(new OpenSSHKnownHosts(Path.of(host.knownHostsFile()).toFile()));
            } else {
                client.addHostKeyVerifier(new PromiscuousVerifier());
            }
            int timeoutMillis = (int) host.connectTimeout().toMillis();
            client.setConnectTimeout(timeoutMillis);
            client.setTimeout((int) host.commandTimeout().toMillis());
            client.connect(host.address(), host.port());
            client.authPublickey(host.user(), client.loadKeys(host.privateKeyFile()));
            return client;
        } catch (IOException | RuntimeException e) {
            client.close();
            throw e;
        }
    }

    private static CompletableFuture<Void> copyAsync(InputStream from, OutputStream to, boolean closeTarget) {
        return CompletableFuture.runAsync(() -> {
            try (InputStream source = from) {
                source.transferTo(to);
                to.flush();
                if (closeTarget) to.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, PUMPS);
    }

    private static CompletableFuture<Void> closeAsync(OutputStream stdin) {
        try {
            stdin.close();
            return CompletableFuture.completedFuture(null);
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
