package com.logicor.runbook.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.StreamType;
import com.github.dockerjava.api.model.Volume;
import com.logicor.runbook.command.CommandJournal;
import com.logicor.runbook.command.ExecResult;
import com.logicor.runbook.command.ShellQuote;
import com.logicor.runbook.command.OutputTail;
import com.logicor.runbook.inventory.DockerEngine;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/** {@link DockerEngines} over docker-java; works against Docker and podman's compatible API. */
@Component
public class DockerJavaEngines implements DockerEngines {

    static final String VOLUME_MOUNT = "/volume";
    static final String HELPER_LABEL = "logicor-runbook.helper";

    private final DockerClients clients;

    public DockerJavaEngines(DockerClients clients) {
        this.clients = clients;
    }

    @Override
    public void probe(DockerEngine engine) {
        call(engine, "ping", () -> clients.client(engine).pingCmd().exec());
    }

    @Override
    public ContainerState inspect(DockerEngine engine, String container) {
        return call(engine, "inspect " + container, () -> {
            var state = clients.client(engine).inspectContainerCmd(container).exec().getState();
            return new ContainerState(container, Boolean.TRUE.equals(state.getRunning()), state.getStatus(),
                    state.getExitCodeLong());
        });
    }

    @Override
    public void stop(DockerEngine engine, String container, Duration grace) {
        CommandJournal.note(engine.id(), "docker stop --time " + grace.toSeconds() + " " + container);
        call(engine, "stop " + container, () -> {
            try {
                clients.client(engine).stopContainerCmd(container).withTimeout((int) grace.toSeconds()).exec();
            } catch (NotModifiedException alreadyStopped) {
                // idempotent: stopping a stopped container is done
            }
            return null;
        });
    }

    @Override
    public void start(DockerEngine engine, String container) {
        CommandJournal.note(engine.id(), "docker start " + container);
        call(engine, "start " + container, () -> {
            try {
                clients.client(engine).startContainerCmd(container).exec();
            } catch (NotModifiedException alreadyRunning) {
                // idempotent: starting a running container is done
            }
            return null;
        });
    }

