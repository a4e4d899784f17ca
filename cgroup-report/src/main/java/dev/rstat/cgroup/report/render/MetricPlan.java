package dev.rstat.cgroup.report.render;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import dev.rstat.cgroup.report.Field;
import dev.rstat.cgroup.stat.Columns;

/**
 * The metric families of a sample's fields, in name order, each with its fields in field-name order.
 * <p>
 * Fields are mapped by {@link MetricNaming} in field-name order. A column whose family already exists joins it
 * only if the family has the same type, unit and source and no column with the same labels; a column that would
 * start a new family only if none of the family's names ({@code <f>}, and for counters {@code <f>_total} and
 * {@code <f>_created}) is already used by another family, and, for a gauge, if its name does not end with another
 * type's sample suffix ({@code _total}, {@code _created}, {@code _count}, ...). Otherwise the column takes the next
 * fallback name ({@link MetricNaming#map(Columns, Field, int)} with attempt 1, 2, ...), so two columns never produce the
 * same sample name and labels, and no family's sample names clash with another's. Immutable.
 */
final class MetricPlan
{
    private static final int MAX_ATTEMPTS = 1000;
    /** Sample name suffixes of other metric types, which a gauge's name must not end with (OpenMetrics 1.0). */
    private static final String[] TYPE_SUFFIXES = {"_total", "_created", "_count", "_sum", "_bucket", "_info",
        "_gcount", "_gsum"};

    private final List<Family> families;

    private MetricPlan(final List<Family> families)
    {
        this.families = families;
    }

    /**
     * The plan of a set of fields.
     *
     * @param columns the sample's columns.
     * @param fields  the fields to export.
     * @return the plan.
     */
    static MetricPlan of(final Columns columns, final List<Field> fields)
    {
        final Field[] order = fields.toArray(new Field[0]);
        final String[] names = new String[order.length];
        final Integer[] byName = new Integer[order.length];
        for (int i = 0; i < order.length; i++)
        {
            names[i] = order[i].name(columns);
            byName[i] = i;
        }
        Arrays.sort(byName, (a, b) -> names[a].compareTo(names[b]));
        final Map<String, Builder> families = new TreeMap<>();
        final Map<String, String> usedNames = new HashMap<>();
        for (final int index : byName)
        {
            final Field field = order[index];
            for (int attempt = 0; ; attempt++)
            {
                if (attempt == MAX_ATTEMPTS)
                {
                    throw new IllegalStateException("no free metric name: field=" + names[index] +
                        " attempts=" + MAX_ATTEMPTS);
                }
                final ColumnMetric metric = MetricNaming.map(columns, field, attempt);
                if (metric == null)
                {
                    break;
                }
                final Builder existing = families.get(metric.family());
                if (existing != null)
                {
                    if (existing.accepts(metric))
                    {
                        existing.add(metric);
                        break;
                    }
                }
                else if (free(metric, usedNames))
                {
                    final Builder builder = new Builder(metric);
                    builder.add(metric);
                    families.put(metric.family(), builder);
                    for (final String name : names(metric))
                    {
                        usedNames.put(name, metric.family());
                    }
                    break;
                }
            }
        }
        final List<Family> list = new ArrayList<>(families.size());
        for (final Builder builder : families.values())
        {
            list.add(builder.build());
        }
        return new MetricPlan(List.copyOf(list));
    }

    /**
     * The families in name order.
     *
     * @return the families.
     */
    List<Family> families()
    {
        return families;
    }

    private static boolean free(final ColumnMetric metric, final Map<String, String> usedNames)
    {
        if (!metric.counter())
        {
            for (final String suffix : TYPE_SUFFIXES)
            {
                if (metric.family().endsWith(suffix))
                {
                    return false;
                }
            }
        }
        for (final String name : names(metric))
        {
            if (usedNames.containsKey(name))
            {
                return false;
            }
        }
        return true;
    }

    private static List<String> names(final ColumnMetric metric)
    {
        return metric.counter() ?
            List.of(metric.family(), metric.family() + "_total", metric.family() + "_created") :
            List.of(metric.family());
    }

    /**
     * One metric family.
     *
     * @param name    the family name.
     * @param counter true for a counter.
     * @param unit    the unit or empty.
     * @param help    the HELP text, unescaped.
     * @param metrics its columns, in column-name order.
     */
    record Family(String name, boolean counter, String unit, String help, List<ColumnMetric> metrics)
    {
        /**
         * Copies the list.
         *
         * @param name    the family name.
         * @param counter true for a counter.
         * @param unit    the unit or empty.
         * @param help    the HELP text.
         * @param metrics its columns.
         */
        Family
        {
            metrics = List.copyOf(metrics);
        }

        /**
         * Name of the samples: {@code <name>_total} for counters, the name for gauges.
         *
         * @return the sample name.
         */
        String sampleName()
        {
            return counter ? name + "_total" : name;
        }
    }

    /** A family being collected. */
    private static final class Builder
    {
        private final ColumnMetric first;
        private final List<ColumnMetric> metrics = new ArrayList<>();
        private final Set<String> labelKeys = new HashSet<>();
        private final Set<String> notes = new TreeSet<>();

        Builder(final ColumnMetric first)
        {
            this.first = first;
        }

        boolean accepts(final ColumnMetric metric)
        {
            return metric.counter() == first.counter() && metric.unit().equals(first.unit()) &&
                metric.source().equals(first.source()) && !labelKeys.contains(metric.labelKey());
        }

        void add(final ColumnMetric metric)
        {
            metrics.add(metric);
            labelKeys.add(metric.labelKey());
            notes.add(metric.note());
        }

        Family build()
        {
            final String help = "From " + first.source() + ". " + String.join(". ", notes) + ".";
            return new Family(first.family(), first.counter(), first.unit(), help, metrics);
        }
    }
}
