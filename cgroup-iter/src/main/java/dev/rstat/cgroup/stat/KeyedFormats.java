package dev.rstat.cgroup.stat;

/**
 * Parsers of the keyed formats: {@link StatFormat#FLAT_KEYED}, {@link StatFormat#DEVICE_KEYED} and
 * {@link StatFormat#NESTED_KEYED} / {@link StatFormat#PRESSURE}. Keys are kept in any order and any position (new
 * kernels add keys in the middle of {@code memory.stat}; {@code io.stat} lines are unordered and devices come and go).
 */
final class KeyedFormats
{
    private KeyedFormats()
    {
    }

    /**
     * {@code KEY VALUE} lines: column {@code <file>.<key>}.
     *
     * @param run the parser, positioned before the first line.
     */
    static void flat(final FileParser run)
    {
        final Lines lines = run.lines();
        while (lines.nextNonEmpty())
        {
            if (lines.tokens() != 2)
            {
                run.malformed("expected KEY VALUE");
                continue;
            }
            keyValue(run, lines);
        }
    }

    /**
     * v1 blkio lines {@code DEV OP VALUE} (column {@code <file>.<dev>.<op>}) and {@code KEY VALUE} (column
     * {@code <file>.<key>}, e.g. the final {@code Total}).
     *
     * @param run the parser, positioned before the first line.
     */
    static void device(final FileParser run)
    {
        final Lines lines = run.lines();
        while (lines.nextNonEmpty())
        {
            final int tokens = lines.tokens();
            if (tokens == 2)
            {
                keyValue(run, lines);
            }
            else if (tokens == 3)
            {
                run.startKey();
                run.appendKey(lines.buffer(), lines.start(0), lines.end(0));
                run.appendKey((byte)'.');
                run.appendKey(lines.buffer(), lines.start(1), lines.end(1));
                final int column = run.compoundColumn(lines.start(2), lines.end(2));
                if (column >= 0)
                {
                    run.putValue(column, lines.start(2), lines.end(2));
                }
            }
            else
            {
                run.malformed("expected DEVICE OPERATION VALUE or KEY VALUE");
            }
        }
    }

    /**
     * {@code KEY SUB=VALUE ...} lines: column {@code <file>.<key>.<sub>}. A line with a key and no pairs (an
     * {@code io.stat} device without stats) gives nothing. A first token {@code NAME=VALUE} (v1 and hugetlb
     * {@code numa_stat}: {@code total=5 N0=5}) gives {@code <file>.<name>} and then {@code <file>.<name>.<sub>}.
     *
     * @param run the parser, positioned before the first line.
     */
    static void nested(final FileParser run)
    {
        final Lines lines = run.lines();
        final byte[] buffer = lines.buffer();
        while (lines.nextNonEmpty())
        {
            final int keyStart = lines.start(0);
            int keyEnd = lines.end(0);
            final int equals = lines.indexOf(0, (byte)'=');
            if (equals >= 0)
            {
                keyEnd = equals;
                final int column = run.keyColumn(buffer, keyStart, keyEnd, equals + 1, lines.end(0));
                if (column < 0)
                {
                    continue;
                }
                run.putValue(column, equals + 1, lines.end(0));
            }
            for (int token = 1, tokens = lines.tokens(); token < tokens; token++)
            {
                final int pairEquals = lines.indexOf(token, (byte)'=');
                if (pairEquals <= lines.start(token))
                {
                    run.malformed("expected SUBKEY=VALUE");
                    continue;
                }
                run.startKey();
                run.appendKey(buffer, keyStart, keyEnd);
                run.appendKey((byte)'.');
                run.appendKey(buffer, lines.start(token), pairEquals);
                final int column = run.compoundColumn(pairEquals + 1, lines.end(token));
                if (column >= 0)
                {
                    run.putValue(column, pairEquals + 1, lines.end(token));
                }
            }
        }
    }

    private static void keyValue(final FileParser run, final Lines lines)
    {
        final int column = run.keyColumn(lines.buffer(), lines.start(0), lines.end(0), lines.start(1), lines.end(1));
        if (column >= 0)
        {
            run.putValue(column, lines.start(1), lines.end(1));
        }
    }
}
