package dev.rstat.cgroup.cli;

import java.util.regex.Pattern;

import dev.rstat.cgroup.stat.Problems;

/**
 * The command's words on stderr: one prefix, {@value #PREFIX}, on every line it writes; no Java exception class in a
 * message (a last net behind the messages that are written without one); the summary of skipped problems, which names
 * the first one and says that {@code -v} lists them all.
 */
final class Messages
{
    /** What every line the command writes to stderr starts with. */
    static final String PREFIX = "cgroup-walk: ";

    /** A qualified or simple exception class name with its colon, as {@code Throwable.toString()} writes it. */
    private static final Pattern EXCEPTION_CLASS = Pattern.compile(
        "\\b(?:[a-z][a-z0-9_]*\\.)*[A-Z][A-Za-z0-9_]*(?:Exception|Error)\\b(?:: ?)?");

    private Messages()
    {
    }

    /**
     * @param message a message, e.g. from an exception.
     * @return it with the prefix (once) and without exception class names.
     */
    static String line(final String message)
    {
        final String text = message == null || message.isBlank() ? "failed" : message;
        final String clean = EXCEPTION_CLASS.matcher(text).replaceAll("").trim();
        return clean.startsWith(PREFIX) ? clean : PREFIX + clean;
    }

    /**
     * The end-of-run summary of what was skipped, e.g. {@code cgroup-walk: skipped: 2 malformed lines; first:
     * malformed line: file=/sys/fs/cgroup/x/memory.current line=1 ... (-v lists them all)}.
     *
     * @param problems what was skipped (some problem must have happened).
     * @param verbose  whether every problem was already printed ({@code -v}): then only the counts.
     * @return the line.
     */
    static String skipSummary(final Problems problems, final boolean verbose)
    {
        if (verbose || problems.first() == null)
        {
            return PREFIX + problems.summary();
        }
        return PREFIX + problems.summary() + "; first: " + problems.first() + " (-v lists them all)";
    }

    /**
     * The name closest to a word, for "did you mean": at most two edits away (and fewer than half its letters).
     *
     * @param word  what was typed.
     * @param names the valid names.
     * @return the closest name, or null if none is close.
     */
    static String closest(final String word, final java.util.Collection<String> names)
    {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (final String name : names)
        {
            final int distance = distance(word.toLowerCase(java.util.Locale.ROOT), name);
            if (distance < bestDistance)
            {
                best = name;
                bestDistance = distance;
            }
        }
        return bestDistance <= 2 && bestDistance * 2 < Math.max(word.length(), 1) ? best : null;
    }

    /** Optimal string alignment distance: insertions, deletions, substitutions and transpositions of neighbours. */
    private static int distance(final String a, final String b)
    {
        final int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++)
        {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++)
        {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++)
        {
            for (int j = 1; j <= b.length(); j++)
            {
                final int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1))
                {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
