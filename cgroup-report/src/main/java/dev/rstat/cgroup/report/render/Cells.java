package dev.rstat.cgroup.report.render;

import java.util.Locale;

import dev.rstat.cgroup.report.Field;
import dev.rstat.cgroup.report.Sample;
import dev.rstat.cgroup.stat.StatInfo;
import dev.rstat.cgroup.stat.StatSign;
import dev.rstat.cgroup.stat.StatUnit;
import dev.rstat.cgroup.stat.ValueState;

/**
 * Turns values into cell text: exact (CSV, JSON, raw TEXT) or with human units (TEXT).
 */
final class Cells
{
    /** The literal written for {@link ValueState#MAX}. */
    static final String MAX = "max";

    private static final String[] BYTE_UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    private static final double MICROS_PER_MILLI = 1e3;
    private static final double MICROS_PER_SECOND = 1e6;
    private static final double MICROS_PER_MINUTE = 60e6;
    private static final double MICROS_PER_HOUR = 3600e6;

    private Cells()
    {
    }

    /**
     * Exact text of a cell: the number (unsigned, or signed for signed fields, with the field's scale), {@code max},
     * the text; null for any other state.
     *
     * @param sample the sample.
     * @param row    the row.
     * @param field  the field.
     * @param info   what the field is.
     * @return the text, or null if there is no value.
     */
    static String exact(final Sample sample, final int row, final Field field, final StatInfo info)
    {
        final ValueState state = sample.state(row, field);
        return switch (state)
        {
            case NUMBER -> number(sample.value(row, field), info.scale(), info.sign() == StatSign.SIGNED);
            case MAX -> MAX;
            case TEXT -> sample.text(row, field);
            default -> null;
        };
    }

    /**
     * Human text of a cell: bytes as B/KiB/MiB/GiB..., microseconds and nanoseconds as us/ms/s/min/h, percentages
     * with {@code %}; other values exact.
     *
     * @param sample the sample.
     * @param row    the row.
     * @param field  the field.
     * @param info   what the field is.
     * @return the text, or null if there is no value.
     */
    static String human(final Sample sample, final int row, final Field field, final StatInfo info)
    {
        if (sample.state(row, field) != ValueState.NUMBER)
        {
            return exact(sample, row, field, info);
        }
        final long raw = sample.value(row, field);
        if (info.sign() == StatSign.SIGNED && raw < 0)
        {
            return raw == Long.MIN_VALUE ? exact(sample, row, field, info) : "-" + humanMagnitude(info, -raw);
        }
        return humanMagnitude(info, raw);
    }

    private static String humanMagnitude(final StatInfo info, final long value)
    {
        if (info.scale() == 0)
        {
            if (info.unit() == StatUnit.BYTES)
            {
                return bytes(value);
            }
            if (info.unit() == StatUnit.MICROSECONDS)
            {
                return micros(unsignedToDouble(value), value);
            }
            if (info.unit() == StatUnit.NANOSECONDS)
            {
                return nanos(value);
            }
        }
        final String exact = number(value, info.scale(), false);
        return info.unit() == StatUnit.PERCENT ? exact + "%" : exact;
    }

    /**
     * Decimal text of a value.
     *
     * @param value  unsigned (or two's complement if signed) value, scaled.
     * @param scale  number of decimals.
     * @param signed whether the value is signed.
     * @return the text, e.g. {@code 18446744073709551615}, {@code -5}, {@code 1.25}.
     */
    static String number(final long value, final int scale, final boolean signed)
    {
        final boolean negative = signed && value < 0;
        final String digits = Long.toUnsignedString(negative ? -value : value);
        if (scale == 0)
        {
            return negative ? "-" + digits : digits;
        }
        final StringBuilder out = new StringBuilder(digits.length() + scale + 2);
        if (negative)
        {
            out.append('-');
        }
        for (int pad = scale + 1 - digits.length(); pad > 0; pad--)
        {
            out.append('0');
        }
        out.append(digits);
        out.insert(out.length() - scale, '.');
        return out.toString();
    }

    /**
     * Appends the decimal text of a value without making a String: what {@link #number} returns.
     *
     * @param value  unsigned (or two's complement if signed) value, scaled.
     * @param scale  number of decimals.
     * @param signed whether the value is signed.
     * @param out    where to append.
     */
    static void appendNumber(final long value, final int scale, final boolean signed, final StringBuilder out)
    {
        final boolean negative = signed && value < 0;
        long magnitude = negative ? -value : value;
        if (negative)
        {
            out.append('-');
        }
        final int start = out.length();
        int digits = 0;
        if (magnitude < 0)
        {
            // above Long.MAX_VALUE unsigned (or Long.MIN_VALUE signed): one digit by unsigned division first
            final long quotient = Long.divideUnsigned(magnitude, 10);
            out.append((char)('0' + (magnitude - quotient * 10)));
            digits++;
            magnitude = quotient;
        }
        do
        {
            out.append((char)('0' + magnitude % 10));
            magnitude /= 10;
            digits++;
        }
        while (magnitude != 0);
        while (digits <= scale)
        {
            out.append('0');
            digits++;
        }
        reverse(out, start, out.length() - 1);
        if (scale > 0)
        {
            out.insert(out.length() - scale, '.');
        }
    }

    private static void reverse(final StringBuilder out, final int from, final int to)
    {
        for (int i = from, j = to; i < j; i++, j--)
        {
            final char c = out.charAt(i);
            out.setCharAt(i, out.charAt(j));
            out.setCharAt(j, c);
        }
    }

    static String bytes(final long value)
    {
        if (Long.compareUnsigned(value, 1024) < 0)
        {
            return value + " B";
        }
        double amount = unsignedToDouble(value);
        int unit = 0;
        while (amount >= 1024 && unit < BYTE_UNITS.length - 1)
        {
            amount /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", amount, BYTE_UNITS[unit]);
    }

    static String nanos(final long value)
    {
        if (Long.compareUnsigned(value, 1000) < 0)
        {
            return value + " ns";
        }
        final double micros = unsignedToDouble(value) / 1e3;
        if (micros < MICROS_PER_MILLI)
        {
            return String.format(Locale.ROOT, "%.1f us", micros);
        }
        return micros(micros, -1);
    }

    /**
     * Text of a time in microseconds.
     *
     * @param micros the time.
     * @param exact  the exact integer value to print below one millisecond, or -1 to print {@code micros}.
     */
    private static String micros(final double micros, final long exact)
    {
        if (micros < MICROS_PER_MILLI)
        {
            return exact >= 0 ? exact + " us" : String.format(Locale.ROOT, "%.1f us", micros);
        }
        if (micros < MICROS_PER_SECOND)
        {
            return String.format(Locale.ROOT, "%.1f ms", micros / MICROS_PER_MILLI);
        }
        if (micros < MICROS_PER_MINUTE)
        {
            return String.format(Locale.ROOT, "%.1f s", micros / MICROS_PER_SECOND);
        }
        if (micros < MICROS_PER_HOUR)
        {
            return String.format(Locale.ROOT, "%.1f min", micros / MICROS_PER_MINUTE);
        }
        return String.format(Locale.ROOT, "%.1f h", micros / MICROS_PER_HOUR);
    }

    private static double unsignedToDouble(final long value)
    {
        return value >= 0 ? value : ((value >>> 1) | (value & 1)) * 2.0;
    }
}
