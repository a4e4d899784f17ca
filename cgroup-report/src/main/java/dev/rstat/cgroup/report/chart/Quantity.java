package dev.rstat.cgroup.report.chart;

import java.util.Locale;

import dev.rstat.cgroup.stat.StatUnit;

/**
 * Human text of a value in a chart: bytes in B/KiB/MiB/GiB (powers of 1024), times in us/ms/s/min/h, percentages
 * with {@code %}, counts as numbers; the same units as the text table.
 */
final class Quantity
{
    private static final String[] BYTE_UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    private static final double KIBI = 1024;
    private static final double THOUSAND = 1e3;
    private static final double SECOND_US = 1e6;
    private static final double MINUTE_US = 60e6;
    private static final double HOUR_US = 3600e6;

    private Quantity()
    {
    }

    /**
     * @param value a value in its unit (already divided by its scale).
     * @param unit  the unit.
     * @return e.g. {@code 1.5 GiB}, {@code 2.3 s}, {@code 12.50%}, {@code 42}.
     */
    static String format(final double value, final StatUnit unit)
    {
        if (Double.isNaN(value))
        {
            return "-";
        }
        if (value < 0)
        {
            return "-" + format(-value, unit);
        }
        return switch (unit)
        {
            case BYTES -> bytes(value);
            case MICROSECONDS -> micros(value);
            case NANOSECONDS -> value < THOUSAND ? plain(value) + " ns" : micros(value / THOUSAND);
            case PERCENT -> fixed(value, 2) + "%";
            case USER_HZ -> plain(value) + " ticks";
            case PAGES -> plain(value) + " pages";
            default -> plain(value);
        };
    }

    /**
     * @param value a count or an amount.
     * @return an integer as an integer, else two decimals.
     */
    static String plain(final double value)
    {
        if (value == Math.rint(value) && Math.abs(value) < 1e15)
        {
            return Long.toString((long)value);
        }
        return fixed(value, 2);
    }

    /**
     * Decimal text with a fixed number of decimals, rounded half up (what {@code %.Nf} prints, without the cost of
     * a {@link java.util.Formatter}: a chart formats several numbers per cgroup).
     *
     * @param value    a finite value.
     * @param decimals 0 to 6.
     * @return e.g. {@code 12.50}.
     */
    static String fixed(final double value, final int decimals)
    {
        if (Double.isNaN(value) || Double.isInfinite(value) || Math.abs(value) >= 1e12)
        {
            return String.format(Locale.ROOT, "%." + decimals + "f", value);
        }
        final long scale = (long)Math.pow(10, decimals);
        final long scaled = Math.round(Math.abs(value) * scale);
        final StringBuilder out = new StringBuilder(24);
        if (value < 0 && scaled != 0)
        {
            out.append('-');
        }
        out.append(scaled / scale);
        if (decimals > 0)
        {
            final String fraction = Long.toString(scaled % scale);
            out.append('.');
            for (int pad = decimals - fraction.length(); pad > 0; pad--)
            {
                out.append('0');
            }
            out.append(fraction);
        }
        return out.toString();
    }

    private static String bytes(final double value)
    {
        if (value < KIBI)
        {
            return plain(value) + " B";
        }
        double amount = value;
        int unit = 0;
        while (amount >= KIBI && unit < BYTE_UNITS.length - 1)
        {
            amount /= KIBI;
            unit++;
        }
        return fixed(amount, 1) + " " + BYTE_UNITS[unit];
    }

    private static String micros(final double micros)
    {
        if (micros < THOUSAND)
        {
            return plain(micros) + " us";
        }
        if (micros < SECOND_US)
        {
            return fixed(micros / THOUSAND, 1) + " ms";
        }
        if (micros < MINUTE_US)
        {
            return fixed(micros / SECOND_US, 1) + " s";
        }
        if (micros < HOUR_US)
        {
            return fixed(micros / MINUTE_US, 1) + " min";
        }
        return fixed(micros / HOUR_US, 1) + " h";
    }
}
