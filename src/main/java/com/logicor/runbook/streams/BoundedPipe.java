package com.logicor.runbook.streams;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A pipe between a producing thread (the source of a backup) and a consuming one (the upload) that holds at
 * most {@code chunks} × {@value #CHUNK} bytes. Unlike {@link java.io.PipedInputStream}, a failing producer
 * is seen by the reader as an exception, never as a clean end of stream — a truncated backup must not be
 * stored as if it were complete.
 */
public final class BoundedPipe {

    public static final int CHUNK = 256 * 1024;
    private static final byte[] END = new byte[0];

    private final BlockingQueue<byte[]> queue;
    private volatile Throwable producerFailure;
    private volatile boolean readerClosed;

    public BoundedPipe(int chunks) {
        this.queue = new ArrayBlockingQueue<>(chunks);
    }

    public final OutputStream sink = new OutputStream() {
        private byte[] buffer = new byte[CHUNK];
        private int filled;
        private boolean closed;

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            while (len > 0) {
                int n = Math.min(len, CHUNK - filled);
                System.arraycopy(b, off, buffer, filled, n);
                filled += n;
                off += n;
                len -= n;
                if (filled == CHUNK) flushChunk();
            }
        }

        @Override
        public void flush() throws IOException {
            if (filled > 0) flushChunk();
        }

        private void flushChunk() throws IOException {
            put(filled == CHUNK ? buffer : Arrays.copyOf(buffer, filled));
            buffer = new byte[CHUNK];
            filled = 0;
        }

        @Override
        public void close() throws IOException {
            if (closed) return;
            closed = true;
            flush();
            put(END);
        }
    };

    public final InputStream source = new InputStream() {
        private byte[] current = new byte[0];
        private int pos;
        private boolean ended;

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) return 0;
            while (pos == current.length) {
                if (ended) return -1;
                byte[] next = take();
                if (next == END) {
                    ended = true;
                    return -1;
                }
                current = next;
                pos = 0;
            }
            int n = Math.min(len, current.length - pos);
            System.arraycopy(current, pos, b, off, n);
            pos += n;
            return n;
        }

        @Override
        public void close() {
            readerClosed = true;
            queue.clear(); // unblocks a producer waiting for room
        }
    };

    /** The producer failed: the reader's next read throws instead of seeing the end. */
    public void fail(Throwable cause) {
        producerFailure = cause;
        queue.clear();
        queue.offer(END);
    }

    private void put(byte[] chunk) throws IOException {
        try {
            while (!queue.offer(chunk, 200, TimeUnit.MILLISECONDS)) {
                if (readerClosed) throw new IOException("the upload stopped reading");
            }
            if (readerClosed) throw new IOException("the upload stopped reading");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while handing data to the upload");
        }
    }

    private byte[] take() throws IOException {
        try {
            byte[] chunk = queue.take();
            if (producerFailure != null) {
                throw new IOException("the backup source failed: " + producerFailure.getMessage(), producerFailure);
            }
            return chunk;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for backup data");
        }
    }
}