    @Override
    public ExecResult exec(DockerEngine engine, String container, List<String> command, OutputStream stdout,
                           Duration timeout) {
        CommandJournal.note(engine.id(), "docker exec " + container + " " + ShellQuote.join(command.toArray(String[]::new)));
        String shown = String.join(" ", command);
        return call(engine, "exec in " + container + ": " + shown, () -> {
            long start = System.nanoTime();
            DockerClient docker = clients.client(engine);
            String execId = docker.execCreateCmd(container).withCmd(command.toArray(String[]::new))
                    .withAttachStdout(true).withAttachStderr(true).exec().getId();
            OutputTail stderr = new OutputTail();
            var callback = new FrameSplitter(stdout, stderr);
            try (var running = docker.execStartCmd(execId).exec(callback)) {
                if (!running.awaitCompletion(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new DockerException(engine.id() + ": exec in " + container + " timed out after " + timeout
                            + ": " + shown, null);
                }
            }
            callback.rethrow();
            return finished(docker, engine, container, execId, shown, stdout, stderr, start);
        });
    }

    /** The exit code of an exec whose streams have ended. */
    private static ExecResult finished(DockerClient docker, DockerEngine engine, String container, String execId,
                                       String shown, OutputStream stdout, OutputTail stderr, long start) throws IOException {
        stdout.flush();
        Long exit = docker.inspectExecCmd(execId).exec().getExitCodeLong();
        if (exit == null) {
            throw new DockerException(engine.id() + ": exec in " + container + " ended without an exit code: " + shown, null);
        }
        return new ExecResult(shown, exit.intValue(), "", stderr.toString(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    }

    @Override
    public ExecResult runLike(DockerEngine engine, String like, List<String> command, OutputStream stdout, Duration timeout) {
        CommandJournal.note(engine.id(), "docker run --rm (like " + like + ") " + ShellQuote.join(command.toArray(String[]::new)));
        String shown = String.join(" ", command);
        return call(engine, "run like " + like + ": " + shown, () -> {
            DockerClient docker = clients.client(engine);
            var model = docker.inspectContainerCmd(like).exec();
            // binds rebuilt from the parsed mounts: the engine's own Binds strings carry options
            // (podman: rprivate, rbind) that not every engine accepts back
            List<Bind> binds = new java.util.ArrayList<>();
            for (var m : model.getMounts()) {
                String source = m.getName() != null && !m.getName().isBlank() ? m.getName() : m.getSource();
                binds.add(new Bind(source, new Volume(m.getDestination().getPath()),
                        Boolean.FALSE.equals(m.getRW()) ? AccessMode.ro : AccessMode.rw));
            }
            return runOnce(engine, docker, model.getImageId(), model.getConfig().getEnv(), binds,
                    model.getHostConfig().getNetworkMode(), command, stdout, timeout);
        });
    }

    @Override
    public ExecResult runInVolume(DockerEngine engine, String volume, List<String> command, OutputStream stdout, Duration timeout) {
        CommandJournal.note(engine.id(), "docker run --rm -v " + volume + ":/volume --network none <helper image> " + ShellQuote.join(command.toArray(String[]::new)));
        return call(engine, "run in volume " + volume + ": " + String.join(" ", command), () ->
                runOnce(engine, clients.client(engine), engine.helperImage(), null,
                        List.of(new Bind(volume, new Volume(VOLUME_MOUNT))), "none", command, stdout, timeout));
    }

    /** Creates, starts and waits for a one-shot container, collects its output, and always removes it. */
    private ExecResult runOnce(DockerEngine engine, DockerClient docker, String image, String[] env, List<Bind> binds,
                               String networkMode, List<String> command, OutputStream stdout, Duration timeout) throws IOException {
        long start = System.nanoTime();
        String shown = String.join(" ", command);
        String name = "runbook-once-" + UUID.randomUUID().toString().substring(0, 8);
        var create = docker.createContainerCmd(image).withName(name)
                .withLabels(java.util.Map.of(HELPER_LABEL, "once"))
                .withEntrypoint(command.toArray(String[]::new)).withCmd(List.of())
                .withHostConfig(HostConfig.newHostConfig().withBinds(binds).withNetworkMode(networkMode));
        if (env != null) create.withEnv(env);
        String id = create.exec().getId();
        try {
            docker.startContainerCmd(id).exec();
            Integer exit;
            try {
                exit = docker.waitContainerCmd(id).exec(new com.github.dockerjava.api.command.WaitContainerResultCallback())
                        .awaitStatusCode(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (com.github.dockerjava.api.exception.DockerClientException timedOut) {
                throw new DockerException(engine.id() + ": " + name + " did not finish within " + timeout + ": " + shown, timedOut);
            }
            OutputTail stderr = new OutputTail();
            var callback = new FrameSplitter(stdout, stderr);
            try (var logs = docker.logContainerCmd(id).withStdOut(true).withStdErr(true).withFollowStream(false).exec(callback)) {
                logs.awaitCompletion(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while reading the output of " + name, e);
            }
            callback.rethrow();
            stdout.flush();
            return new ExecResult(shown, exit, "", stderr.toString(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        } finally {
            removeHelper(engine, id);
        }
    }

    @Override
    public InputStream archiveFrom(DockerEngine engine, String container, String path) {
        return call(engine, "copy " + path + " out of " + container,
                () -> clients.client(engine).copyArchiveFromContainerCmd(container, path).exec());
    }

    @Override
    public void archiveInto(DockerEngine engine, String container, String path, InputStream tar) {
        CommandJournal.note(engine.id(), "unpack a tar stream into " + container + ":" + path);
        call(engine, "copy into " + container + ":" + path, () -> {
            clients.client(engine).copyArchiveToContainerCmd(container).withRemotePath(path).withTarInputStream(tar).exec();
            return null;
        });
    }

    @Override
    public InputStream archiveFromVolume(DockerEngine engine, String volume) {
        String helper = createHelper(engine, volume);
        try {
            // "/volume/." yields the volume's content at the archive root, as the regulation's tar -C does
            InputStream tar = archiveFrom(engine, helper, VOLUME_MOUNT + "/.");
            return new FilterInputStream(tar) {
                @Override
                public void close() throws IOException {
                    try {
                        super.close();
                    } finally {
                        removeHelper(engine, helper);
                    }
                }
            };
        } catch (RuntimeException e) {
            removeHelper(engine, helper);
            throw e;
        }
    }

    @Override
    public void archiveIntoVolume(DockerEngine engine, String volume, InputStream tar) {
        CommandJournal.note(engine.id(), "unpack a tar stream into volume " + volume);
        String helper = createHelper(engine, volume);
        try {
            archiveInto(engine, helper, VOLUME_MOUNT, tar);
        } finally {
            removeHelper(engine, helper);
        }
    }

    /** A created, never started container that mounts the volume: archive calls need no running process. */
    private String createHelper(DockerEngine engine, String volume) {
        String name = "runbook-helper-" + UUID.randomUUID().toString().substring(0, 8);
        return call(engine, "create helper for volume " + volume, () -> clients.client(engine)
                .createContainerCmd(engine.helperImage())
                .withName(name)
                .withCmd("true")
                .withLabels(java.util.Map.of(HELPER_LABEL, volume))
                .withHostConfig(HostConfig.newHostConfig().withBinds(new Bind(volume, new Volume(VOLUME_MOUNT))))
                .exec().getId());
    }

    private void removeHelper(DockerEngine engine, String id) {
        try {
            clients.client(engine).removeContainerCmd(id).withForce(true).exec();
        } catch (NotFoundException gone) {
            // already removed
        }
    }

    private static <T> T call(DockerEngine engine, String what, DockerCall<T> call) {
        try {
            return call.run();
        } catch (DockerException e) {
            throw e;
        } catch (NotFoundException e) {
            throw new DockerException(engine.id() + ": " + what + ": not found (" + firstLine(e.getMessage()) + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DockerException(engine.id() + ": " + what + ": interrupted", e);
        } catch (IOException e) {
            throw new UncheckedIOException(engine.id() + ": " + what + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new DockerException(engine.id() + ": " + what + ": " + firstLine(String.valueOf(e.getMessage())), e);
        }
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).strip();
    }

    @FunctionalInterface
    private interface DockerCall<T> {
        T run() throws IOException, InterruptedException;
    }

    /** Routes the multiplexed exec stream: stdout frames to the caller's stream, stderr to a bounded tail. */
    private static final class FrameSplitter extends ResultCallback.Adapter<Frame> {
        private final OutputStream stdout;
        private final OutputStream stderr;
        private volatile IOException failure;

        FrameSplitter(OutputStream stdout, OutputStream stderr) {
            this.stdout = stdout;
            this.stderr = stderr;
        }

        @Override
        public void onNext(Frame frame) {
            try {
                if (frame.getStreamType() == StreamType.STDERR) {
                    stderr.write(frame.getPayload());
                } else {
                    stdout.write(frame.getPayload());
                }
            } catch (IOException e) {
                failure = e;
                try {
                    close();
                } catch (IOException ignored) {
                    // the failure above is what matters
                }
            }
        }

        void rethrow() throws IOException {
            if (failure != null) throw failure;
        }
    }
}
