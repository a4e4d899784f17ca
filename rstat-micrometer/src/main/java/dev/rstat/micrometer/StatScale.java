package dev.rstat.micrometer;

import dev.rstat.StatDescriptor;
import dev.rstat.StatUnit;

/**
 * How a statistic's engine values become Micrometer base units: a value {@code v} of a statistic means
 * {@code v × base^exponent} of its unit, so nanoseconds (SECONDS, base 10, exponent -9) export as seconds and KiB
 * (BYTES, base 2, exponent 10) as bytes.
 * <p>
 * A negative exponent divides by {@code base^-exponent} rather than multiplying by its reciprocal, so a value in
 * nanoseconds exports as the double nearest to {@code v / 1e9} (1500 ns is exactly {@code 1.5e-6}, not
 * {@code 1.5000000000000002e-6}).
 */
final class StatScale
{
    private final String baseUnit;
    private final double factor;
    private final boolean divide;

    private StatScale(final String baseUnit, final double factor, final boolean divide)
    {
        this.baseUnit = baseUnit;
        this.factor = factor;
        this.divide = divide;
    }

    /**
     * @param stat a statistic.
     * @return its scale to Micrometer base units.
     */
    static StatScale of(final StatDescriptor stat)
    {
        final int exponent = stat.exponent();
        final double power = Math.pow(stat.base().radix(), Math.abs(exponent));
        return new StatScale(baseUnit(stat.unit()), power, exponent < 0);
    }

    /** @return the identity scale of plain counts (bucket counts, zero counts). */
    static StatScale none()
    {
        return new StatScale(null, 1, false);
    }

    /**
     * @param unit a statistic's unit.
     * @return the Micrometer base unit it exports in ({@code null} for plain counts and booleans).
     */
    static String baseUnit(final StatUnit unit)
    {
        switch (unit)
        {
            case BYTES:
                return "bytes";
            case SECONDS:
                return "seconds";
            case CYCLES:
                return "cycles";
            case NONE:
            case BOOLEAN:
            default:
                return null;
        }
    }

    /** @return the Micrometer base unit, or {@code null}. */
    String baseUnit()
    {
        return baseUnit;
    }

    /**
     * @param value in the statistic's units.
     * @return the same quantity in the base unit.
     */
    double toBase(final double value)
    {
        return divide ? value / factor : value * factor;
    }
}
