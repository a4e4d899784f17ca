package dev.rstat.cgroup.cli;

import java.io.IOException;

import java.io.PrintWriter;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import dev.rstat.cgroup.IoErrors;
import dev.rstat.cgroup.report.Table;
import dev.rstat.cgroup.report.chart.ReportSeries;
import dev.rstat.cgroup.report.render.Format;
import dev.rstat.cgroup.report.render.LongCsvWriter;
import dev.rstat.cgroup.report.render.MaxAs;
import dev.rstat.cgroup.report.render.Renderer;

/**
 * Where repeated samples go: text tables one after another, long-format CSV with a timestamp column, or JSON Lines
 * with a {@code timestamp} field; to stdout, or to a file that appears atomically when the run ends (normally or by
 * Ctrl-C) and is complete and valid at that point.
 */
final class SampleSink
{
    private final Format format;
    private final boolean raw;
    private final Path target;
    private final Path temp;
    private final Writer out;
    private final PrintWriter err;
    private Renderer text;
    private MaxAs maxAs = MaxAs.KERNEL;
    private LongCsvWriter csv;
    private boolean warnedLate;
    private int samples;
    private java.util.List<ReportSeries> recorders = java.util.List.of();
    private AfterCommit afterCommit;

    /** What else is written once the output is committed (within the run, so also after Ctrl-C). */
    @FunctionalInterface
    interface AfterCommit
    {
        /**
         * @throws IOException if writing fails.
         */
        void run() throws IOException;
    }

    private SampleSink(final Format format, final boolean raw, final Path target, final Path temp, final Writer out,
        final PrintWriter err)
    {
        this.format = format;
        this.raw = raw;
        this.target = target;
        this.temp = temp;
        this.out = out;
        this.err = err;
    }

    static SampleSink toStdout(final Format format, final boolean raw, final PrintWriter out, final PrintWriter err)
    {
        return new SampleSink(format, raw, null, null, out, err);
    }

    static SampleSink toFile(final Format format, final boolean raw, final Path target, final PrintWriter err)
        throws IOException
    {
        final Path absolute = target.toAbsolutePath();
        if (AtomicOutput.isSpecial(absolute))
        {
            return new SampleSink(format, raw, absolute, null, Files.newBufferedWriter(absolute,
                StandardCharsets.UTF_8), err);
        }
        final Path temp;
        try
        {
            temp = Files.createTempFile(absolute.getParent(), "." + absolute.getFileName() + ".", ".tmp");
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write output: file=" + target + " error=" +
                IoErrors.reason(ex), ex);
        }
        return new SampleSink(format, raw, absolute, temp, Files.newBufferedWriter(temp,
            StandardCharsets.UTF_8), err);
    }

    /**
     * @param renderer renders the text tables (fitted to a width).
     * @return this sink.
     */
    SampleSink withTextRenderer(final Renderer renderer)
    {
        text = renderer;
        return this;
    }

    /**
     * @param value how CSV writes {@code max}.
     * @return this sink.
     */
    SampleSink withMaxAs(final MaxAs value)
    {
        maxAs = value;
        return this;
    }

    /**
     * @param series also given every sample written (for {@code report --html}).
     * @return this sink.
     */
    SampleSink withRecorders(final java.util.List<ReportSeries> series)
    {
        recorders = java.util.List.copyOf(series);
        return this;
    }

    /**
     * @param action run once the output is committed (before the shutdown hook lets the JVM exit after Ctrl-C).
     * @return this sink.
     */
    SampleSink afterCommit(final AfterCommit action)
    {
        afterCommit = action;
        return this;
    }

    int samples()
    {
        return samples;
    }

    void write(final String timestamp, final Table table) throws IOException
    {
        try
        {
            writeSample(timestamp, table);
        }
        catch (final IOException ex)
        {
            throw failed(ex);
        }
        if (target == null)
        {
            StdoutClosedException.check(out);
        }
        for (final ReportSeries series : recorders)
        {
            series.add(timestamp, table);
        }
    }

    private UncheckedIOException failed(final IOException ex)
    {
        return new UncheckedIOException("cannot write output: file=" + target + " error=" + IoErrors.reason(ex), ex);
    }

    private void writeSample(final String timestamp, final Table table) throws IOException
    {
        samples++;
        switch (format)
        {
            case CSV ->
            {
                if (csv == null)
                {
                    csv = new LongCsvWriter(out, maxAs);
                }
                csv.write(timestamp, table);
                if (temp == null && csv.needsRewrite() && !warnedLate)
                {
                    warnedLate = true;
                    err.println("cgroup-walk: columns appeared after the CSV header was written and are not named " +
                        "in it: " + csv.lateColumns() + " (write with --output FILE to get a complete header)");
                    err.flush();
                }
            }
            case JSON ->
            {
                final StringWriter lines = new StringWriter();
                Renderer.of(Format.JSON, raw).render(table, lines);
                final String prefix = "{\"timestamp\":\"" + timestamp + "\",";
                for (final String line : lines.toString().split("\n"))
                {
                    if (line.startsWith("{"))
                    {
                        out.write(prefix);
                        out.write(line, 1, line.length() - 1);
                        out.write('\n');
                    }
                }
            }
            default ->
            {
                if (samples > 1)
                {
                    out.write('\n');
                }
                out.write("# sample " + samples + " at " + timestamp + '\n');
                (text != null ? text : Renderer.of(format, raw)).render(table, out);
            }
        }
        out.flush();
    }

    /**
     * Completes the output: for a file, closes it (rewriting the CSV header if columns appeared late) and renames it
     * into place atomically.
     *
     * @throws IOException if that fails; the temporary file is then removed.
     */
    void commit() throws IOException
    {
        try
        {
            commitOutput();
        }
        catch (final IOException ex)
        {
            throw failed(ex);
        }
        if (afterCommit != null)
        {
            afterCommit.run();
        }
    }

    private void commitOutput() throws IOException
    {
        if (temp == null)
        {
            out.flush();
            if (target != null)
            {
                out.close();
            }
            return;
        }
        boolean moved = false;
        try
        {
            out.close();
            if (csv != null && csv.needsRewrite())
            {
                final Path rewritten = Files.createTempFile(target.getParent(), "." + target.getFileName() + ".",
                    ".tmp");
                try (Reader in = Files.newBufferedReader(temp, StandardCharsets.UTF_8);
                    Writer w = Files.newBufferedWriter(rewritten, StandardCharsets.UTF_8))
                {
                    csv.rewrite(in, w);
                }
                Files.move(rewritten, temp, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
            AtomicOutput.commit(temp, target);
            moved = true;
        }
        finally
        {
            if (!moved)
            {
                Files.deleteIfExists(temp);
            }
        }
    }

    /**
     * Gives up: removes the temporary file, leaving any existing target untouched.
     */
    void abort()
    {
        if (temp != null)
        {
            try
            {
                out.close();
                Files.deleteIfExists(temp);
            }
            catch (final IOException ignored)
            {
                // best effort: nothing more can be done about a temp file that cannot be removed
            }
        }
    }
}
