package dev.rstat.cgroup.stat;

/**
 * Parsers of the formats whose columns are not named by keys in the file: {@link StatFormat#SINGLE},
 * {@link StatFormat#SPACE_SEPARATED}, {@link StatFormat#LINE_COUNT}, {@link StatFormat#TEXT} and
 * {@link StatFormat#TABLE}.
 */
final class ValueFormats
{
    private ValueFormats()
    {
    }

    /**
     * One value: column {@code <file>}. An empty file, more than one token, or further lines are malformed.
     *
     * @param run the parser, positioned before the first line.
     */
    static void single(final FileParser run)
    {
        final Lines lines = run.lines();
        boolean seen = false;
        while (lines.nextNonEmpty())
        {
            if (seen)
            {
                run.malformed("unexpected extra line");
                continue;
            }
            seen = true;
            if (lines.tokens() != 1)
            {
                run.malformed("expected one value");
                continue;
            }
            run.putValue(run.wholeColumn(lines.start(0), lines.end(0)), lines.start(0), lines.end(0));
        }
        if (!seen)
        {
            run.malformedEmpty();
        }
    }

    /**
     * Values on one line: columns named by position (see {@link StatFormat#SPACE_SEPARATED}); a trailing space
     * (v1 {@code cpuacct.usage_percpu}) is fine.
     *
     * @param run the parser, positioned before the first line.
     */
    static void spaceSeparated(final FileParser run)
    {
        final Lines lines = run.lines();
        boolean seen = false;
        while (lines.nextNonEmpty())
        {
            if (seen)
            {
                run.malformed("unexpected extra line");
                continue;
            }
            seen = true;
            for (int token = 0, tokens = lines.tokens(); token < tokens; token++)
            {
                final int column = run.positionalColumn(token, lines.start(token), lines.end(token));
                run.putValue(column, lines.start(token), lines.end(token));
            }
        }
        if (!seen)
        {
            run.malformedEmpty();
        }
    }

    /**
     * The number of non-empty lines ({@code cgroup.procs}: processes): column {@code <file>}.
     *
     * @param run the parser, positioned before the first line.
     */
    static void lineCount(final FileParser run)
    {
        final Lines lines = run.lines();
        long count = 0;
        while (lines.nextNonEmpty())
        {
            count++;
        }
        run.into().putNumber(run.wholeColumn(-1, -1), count);
    }

    /**
     * The whole content as text, without its final line ending: column {@code <file>}.
     *
     * @param run the parser, positioned before the first line.
     */
    static void text(final FileParser run)
    {
        final Lines lines = run.lines();
        int end = 0;
        while (lines.next())
        {
            end = lines.lineEnd();
        }
        final String text = run.file().text(lines.buffer(), 0, end);
        run.into().putText(run.wholeColumn(-1, -1), text);
    }

    /**
     * A header line then rows of the same width (v1 {@code cpuacct.usage_all}): column
     * {@code <file>.<header0><rowkey>.<header_i>}.
     *
     * @param run the parser, positioned before the first line.
     */
    static void table(final FileParser run)
    {
        final Lines lines = run.lines();
        if (!lines.nextNonEmpty())
        {
            return;
        }
        final int width = run.captureHeader();
        if (width < 2)
        {
            run.malformed("expected a header of at least two columns");
            return;
        }
        final byte[] buffer = lines.buffer();
        while (lines.nextNonEmpty())
        {
            if (lines.tokens() != width)
            {
                run.malformed("expected " + width + " columns like the header");
                continue;
            }
            for (int token = 1; token < width; token++)
            {
                run.startKey();
                run.appendKey(buffer, run.headerStart(0), run.headerEnd(0));
                run.appendKey(buffer, lines.start(0), lines.end(0));
                run.appendKey((byte)'.');
                run.appendKey(buffer, run.headerStart(token), run.headerEnd(token));
                final int column = run.compoundColumn(lines.start(token), lines.end(token));
                if (column >= 0)
                {
                    run.putValue(column, lines.start(token), lines.end(token));
                }
            }
        }
    }
}
