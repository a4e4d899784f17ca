package dev.rstat.cgroup.stat;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Collects what went wrong during a walk without aborting it: cgroups that vanished, files that could not be read,
 * malformed lines. Every problem is counted; each produces one warning line ({@code key=value} context) for the
 * warnings consumer, with two limits so that a systematic problem does not flood the output:
 * <ul>
 * <li>an unreadable file is warned about once per (file name, error): e.g. {@code cpu.pressure} failing with
 * {@code EOPNOTSUPP} in 500 cgroups gives one warning and a count of 500;</li>
 * <li>after {@code maxWarnings} warnings (default {@value #DEFAULT_MAX_WARNINGS}), one last line says that further
 * warnings are suppressed; the counts and {@link #summary()} stay exact.</li>
 * </ul>
 * A vanished path reported twice in a row (by the reader and again by the walker) is counted once.
 * <p>
 * Thread-confined: one per walk.
 */
public final class Problems
{
    /** Default number of warning lines before the rest are suppressed. */
    public static final int DEFAULT_MAX_WARNINGS = 100;

    private static final int MAX_TEXT = 200;

    private final Consumer<String> warnings;
    private final int maxWarnings;
    private final Set<String> unreadableSeen = new HashSet<>();
    private Path lastVanished;
    private int warned;
    private String first;
    private int vanished;
    private int unreadable;
    private int malformed;

    /**
     * Problems reported to a warnings consumer, at most {@value #DEFAULT_MAX_WARNINGS} lines.
     *
     * @param warnings receives one line per problem, e.g. {@code System.err::println}.
     */
    public Problems(final Consumer<String> warnings)
    {
        this(warnings, DEFAULT_MAX_WARNINGS);
    }

    /**
     * Problems reported to a warnings consumer.
     *
     * @param warnings    receives one line per problem.
     * @param maxWarnings number of warning lines before the rest are suppressed; 0 for none at all.
     */
    public Problems(final Consumer<String> warnings, final int maxWarnings)
    {
        this.warnings = Objects.requireNonNull(warnings, "warnings");
        if (maxWarnings < 0)
        {
            throw new IllegalArgumentException("negative maxWarnings: maxWarnings=" + maxWarnings);
        }
        this.maxWarnings = maxWarnings;
    }

    /**
     * A cgroup (or one of its files) disappeared: {@code ENOENT} with the directory gone, or {@code ENODEV}.
     *
     * @param path the cgroup directory (or file).
     */
    public void vanished(final Path path)
    {
        if (path.equals(lastVanished))
        {
            return;
        }
        lastVanished = path;
        vanished++;
        warn("vanished: path=" + path);
    }

    /**
     * A file exists but cannot be read ({@code EACCES}, {@code EOPNOTSUPP}, {@code EIO}, ...); its values are missing.
     *
     * @param file  the file.
     * @param cause what went wrong.
     */
    public void unreadable(final Path file, final Exception cause)
    {
        unreadable++;
        final String reason = dev.rstat.cgroup.IoErrors.reason(cause);
        final Path name = file.getFileName();
        if (unreadableSeen.add(name + "\0" + reason))
        {
            warn("unreadable file: file=" + file + " error=" + escape(reason) +
                " (further unreadable " + name + " files with this error are only counted)");
        }
    }

    /**
     * A line of a file could not be parsed; the rest of the file was still read.
     *
     * @param file   the file.
     * @param line   1-based line number.
     * @param text   the line's text.
     * @param reason what is wrong with it.
     */
    public void malformed(final Path file, final int line, final String text, final String reason)
    {
        malformed++;
        warn("malformed line: file=" + file + " line=" + line + " text=\"" + escape(text) + "\" reason=" +
            controlsEscaped(reason));
    }

    /**
     * Number of vanished cgroups.
     *
     * @return the count.
     */
    public int vanishedCount()
    {
        return vanished;
    }

    /**
     * Number of unreadable files.
     *
     * @return the count.
     */
    public int unreadableCount()
    {
        return unreadable;
    }

    /**
     * Number of malformed lines.
     *
     * @return the count.
     */
    public int malformedCount()
    {
        return malformed;
    }

    /**
     * Whether anything went wrong.
     *
     * @return true if any problem was reported.
     */
    public boolean any()
    {
        return vanished + unreadable + malformed > 0;
    }

    /**
     * The first problem's warning, as it was (or would have been) passed to the consumer: what a summary names so
     * that the user sees one concrete problem without asking for all of them.
     *
     * @return the warning, or null if there was no problem.
     */
    public String first()
    {
        return first;
    }

    /**
     * One line for the end of a walk, e.g. {@code skipped: 2 vanished cgroups, 1 unreadable file, 1 malformed line};
     * only non-zero counts are listed; {@code no problems} if there were none.
     *
     * @return the summary.
     */
    public String summary()
    {
        if (!any())
        {
            return "no problems";
        }
        final StringBuilder out = new StringBuilder("skipped: ");
        append(out, vanished, "vanished cgroup");
        append(out, unreadable, "unreadable file");
        append(out, malformed, "malformed line");
        return out.toString();
    }

    private static void append(final StringBuilder out, final int count, final String what)
    {
        if (count == 0)
        {
            return;
        }
        if (out.length() > "skipped: ".length())
        {
            out.append(", ");
        }
        out.append(count).append(' ').append(what);
        if (count != 1)
        {
            out.append('s');
        }
    }

    private void warn(final String message)
    {
        if (first == null)
        {
            first = message;
        }
        if (warned < maxWarnings)
        {
            warned++;
            warnings.accept(message);
        }
        else if (warned == maxWarnings && maxWarnings > 0)
        {
            warned++;
            warnings.accept("further warnings suppressed: maxWarnings=" + maxWarnings + " (see the summary)");
        }
    }

    /**
     * Makes text safe for a one-line warning: control characters, quotes and backslashes escaped, cut after
     * {@value #MAX_TEXT} characters.
     */
    static String escape(final String text)
    {
        final int length = Math.min(text.length(), MAX_TEXT);
        final StringBuilder out = new StringBuilder(length + 16);
        for (int i = 0; i < length; i++)
        {
            final char c = text.charAt(i);
            if (c == '"' || c == '\\')
            {
                out.append('\\').append(c);
            }
            else if (c < 0x20 || c == 0x7f)
            {
                out.append(String.format("\\x%02x", (int)c));
            }
            else if (c >= 0x80 && c <= 0x9f)
            {
                out.append(String.format("\\u%04x", (int)c));
            }
            else
            {
                out.append(c);
            }
        }
        if (text.length() > MAX_TEXT)
        {
            out.append("...(").append(text.length()).append(" chars)");
        }
        return out.toString();
    }

    /**
     * A reason (which may quote the bad value) with its control characters escaped as {@link #escape} does; quotes
     * and backslashes are kept: it is not inside quotes.
     */
    private static String controlsEscaped(final String reason)
    {
        final StringBuilder out = new StringBuilder(reason.length() + 16);
        for (int i = 0; i < reason.length(); i++)
        {
            final char c = reason.charAt(i);
            if (c < 0x20 || c == 0x7f)
            {
                out.append(String.format("\\x%02x", (int)c));
            }
            else if (c >= 0x80 && c <= 0x9f)
            {
                out.append(String.format("\\u%04x", (int)c));
            }
            else
            {
                out.append(c);
            }
        }
        return out.toString();
    }
}
