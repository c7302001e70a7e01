package com.logicor.runbook.docker;

import com.logicor.runbook.command.OutputTail;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Starts an exec whose stdin is a stream, over the engine's raw socket: {@code POST /exec/{id}/start} with
 * {@code Upgrade: tcp}, then stdin is written and the socket half-closed so the process in the container
 * sees end-of-input (what {@code docker exec -i} does). docker-java's HTTP transports do not half-close, so
 * a restore piped into {@code psql} would never end with them. Plain unix:// and tcp:// sockets only.
 */
final class HijackedExec {

    private HijackedExec() {
    }

    /** Runs the started exec to its end; returns when the container closed the output stream. */
    static void run(String engineUrl, String execId, InputStream stdin, OutputStream stdout, OutputTail stderr,
                    long timeoutMillis) throws IOException, InterruptedException, TimeoutException {
        try (SocketChannel channel = open(engineUrl)) {
            byte[] body = "{\"Detach\":false,\"Tty\":false}".getBytes(StandardCharsets.US_ASCII);
            String request = "POST /exec/" + execId + "/start HTTP/1.1\r\nHost: docker\r\n"
                    + "Content-Type: application/json\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n"
                    + "Content-Length: " + body.length + "\r\n\r\n";
            OutputStream out = Channels.newOutputStream(channel);
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            InputStream in = Channels.newInputStream(channel);
            String status = readHeaders(in);
            if (!status.contains(" 101 ") && !status.contains(" 200 ")) {
                throw new IOException("exec start refused: " + status);
            }
            CompletableFuture<Void> feeding = CompletableFuture.runAsync(() -> {
                try {
                    stdin.transferTo(out);
                    out.flush();
                    channel.shutdownOutput();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            demultiplex(in, stdout, stderr);
            try {
                feeding.get(timeoutMillis, TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                // the process ended before reading all of its input: its exit code tells the story
                stderr.write(("[stdin not fully consumed: " + e.getCause().getMessage() + "]\n").getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    private static SocketChannel open(String engineUrl) throws IOException {
        URI uri = URI.create(engineUrl);
        return switch (uri.getScheme()) {
            case "unix" -> {
                SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX);
                c.connect(UnixDomainSocketAddress.of(uri.getPath()));
                yield c;
            }
            case "tcp" -> SocketChannel.open(new InetSocketAddress(uri.getHost(), uri.getPort()));
            default -> throw new IOException("exec with stdin needs a unix:// or plain tcp:// engine, not " + engineUrl);
        };
    }

    private static String readHeaders(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < 4) {
            int b = in.read();
            if (b < 0) throw new EOFException("engine closed the connection before answering");
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
            if (head.size() > 64 * 1024) throw new IOException("engine answer headers too long");
        }
        String text = head.toString(StandardCharsets.US_ASCII);
        return text.substring(0, text.indexOf('\r'));
    }

    /** Docker's multiplexed stream: 8-byte header (stream, 0, 0, 0, big-endian length), then the payload. */
    private static void demultiplex(InputStream in, OutputStream stdout, OutputStream stderr) throws IOException {
        byte[] header = new byte[8];
        byte[] buffer = new byte[64 * 1024];
        while (true) {
            int n = in.readNBytes(header, 0, 8);
            if (n == 0) return;
            if (n < 8) throw new EOFException("truncated frame header from the engine");
            long length = ByteBuffer.wrap(header, 4, 4).getInt() & 0xffffffffL;
            OutputStream target = header[0] == 2 ? stderr : stdout;
            while (length > 0) {
                int r = in.read(buffer, 0, (int) Math.min(buffer.length, length));
                if (r < 0) throw new EOFException("truncated frame from the engine");
                target.write(buffer, 0, r);
                length -= r;
            }
        }
    }
}
