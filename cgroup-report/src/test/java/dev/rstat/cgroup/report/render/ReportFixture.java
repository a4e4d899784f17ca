package dev.rstat.cgroup.report.render;

import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

import dev.rstat.cgroup.stat.Columns;
import dev.rstat.cgroup.stat.StatCatalog;
import dev.rstat.cgroup.stat.StatSample;

/** Columns and rows of a small report, rendered to a String. */
final class ReportFixture
{
    final Columns columns;
    final List<Row> rows = new ArrayList<>();

    ReportFixture()
    {
        this(StatCatalog.v2());
    }

    ReportFixture(final StatCatalog catalog)
    {
        columns = new Columns(catalog);
    }

    int column(final String name)
    {
        return columns.intern(name);
    }

    StatSample row(final long id, final String path, final int depth)
    {
        final StatSample sample = new StatSample();
        rows.add(new Row(id, path, depth, sample));
        return sample;
    }

    String render(final Format format, final boolean raw) throws IOException
    {
        final StringWriter out = new StringWriter();
        Renderer.of(format, raw).render(columns, rows, out);
        return out.toString();
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
