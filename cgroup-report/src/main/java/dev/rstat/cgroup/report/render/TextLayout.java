package dev.rstat.cgroup.report.render;

import java.util.ArrayList;
import java.util.List;

/**
 * Fits the text table into a width: no line is longer than the width, and none wraps.
 * <ol>
 * <li>The path column gets its full width if it can, else at least {@value #MIN_PATH} characters (or a quarter of
 * the width if that is more) while columns still have to be placed.</li>
 * <li>The value columns are kept from the left, in the order printed, as long as they fit: the columns that do not fit
 * are left out from the right end of the header.</li>
 * <li>Space left over goes back to the path column, up to its full width.</li>
 * <li>A path longer than its column is shortened in the middle, keeping its first and last names:
 * {@code /system.slice/…/foo.scope}, then {@code …/foo.scope}, then the end of the last name.</li>
 * </ol>
 * A width of 0 means no limit. Stateless.
 */
final class TextLayout
{
    /** The fewest characters the path column is cut to while columns are being placed. */
    static final int MIN_PATH = 20;
    /** Marks what a shortened path leaves out. */
    static final String ELLIPSIS = "\u2026";

    private static final int SEPARATOR = 2;

    private TextLayout()
    {
    }

    /**
     * The columns kept and the path column's width.
     *
     * @param pathWidth the path column's full width (header included).
     * @param widths    the value columns' widths, in order.
     * @param maxWidth  the width to fit, or 0 for no limit.
     * @return the layout.
     */
    static Layout fit(final int pathWidth, final int[] widths, final int maxWidth)
    {
        final List<Integer> kept = new ArrayList<>(widths.length);
        if (maxWidth <= 0)
        {
            for (int column = 0; column < widths.length; column++)
            {
                kept.add(column);
            }
            return new Layout(pathWidth, kept, 0);
        }
        int path = Math.min(pathWidth, Math.max(Math.min(MIN_PATH, maxWidth), maxWidth / 4));
        int used = path;
        for (int column = 0; column < widths.length; column++)
        {
            if (used + SEPARATOR + widths[column] > maxWidth)
            {
                break;
            }
            used += SEPARATOR + widths[column];
            kept.add(column);
        }
        path = Math.min(pathWidth, path + maxWidth - used);
        return new Layout(path, kept, widths.length - kept.size());
    }

    /**
     * Shortens an indented path to a width, in the middle.
     *
     * @param indent the indentation (spaces) before the path.
     * @param path   the path as printed (already escaped).
     * @param width  the width to fit.
     * @return indentation and path, at most {@code width} characters (code points).
     */
    static String shorten(final String indent, final String path, final int width)
    {
        if (length(indent) + length(path) <= width)
        {
            return indent + path;
        }
        final String cutIndent = indent.length() > width / 4 ? indent.substring(0, width / 4) : indent;
        final int room = width - cutIndent.length();
        if (length(path) <= room)
        {
            return cutIndent + path;
        }
        final int firstEnd = path.indexOf('/', 1);
        final int lastStart = path.lastIndexOf('/');
        if (firstEnd > 0 && lastStart > firstEnd)
        {
            final String kept = path.substring(0, firstEnd + 1) + ELLIPSIS + path.substring(lastStart);
            if (length(kept) <= room)
            {
                return cutIndent + kept;
            }
        }
        final String last = lastStart >= 0 ? path.substring(lastStart) : path;
        if (length(last) + 1 <= room)
        {
            return cutIndent + ELLIPSIS + last;
        }
        return cutIndent + ELLIPSIS + tail(path, room - 1);
    }

    private static String tail(final String text, final int codePoints)
    {
        if (codePoints <= 0)
        {
            return "";
        }
        final int start = text.offsetByCodePoints(text.length(), -Math.min(codePoints, length(text)));
        return text.substring(start);
    }

    static int length(final String text)
    {
        return text.codePointCount(0, text.length());
    }

    /**
     * @param pathWidth the path column's width.
     * @param kept      the value columns printed, in order (indexes into the value columns).
     * @param dropped   how many value columns are left out.
     */
    record Layout(int pathWidth, List<Integer> kept, int dropped)
    {
    }
}
