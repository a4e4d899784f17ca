package dev.rstat.cgroup;

import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Counts what a walk skipped without aborting: cgroups that vanished (ENOENT/ENODEV), entries that could not be read
 * (EACCES, EIO...), malformed id files. Emits one warning line per problem. Thread-confined.
 */
public final class WalkStats
{
    private final Consumer<String> warnings;
    private int vanished;
    private int unreadable;
    private int malformed;

    /**
     * @param warnings receives one line per problem (e.g. {@code System.err::println}).
     */
    public WalkStats(final Consumer<String> warnings)
    {
        this.warnings = Objects.requireNonNull(warnings, "warnings");
    }

    /**
     * @return stats that discard the warning lines and only count.
     */
    public static WalkStats counting()
    {
        return new WalkStats(line -> { });
    }

    /**
     * A cgroup or file disappeared.
     *
     * @param path what vanished.
     */
    public void vanished(final Path path)
    {
        vanished++;
        warnings.accept("vanished: path=" + path);
    }

    /**
     * A cgroup or file exists but could not be read.
     *
     * @param path  what could not be read.
     * @param cause why.
     */
    public void unreadable(final Path path, final Exception cause)
    {
        unreadable++;
        warnings.accept("unreadable: path=" + path + " error=" + cause);
    }

    /**
     * A file had unexpected content.
     *
     * @param file   the file.
     * @param line   1-based line number.
     * @param text   the offending text.
     * @param reason what was expected.
     */
    public void malformed(final Path file, final int line, final String text, final String reason)
    {
        malformed++;
        warnings.accept("malformed: file=" + file + " line=" + line + " text=" + text + " reason=" + reason);
    }

    /**
     * @return number of vanished cgroups or files.
     */
    public int vanishedCount()
    {
        return vanished;
    }

    /**
     * @return number of unreadable entries.
     */
    public int unreadableCount()
    {
        return unreadable;
    }

    /**
     * @return number of malformed lines.
     */
    public int malformedCount()
    {
        return malformed;
    }

    /**
     * @return whether anything was skipped.
     */
    public boolean any()
    {
        return vanished + unreadable + malformed > 0;
    }

    /**
     * @return e.g. {@code "skipped: 2 vanished, 1 unreadable"}, or empty if nothing was skipped.
     */
    public String summary()
    {
        if (!any())
        {
            return "";
        }
        final StringBuilder sb = new StringBuilder("skipped:");
        if (vanished > 0)
        {
            sb.append(' ').append(vanished).append(" vanished,");
        }
        if (unreadable > 0)
        {
            sb.append(' ').append(unreadable).append(" unreadable,");
        }
        if (malformed > 0)
        {
            sb.append(' ').append(malformed).append(" malformed,");
        }
        sb.setLength(sb.length() - 1);
        return sb.toString();
    }
}
