package com.logicor.runbook.storage;

import java.nio.file.Path;

/**
 * Local paths built from values (inventory ids, run stamps, catalog locations) stay under their root. A name
 * such as {@code ../../x} in a process variable or a catalog row must never make the runbook write, read or
 * delete a file elsewhere on the host.
 */
public final class LocalPaths {

    private LocalPaths() {
    }

    /**
     * {@code root/name/name/…}: each name one plain path segment (no separator, not {@code .} or {@code ..};
     * an empty last name means the folder itself), the result normalised and checked to be under root.
     */
    public static Path under(Path root, String... names) {
        Path path = root.toAbsolutePath().normalize();
        for (int i = 0; i < names.length; i++) {
            String name = names[i];
            boolean lastMayBeEmpty = i == names.length - 1 && "".equals(name);
            if (!lastMayBeEmpty && !isPlainName(name)) {
                throw new IllegalArgumentException("'" + name + "' is not a plain file or folder name (under " + root + ")");
            }
            path = path.resolve(name);
        }
        return requireInside(root, path.toString());
    }

    /**
     * A location read from elsewhere (the catalog, a process variable), normalised; refused unless it lies
     * strictly inside {@code root}.
     */
    public static Path requireInside(Path root, String location) {
        if (location == null || location.isEmpty() || location.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("no usable local location: '" + location + "'");
        }
        Path base = root.toAbsolutePath().normalize();
        Path path = Path.of(location).toAbsolutePath().normalize();
        if (!path.startsWith(base) || path.equals(base)) {
            throw new IllegalArgumentException("refusing local location " + location + ": it is not inside " + base);
        }
        return path;
    }

    /** True when the location lies strictly inside root (normalised). */
    public static boolean isInside(Path root, String location) {
        try {
            requireInside(root, location);
            return true;
        } catch (IllegalArgumentException e) { // InvalidPathException included
            return false;
        }
    }

    static boolean isPlainName(String name) {
        return name != null && !name.isEmpty() && !name.equals(".") && !name.equals("..")
                && name.indexOf('/') < 0 && name.indexOf('\\') < 0 && name.indexOf('\0') < 0;
    }
}
