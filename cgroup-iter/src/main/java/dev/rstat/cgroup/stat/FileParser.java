package dev.rstat.cgroup.stat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Supplier;

/**
 * Parses the bytes of one cgroupfs file into a {@link StatSample}, dispatching on the file's {@link StatFormat}
 * ({@link KeyedFormats}, {@link ValueFormats}, {@link FormatDetector} for unknown files) and offering the format
 * parsers the shared steps: key bytes to column (a String is made only the first time a key is seen), value token
 * to number, malformed-line reporting (once per line, the rest of the file is still parsed).
 * <p>
 * One per {@link StatReader}; reuses its buffers. Not thread-safe.
 */
final class FileParser
{
    private final Columns columns;
    private final Problems problems;
    private final NumberParser numbers = new NumberParser();
    private final Lines lines = new Lines();
    private byte[] scratch = new byte[128];
    private int scratchLength;
    private int[] headerStarts = new int[8];
    private int[] headerEnds = new int[8];
    private FileState file;
    private Supplier<Path> displayFile;
    private StatSample into;
    private int reportedLine;

    /**
     * A parser interning into the given columns and reporting to the given problems.
     *
     * @param columns  where new columns are interned.
     * @param problems where malformed lines are reported.
     */
    FileParser(final Columns columns, final Problems problems)
    {
        this.columns = columns;
        this.problems = problems;
    }

    /**
     * Parses a file's content.
     *
     * @param state       what is known about the file name.
     * @param path        the file, for messages (built only when there is one).
     * @param content     the file's bytes.
     * @param length      number of valid bytes.
     * @param destination where values are put.
     */
    void parse(final FileState state, final Supplier<Path> path, final byte[] content, final int length,
        final StatSample destination)
    {
        file = state;
        displayFile = path;
        into = destination;
        reportedLine = 0;
        lines.reset(content, length);
        StatFormat format = state.spec().format();
        if (format == StatFormat.AUTO)
        {
            format = FormatDetector.detect(lines);
            lines.reset(content, length);
        }
        switch (format)
        {
            case SINGLE -> ValueFormats.single(this);
            case SPACE_SEPARATED -> ValueFormats.spaceSeparated(this);
            case LINE_COUNT -> ValueFormats.lineCount(this);
            case TEXT -> ValueFormats.text(this);
            case TABLE -> ValueFormats.table(this);
            case FLAT_KEYED -> KeyedFormats.flat(this);
            case DEVICE_KEYED -> KeyedFormats.device(this);
            case NESTED_KEYED, PRESSURE -> KeyedFormats.nested(this);
            case AUTO ->
            {
                // nothing to parse: FormatDetector returns AUTO for content without any token
            }
            default -> throw new IllegalStateException("unhandled format: format=" + format);
        }
        into = null;
        file = null;
        displayFile = null;
    }

    Lines lines()
    {
        return lines;
    }

    FileState file()
    {
        return file;
    }

    StatSample into()
    {
        return into;
    }

    /**
     * Reports the current line as malformed, once per line.
     *
     * @param reason what is wrong.
     */
    void malformed(final String reason)
    {
        if (lines.number() != reportedLine)
        {
            reportedLine = lines.number();
            problems.malformed(displayFile.get(), lines.number(), lines.text(), reason);
        }
    }

    /** Reports a file without any value where one is required. */
    void malformedEmpty()
    {
        problems.malformed(displayFile.get(), 1, "", "empty file: expected a value");
    }

    /**
     * Column of a key of the current file, made on first sight.
     *
     * @param key        bytes holding the key.
     * @param from       start of the key.
     * @param to         end of the key (exclusive).
     * @param valueFrom  start of the first value token in {@link Lines#buffer()} (infers the scale of unknown keys).
     * @param valueTo    end of that token.
     * @return the column, or -1 if the key is not valid (reported).
     */
    int keyColumn(final byte[] key, final int from, final int to, final int valueFrom, final int valueTo)
    {
        final int known = file.keys().get(key, from, to - from);
        if (known >= 0)
        {
            return known;
        }
        if (from == to)
        {
            malformed("empty key");
            return -1;
        }
        for (int i = from; i < to; i++)
        {
            final int b = key[i] & 0xff;
            if (b <= 0x20 || b == 0x7f || b == 0xc2 && i + 1 < to && (key[i + 1] & 0xff) >= 0x80 &&
                (key[i + 1] & 0xff) <= 0x9f)
            {
                // C0, space, DEL, or a C1 control in UTF-8 (C2 80..C2 9F): a key names a column and a metric
                malformed("invalid key: control character");
                return -1;
            }
        }
        final String keyText = new String(key, from, to - from, StandardCharsets.UTF_8);
        final int column = intern(file.name() + "." + keyText, keyText, valueFrom, valueTo);
        file.keyed(key, from, to - from, column);
        return column;
    }

