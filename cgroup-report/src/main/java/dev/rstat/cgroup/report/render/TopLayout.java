package dev.rstat.cgroup.report.render;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import dev.rstat.cgroup.report.Sample;
import dev.rstat.cgroup.stat.Overview;

/**
 * Lays out one screen of {@code cgroup-walk top} from a sample: pure, no terminal, so that what the screen shows is
 * tested without one.
 * <ul>
 * <li>Lines: the header (host, hierarchy, sample time, cgroups), in interactive mode a status line (sort key and
 * direction, own shares or subtree values, depth, filter, columns left out), the column header, the rows of the tree
 * that fit the height from the scroll position on, and in interactive mode the help line at the bottom. In batch mode
 * (height 0) every row is shown and there is no status or help line.</li>
 * <li>The tree: each cgroup followed by its children, sorted among siblings by the {@link TopSort} key (largest first,
 * or reversed); a cgroup's children are shown when it is open ({@link TopState#isOpen}: {@code +}/{@code -} in front
 * of a cgroup that has children says closed/open); the filter keeps the cgroups whose path contains its text and
 * their ancestors (open, so that the matches show).</li>
 * <li>Columns: {@code TASKS}, {@code %CPU} (of one CPU, like systemd-cgtop), {@code MEMORY}, {@code READ/s},
 * {@code WRITE/s}, {@code CPU-PSI}, {@code MEM-PSI}, {@code IO-PSI} (the pressure files' {@code some avg10}), those
 * of them the sample has ({@link dev.rstat.cgroup.stat.StatCatalog#overview}); with own shares their labels end with
 * {@code :self}.</li>
 * <li>Width: no line is longer than the width and none wraps. Columns that do not fit are dropped in the order of
 * {@link #DROP_ORDER} (pressure first, then I/O, tasks, memory; CPU last) while the path column keeps at least
 * 20 characters (or a third of the width); a long path is shortened in the middle
 * ({@code /system.slice/…/foo.scope}), its indentation and {@code +}/{@code -} kept.</li>
 * </ul>
 */
public final class TopLayout
{
    /** The order in which columns are dropped when they do not all fit: the first is dropped first. */
    public static final List<Overview> DROP_ORDER = List.of(Overview.IO_PRESSURE, Overview.MEMORY_PRESSURE,
        Overview.CPU_PRESSURE, Overview.IO_WRITE, Overview.IO_READ, Overview.TASKS, Overview.MEMORY, Overview.CPU);

    /** The help line of the interactive view. */
    public static final String HELP = "q quit  c/m/i/t/p sort (cpu/mem/io/tasks/path, again: reverse)  +/- depth  " +
        "Enter open/close  / filter  s self/subtree  Up/Down/PgUp/PgDn/Home/End scroll";

    private static final String SEPARATOR = "  ";
    private static final int MIN_SHORT_PATH = 12;
    private static final String SELF = ":self";
    private static final int MAX_INDENT_LEVELS = TextRenderer.MAX_INDENT_LEVELS;

    private TopLayout()
    {
    }

    /**
     * What the header line names.
     *
     * @param host      the host name.
     * @param hierarchy the hierarchy (e.g. {@code /sys/fs/cgroup (joined: cpu,memory,...)}).
     * @param time      the sample time as printed.
     */
    public record Header(String host, String hierarchy, String time)
    {
    }

    /**
     * @param quantity a quantity.
     * @return its column label (subtree values).
     */
    public static String label(final Overview quantity)
    {
        return switch (quantity)
        {
            case TASKS -> "TASKS";
            case CPU -> "%CPU";
            case MEMORY -> "MEMORY";
            case IO_READ -> "READ/s";
            case IO_WRITE -> "WRITE/s";
            case CPU_PRESSURE -> "CPU-PSI";
            case MEMORY_PRESSURE -> "MEM-PSI";
            case IO_PRESSURE -> "IO-PSI";
        };
    }

