package com.logicor.runbook.backup;

import java.io.OutputStream;

/** Writes the raw bytes of one artifact (a dump, a snapshot, a tar) into the stream it is given. */
@FunctionalInterface
public interface ArtifactSource {
    void writeTo(OutputStream out) throws Exception;
}
