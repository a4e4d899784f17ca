package dev.rstat.cgroup.stat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A cursor over the lines of a file held in a byte array, and a tokenizer of the current line on spaces and tabs.
 * Lines end at {@code \n}; a {@code \r} before it (CRLF) is dropped; the last line needs no newline. Token bounds are
 * kept in reused int arrays. Not thread-safe.
 */
final class Lines
{
    private byte[] buffer = new byte[0];
    private int length;
    private int position;
    private int number;
    private int lineStart;
    private int lineEnd;
    private int[] starts = new int[16];
    private int[] ends = new int[16];
    private int tokens;

    /**
     * Starts over on new content.
     *
     * @param content the file's bytes.
     * @param size    number of valid bytes.
     */
    void reset(final byte[] content, final int size)
    {
        buffer = content;
        length = size;
        position = 0;
        number = 0;
        lineStart = 0;
        lineEnd = 0;
        tokens = 0;
    }

    /**
     * Moves to the next line.
     *
     * @return false at the end of the content.
     */
    boolean next()
    {
        if (position >= length)
        {
            return false;
        }
        lineStart = position;
        int end = position;
        while (end < length && buffer[end] != '\n')
        {
            end++;
        }
        position = end + 1;
        if (end > lineStart && buffer[end - 1] == '\r')
        {
            end--;
        }
        lineEnd = end;
        number++;
        tokens = 0;
        return true;
    }

    /**
     * Moves to the next line that has at least one token, and tokenizes it.
     *
     * @return false at the end of the content.
     */
    boolean nextNonEmpty()
    {
        while (next())
        {
            if (tokenize() > 0)
            {
                return true;
            }
        }
        return false;
    }

    /**
     * Splits the current line on spaces and tabs.
     *
     * @return the number of tokens.
     */
    int tokenize()
    {
        tokens = 0;
        int i = lineStart;
        while (i < lineEnd)
        {
            while (i < lineEnd && isBlank(buffer[i]))
            {
                i++;
            }
            if (i == lineEnd)
            {
                break;
            }
            final int start = i;
            while (i < lineEnd && !isBlank(buffer[i]))
            {
                i++;
            }
            if (tokens == starts.length)
            {
                starts = Arrays.copyOf(starts, tokens * 2);
                ends = Arrays.copyOf(ends, tokens * 2);
            }
            starts[tokens] = start;
            ends[tokens] = i;
            tokens++;
        }
        return tokens;
    }

    /**
     * The content.
     *
     * @return the byte array being read.
     */
    byte[] buffer()
    {
        return buffer;
    }

    /**
     * Number of tokens of the current line after {@link #tokenize()}.
     *
     * @return the count.
     */
    int tokens()
    {
        return tokens;
    }

    /**
     * Start of a token.
     *
     * @param token index.
     * @return offset in {@link #buffer()}.
     */
    int start(final int token)
    {
        return starts[token];
    }

    /**
     * End of a token (exclusive).
     *
     * @param token index.
     * @return offset in {@link #buffer()}.
     */
    int end(final int token)
    {
        return ends[token];
    }

    /**
     * 1-based number of the current line.
     *
     * @return the line number.
     */
    int number()
    {
        return number;
    }

    /**
     * Start of the current line.
     *
     * @return offset in {@link #buffer()}.
     */
    int lineStart()
    {
        return lineStart;
    }

    /**
     * End of the current line, without the line ending.
     *
     * @return offset in {@link #buffer()}.
     */
    int lineEnd()
    {
        return lineEnd;
    }

    /**
     * The current line as text, for error messages only (allocates).
     *
     * @return the line, decoded as UTF-8.
     */
    String text()
    {
        return new String(buffer, lineStart, lineEnd - lineStart, StandardCharsets.UTF_8);
    }

    /**
     * Index of a byte within a token.
     *
     * @param token index.
     * @param b     the byte.
     * @return its offset in {@link #buffer()}, or -1.
     */
    int indexOf(final int token, final byte b)
    {
        for (int i = starts[token], end = ends[token]; i < end; i++)
        {
            if (buffer[i] == b)
            {
                return i;
            }
        }
        return -1;
    }

    private static boolean isBlank(final byte b)
    {
        return b == ' ' || b == '\t';
    }
}
