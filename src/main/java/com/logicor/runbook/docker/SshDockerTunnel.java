package com.logicor.runbook.docker;

import com.logicor.runbook.inventory.Host;
import com.logicor.runbook.ssh.DirectStreamLocalChannel;
import com.logicor.runbook.ssh.SshjHosts;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.CountDownLatch;
import net.schmizz.sshj.SSHClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries a remote engine's API socket to a loopback port: every local connection becomes a
 * {@code direct-streamlocal} channel of one SSH connection to the host, like {@code docker -H ssh://}.
 */
final class SshDockerTunnel implements Closeable {

    private static final Logger log = LoggerFactory.getLogger(SshDockerTunnel.class);

    private final SshjHosts ssh;
    private final Host host;
    private final String remoteSocket;
    private final ServerSocket listener;
    private SSHClient client;

    private SshDockerTunnel(SshjHosts ssh, Host host, String remoteSocket) throws IOException {
        this.ssh = ssh;
        this.host = host;
        this.remoteSocket = remoteSocket;
        this.listener = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
    }

    static SshDockerTunnel open(SshjHosts ssh, Host host, String remoteSocket) {
        try {
            SshDockerTunnel tunnel = new SshDockerTunnel(ssh, host, remoteSocket);
            Thread acceptor = new Thread(tunnel::acceptLoop, "docker-ssh-tunnel-" + host.id());
            acceptor.setDaemon(true);
            acceptor.start();
            return tunnel;
        } catch (IOException e) {
            throw new DockerException("cannot open a local port for the SSH tunnel to " + host.id(), e);
        }
    }

    int localPort() {
        return listener.getLocalPort();
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            Socket local = null;
            try {
                local = listener.accept();
                DirectStreamLocalChannel channel = openChannel();
                pump(local, channel);
            } catch (IOException e) {
                // the engine client sees the connection drop at once instead of waiting for a timeout
                closeQuietly(local);
                if (!listener.isClosed()) {
                    log.warn("docker tunnel to {}:{}: {}", host.id(), remoteSocket, e.getMessage());
                }
            }
        }
    }

    private synchronized DirectStreamLocalChannel openChannel() throws IOException {
        if (client == null || !client.isConnected() || !client.isAuthenticated()) {
            if (client != null) client.close();
            client = ssh.connect(host);
        }
        DirectStreamLocalChannel channel = new DirectStreamLocalChannel(client.getConnection(), remoteSocket);
        channel.open();
        return channel;
    }

    /**
     * Both directions of one connection. Each copies with a flush per read (sshj's channel stream buffers a
     * whole packet otherwise, and an HTTP request would wait in it) and passes end-of-stream on as a
     * half-close, so the engine sees the end of an exec's stdin; the connection closes when both are done.
     */
    private static void pump(Socket local, DirectStreamLocalChannel channel) throws IOException {
        CountDownLatch bothDone = new CountDownLatch(2);
        InputStream fromLocal = local.getInputStream();
        OutputStream toLocal = local.getOutputStream();
        InputStream fromRemote = channel.getInputStream();
        OutputStream toRemote = channel.getOutputStream();
        start("docker-ssh-up", () -> {
            copy(fromLocal, toRemote);
            closeQuietly(toRemote); // SSH channel EOF
        }, bothDone);
        start("docker-ssh-down", () -> {
            copy(fromRemote, toLocal);
            try {
                local.shutdownOutput();
            } catch (IOException ignored) {
                // the local side is already gone
            }
        }, bothDone);
        start("docker-ssh-close", () -> {
            try {
                bothDone.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            closeQuietly(local);
            closeQuietly(channel);
        }, new CountDownLatch(1));
    }

    private static void copy(InputStream from, OutputStream to) {
        byte[] buffer = new byte[32 * 1024];
        try {
            for (int n = from.read(buffer); n >= 0; n = from.read(buffer)) {
                to.write(buffer, 0, n);
                to.flush();
            }
        } catch (IOException ignored) {
            // a side closed: this direction is over
        }
    }

    private static void start(String name, Runnable work, CountDownLatch done) {
        Thread t = new Thread(() -> {
            try {
                work.run();
            } finally {
                done.countDown();
            }
        }, name);
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(Closeable closeable) {
        if (closeable == null) return;
        try {
            closeable.close();
        } catch (IOException ignored) {
            // nothing more to do for a connection that is over
        }
    }

    @Override
    public synchronized void close() throws IOException {
        listener.close();
        if (client != null) client.close();
    }
}
