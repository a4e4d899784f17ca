package dev.rstat.cgroup.stat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

import org.eclipse.collections.api.list.primitive.MutableIntList;
import org.eclipse.collections.impl.list.mutable.primitive.IntArrayList;

/**
 * What a {@link StatReader} remembers about one file name during a walk: its catalog entry, the columns its keys
 * map to (looked up by the key's bytes, see {@link ByteKeyTable}), the columns of positional values, and the last
 * text read (so that an unchanged text is not decoded again). Not thread-safe.
 */
final class FileState
{
    private final String name;
    private final FileSpec spec;
    private final Path relative;
    private final ByteKeyTable keys = new ByteKeyTable();
    private final MutableIntList columns = new IntArrayList();
    private int[] positional = new int[0];
    private int whole = -1;
    private byte[] lastText;
    private String lastTextValue;

    /**
     * State of a file.
     *
     * @param name the file name.
     * @param spec its catalog entry.
     */
    FileState(final String name, final FileSpec spec)
    {
        this.name = name;
        this.spec = spec;
        this.relative = Path.of(name);
    }

    String name()
    {
        return name;
    }

    FileSpec spec()
    {
        return spec;
    }

    /** The file name as a relative path, for opening it relative to a directory handle. */
    Path relative()
    {
        return relative;
    }

    /** Key bytes (as printed in the file, or built from several tokens) to column. */
    ByteKeyTable keys()
    {
        return keys;
    }

    /** Every column this file produced so far, in first-seen order. */
    MutableIntList columns()
    {
        return columns;
    }

    /**
     * Column of the value at a position of a space-separated file.
     *
     * @param index position.
     * @return the column, or -1 if not yet known.
     */
    int positional(final int index)
    {
        return index < positional.length ? positional[index] : -1;
    }

    void positional(final int index, final int column)
    {
        if (index >= positional.length)
        {
            final int old = positional.length;
            positional = Arrays.copyOf(positional, Math.max(index + 1, old * 2));
            Arrays.fill(positional, old, positional.length, -1);
        }
        positional[index] = column;
        columns.add(column);
    }

    /**
     * Column of a file with one value for the whole file (single value, line count, text).
     *
     * @return the column, or -1 if not yet known.
     */
    int whole()
    {
        return whole;
    }

    void whole(final int column)
    {
        whole = column;
        columns.add(column);
    }

    /** Records a column made for a key of this file. */
    void keyed(final byte[] buffer, final int offset, final int length, final int column)
    {
        keys.put(buffer, offset, length, column);
        columns.add(column);
    }

    /**
     * The text of some bytes, reusing the last decoded String when the bytes are the same.
     *
     * @param buffer holding the text.
     * @param offset of the text.
     * @param length of the text.
     * @return the text, decoded as UTF-8.
     */
    String text(final byte[] buffer, final int offset, final int length)
    {
        if (lastText == null || !Arrays.equals(lastText, 0, lastText.length, buffer, offset, offset + length))
        {
            lastText = Arrays.copyOfRange(buffer, offset, offset + length);
            lastTextValue = new String(lastText, StandardCharsets.UTF_8);
        }
        return lastTextValue;
    }
}