    /**
     * Lays out a screen. Keeps the state's selection among the rows shown and scrolls so that it is on the screen.
     *
     * @param sample      the sample.
     * @param state       what the user chose.
     * @param header      what the header names.
     * @param width       the width no line may exceed, 0 for no limit.
     * @param height      the lines of the screen (interactive), 0 for every row (batch: no status or help line).
     * @return the screen.
     */
    public static TopFrame layout(final Sample sample, final TopState state, final Header header, final int width,
        final int height)
    {
        final boolean interactive = height > 0;
        final Map<Overview, TopValues> values = new EnumMap<>(Overview.class);
        for (final Overview quantity : Overview.values())
        {
            final TopValues v = TopValues.of(sample, quantity);
            if (v != null)
            {
                values.put(quantity, v);
            }
        }
        final Tree tree = new Tree(sample);
        final boolean[] keep = tree.filter(sample, state.filter());
        final int[] shown = tree.visible(sample, state, keep, comparator(sample, state, values));
        final List<String> lines = new ArrayList<>();
        lines.add(cut("cgroup-walk top  " + header.time() + "  host " + header.host() + "  " + sample.size() +
            (sample.size() == 1 ? " cgroup" : " cgroups") + "  hierarchy " + header.hierarchy(), width));
        final int headerLines = interactive ? 3 : 2;
        final int body = interactive ? Math.max(1, height - headerLines - 1) : shown.length;
        int selected = Math.max(0, Math.min(state.selected(), shown.length - 1));
        int scroll = Math.max(0, Math.min(state.scroll(), Math.max(0, shown.length - body)));
        if (shown.length == 0 || selected < scroll)
        {
            scroll = shown.length == 0 ? 0 : selected;
        }
        else if (selected >= scroll + body)
        {
            scroll = selected - body + 1;
        }
        state.place(selected, scroll);
        final int end = Math.min(shown.length, scroll + body);
        final boolean own = state.ownShare();

        final List<Overview> columns = new ArrayList<>(values.keySet());
        final String[] labels = new String[Overview.values().length];
        final int[] widths = new int[labels.length];
        for (final Overview quantity : columns)
        {
            labels[quantity.ordinal()] = label(quantity) +
                (own && quantity.ordinal() < Overview.CPU_PRESSURE.ordinal() ? SELF : "");
            widths[quantity.ordinal()] = labels[quantity.ordinal()].length();
        }
        final int count = end - scroll;
        final String[] indents = new String[count];
        final String[] paths = new String[count];
        final String[][] cells = new String[count][labels.length];
        int pathWidth = "PATH".length();
        for (int i = 0; i < count; i++)
        {
            final int row = shown[scroll + i];
            final int level = Math.min(sample.depth(row) - tree.startDepth, MAX_INDENT_LEVELS);
            final String marker = tree.childCount(row, keep) == 0 ? " " :
                tree.isOpen(sample, state, row, keep) ? "-" : "+";
            indents[i] = "  ".repeat(Math.max(level, 0)) + marker + " ";
            paths[i] = TextRenderer.printable(sample.path(row));
            pathWidth = Math.max(pathWidth, TextLayout.length(indents[i]) + TextLayout.length(paths[i]));
            for (final Overview quantity : columns)
            {
                final String cell = values.get(quantity).cell(row, own);
                cells[i][quantity.ordinal()] = cell;
                widths[quantity.ordinal()] = Math.max(widths[quantity.ordinal()], cell.length());
            }
        }
        final List<String> dropped = new ArrayList<>();
        if (width > 0)
        {
            final int minPath = Math.min(pathWidth, Math.max(Math.min(TextLayout.MIN_PATH, width), width / 3));
            for (final Overview quantity : DROP_ORDER)
            {
                if (minPath + used(columns, widths) <= width)
                {
                    break;
                }
                if (columns.remove(quantity))
                {
                    dropped.add(labels[quantity.ordinal()]);
                }
            }
            pathWidth = Math.max(1, Math.min(pathWidth, width - used(columns, widths)));
        }
        if (interactive)
        {
            lines.add(cut(status(state, shown.length, dropped), width));
        }
        final StringBuilder line = new StringBuilder(128);
        line.append(pad("PATH", pathWidth));
        for (final Overview quantity : columns)
        {
            line.append(SEPARATOR).append(left(labels[quantity.ordinal()], widths[quantity.ordinal()]));
        }
        lines.add(cut(line.toString().stripTrailing(), width));
        for (int i = 0; i < count; i++)
        {
            line.setLength(0);
            line.append(pad(shorten(indents[i], paths[i], pathWidth), pathWidth));
            for (final Overview quantity : columns)
            {
                line.append(SEPARATOR).append(left(cells[i][quantity.ordinal()], widths[quantity.ordinal()]));
            }
            lines.add(cut(line.toString().stripTrailing(), width));
        }
        int selectedLine = -1;
        String selectedPath = null;
        boolean selectedOpen = false;
        if (interactive)
        {
            while (lines.size() < height - 1)
            {
                lines.add("");
            }
            lines.add(cut(state.prompt() != null ? state.prompt() : HELP, width));
            if (shown.length > 0)
            {
                selectedLine = headerLines + selected - scroll;
                selectedPath = sample.path(shown[selected]);
                selectedOpen = tree.isOpen(sample, state, shown[selected], keep);
            }
            while (lines.size() > height)
            {
                lines.remove(lines.size() - 2);
            }
        }
        return new TopFrame(lines, headerLines, selectedLine, selectedPath, selectedOpen, shown.length, dropped);
    }

