package com.logicor.runbook.ssh;

import net.schmizz.sshj.common.SSHPacket;
import net.schmizz.sshj.connection.Connection;
import net.schmizz.sshj.connection.channel.direct.AbstractDirectChannel;

/**
 * OpenSSH's {@code direct-streamlocal@openssh.com} channel: a connection to a Unix socket on the remote
 * host (such as {@code /var/run/docker.sock}), what {@code ssh -L local:/remote.sock} does. sshj has the
 * TCP variant only.
 */
public final class DirectStreamLocalChannel extends AbstractDirectChannel {

    private final String socketPath;

    public DirectStreamLocalChannel(Connection connection, String socketPath) {
        super(connection, "direct-streamlocal@openssh.com");
        this.socketPath = socketPath;
    }

    @Override
    protected SSHPacket buildOpenReq() {
        // socket path, reserved string, reserved uint32 (openssh PROTOCOL, section 2.4)
        return super.buildOpenReq().putString(socketPath).putString("").putUInt32(0);
    }
}
