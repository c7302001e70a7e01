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
                pump(local.getInputStream(), channel.getOutputStream(), local, channel);
                pump(channel.getInputStream(), local.getOutputStream(), local, channel);
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

    private static void pump(InputStream from, OutputStream to, Socket local, DirectStreamLocalChannel channel) {
        Thread t = new Thread(() -> {
            try (from; to) {
                from.transferTo(to);
            } catch (IOException ignored) {
                // either side closed: the HTTP exchange is over
            } finally {
                try {
                    local.close();
                    channel.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
        }, "docker-ssh-pump");
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(Socket socket) {
        if (socket == null) return;
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing more to do for a connection that failed
        }
    }

    @Override
    public synchronized void close() throws IOException {
        listener.close();
        if (client != null) client.close();
    }
}
