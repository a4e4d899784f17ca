package dev.rstat.cgroup.cli;

import java.util.List;

import dev.rstat.cgroup.report.Field;
import dev.rstat.cgroup.report.FieldSelection;
import dev.rstat.cgroup.report.RowSelection;
import dev.rstat.cgroup.report.Sample;
import dev.rstat.cgroup.report.Table;

/**
 * What of each sample the command prints: the rows of the sampler's walk after {@code --filter}, {@code --sort} and
 * {@code --top}, and the fields of {@code --columns} (or the compact text default, which falls back to every field
 * when none of its columns is there).
 *
 * @param rows       the row selection.
 * @param fields     the field selection, or null for every field.
 * @param fallBack   whether to print every field when the field selection matches none.
 * @param warnings   told about the first sample (selections that matched nothing), or null.
 */
record SampleView(RowSelection rows, FieldSelection fields, boolean fallBack, EmptySelectionWarnings warnings)
{
    /**
     * @param sample a sample.
     * @return what to print of it.
     * @throws RowSelection.UnknownFieldException if the sort field names no field.
     */
    Table of(final Sample sample)
    {
        final int[] selected = rows.apply(sample, sample.rows());
        List<Field> chosen = fields == null ? sample.fields() : fields.apply(sample);
        if (fallBack && chosen.isEmpty())
        {
            chosen = sample.fields();
        }
        final Table table = new Table(sample, selected, chosen);
        if (warnings != null)
        {
            warnings.check(sample, table);
        }
        return table;
    }
}
