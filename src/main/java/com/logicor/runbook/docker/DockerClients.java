package com.logicor.runbook.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import com.logicor.runbook.inventory.DockerEngine;
import com.logicor.runbook.inventory.Inventory;
import com.logicor.runbook.ssh.SshjHosts;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * One docker-java client per engine, made on first use. {@code ssh://} engines go through a local
 * {@link SshDockerTunnel} to the remote engine's socket.
 */
@Component
public class DockerClients {

    private final Inventory inventory;
    private final SshjHosts ssh;
    private final Map<String, DockerClient> clients = new ConcurrentHashMap<>();
    private final Map<String, SshDockerTunnel> tunnels = new ConcurrentHashMap<>();

    public DockerClients(Inventory inventory, SshjHosts ssh) {
        this.inventory = inventory;
        this.ssh = ssh;
    }

    public DockerClient client(DockerEngine engine) {
        return clients.computeIfAbsent(engine.id(), id -> create(engine));
    }

    /** Where the engine's API socket is reached from here: its own URL, or the local end of its SSH tunnel. */
    public String socketUrl(DockerEngine engine) {
        if (!"ssh".equals(engine.scheme())) return engine.url();
        SshDockerTunnel tunnel = tunnels.computeIfAbsent(engine.id(),
                id -> SshDockerTunnel.open(ssh, inventory.host(engine.sshHostId()), engine.remoteSocket()));
        return "tcp://127.0.0.1:" + tunnel.localPort();
    }

    private DockerClient create(DockerEngine engine) {
        String url = socketUrl(engine);
        var builder = DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(url);
        if (engine.tls() != null) {
            builder.withDockerTlsVerify(engine.tls().verify()).withDockerCertPath(engine.tls().certPath());
        } else {
            builder.withDockerTlsVerify(false);
        }
        DefaultDockerClientConfig config = builder.build();
        var http = new ApacheDockerHttpClient.Builder()
                .dockerHost(URI.create(url))
                .sslConfig(config.getSSLConfig())
                .maxConnections(16)
                .connectionTimeout(Duration.ofSeconds(10))
                .build();
        return DockerClientImpl.getInstance(config, http);
    }

    @PreDestroy
    public void close() throws IOException {
        for (DockerClient client : clients.values()) {
            client.close();
        }
        for (SshDockerTunnel tunnel : tunnels.values()) {
            tunnel.close();
        }
    }
}
