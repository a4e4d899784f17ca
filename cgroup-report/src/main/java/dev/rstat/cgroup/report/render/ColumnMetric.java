package dev.rstat.cgroup.report.render;

import java.util.List;

import dev.rstat.cgroup.report.Field;

/**
 * How one field of a sample is exported as OpenMetrics samples (one per row that has a value): see
 * {@link MetricNaming} for the rules.
 *
 * @param field       the field.
 * @param columnName  the field's name, e.g. {@code io.stat.8:0.rbytes:self}.
 * @param family      the metric family name, e.g. {@code cgroup_io_read_bytes}.
 * @param counter     true for a counter (samples named {@code <family>_total}), false for a gauge.
 * @param unit        the OpenMetrics unit ({@code seconds}, {@code bytes}, {@code pages}, {@code ratio}) or empty;
 *                    when not empty the family name ends with {@code _<unit>}.
 * @param decimals    number of decimal places of the column's raw value in the exported unit: its scale plus the
 *                    power of ten of the unit conversion (6 for microseconds to seconds).
 * @param signed      whether the raw value is a two's complement signed value.
 * @param limit       whether {@code max} is exported (as {@code +Inf}).
 * @param labelNames  names of the labels taken from the column name ({@code device}, {@code node}, ...), then
 *                    {@code scope}.
 * @param labelValues values of those labels, unescaped.
 * @param source      where the value comes from, the same for every column of a family, e.g.
 *                    {@code io.stat <device> rbytes}.
 * @param note        what the value covers ({@code scope=self: ...}), for the family's HELP text.
 */
record ColumnMetric(
    Field field,
    String columnName,
    String family,
    boolean counter,
    String unit,
    int decimals,
    boolean signed,
    boolean limit,
    List<String> labelNames,
    List<String> labelValues,
    String source,
    String note)
{
    /**
     * Copies the lists.
     *
     * @param field       the field.
     * @param columnName  the field's name.
     * @param family      the metric family name.
     * @param counter     true for a counter.
     * @param unit        the unit or empty.
     * @param decimals    decimal places of the raw value.
     * @param signed      whether the raw value is signed.
     * @param limit       whether {@code max} is exported.
     * @param labelNames  label names.
     * @param labelValues label values.
     * @param source      where the value comes from.
     * @param note        what the value covers.
     */
    ColumnMetric
    {
        labelNames = List.copyOf(labelNames);
        labelValues = List.copyOf(labelValues);
        if (labelNames.size() != labelValues.size())
        {
            throw new IllegalArgumentException("label names and values differ in number: column=" + columnName +
                " names=" + labelNames + " values=" + labelValues);
        }
    }

    /**
     * Name of the samples: {@code <family>_total} for counters, the family name for gauges.
     *
     * @return the sample name.
     */
    String sampleName()
    {
        return counter ? family + "_total" : family;
    }

    /**
     * The labels that tell this column's samples apart from other columns' in the same family (the cgroup labels
     * are the same for all).
     *
     * @return the label names and values, e.g. {@code device=8:0\u0000scope=self}.
     */
    String labelKey()
    {
        final StringBuilder key = new StringBuilder();
        for (int i = 0; i < labelNames.size(); i++)
        {
            key.append(labelNames.get(i)).append('=').append(labelValues.get(i)).append('\u0000');
        }
        return key.toString();
    }
}