    /** Starts building a compound key in the scratch buffer. */
    void startKey()
    {
        scratchLength = 0;
    }

    /**
     * Appends bytes to the compound key.
     *
     * @param source holding the bytes.
     * @param from   start.
     * @param to     end (exclusive).
     */
    void appendKey(final byte[] source, final int from, final int to)
    {
        final int length = to - from;
        if (scratchLength + length > scratch.length)
        {
            scratch = Arrays.copyOf(scratch, Math.max(scratch.length * 2, scratchLength + length));
        }
        System.arraycopy(source, from, scratch, scratchLength, length);
        scratchLength += length;
    }

    /**
     * Appends one byte (a separator) to the compound key.
     *
     * @param b the byte.
     */
    void appendKey(final byte b)
    {
        if (scratchLength == scratch.length)
        {
            scratch = Arrays.copyOf(scratch, scratch.length * 2);
        }
        scratch[scratchLength++] = b;
    }

    /**
     * Column of the compound key built with {@link #startKey()} and {@link #appendKey}.
     *
     * @param valueFrom start of the value token.
     * @param valueTo   end of the value token.
     * @return the column, or -1 if the key is not valid (reported).
     */
    int compoundColumn(final int valueFrom, final int valueTo)
    {
        return keyColumn(scratch, 0, scratchLength, valueFrom, valueTo);
    }

    /**
     * Column of a file that has one value (single value, line count, text): named like the file.
     *
     * @param valueFrom start of the value token, or -1.
     * @param valueTo   end of the value token.
     * @return the column.
     */
    int wholeColumn(final int valueFrom, final int valueTo)
    {
        int column = file.whole();
        if (column < 0)
        {
            column = intern(file.name(), "", valueFrom, valueTo);
            file.whole(column);
        }
        return column;
    }

    /**
     * Column of the value at a position of a space-separated file.
     *
     * @param index     position, from 0.
     * @param valueFrom start of the value token.
     * @param valueTo   end of the value token.
     * @return the column.
     */
    int positionalColumn(final int index, final int valueFrom, final int valueTo)
    {
        int column = file.positional(index);
        if (column < 0)
        {
            final FileSpec spec = file.spec();
            final String key = index < spec.columnNames().size() ? spec.columnNames().get(index) :
                spec.indexPrefix() + index;
            column = intern(file.name() + "." + key, key, valueFrom, valueTo);
            file.positional(index, column);
        }
        return column;
    }

    /**
     * Parses a value token into a column; reports the line if the token is not a valid value.
     *
     * @param column the column.
     * @param from   start of the token in {@link Lines#buffer()}.
     * @param to     end of the token.
     */
    void putValue(final int column, final int from, final int to)
    {
        final StatInfo info = columns.info(column);
        final byte[] buffer = lines.buffer();
        final int status = numbers.parse(buffer, from, to, info.scale(), info.sign());
        if (status == NumberParser.NUMBER)
        {
            into.putNumber(column, numbers.value());
        }
        else if (status == NumberParser.MAX)
        {
            into.putState(column, ValueState.MAX);
        }
        else
        {
            malformed(numbers.reason() + ": value=" + new String(buffer, from, to - from, StandardCharsets.UTF_8));
        }
    }

    /**
     * Remembers the tokens of the current line as a table header.
     *
     * @return the number of header tokens.
     */
    int captureHeader()
    {
        final int count = lines.tokens();
        if (count > headerStarts.length)
        {
            headerStarts = new int[count];
            headerEnds = new int[count];
        }
        for (int i = 0; i < count; i++)
        {
            headerStarts[i] = lines.start(i);
            headerEnds[i] = lines.end(i);
        }
        return count;
    }

    int headerStart(final int index)
    {
        return headerStarts[index];
    }

    int headerEnd(final int index)
    {
        return headerEnds[index];
    }

    private int intern(final String name, final String key, final int valueFrom, final int valueTo)
    {
        final FileSpec spec = file.spec();
        StatInfo info = spec.describe(key);
        if (valueFrom >= 0 && info.equals(StatInfo.UNKNOWN))
        {
            info = info.withScale(NumberParser.scaleOf(lines.buffer(), valueFrom, valueTo));
        }
        return columns.intern(name, file.name(), info);
    }
}