    /**
     * The indentation and marker kept whole while the path has at least {@value #MIN_SHORT_PATH} characters left,
     * the path shortened in the middle in what is left; else {@link TextLayout#shorten}'s cut of both.
     */
    private static String shorten(final String indent, final String path, final int width)
    {
        final int room = width - TextLayout.length(indent);
        if (room >= MIN_SHORT_PATH)
        {
            return indent + TextLayout.shorten("", path, room);
        }
        return TextLayout.shorten(indent, path, width);
    }

    private static String status(final TopState state, final int rows, final List<String> dropped)
    {
        final StringBuilder status = new StringBuilder(96);
        status.append("sort ").append(state.sort().label()).append(state.descending() ? " desc" : " asc")
            .append("  values ").append(state.ownShare() ? "own share (:self)" : "subtree")
            .append("  depth ").append(state.depth())
            .append("  rows ").append(rows);
        if (!state.filter().isEmpty())
        {
            status.append("  filter ").append(TextRenderer.printable(state.filter()));
        }
        if (!dropped.isEmpty())
        {
            status.append("  left out: ").append(String.join(",", dropped));
        }
        return status.toString();
    }

    private static int used(final List<Overview> columns, final int[] widths)
    {
        int used = 0;
        for (final Overview quantity : columns)
        {
            used += SEPARATOR.length() + widths[quantity.ordinal()];
        }
        return used;
    }

    private static Comparator<Integer> comparator(final Sample sample, final TopState state,
        final Map<Overview, TopValues> values)
    {
        final boolean own = state.ownShare();
        final Comparator<Integer> byName = Comparator.comparing(sample::name);
        if (state.sort() == TopSort.PATH)
        {
            return state.descending() ? byName.reversed() : byName;
        }
        final List<TopValues> keys = new ArrayList<>();
        switch (state.sort())
        {
            case CPU -> keys.add(values.get(Overview.CPU));
            case MEMORY -> keys.add(values.get(Overview.MEMORY));
            case TASKS -> keys.add(values.get(Overview.TASKS));
            case IO ->
            {
                keys.add(values.get(Overview.IO_READ));
                keys.add(values.get(Overview.IO_WRITE));
            }
            default -> throw new IllegalStateException("unhandled sort key: " + state.sort());
        }
        keys.removeIf(java.util.Objects::isNull);
        final Comparator<Integer> byValue = (a, b) ->
        {
            final boolean hasA = has(keys, a, own);
            final boolean hasB = has(keys, b, own);
            if (hasA != hasB)
            {
                return hasA ? -1 : 1;
            }
            final int order = Long.compare(sum(keys, a, own), sum(keys, b, own));
            return state.descending() ? -order : order;
        };
        return byValue.thenComparing(byName);
    }

    private static boolean has(final List<TopValues> keys, final int row, final boolean own)
    {
        for (final TopValues key : keys)
        {
            if (key.has(row, own))
            {
                return true;
            }
        }
        return false;
    }

    private static long sum(final List<TopValues> keys, final int row, final boolean own)
    {
        long sum = 0;
        for (final TopValues key : keys)
        {
            if (key.has(row, own))
            {
                sum += key.value(row, own);
            }
        }
        return sum;
    }

    private static String pad(final String text, final int width)
    {
        final int length = TextLayout.length(text);
        return length >= width ? text : text + " ".repeat(width - length);
    }

