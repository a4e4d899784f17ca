package dev.rstat.cgroup.report.render;

import java.util.List;

/**
 * One screen of {@code cgroup-walk top}, as {@link TopLayout} lays it out: lines no longer than the width.
 *
 * @param lines          the lines, top to bottom: the header and status lines, the column header, the rows shown,
 *                       and (interactive) the help line at the bottom.
 * @param headerLines    how many lines come before the rows (the column header is the last of them).
 * @param selectedLine   the index in {@code lines} of the selected row, or -1 if there is none.
 * @param selectedPath   the selected cgroup's path, or null.
 * @param selectedOpen   whether the selected cgroup's children are shown.
 * @param rows           how many rows the tree shows in all (also those scrolled out of the screen).
 * @param dropped        the column labels left out to fit the width, in the order they were dropped.
 */
public record TopFrame(List<String> lines, int headerLines, int selectedLine, String selectedPath,
    boolean selectedOpen, int rows, List<String> dropped)
{
    /**
     * Copies the lists.
     *
     * @param lines        the lines.
     * @param headerLines  lines before the rows.
     * @param selectedLine the selected row's line.
     * @param selectedPath the selected path.
     * @param selectedOpen whether it is open.
     * @param rows         rows in all.
     * @param dropped      the columns left out.
     */
    public TopFrame
    {
        lines = List.copyOf(lines);
        dropped = List.copyOf(dropped);
    }
}
