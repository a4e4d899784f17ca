package dev.rstat.cgroup.stat;

/**
 * Parses one value token straight from bytes: an unsigned 64-bit decimal ({@link Long#parseUnsignedLong} semantics,
 * overflow detected), optionally with a fraction kept to a fixed scale, the literal {@code max}, and the sign
 * conventions of {@link StatSign}. Allocation-free: the result is left in fields.
 * <p>
 * A fraction with more digits than the scale is truncated toward zero ({@code 1.239} at scale 2 is 123); a
 * fraction with fewer is padded ({@code 1.5} at scale 2 is 150). Not thread-safe.
 */
final class NumberParser
{
    /** The token is a number, see {@link #value()}. */
    static final int NUMBER = 0;
    /** The token means unlimited: {@code max}, or {@code -1} under {@link StatSign#MINUS_ONE_IS_MAX}. */
    static final int MAX = 1;
    /** The token is not a valid value, see {@link #reason()}. */
    static final int INVALID = 2;

    private static final long U64_MAX_DIV_10 = Long.divideUnsigned(-1L, 10);
    private static final long U64_MAX_MOD_10 = Long.remainderUnsigned(-1L, 10);
    private static final long[] POWERS_OF_TEN = powersOfTen();

    private long value;
    private String reason;

    /**
     * Parses bytes {@code [from, to)}.
     *
     * @param buffer holding the token.
     * @param from   first byte.
     * @param to     end (exclusive).
     * @param scale  decimal digits to keep, 0..{@link StatInfo#MAX_SCALE}.
     * @param sign   sign convention.
     * @return {@link #NUMBER}, {@link #MAX} or {@link #INVALID}.
     */
    int parse(final byte[] buffer, final int from, final int to, final int scale, final StatSign sign)
    {
        value = 0;
        reason = null;
        if (from >= to)
        {
            return invalid("empty value");
        }
        if (to - from == 3 && buffer[from] == 'm' && buffer[from + 1] == 'a' && buffer[from + 2] == 'x')
        {
            return MAX;
        }
        final boolean negative = buffer[from] == '-';
        if (negative)
        {
            if (sign == StatSign.MINUS_ONE_IS_MAX && to - from == 2 && buffer[from + 1] == '1')
            {
                return MAX;
            }
            if (sign != StatSign.SIGNED)
            {
                return invalid("negative value");
            }
        }
        final int status = parseMagnitude(buffer, negative ? from + 1 : from, to, scale);
        if (status != NUMBER || sign != StatSign.SIGNED)
        {
            return status;
        }
        if (negative)
        {
            if (Long.compareUnsigned(value, Long.MIN_VALUE) > 0)
            {
                return invalid("value overflows s64");
            }
            value = -value;
        }
        else if (value < 0)
        {
            return invalid("value overflows s64");
        }
        return NUMBER;
    }

    /**
     * The value of the last {@link #NUMBER}: unsigned, or two's complement for {@link StatSign#SIGNED}, scaled.
     *
     * @return the value.
     */
    long value()
    {
        return value;
    }

    /**
     * Why the last token was {@link #INVALID}.
     *
     * @return the reason, null if it was valid.
     */
    String reason()
    {
        return reason;
    }

    /**
     * Whether a token looks like a value: digits with at most one decimal point, or {@code max}. Used to detect the
     * format of unknown files.
     *
     * @param buffer holding the token.
     * @param from   first byte.
     * @param to     end (exclusive).
     * @return true if numeric.
     */
    static boolean looksNumeric(final byte[] buffer, final int from, final int to)
    {
        if (to - from == 3 && buffer[from] == 'm' && buffer[from + 1] == 'a' && buffer[from + 2] == 'x')
        {
            return true;
        }
        int digits = 0;
        int dots = 0;
        for (int i = from; i < to; i++)
        {
            final byte b = buffer[i];
            if (b >= '0' && b <= '9')
            {
                digits++;
            }
            else if (b == '.' && digits > 0)
            {
                dots++;
            }
            else
            {
                return false;
            }
        }
        return digits > 0 && dots <= 1;
    }

    /**
     * Number of digits after the decimal point of a token (0 if none), at most {@link StatInfo#MAX_SCALE}.
     *
     * @param buffer holding the token.
     * @param from   first byte.
     * @param to     end (exclusive).
     * @return the scale the token is written with.
     */
    static int scaleOf(final byte[] buffer, final int from, final int to)
    {
        for (int i = from; i < to; i++)
        {
            if (buffer[i] == '.')
            {
                return Math.min(to - i - 1, StatInfo.MAX_SCALE);
            }
        }
        return 0;
    }

    private int parseMagnitude(final byte[] buffer, final int from, final int to, final int scale)
    {
        long result = 0;
        int i = from;
        for (; i < to && buffer[i] != '.'; i++)
        {
            final int digit = buffer[i] - '0';
            if (digit < 0 || digit > 9)
            {
                return invalid("not a number");
            }
            if (Long.compareUnsigned(result, U64_MAX_DIV_10) > 0 ||
                (result == U64_MAX_DIV_10 && digit > U64_MAX_MOD_10))
            {
                return invalid("value overflows u64");
            }
            result = result * 10 + digit;
        }
        if (i == from)
        {
            return invalid("not a number");
        }
        long fraction = 0;
        int fractionDigits = 0;
        if (i < to)
        {
            if (scale == 0)
            {
                return invalid("unexpected decimal point");
            }
            if (i + 1 == to)
            {
                return invalid("not a number");
            }
            for (int j = i + 1; j < to; j++)
            {
                final int digit = buffer[j] - '0';
                if (digit < 0 || digit > 9)
                {
                    return invalid("not a number");
                }
                if (fractionDigits < scale)
                {
                    fraction = fraction * 10 + digit;
                    fractionDigits++;
                }
            }
        }
        if (scale > 0)
        {
            final long multiplier = POWERS_OF_TEN[scale];
            final long high = Math.multiplyHigh(result, multiplier);
            final long low = result * multiplier;
            final long scaledFraction = fraction * POWERS_OF_TEN[scale - fractionDigits];
            if (high != 0 || result < 0 || Long.compareUnsigned(low + scaledFraction, low) < 0)
            {
                return invalid("value overflows u64");
            }
            result = low + scaledFraction;
        }
        value = result;
        return NUMBER;
    }

    private int invalid(final String why)
    {
        reason = why;
        return INVALID;
    }

    private static long[] powersOfTen()
    {
        final long[] powers = new long[StatInfo.MAX_SCALE + 1];
        powers[0] = 1;
        for (int i = 1; i < powers.length; i++)
        {
            powers[i] = powers[i - 1] * 10;
        }
        return powers;
    }
}
