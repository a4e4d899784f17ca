package dev.rstat.cgroup.synthetic;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a snapshot tree in the snapshot layout: a plain directory tree shaped like cgroupfs, where every cgroup
 * directory holds {@code .rstat-cgroup-id} (the cgroup id in decimal + "\n") and the tree root holds
 * {@code .rstat-snapshot} ({@code key=value} lines: source, version, controllers, taken).
 * <p>
 * Cgroup paths are relative paths in the cgroup_iter style: {@code "/"} is the root,
 * {@code "/system.slice/dbus.service"} a descendant. Names may hold any character but {@code '/'} and NUL.
 * File contents are written byte for byte as UTF-8, with no newline added.
 * <p>
 * Not thread-safe; one instance per tree being written.
 */
final class SnapshotWriter
{
    static final String CGROUP_ID_FILE = ".rstat-cgroup-id";
    static final String SNAPSHOT_FILE = ".rstat-snapshot";

    private final Path root;

    SnapshotWriter(final Path root)
    {
        this.root = root;
    }

    Path root()
    {
        return root;
    }

    /** Resolves a cgroup path ("/" or "/a/b") to its directory under the snapshot root. */
    Path directory(final String cgroupPath)
    {
        if (!cgroupPath.startsWith("/"))
        {
            throw new IllegalArgumentException("cgroup path must start with '/': path=" + cgroupPath);
        }
        Path dir = root;
        for (final String name : cgroupPath.substring(1).split("/", -1))
        {
            if (!name.isEmpty())
            {
                dir = dir.resolve(name);
            }
        }
        return dir;
    }

    /** Creates the cgroup directory (parents must exist, except for the root) and writes its id file. */
    void cgroup(final String cgroupPath, final long id)
    {
        final Path dir = directory(cgroupPath);
        try
        {
            if ("/".equals(cgroupPath))
            {
                Files.createDirectories(dir);
            }
            else
            {
                Files.createDirectory(dir);
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot create cgroup directory: path=" + cgroupPath + " dir=" + dir, ex);
        }
        write(dir.resolve(CGROUP_ID_FILE), Long.toUnsignedString(id) + "\n");
    }

    /** Writes one file of a cgroup, exactly the given text. */
    void file(final String cgroupPath, final String fileName, final String content)
    {
        write(directory(cgroupPath).resolve(fileName), content);
    }

    /** Writes {@code .rstat-snapshot} at the root. */
    void snapshotInfo(final String source, final int version, final String controllers, final String taken)
    {
        write(root.resolve(SNAPSHOT_FILE),
            "source=" + source + "\nversion=" + version + "\ncontrollers=" + controllers + "\ntaken=" + taken + "\n");
    }

    /** Writes any file below the root (used for the expectation files next to a tree). */
    static void write(final Path file, final String content)
    {
        try
        {
            Files.write(file, content.getBytes(StandardCharsets.UTF_8));
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write file: file=" + file, ex);
        }
    }
}
