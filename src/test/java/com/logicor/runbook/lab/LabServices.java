package com.logicor.runbook.lab;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * The lab's servers by the names {@code scripts/lab status} shows, each with the check that it SERVES (the same
 * checks as {@code scripts/lab}'s {@code wait_ready}: an HTTP answer, a SQL-ready port, a Keeper quorum), and its log.
 * A test that stops or restarts a server waits here until it serves again, so the next test never races it
 * (a listening port alone is not enough: Vault's stand-in accepts before it answers).
 */
public final class LabServices {

    /** Containers of the lab's Docker API (podman). */
    public static final List<String> CONTAINERS = List.of("etcd", "patroni", "minio", "vault");
    /** Servers on the host started by {@code lab-service}. */
    public static final List<String> HOST_SERVERS = List.of("clickhouse-1", "keeper-1", "keeper-2", "keeper-3", "backup-s3");

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final Map<String, BooleanSupplier> SERVES = new LinkedHashMap<>();

    static {
        SERVES.put("etcd", () -> httpBodyContains("http://127.0.0.1:2379/health", "\"health\":\"true\""));
        SERVES.put("patroni", () -> postgresAnswers(15432));
        SERVES.put("minio", () -> s3Answers(9000));
        SERVES.put("vault", () -> httpBodyContains("http://127.0.0.1:8200/v1/sys/health", "\"sealed\": false")
                || httpBodyContains("http://127.0.0.1:8200/v1/sys/health", "\"sealed\":false"));
        SERVES.put("backup-s3", () -> s3Answers(9300));
        SERVES.put("clickhouse-1", () -> httpBodyContains("http://127.0.0.1:8123/ping", "Ok"));
        SERVES.put("keeper", LabServices::keeperQuorum);
        Map<String, Integer> sshd = Map.of("ssh-clickhouse-1", 2221, "ssh-keeper-1", 2231, "ssh-keeper-2", 2232,
                "ssh-keeper-3", 2233, "ssh-ansible-1", 2241);
        sshd.forEach((name, port) -> SERVES.put(name, () -> sshBanner(port)));
        for (int n = 1; n <= 3; n++) {
            int port = 2180 + n;
            SERVES.put("keeper-" + n, () -> List.of("leader", "follower").contains(keeperMode(port)));
        }
    }

    private LabServices() {
    }

    /** What {@link #awaitAllServing} waits for: every server of {@code scripts/lab status}, Keeper as a quorum. */
    public static final List<String> ALL = List.of("etcd", "patroni", "minio", "vault", "backup-s3", "clickhouse-1", "keeper",
            "ssh-clickhouse-1", "ssh-keeper-1", "ssh-keeper-2", "ssh-keeper-3", "ssh-ansible-1");

    /** Every server of the lab serves (Keeper: all three in quorum), waited for up to {@code limit}. */
    public static void awaitAllServing(Duration limit) {
        awaitServing(limit, ALL.toArray(String[]::new));
    }

    /** Whether every server of the lab serves now. */
    public static boolean allServing() {
        return ALL.stream().allMatch(LabServices::serves);
    }

    /** Waits until each named server serves; fails naming the ones that do not, with their log tails. */
    public static void awaitServing(Duration limit, String... names) {
        for (String name : names) {
            BooleanSupplier check = SERVES.get(name);
            if (check == null) throw new IllegalArgumentException("no readiness check for lab server " + name);
            try {
                await("lab server " + name + " serves").atMost(limit).pollInterval(Duration.ofMillis(100))
                        .until(check::getAsBoolean);
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                throw new AssertionError(e.getMessage() + "\n" + logTail(name, 30), e);
            }
        }
    }

    /** Whether the named server serves now (true for a name without a check, e.g. "podman-service"). */
    public static boolean serves(String name) {
        BooleanSupplier check = SERVES.get(name);
        return check == null || check.getAsBoolean();
    }

    /** {@code lab-service <node> start|stop} for a host server, and after a start: waited until it serves. */
    public static void labService(Lab lab, String node, String action) {
        try {
            Process p = new ProcessBuilder(lab.dir().resolve("bin/lab-service").toString(), node, action)
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) throw new AssertionError("lab-service " + node + " " + action + ": " + out);
        } catch (IOException e) {
            throw new AssertionError("lab-service " + node + " " + action + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        if (action.equals("start") || action.equals("restart")) awaitServing(Duration.ofMinutes(2), node);
    }

    /** The last {@code lines} lines of a server's log under the lab's {@code logs/} ("keeper": all three). */
    public static String logTail(String name, int lines) {
        if (name.equals("keeper")) {
            StringBuilder all = new StringBuilder();
            for (int n = 1; n <= 3; n++) all.append(logTail("keeper-" + n, lines));
            return all.toString();
        }
        Path logs = Path.of(System.getenv().getOrDefault("RUNBOOK_LAB_DIR", "/var/lib/runbook-lab")).resolve("logs");
        Path file = CONTAINERS.contains(name) ? logs.resolve("container-" + name + ".log")
                : name.startsWith("ssh-") ? logs.resolve("sshd-" + name.substring(4) + ".log") : logs.resolve(name + ".log");
        return "---- " + file + " (last " + lines + " lines) ----\n" + tail(file, lines);
    }

    /** The last {@code lines} lines of a text file, read without holding the whole file. */
    public static String tail(Path file, int lines) {
        if (!Files.isRegularFile(file)) return "(no " + file + ")\n";
        Deque<String> last = new ArrayDeque<>(lines);
        try (Stream<String> all = Files.lines(file, StandardCharsets.ISO_8859_1)) {
            all.forEach(l -> {
                if (last.size() == lines) last.removeFirst();
                last.addLast(l);
            });
        } catch (IOException | java.io.UncheckedIOException e) {
            return "(unreadable " + file + ": " + e + ")\n";
        }
        return String.join("\n", last) + "\n";
    }

    /** TCP connect to 127.0.0.1:{@code port} succeeds. */
    public static boolean listens(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    /** An SSH server greets with its version line. */
    static boolean sshBanner(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            socket.setSoTimeout(2000);
            byte[] greeting = socket.getInputStream().readNBytes(4);
            return new String(greeting, StandardCharsets.US_ASCII).equals("SSH-");
        } catch (IOException e) {
            return false;
        }
    }

    static boolean httpBodyContains(String url, String text) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 && r.body().contains(text);
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static boolean s3Answers(int port) {
        try {
            int code = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
            return code == 403 || code == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** PostgreSQL answers a startup packet (what pg_isready asks): any protocol answer means it accepts connections. */
    static boolean postgresAnswers(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            socket.setSoTimeout(2000);
            String params = "user\0postgres\0database\0postgres\0\0";
            byte[] p = params.getBytes(StandardCharsets.US_ASCII);
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(8 + p.length);
            b.putInt(8 + p.length).putInt(196608).put(p);
            OutputStream out = socket.getOutputStream();
            out.write(b.array());
            out.flush();
            InputStream in = socket.getInputStream();
            int type = in.read();
            if (type == 'R') return true; // an authentication request: the server accepts connections
            if (type != 'E') return false;
            byte[] rest = in.readNBytes(512);
            // "the database system is starting up" / "shutting down" / "in recovery mode" are not ready
            String text = new String(rest, StandardCharsets.US_ASCII);
            return !text.contains("57P03");
        } catch (IOException e) {
            return false;
        }
    }

    /** The four-letter word {@code srvr}'s "Mode:" of the Keeper stand-in on {@code port} ("" when it does not answer). */
    static String keeperMode(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            socket.setSoTimeout(2000);
            socket.getOutputStream().write("srvr".getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            for (String line : answer.split("\n")) {
                if (line.startsWith("Mode: ")) return line.substring(6).strip();
            }
            return "";
        } catch (IOException e) {
            return "";
        }
    }

    static boolean keeperQuorum() {
        for (int port = 2181; port <= 2183; port++) {
            if (!List.of("leader", "follower").contains(keeperMode(port))) return false;
        }
        return true;
    }
}
