package dev.rstat.cgroup.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import dev.rstat.cgroup.report.FieldSelection;
import dev.rstat.cgroup.report.Sample;
import dev.rstat.cgroup.report.Sampler;
import dev.rstat.cgroup.report.Table;
import dev.rstat.cgroup.stat.Columns;

/**
 * Warns, after the first sample, about a selection that matched nothing: a {@code --stats} file that no cgroup of
 * the walk has, a {@code --columns} glob that names no column, a {@code --filter} that keeps no cgroup. Each would
 * otherwise leave a silently empty column set or table. Checks once; not thread-safe.
 */
final class EmptySelectionWarnings
{
    private final List<String> stats;
    private final List<String> columnGlobs;
    private final String filter;
    private final PrintWriter err;
    private final Path root;
    private boolean checked;

    /**
     * @param stats       the {@code --stats} entries, or null.
     * @param columnGlobs the {@code --columns} globs, or null.
     * @param filter      the {@code --filter} regex, or null.
     * @param err         where the warnings go.
     * @param root        the hierarchy's directory (to tell a file that no cgroup has from one without values).
     */
    EmptySelectionWarnings(final List<String> stats, final List<String> columnGlobs, final String filter,
        final PrintWriter err, final Path root)
    {
        this.root = root;
        this.stats = stats;
        this.columnGlobs = columnGlobs;
        this.filter = filter;
        this.err = err;
    }

    /**
     * Warns about what the first sample shows matched nothing; later calls do nothing.
     *
     * @param sample the sample.
     * @param table  what is printed of it.
     */
    void check(final Sample sample, final Table table)
    {
        if (checked)
        {
            return;
        }
        checked = true;
        if (stats != null && !(stats.size() == 1 && stats.get(0).equals(Sampler.ALL_FILES)))
        {
            final Columns columns = sample.columns();
            final Set<String> files = new HashSet<>();
            for (int column = 0; column < columns.size(); column++)
            {
                files.add(columns.file(column));
            }
            for (final String file : stats)
            {
                if (!files.contains(file) && !existsInAny(sample, file))
                {
                    warn("--stats " + file + ": no cgroup of this walk has that file");
                }
            }
        }
        if (columnGlobs != null && !(columnGlobs.size() == 1 && columnGlobs.get(0).equals(Sampler.ALL_FILES)))
        {
            for (final String glob : columnGlobs)
            {
                if (!new FieldSelection(List.of(glob)).matchesAny(sample))
                {
                    warn("--columns " + glob + ": matches no column (the CSV header lists them; --columns all)");
                }
            }
        }
        if (filter != null && table.rows().length == 0)
        {
            warn("--filter " + filter + ": matches no cgroup path of the walk (" + sample.rows().length +
                " cgroups)");
        }
        err.flush();
    }

    /** Whether some walked cgroup has the file (which then held no value: an empty io.stat, say). */
    private boolean existsInAny(final Sample sample, final String file)
    {
        if (root == null)
        {
            return false;
        }
        for (final int row : sample.rows())
        {
            final String path = sample.path(row);
            if (Files.exists(root.resolve(path.startsWith("/") ? path.substring(1) : path).resolve(file)))
            {
                return true;
            }
        }
        return false;
    }

    private void warn(final String message)
    {
        err.println(Messages.PREFIX + "warning: " + message);
    }
}
