package dev.rstat.cgroup.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.eclipse.collections.impl.list.mutable.primitive.IntArrayList;

import dev.rstat.cgroup.report.render.ColumnOrder;
import dev.rstat.cgroup.report.render.Row;
import dev.rstat.cgroup.stat.Columns;
import dev.rstat.cgroup.stat.StatSample;
import dev.rstat.cgroup.stat.ValueState;

/**
 * {@code --columns PATTERNS}: keeps the columns whose names match one of the comma-separated glob patterns
 * ({@code *} matches anything, e.g. {@code memory.stat.*}, {@code *:self}, {@code cpu.stat.usage_usec*}), in display
 * order, by copying the rows into a projected set of columns. Stateful across samples: a column keeps its place once
 * it appeared. Not thread-safe.
 */
final class ColumnProjection
{
    private final List<Pattern> patterns = new ArrayList<>();
    private final Columns target;
    private final IntArrayList sourceOf = new IntArrayList();
    private int scanned = -1;

    ColumnProjection(final Columns source, final List<String> globs)
    {
        for (final String glob : globs)
        {
            final String trimmed = glob.trim();
            if (!trimmed.isEmpty())
            {
                patterns.add(Pattern.compile(toRegex(trimmed)));
            }
        }
        this.target = new Columns(source.catalog());
    }

    /**
     * The text format's compact default: what systemd-cgtop and below show first, plus their derived columns.
     *
     * @param version 1 or 2.
     * @return glob patterns.
     */
    static List<String> textDefault(final int version)
    {
        final List<String> bases = version == 1 ?
            List.of("tasks", "pids.current", "cpuacct.usage", "cpu.stat.nr_throttled", "memory.usage_in_bytes",
                "memory.limit_in_bytes", "memory.stat.total_rss", "memory.stat.total_cache", "memory.stat.rss",
                "memory.stat.cache", "blkio.throttle.io_service_bytes.Total") :
            List.of("pids.current", "cpu.stat.usage_usec", "cpu.stat.throttled_usec", "memory.current", "memory.max",
                "memory.stat.anon", "memory.stat.file", "io.stat.*.rbytes", "io.stat.*.wbytes",
                "cgroup.stat.nr_descendants", "cpu.pressure.some.avg10", "memory.pressure.some.avg10",
                "io.pressure.some.avg10");
        final List<String> globs = new ArrayList<>();
        for (final String base : bases)
        {
            globs.add(base);
            globs.add(base + ":*");
        }
        return globs;
    }

    Columns columns()
    {
        return target;
    }

    /**
     * @param source the columns the rows were read with.
     * @return whether any source column matches (the text default falls back to all columns when none does).
     */
    boolean matchesAny(final Columns source)
    {
        for (int c = 0; c < source.size(); c++)
        {
            if (matches(source.name(c)))
            {
                return true;
            }
        }
        return false;
    }

    List<Row> apply(final Columns source, final List<Row> rows)
    {
        if (source.size() != scanned)
        {
            for (final int c : ColumnOrder.of(source))
            {
                final String name = source.name(c);
                if (target.id(name) < 0 && matches(name))
                {
                    target.intern(name, source.file(c), source.info(c));
                    sourceOf.add(c);
                }
            }
            scanned = source.size();
        }
        final List<Row> projected = new ArrayList<>(rows.size());
        final int n = target.size();
        for (final Row row : rows)
        {
            final StatSample from = row.sample();
            final StatSample to = new StatSample();
            for (int t = 0; t < n; t++)
            {
                final int c = sourceOf.get(t);
                final ValueState state = from.state(c);
                if (state == ValueState.NUMBER)
                {
                    to.putNumber(t, from.value(c));
                }
                else if (state == ValueState.TEXT)
                {
                    to.putText(t, from.text(c));
                }
                else if (state != ValueState.MISSING)
                {
                    to.putState(t, state);
                }
            }
            projected.add(new Row(row.id(), row.path(), row.depth(), to));
        }
        return projected;
    }

    private boolean matches(final String name)
    {
        for (final Pattern pattern : patterns)
        {
            if (pattern.matcher(name).matches())
            {
                return true;
            }
        }
        return false;
    }

    private static String toRegex(final String glob)
    {
        final StringBuilder regex = new StringBuilder();
        int start = 0;
        for (int i = 0; i < glob.length(); i++)
        {
            if (glob.charAt(i) == '*')
            {
                if (i > start)
                {
                    regex.append(Pattern.quote(glob.substring(start, i)));
                }
                regex.append(".*");
                start = i + 1;
            }
        }
        if (start < glob.length())
        {
            regex.append(Pattern.quote(glob.substring(start)));
        }
        return regex.toString();
    }
}
