package dev.rstat.cgroup.report;

import java.util.Locale;
import java.util.Optional;

import dev.rstat.cgroup.stat.Columns;
import dev.rstat.cgroup.stat.StatCatalog;
import dev.rstat.cgroup.stat.ValueState;

/**
 * How much memory removed (dying) cgroups still hold below the root of a sample: for v1 {@code memory.stat}, page
 * cache and anonymous memory, the root's hierarchical {@code total_cache} and {@code total_rss} minus the sums of the
 * local {@code cache} and {@code rss} over every live cgroup (the root's {@link Derivation#DYING} values), with the
 * count of dying memory cgroups ({@code dying_cgroups.memory}) where it is known. An estimate on a live tree: the
 * files are not read at one instant.
 *
 * @param bytes         what removed cgroups hold (page cache plus anonymous memory).
 * @param dyingCgroups  dying memory cgroups from {@code /proc/cgroups}, or -1 if not known.
 */
public record DyingSummary(long bytes, long dyingCgroups)
{
    private static final String[] KEYS = {"cache", "rss"};
    private static final String TOTAL = "total_";
    private static final String STAT = "memory.stat.";

    /**
     * The summary of a sample.
     *
     * @param sample a sample.
     * @param whole  whether the sample holds every cgroup of the hierarchy (a walk of all of it), so that the sums
     *               over its rows are sums over the live tree; not needed when the sample has {@code :dying} fields.
     * @return the summary, or empty if the sample has no root row or no v1 {@code memory.stat} totals.
     */
    public static Optional<DyingSummary> of(final Sample sample, final boolean whole)
    {
        final Columns columns = sample.columns();
        int root = -1;
        for (int row = 0; row < sample.size() && root < 0; row++)
        {
            root = sample.parent(row) < 0 && "/".equals(sample.path(row)) ? row : -1;
        }
        if (root < 0)
        {
            return Optional.empty();
        }
        long held = 0;
        boolean any = false;
        for (final String key : KEYS)
        {
            final int total = columns.id(STAT + TOTAL + key);
            final int local = columns.id(STAT + key);
            if (total < 0 || local < 0 || sample.state(root, Field.raw(total)) != ValueState.NUMBER)
            {
                continue;
            }
            final Field dying = sample.fields().contains(new Field(total, Derivation.DYING)) ?
                new Field(total, Derivation.DYING) : null;
            if (dying != null && sample.state(root, dying) == ValueState.NUMBER)
            {
                held += sample.value(root, dying);
                any = true;
            }
            else if (whole)
            {
                long sum = 0;
                for (int row = 0; row < sample.size(); row++)
                {
                    if (sample.state(row, Field.raw(local)) == ValueState.NUMBER)
                    {
                        sum += sample.value(row, Field.raw(local));
                    }
                }
                held += sample.value(root, Field.raw(total)) - sum;
                any = true;
            }
        }
        if (!any)
        {
            return Optional.empty();
        }
        final int count = columns.id(StatCatalog.DYING_CGROUPS + ".memory");
        final long cgroups = count >= 0 && sample.state(root, Field.raw(count)) == ValueState.NUMBER ?
            sample.value(root, Field.raw(count)) : -1;
        return Optional.of(new DyingSummary(held, cgroups));
    }

    /**
     * One line for people.
     *
     * @return e.g. {@code removed cgroups still hold 669.1 MiB of page cache and anonymous memory (46 dying memory
     *         cgroups); per cgroup: memory.stat.total_*:dying (with --aggregate)}.
     */
    public String line()
    {
        return "removed cgroups still hold " + human(bytes) + " of page cache and anonymous memory" +
            (dyingCgroups >= 0 ? " (" + dyingCgroups + " dying memory cgroups)" : "") +
            "; per cgroup: memory.stat.total_*:dying (with --aggregate)";
    }

    private static String human(final long value)
    {
        final String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        double v = value;
        int unit = 0;
        while (Math.abs(v) >= 1024 && unit < units.length - 1)
        {
            v /= 1024;
            unit++;
        }
        return unit == 0 ? value + " B" : String.format(Locale.ROOT, "%.1f %s", v, units[unit]);
    }
}
