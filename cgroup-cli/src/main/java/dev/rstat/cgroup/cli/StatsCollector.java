package dev.rstat.cgroup.cli;

import java.util.ArrayList;
import java.util.List;

import dev.rstat.cgroup.Cgroup;
import dev.rstat.cgroup.CgroupVisitor;
import dev.rstat.cgroup.report.RateTracker;
import dev.rstat.cgroup.report.render.Row;
import dev.rstat.cgroup.stat.Columns;
import dev.rstat.cgroup.stat.StatReader;
import dev.rstat.cgroup.stat.StatSample;

/**
 * A visitor that reads the selected files of each cgroup through its directory handle into one {@link Row} per
 * cgroup. Only files present in the cgroup's listing are opened. A cgroup that vanishes while its files are read is
 * left out (the reader has counted it). Single-threaded, one per walk.
 */
final class StatsCollector implements CgroupVisitor
{
    private final Columns columns;
    private final StatReader reader;
    private final List<String> files;
    private final boolean all;
    private final StatSample sample = new StatSample();
    private final List<Row> rows = new ArrayList<>();
    private final RateTracker rates;

    /**
     * @param columns where columns are interned, in first-seen order.
     * @param reader  reads files into samples.
     * @param files   file names to read, in order; {@code ["all"]} for every readable file.
     */
    StatsCollector(final Columns columns, final StatReader reader, final List<String> files)
    {
        this(columns, reader, files, null);
    }

    StatsCollector(final Columns columns, final StatReader reader, final List<String> files, final RateTracker rates)
    {
        this.rates = rates;
        this.columns = columns;
        this.reader = reader;
        this.files = List.copyOf(files);
        this.all = files.size() == 1 && StatsSelection.ALL.equals(files.get(0));
    }

    @Override
    public boolean visit(final Cgroup cgroup)
    {
        sample.clear();
        final long readNanos = System.nanoTime();
        boolean alive = true;
        for (final String file : all ? cgroup.files() : files)
        {
            if (!all && !cgroup.hasFile(file))
            {
                continue;
            }
            if (!reader.read(cgroup.handle(), cgroup::directory, file, sample))
            {
                alive = false;
                break;
            }
        }
        if (alive)
        {
            if (rates != null)
            {
                rates.observe(cgroup.id(), cgroup.path(), sample, readNanos);
            }
            rows.add(new Row(cgroup.id(), cgroup.path(), cgroup.depth(), sample.copy()));
        }
        return true;
    }

    /**
     * @return the columns (grown while visiting).
     */
    Columns columns()
    {
        return columns;
    }

    /**
     * @return one row per cgroup that was read, in walk order.
     */
    List<Row> rows()
    {
        return rows;
    }
}
