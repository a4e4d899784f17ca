package dev.rstat.cgroup.report.render;

import java.math.BigInteger;

/**
 * How CSV writes a limit that is not set, which the kernel writes {@code max} ({@code memory.max}, {@code pids.max},
 * {@code cpu.max}): as {@code max} (the default, what the kernel says), as an empty cell, or as a number. pandas and
 * DuckDB read a column holding {@code max} as text; with an empty cell or a number every limit column reads as
 * numbers (an empty cell becomes NaN or NULL). Immutable.
 *
 * @param cell what the cell holds, null for an empty cell.
 */
public record MaxAs(String cell)
{
    /** {@code max}, as the kernel writes it. */
    public static final MaxAs KERNEL = new MaxAs("max");
    /** An empty cell. */
    public static final MaxAs EMPTY = new MaxAs(null);

    /**
     * @param text {@code max}, {@code empty} (or an empty string), or a decimal integer such as {@code -1} or
     *             {@code 18446744073709551615}.
     * @return the choice.
     * @throws IllegalArgumentException for anything else.
     */
    public static MaxAs parse(final String text)
    {
        final String value = text.trim();
        if (value.equals("max"))
        {
            return KERNEL;
        }
        if (value.isEmpty() || value.equals("empty"))
        {
            return EMPTY;
        }
        try
        {
            return new MaxAs(new BigInteger(value).toString());
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException("expected max, empty or an integer: value=" + text);
        }
    }
}
