package com.logicor.runbook.reachability;

import com.logicor.runbook.docker.DockerEngines;
import com.logicor.runbook.inventory.ComponentSpec;
import com.logicor.runbook.inventory.DockerEngine;
import com.logicor.runbook.inventory.Host;
import com.logicor.runbook.inventory.Inventory;
import com.logicor.runbook.inventory.InventorySource;
import com.logicor.runbook.inventory.Node;
import com.logicor.runbook.ssh.SshHosts;
import com.logicor.runbook.storage.BackupStorage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.stereotype.Component;

/**
 * Probes everything the inventory names — SSH hosts, Docker engines, backup storage, component endpoints —
 * in parallel, each with its own time limit, and reports each as ok or failed with reason and latency.
 */
@Component
public class ReachabilityCheck {

    private static final long PROBE_LIMIT_SECONDS = 30;

    private final Inventory inventory;
    private final InventorySource source;
    private final SshHosts ssh;
    private final DockerEngines docker;
    private final BackupStorage storage;
    private final EndpointProbe endpoints;

    public ReachabilityCheck(Inventory inventory, InventorySource source, SshHosts ssh, DockerEngines docker,
                             BackupStorage storage, EndpointProbe endpoints) {
        this.inventory = inventory;
        this.source = source;
        this.ssh = ssh;
        this.docker = docker;
        this.storage = storage;
        this.endpoints = endpoints;
    }

    public ReachabilityReport run() {
        List<Probe> probes = new ArrayList<>();
        for (Host h : inventory.hosts()) {
            probes.add(new Probe(ReachabilityResult.HOST, h.id(), "ssh://" + h.user() + "@" + h.address() + ":" + h.port(),
                    () -> ssh.probe(h)));
        }
        for (DockerEngine e : inventory.dockerEngines()) {
            probes.add(new Probe(ReachabilityResult.ENGINE, e.id(), e.url(), () -> docker.probe(e)));
        }
        probes.add(new Probe(ReachabilityResult.STORAGE, "local", inventory.storage().local().root(), () -> {
            Path root = storage.localRoot();
            if (!Files.isWritable(root)) throw new IllegalStateException("not writable: " + root.toAbsolutePath());
        }));
        if (inventory.storage().s3() != null) {
            var s3 = inventory.storage().s3();
            probes.add(new Probe(ReachabilityResult.STORAGE, "s3", s3.endpoint() + "/" + s3.bucket(),
                    () -> storage.remote().orElseThrow().probe()));
        }
        for (ComponentSpec c : inventory.components()) {
            for (Node n : c.nodes()) {
                n.endpoints().forEach((name, url) -> probes.add(new Probe(ReachabilityResult.ENDPOINT,
                        c.id() + "/" + n.name() + "/" + name, url, () -> endpoints.probe(url))));
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(16, probes.size()), r -> {
            Thread t = new Thread(r, "reachability-probe");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<ReachabilityResult>> futures = new ArrayList<>();
            for (Probe p : probes) futures.add(pool.submit(p));
            List<ReachabilityResult> results = new ArrayList<>();
            for (int i = 0; i < probes.size(); i++) {
                results.add(await(probes.get(i), futures.get(i)));
            }
            return new ReachabilityReport(source.location(), Instant.now(), results);
        } finally {
            pool.shutdownNow();
        }
    }

    private static ReachabilityResult await(Probe probe, Future<ReachabilityResult> future) {
        try {
            return future.get(PROBE_LIMIT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            return probe.failed("no answer within " + PROBE_LIMIT_SECONDS + " s", PROBE_LIMIT_SECONDS * 1000);
        } catch (ExecutionException e) {
            return probe.failed(String.valueOf(e.getCause()), 0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return probe.failed("interrupted", 0);
        }
    }

    private record Probe(String kind, String target, String address, Action action) implements Callable<ReachabilityResult> {
        @Override
        public ReachabilityResult call() {
            long start = System.nanoTime();
            try {
                action.run();
                return new ReachabilityResult(kind, target, address, true, "ok", millisSince(start));
            } catch (Exception e) {
                return failed(reasonOf(e), millisSince(start));
            }
        }

        ReachabilityResult failed(String reason, long millis) {
            return new ReachabilityResult(kind, target, address, false, reason, millis);
        }

        private static long millisSince(long start) {
            return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        }

        /** Says it the way an operator would: unknown host, connection refused, timed out, or the message. */
        private static String reasonOf(Throwable e) {
            for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
                if (t instanceof java.net.UnknownHostException || t instanceof java.nio.channels.UnresolvedAddressException) {
                    return "unknown host" + (t.getMessage() == null ? "" : " " + t.getMessage());
                }
                if (t instanceof java.net.ConnectException) {
                    return "connection refused" + (t.getMessage() == null || t.getMessage().contains("refused") ? "" : " (" + t.getMessage() + ")");
                }
                if (t instanceof java.net.SocketTimeoutException || t instanceof java.net.http.HttpTimeoutException) {
                    return "timed out";
                }
            }
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return reason.length() > 500 ? reason.substring(0, 500) + "…" : reason;
        }
    }

    @FunctionalInterface
    private interface Action {
        void run() throws Exception;
    }
}
