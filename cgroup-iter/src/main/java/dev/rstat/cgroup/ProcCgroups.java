package dev.rstat.cgroup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code /proc/cgroups}: per controller, the v1 hierarchy it is bound to (0 for cgroup2 or none) and how many cgroups
 * of it the kernel holds, live and dying (removed, but kept while something, such as page cache, is still charged to
 * them). The kernel's count minus the live directories of the controller's hierarchy is the number of dying cgroups.
 */
public final class ProcCgroups
{
    /** Where the kernel lists the controllers. */
    public static final Path PROC_CGROUPS = Path.of("/proc/cgroups");

    private ProcCgroups()
    {
    }

    /**
     * One line of {@code /proc/cgroups}.
     *
     * @param name      the controller ({@code memory}).
     * @param hierarchy the v1 hierarchy id, 0 if the controller is on cgroup2 or not mounted.
     * @param cgroups   {@code num_cgroups}: the controller's cgroups, live and dying, the root included.
     * @param enabled   whether the controller is enabled.
     */
    public record Subsystem(String name, int hierarchy, long cgroups, boolean enabled)
    {
    }

    /**
     * Parses {@code /proc/cgroups} text.
     *
     * @param text the whole file.
     * @param file name of the file, for messages.
     * @return the controllers, in file order.
     * @throws IllegalArgumentException naming file, line and text of a malformed line.
     */
    public static List<Subsystem> parse(final String text, final String file)
    {
        final List<Subsystem> out = new ArrayList<>();
        final String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++)
        {
            final String line = lines[i].trim();
            if (line.isEmpty() || line.startsWith("#"))
            {
                continue;
            }
            final String[] fields = line.split("\\s+");
            if (fields.length < 4)
            {
                throw malformed(file, i + 1, line);
            }
            try
            {
                out.add(new Subsystem(fields[0], Integer.parseInt(fields[1]), Long.parseLong(fields[2]),
                    "1".equals(fields[3])));
            }
            catch (final NumberFormatException ex)
            {
                throw malformed(file, i + 1, line);
            }
        }
        return out;
    }

    /**
     * Reads and parses a {@code /proc/cgroups} file.
     *
     * @param file the file.
     * @return the controllers, or empty if the file cannot be read or parsed.
     */
    public static Optional<List<Subsystem>> tryRead(final Path file)
    {
        try
        {
            return Optional.of(parse(Files.readString(file, StandardCharsets.UTF_8), file.toString()));
        }
        catch (final IOException | IllegalArgumentException | java.io.UncheckedIOException ex)
        {
            return Optional.empty();
        }
    }

    private static IllegalArgumentException malformed(final String file, final int line, final String text)
    {
        return new IllegalArgumentException("malformed /proc/cgroups line: file=" + file + " line=" + line +
            " text=" + text + " reason=expected subsys_name hierarchy num_cgroups enabled");
    }
}
