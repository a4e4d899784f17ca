package dev.rstat.benchmarks.walk;

import java.util.ArrayList;
import java.util.List;

import dev.rstat.cgroup.Cgroup;
import dev.rstat.cgroup.CgroupVisitor;
import dev.rstat.cgroup.report.render.Row;
import dev.rstat.cgroup.stat.StatReader;
import dev.rstat.cgroup.stat.StatSample;

/**
 * The {@code cgroup-walk} CLI's visitor ({@code dev.rstat.cgroup.cli.StatsCollector}, package-private there) without
 * rate tracking: per cgroup, clears one reused {@link StatSample}, reads each selected file that the cgroup lists
 * through the cgroup's directory handle, and, when collecting, appends a {@link Row} holding a copy of the sample.
 * Without collecting it only parses into the reused sample (no per-cgroup allocation of its own). Single-threaded,
 * one per walk.
 */
final class RowCollector implements CgroupVisitor
{
    private final StatReader reader;
    private final List<String> files;
    private final boolean collect;
    private final StatSample sample = new StatSample();
    private final List<Row> rows = new ArrayList<>();
    private long visited;
    private long checksum;

    /**
     * @param reader  reads files into the sample.
     * @param files   file names to read, in order.
     * @param collect whether to keep one row (with a copy of the sample) per cgroup, as the CLI does.
     */
    RowCollector(final StatReader reader, final List<String> files, final boolean collect)
    {
        this.reader = reader;
        this.files = List.copyOf(files);
        this.collect = collect;
    }

    @Override
    public boolean visit(final Cgroup cgroup)
    {
        visited++;
        sample.clear();
        for (final String file : files)
        {
            if (!cgroup.hasFile(file))
            {
                continue;
            }
            if (!reader.read(cgroup.handle(), cgroup::directory, file, sample))
            {
                return true;
            }
        }
        if (collect)
        {
            rows.add(new Row(cgroup.id(), cgroup.path(), cgroup.depth(), sample.copy()));
        }
        else
        {
            checksum += sample.value(0);
        }
        return true;
    }

    /**
     * @return rows, in walk order (empty unless collecting).
     */
    List<Row> rows()
    {
        return rows;
    }

    /**
     * @return cgroups visited.
     */
    long visited()
    {
        return visited;
    }

    /**
     * @return sum of every visited cgroup's first column (keeps the parse observable when not collecting).
     */
    long checksum()
    {
        return checksum;
    }
}
