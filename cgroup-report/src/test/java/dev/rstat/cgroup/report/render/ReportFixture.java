package dev.rstat.cgroup.report.render;

import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

import dev.rstat.cgroup.report.Derivation;
import dev.rstat.cgroup.report.Field;
import dev.rstat.cgroup.report.Sample;
import dev.rstat.cgroup.report.SampleBuilder;
import dev.rstat.cgroup.report.Table;
import dev.rstat.cgroup.stat.Columns;
import dev.rstat.cgroup.stat.StatCatalog;
import dev.rstat.cgroup.stat.ValueState;

/**
 * Rows and values of a small sample given by hand ({@link SampleBuilder}), rendered to a String. A value is put by
 * field number ({@link #column(String)}: a column name, with a derivation suffix for a derived value).
 */
final class ReportFixture
{
    final Columns columns;
    private final List<Field> fields = new ArrayList<>();
    private final List<Values> rows = new ArrayList<>();

    ReportFixture()
    {
        this(StatCatalog.v2());
    }

    ReportFixture(final StatCatalog catalog)
    {
        columns = new Columns(catalog);
    }

    /** The number of a field: a column name ({@code memory.current}) or a derived one ({@code x:self}). */
    int column(final String name)
    {
        final Field field = field(name);
        final int known = fields.indexOf(field);
        if (known >= 0)
        {
            return known;
        }
        fields.add(field);
        return fields.size() - 1;
    }

    Field field(final String name)
    {
        for (final Derivation derivation : Derivation.values())
        {
            if (derivation != Derivation.RAW && name.endsWith(derivation.suffix()))
            {
                return new Field(columns.intern(name.substring(0, name.length() - derivation.suffix().length())),
                    derivation);
            }
        }
        return Field.raw(columns.intern(name));
    }

    Values row(final long id, final String path, final int depth)
    {
        final Values values = new Values(id, path, depth);
        rows.add(values);
        return values;
    }

    Sample sample()
    {
        final SampleBuilder builder = new SampleBuilder(columns);
        for (final Field field : fields)
        {
            builder.field(field);
        }
        for (final Values values : rows)
        {
            final int row = builder.row(values.id, values.path, values.depth);
            for (final Put put : values.puts)
            {
                final Field field = fields.get(put.field);
                if (put.text != null)
                {
                    builder.text(row, field, put.text);
                }
                else if (put.state == ValueState.NUMBER)
                {
                    builder.number(row, field, put.value);
                }
                else
                {
                    builder.state(row, field, put.state);
                }
            }
        }
        return builder.build();
    }

    String render(final Format format, final boolean raw) throws IOException
    {
        final StringWriter out = new StringWriter();
        Renderer.of(format, raw).render(Table.of(sample()), out);
        return out.toString();
    }

    String renderText(final int width, final List<String> dropped) throws IOException
    {
        final StringWriter out = new StringWriter();
        Renderer.of(Format.TEXT, false, width, dropped::addAll).render(Table.of(sample()), out);
        return out.toString();
    }

    /** One value put into a row. */
    private record Put(int field, ValueState state, long value, String text)
    {
    }

    /** The values of one row, put by field number. */
    static final class Values
    {
        private final long id;
        private final String path;
        private final int depth;
        private final List<Put> puts = new ArrayList<>();

        Values(final long id, final String path, final int depth)
        {
            this.id = id;
            this.path = path;
            this.depth = depth;
        }

        void putNumber(final int field, final long value)
        {
            puts.add(new Put(field, ValueState.NUMBER, value, null));
        }

        void putState(final int field, final ValueState state)
        {
            puts.add(new Put(field, state, 0, null));
        }

        void putText(final int field, final String text)
        {
            puts.add(new Put(field, ValueState.TEXT, 0, text));
        }
    }

    /** Paths that are hard to print: separators, quotes, line breaks, escapes, non-ASCII, leading dashes. */
    static List<String> awkwardPaths()
    {
        return List.of(
            "/",
            "/a,b",
            "/q\"uote\"",
            "/new\nline",
            "/cr\rlf\r\n",
            "/back\\slash\\",
            "/tab\tx",
            "/\u00fcn\u00efc\u00f6d\u00e9/\u65e5\u672c",
            "/emoji/\ud83d\ude00",
            "-leading-dash",
            "--",
            " spaced ",
            "",
            "=formula()",
            "/ctl\u0001\u001f\u007f",
            "#comment");
    }
}
