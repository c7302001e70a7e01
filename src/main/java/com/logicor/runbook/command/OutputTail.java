package com.logicor.runbook.command;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Keeps the last {@value #LIMIT} bytes written: enough to explain a failure, never a whole backup. */
public final class OutputTail extends OutputStream {

    public static final int LIMIT = 64 * 1024;

    private final byte[] ring = new byte[LIMIT];
    private long written;

    @Override
    public synchronized void write(int b) {
        ring[(int) (written++ % LIMIT)] = (byte) b;
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        for (int i = 0; i < len; i++) {
            ring[(int) (written++ % LIMIT)] = b[off + i];
        }
    }

    @Override
    public synchronized String toString() {
        if (written <= LIMIT) {
            return new String(ring, 0, (int) written, StandardCharsets.UTF_8);
        }
        int start = (int) (written % LIMIT);
        byte[] ordered = new byte[LIMIT];
        System.arraycopy(ring, start, ordered, 0, LIMIT - start);
        System.arraycopy(ring, 0, ordered, LIMIT - start, start);
        return new String(ordered, StandardCharsets.UTF_8);
    }
}
