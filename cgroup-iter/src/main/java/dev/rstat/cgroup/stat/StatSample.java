package dev.rstat.cgroup.stat;

import java.util.Arrays;
import java.util.Objects;

/**
 * The values of one cgroup, by column id ({@link Columns}). Reusable ({@link #clear()}), no boxing.
 * <p>
 * Values are unsigned 64-bit ({@link Long#compareUnsigned(long, long)}, {@link Long#toUnsignedString(long)}),
 * except in the few columns where {@link Columns#signed(int)} is true, which hold two's complement signed values.
 * A value with a decimal scale ({@link Columns#scale(int)}) is stored multiplied by {@code 10^scale}
 * ({@code avg10=1.25} is stored as 125).
 * <p>
 * Layout: parallel arrays indexed by column ({@code long[] values}, {@code byte[] states}, {@code String[] texts},
 * the last allocated on the first text), grown on demand; state byte 0 means never set ({@link ValueState#MISSING}),
 * otherwise {@code ordinal + 1}. Not thread-safe.
 */
public final class StatSample
{
    private static final int INITIAL_CAPACITY = 64;

    private long[] values;
    private byte[] states;
    private String[] texts;
    private int limit;

    /** An empty sample. */
    public StatSample()
    {
        this(INITIAL_CAPACITY);
    }

    private StatSample(final int capacity)
    {
        values = new long[capacity];
        states = new byte[capacity];
    }

    /** Forgets all values (every column becomes {@link ValueState#MISSING}); keeps the arrays. */
    public void clear()
    {
        Arrays.fill(states, 0, limit, (byte)0);
        if (texts != null)
        {
            Arrays.fill(texts, 0, limit, null);
        }
        limit = 0;
    }

    /**
     * State of a column.
     *
     * @param column id.
     * @return the state, {@link ValueState#MISSING} for columns never set.
     */
    public ValueState state(final int column)
    {
        checkColumn(column);
        if (column >= limit || states[column] == 0)
        {
            return ValueState.MISSING;
        }
        return ValueState.ofOrdinal(states[column] - 1);
    }

    /**
     * Raw value of a column, meaningful when its state is {@link ValueState#NUMBER}.
     *
     * @param column id.
     * @return the unsigned (or, for signed columns, two's complement) value, scaled by {@link Columns#scale(int)};
     *         0 if the state is not NUMBER.
     */
    public long value(final int column)
    {
        return state(column) == ValueState.NUMBER ? values[column] : 0L;
    }

    /**
     * Text of a column, meaningful when its state is {@link ValueState#TEXT}.
     *
     * @param column id.
     * @return the text, or null if the state is not TEXT.
     */
    public String text(final int column)
    {
        return state(column) == ValueState.TEXT ? texts[column] : null;
    }

    /**
     * Sets a number.
     *
     * @param column        id.
     * @param unsignedValue the value, unsigned (two's complement for signed columns), scaled.
     */
    public void putNumber(final int column, final long unsignedValue)
    {
        ensure(column);
        values[column] = unsignedValue;
        setState(column, ValueState.NUMBER);
    }

    /**
     * Sets a text.
     *
     * @param column id.
     * @param text   the text.
     */
    public void putText(final int column, final String text)
    {
        Objects.requireNonNull(text, "text");
        ensure(column);
        if (texts == null)
        {
            texts = new String[states.length];
        }
        texts[column] = text;
        setState(column, ValueState.TEXT);
    }

    /**
     * Sets a state without a value: {@link ValueState#MAX}, {@link ValueState#MISSING} (forgets the value),
     * {@link ValueState#UNSUPPORTED} or {@link ValueState#VANISHED}.
     *
     * @param column id.
     * @param state  the state; NUMBER and TEXT need a value, use {@link #putNumber} or {@link #putText}.
     */
    public void putState(final int column, final ValueState state)
    {
        if (state == ValueState.NUMBER || state == ValueState.TEXT)
        {
            throw new IllegalArgumentException("state needs a value: column=" + column + " state=" + state);
        }
        ensure(column);
        setState(column, state);
    }

    /**
     * A deep copy.
     *
     * @return a new sample with the same values.
     */
    public StatSample copy()
    {
        final StatSample copy = new StatSample(Math.max(limit, 1));
        System.arraycopy(values, 0, copy.values, 0, limit);
        System.arraycopy(states, 0, copy.states, 0, limit);
        if (texts != null)
        {
            copy.texts = Arrays.copyOf(texts, copy.states.length);
        }
        copy.limit = limit;
        return copy;
    }

    private void setState(final int column, final ValueState state)
    {
        states[column] = (byte)(state.ordinal() + 1);
        if (state != ValueState.TEXT && texts != null)
        {
            texts[column] = null;
        }
        if (column >= limit)
        {
            limit = column + 1;
        }
    }

    private void ensure(final int column)
    {
        checkColumn(column);
        if (column >= states.length)
        {
            final int capacity = Math.max(states.length * 2, column + 1);
            values = Arrays.copyOf(values, capacity);
            states = Arrays.copyOf(states, capacity);
            if (texts != null)
            {
                texts = Arrays.copyOf(texts, capacity);
            }
        }
    }

    private static void checkColumn(final int column)
    {
        if (column < 0)
        {
            throw new IndexOutOfBoundsException("negative column: column=" + column);
        }
    }
}
