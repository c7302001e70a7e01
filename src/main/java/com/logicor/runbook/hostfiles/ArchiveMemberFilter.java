package com.logicor.runbook.hostfiles;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Which members of a host-files archive may be unpacked as root into {@code /}: only those under the
 * component's configured paths of that node (the inventory's), as a backup by {@link HostPathArchive} wrote
 * them. Refused: an absolute name, a {@code ..} segment, a name outside the paths, a symbolic or hard link
 * whose target lies outside them, and anything but files, folders and links (device nodes, FIFOs).
 * <p>
 * {@link #check} reads the whole listing (streamed, member data skipped, nothing kept in memory) before the
 * caller unpacks anything, so one bad member refuses the whole archive and the node is left untouched.
 */
public final class ArchiveMemberFilter {

    private final List<String> roots;

    /** @param configuredPaths absolute folders from the inventory, e.g. {@code /etc/clickhouse-server} */
    public ArchiveMemberFilter(List<String> configuredPaths) {
        this.roots = HostPathArchive.relativeToRoot(configuredPaths);
    }

    /** Reads the archive's listing to its end; throws naming the first refused member. Returns the member count. */
    public long check(InputStream tar, String archiveName) throws IOException {
        long members = 0;
        TarArchiveInputStream in = new TarArchiveInputStream(tar);
        TarArchiveEntry entry;
        while ((entry = in.getNextEntry()) != null) {
            members++;
            Optional<String> refusal = refusal(entry);
            if (refusal.isPresent()) {
                throw new IOException(archiveName + ": refusing to unpack member '" + entry.getName() + "': " + refusal.get()
                        + " (allowed: " + roots + "); nothing was unpacked");
            }
        }
        tar.transferTo(java.io.OutputStream.nullOutputStream()); // to the end: the reader checks the checksum there
        return members;
    }

    /** Why this member may not be unpacked, or empty when it may. */
    public Optional<String> refusal(TarArchiveEntry entry) {
        String name = entry.getName();
        if (!(regularFile(entry) || entry.isDirectory() || entry.isSymbolicLink() || entry.isLink())) {
            return Optional.of("only files, folders and links are restored, not this entry type");
        }
        if (name.startsWith("/")) return Optional.of("absolute name");
        Optional<List<String>> parts = plain(name);
        if (parts.isEmpty()) return Optional.of("'..' in the name");
        if (!inside(parts.get())) return Optional.of("outside the configured paths");
        if (entry.isLink()) {
            // a hard link names another member, relative to the archive's root like every name
            String target = entry.getLinkName();
            Optional<List<String>> resolved = target.startsWith("/") ? Optional.empty() : plain(target);
            if (resolved.isEmpty() || !inside(resolved.get())) {
                return Optional.of("hard link to '" + target + "', outside the configured paths");
            }
        }
        if (entry.isSymbolicLink()) {
            String target = entry.getLinkName();
            List<String> parent = parts.get().subList(0, parts.get().size() - 1);
            Optional<List<String>> resolved = resolve(target, target.startsWith("/") ? List.of() : parent);
            if (resolved.isEmpty() || !inside(resolved.get())) {
                return Optional.of("symbolic link to '" + target + "', outside the configured paths");
            }
        }
        return Optional.empty();
    }

    /** By its type flag: commons-compress's isFile() also says true for devices and FIFOs. */
    private static boolean regularFile(TarArchiveEntry entry) {
        byte flag = entry.getLinkFlag();
        return flag == TarConstants.LF_NORMAL || flag == TarConstants.LF_OLDNORM || flag == TarConstants.LF_CONTIG
                || entry.isSparse();
    }

    /** The segments of a member name, {@code .} and empty ones dropped; empty when any segment is {@code ..}. */
    private static Optional<List<String>> plain(String name) {
        List<String> out = new ArrayList<>();
        for (String part : name.split("/")) {
            if (part.equals("..")) return Optional.empty();
            if (!part.isEmpty() && !part.equals(".")) out.add(part);
        }
        return Optional.of(out);
    }

    /** A link target resolved from {@code dir} as the kernel would ({@code ..} goes up); empty above {@code /}. */
    private static Optional<List<String>> resolve(String target, List<String> dir) {
        List<String> out = new ArrayList<>(dir);
        for (String part : target.split("/")) {
            if (part.isEmpty() || part.equals(".")) continue;
            if (part.equals("..")) {
                if (out.isEmpty()) return Optional.empty();
                out.remove(out.size() - 1);
            } else {
                out.add(part);
            }
        }
        return Optional.of(out);
    }

    private boolean inside(List<String> parts) {
        String joined = String.join("/", parts);
        for (String root : roots) {
            if (joined.equals(root) || joined.startsWith(root + "/")) return true;
        }
        return false;
    }
}
