package dev.rstat.cgroup.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import dev.rstat.cgroup.CgroupNotFoundException;
import dev.rstat.cgroup.Hierarchy;

/**
 * What {@code --root} accepts: a cgroup file system (its type is {@code cgroup} or {@code cgroup2}) or a directory
 * below one, a snapshot ({@value Hierarchy#SNAPSHOT_MARKER} at its root, or a tree shaped like one whose root
 * records its cgroup id in {@value dev.rstat.cgroup.Cgroup#ID_FILE}, as test fixtures are), a snapshot of several hierarchies
 * ({@value Hierarchy#MOUNTINFO_FILE} and one snapshot per hierarchy), or the directory that holds a hybrid or legacy
 * host's hierarchy mounts ({@code /sys/fs/cgroup}, a tmpfs), which means the joined view. Anything else
 * ({@code /tmp}, {@code /usr}) is refused with one line.
 */
final class RootCheck
{
    private static final Set<String> CGROUP_FILE_SYSTEMS = Set.of("cgroup", "cgroup2");

    private RootCheck()
    {
    }

    /**
     * The hierarchy {@code --root} names.
     *
     * @param root the option's value.
     * @return the hierarchy, snapshot or joined view.
     * @throws CgroupNotFoundException naming the directory and why it is not one, if it is not.
     */
    static Hierarchy hierarchy(final Path root)
    {
        if (!Files.isDirectory(root))
        {
            throw new CgroupNotFoundException((Files.exists(root) ? "--root is not a directory: root=" :
                "--root does not exist: root=") + root);
        }
        final Hierarchy hierarchy = Hierarchy.at(root);
        if (hierarchy.snapshot() || hierarchy.isJoined() ||
            Files.isRegularFile(root.resolve(dev.rstat.cgroup.Cgroup.ID_FILE)))
        {
            return hierarchy;
        }
        final String type = fileSystemType(root);
        if (CGROUP_FILE_SYSTEMS.contains(type))
        {
            return hierarchy;
        }
        throw new CgroupNotFoundException("--root is not a cgroup hierarchy: root=" + root + " filesystem=" +
            (type.isEmpty() ? "unknown" : type) + " (give a cgroup mount, see 'cgroup-walk mounts', a directory " +
            "below one, or a snapshot)");
    }

    private static String fileSystemType(final Path dir)
    {
        try
        {
            return Files.getFileStore(dir).type();
        }
        catch (final IOException | RuntimeException ex)
        {
            return "";
        }
    }
}
