package dev.rstat.cgroup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One line of {@code /proc/<pid>/cgroup}: {@code hierarchy-ID:controller-list:cgroup-path}. The v2 line is
 * {@code 0::/path}; the kernel appends {@code " (deleted)"} to the path of a removed cgroup.
 *
 * @param hierarchyId the hierarchy id (0 for cgroup v2).
 * @param controllers v1 controllers of that hierarchy, including {@code name=...} entries; empty for v2.
 * @param path        the cgroup's path relative to the hierarchy root, without the {@code (deleted)} suffix.
 * @param deleted     whether the kernel marked the cgroup as removed.
 */
public record CgroupMembership(int hierarchyId, List<String> controllers, String path, boolean deleted)
{
    /** Where the kernel lists this process's cgroups. */
    public static final Path PROC_SELF_CGROUP = Path.of("/proc/self/cgroup");

    private static final String DELETED_SUFFIX = " (deleted)";

    /**
     * Copies the controller list.
     */
    public CgroupMembership
    {
        controllers = List.copyOf(controllers);
    }

    /**
     * @return whether this is the cgroup v2 line ({@code 0::...}).
     */
    public boolean unified()
    {
        return hierarchyId == 0 && controllers.isEmpty();
    }

    /**
     * Reads {@code /proc/self/cgroup}.
     *
     * @return one entry per hierarchy.
     * @throws UncheckedIOException if the file cannot be read.
     */
    public static List<CgroupMembership> ofSelf()
    {
        try
        {
            return parseAll(Files.readString(PROC_SELF_CGROUP, StandardCharsets.UTF_8), PROC_SELF_CGROUP.toString());
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read: file=" + PROC_SELF_CGROUP, ex);
        }
    }

    /**
     * @param entries parsed {@code /proc/PID/cgroup} lines.
     * @return the cgroup v2 entry, if any.
     */
    public static Optional<CgroupMembership> unified(final List<CgroupMembership> entries)
    {
        return entries.stream().filter(CgroupMembership::unified).findFirst();
    }

    /**
     * Parses a whole {@code /proc/PID/cgroup} file.
     *
     * @param text the file's text.
     * @param file name of the file, for messages.
     * @return one entry per non-empty line.
     * @throws IllegalArgumentException naming file, line and text for a malformed line.
     */
    public static List<CgroupMembership> parseAll(final String text, final String file)
    {
        final List<CgroupMembership> out = new ArrayList<>();
        final String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++)
        {
            if (!lines[i].isEmpty())
            {
                out.add(parse(lines[i], i + 1, file));
            }
        }
        return out;
    }

    /**
     * Parses one line. The path is everything after the second colon, so paths containing colons are kept whole.
     *
     * @param line       the line without terminator.
     * @param lineNumber 1-based, for messages.
     * @param file       name of the file, for messages.
     * @return the entry.
     * @throws IllegalArgumentException naming file, line and text if the line is malformed.
     */
    public static CgroupMembership parse(final String line, final int lineNumber, final String file)
    {
        final int first = line.indexOf(':');
        final int second = first < 0 ? -1 : line.indexOf(':', first + 1);
        if (second < 0)
        {
            throw malformed(file, lineNumber, line, "expected id:controllers:path");
        }
        final int id;
        try
        {
            id = Integer.parseInt(line.substring(0, first));
        }
        catch (final NumberFormatException ex)
        {
            throw malformed(file, lineNumber, line, "hierarchy id is not a number");
        }
        String path = line.substring(second + 1);
        boolean deleted = false;
        if (path.endsWith(DELETED_SUFFIX))
        {
            deleted = true;
            path = path.substring(0, path.length() - DELETED_SUFFIX.length());
        }
        if (!path.startsWith("/"))
        {
            throw malformed(file, lineNumber, line, "path must start with /");
        }
        return new CgroupMembership(id, Hierarchy.splitList(line.substring(first + 1, second)), path, deleted);
    }

    private static IllegalArgumentException malformed(
        final String file, final int lineNumber, final String line, final String reason)
    {
        return new IllegalArgumentException(
            "malformed cgroup line: file=" + file + " line=" + lineNumber + " text=" + line + " reason=" + reason);
    }
}