    private static String left(final String text, final int width)
    {
        final int length = TextLayout.length(text);
        return length >= width ? text : " ".repeat(width - length) + text;
    }

    /**
     * @param text  a line.
     * @param width the width, 0 for no limit.
     * @return the line, cut to the width (in code points).
     */
    static String cut(final String text, final int width)
    {
        if (width <= 0 || TextLayout.length(text) <= width)
        {
            return text;
        }
        return text.substring(0, text.offsetByCodePoints(0, width));
    }

    /** The sample's tree: children by row, the start cgroups (rows without a parent in the sample). */
    private static final class Tree
    {
        private final int[] firstChild;
        private final int[] children;
        private final int[] roots;
        private final int startDepth;

        Tree(final Sample sample)
        {
            final int size = sample.size();
            final int[] counts = new int[size + 1];
            int rootCount = 0;
            int minDepth = Integer.MAX_VALUE;
            for (int row = 0; row < size; row++)
            {
                final int parent = sample.parent(row);
                if (parent >= 0)
                {
                    counts[parent + 1]++;
                }
                else
                {
                    rootCount++;
                    minDepth = Math.min(minDepth, sample.depth(row));
                }
            }
            for (int row = 0; row < size; row++)
            {
                counts[row + 1] += counts[row];
            }
            firstChild = Arrays.copyOf(counts, size + 1);
            children = new int[size];
            roots = new int[rootCount];
            final int[] next = Arrays.copyOf(counts, size);
            int r = 0;
            for (int row = 0; row < size; row++)
            {
                final int parent = sample.parent(row);
                if (parent >= 0)
                {
                    children[next[parent]++] = row;
                }
                else
                {
                    roots[r++] = row;
                }
            }
            startDepth = rootCount == 0 ? 0 : minDepth;
        }

        /** Rows whose path contains the text, and their ancestors; all rows for an empty text. */
        boolean[] filter(final Sample sample, final String text)
        {
            final boolean[] keep = new boolean[sample.size()];
            if (text.isEmpty())
            {
                Arrays.fill(keep, true);
                return keep;
            }
            for (final int row : TopValues.deepestFirst(sample))
            {
                keep[row] |= sample.path(row).contains(text);
                final int parent = sample.parent(row);
                if (keep[row] && parent >= 0)
                {
                    keep[parent] = true;
                }
            }
            return keep;
        }

        int childCount(final int row, final boolean[] keep)
        {
            int count = 0;
            for (int c = firstChild[row]; c < firstChild[row + 1]; c++)
            {
                if (keep[children[c]])
                {
                    count++;
                }
            }
            return count;
        }

        boolean isOpen(final Sample sample, final TopState state, final int row, final boolean[] keep)
        {
            if (!state.filter().isEmpty() && !sample.path(row).contains(state.filter()) && childCount(row, keep) > 0)
            {
                return true;
            }
            return state.isOpen(sample.path(row), sample.depth(row) - startDepth);
        }

        /** The rows shown, in order: pre-order, siblings sorted, children of closed cgroups left out. */
        int[] visible(final Sample sample, final TopState state, final boolean[] keep,
            final Comparator<Integer> order)
        {
            final List<Integer> out = new ArrayList<>();
            final List<Integer> stack = new ArrayList<>();
            push(stack, roots, 0, roots.length, keep, order);
            while (!stack.isEmpty())
            {
                final int row = stack.remove(stack.size() - 1);
                out.add(row);
                if (isOpen(sample, state, row, keep))
                {
                    push(stack, children, firstChild[row], firstChild[row + 1], keep, order);
                }
            }
            final int[] rows = new int[out.size()];
            for (int i = 0; i < rows.length; i++)
            {
                rows[i] = out.get(i);
            }
            return rows;
        }

        private static void push(final List<Integer> stack, final int[] from, final int start, final int end,
            final boolean[] keep, final Comparator<Integer> order)
        {
            final List<Integer> siblings = new ArrayList<>(end - start);
            for (int i = start; i < end; i++)
            {
                if (keep[from[i]])
                {
                    siblings.add(from[i]);
                }
            }
            siblings.sort(order);
            for (int i = siblings.size() - 1; i >= 0; i--)
            {
                stack.add(siblings.get(i));
            }
        }
    }
}
