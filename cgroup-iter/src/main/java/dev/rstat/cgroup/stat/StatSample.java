package dev.rstat.cgroup.stat;

import java.util.Arrays;
import java.util.Objects;

import org.eclipse.collections.api.list.primitive.MutableIntList;

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
 * <p>
 * Two things serve samplers that keep a sample per cgroup from walk to walk: {@link #copyFrom(StatSample, Changes)}
 * replaces the values with newly read ones and reports exactly the columns whose value changed, and
 * {@link #recordOrder(MutableIntList)} logs the columns in the order they are first set after a {@link #clear()}
 * (the order a reader met them in the files).
 */
public final class StatSample
{
    private static final int INITIAL_CAPACITY = 64;
    private static final byte NUMBER_STATE = (byte)(ValueState.NUMBER.ordinal() + 1);
    private static final byte TEXT_STATE = (byte)(ValueState.TEXT.ordinal() + 1);

    private long[] values;
    private byte[] states;
    private String[] texts;
    private int limit;
    private MutableIntList order;

    /** An empty sample. */
    public StatSample()
    {
        this(INITIAL_CAPACITY);
    }

    /**
     * An empty sample with room for {@code capacity} columns before it grows.
     *
     * @param capacity initial number of columns, at least 1.
     */
    public StatSample(final int capacity)
    {
        if (capacity < 1)
        {
            throw new IllegalArgumentException("capacity must be positive: capacity=" + capacity);
        }
        values = new long[capacity];
        states = new byte[capacity];
    }

    /** Receives the columns whose value changed in {@link #copyFrom(StatSample, Changes)}. */
    @FunctionalInterface
    public interface Changes
    {
        /**
         * One changed column.
         *
         * @param column      id.
         * @param before      its previous state.
         * @param beforeValue its previous number, 0 unless {@code before} is {@link ValueState#NUMBER}.
         * @param after       its new state.
         * @param afterValue  its new number, 0 unless {@code after} is {@link ValueState#NUMBER}.
         */
        void changed(int column, ValueState before, long beforeValue, ValueState after, long afterValue);
    }

    /**
     * Logs, from now on, each column the first time it is set after a {@link #clear()}, in that order (columns
     * marked by a reader for a file that failed are not logged, only those it read); null stops logging.
     *
     * @param log where the column ids are appended, or null.
     */
    public void recordOrder(final MutableIntList log)
    {
        this.order = log;
    }

    /**
     * Makes this sample hold exactly the values of {@code source}, and tells {@code changes} about every column
     * whose state or number (or text) differs from what this sample held: one pass over the columns of both, a
     * listener call only per change.
     *
     * @param source  the new values.
     * @param changes receives the changed columns.
     */
    public void copyFrom(final StatSample source, final Changes changes)
    {
        final int n = Math.max(limit, source.limit);
        ensure(Math.max(n - 1, 0));
        final byte[] newStates = source.states;
        final long[] newValues = source.values;
        final int sourceLimit = source.limit;
        for (int c = 0; c < n; c++)
        {
            final byte before = c < limit ? states[c] : 0;
            final byte after = c < sourceLimit ? newStates[c] : 0;
            if (before == after)
            {
                if (after == NUMBER_STATE && values[c] != newValues[c])
                {
                    changes.changed(c, ValueState.NUMBER, values[c], ValueState.NUMBER, newValues[c]);
                }
                else if (after == TEXT_STATE && !texts[c].equals(source.texts[c]))
                {
                    changes.changed(c, ValueState.TEXT, 0, ValueState.TEXT, 0);
                }
                continue;
            }
            changes.changed(c, stateOf(before), before == NUMBER_STATE ? values[c] : 0, stateOf(after),
                after == NUMBER_STATE ? newValues[c] : 0);
        }
        System.arraycopy(newValues, 0, values, 0, sourceLimit);
        System.arraycopy(newStates, 0, states, 0, sourceLimit);
        if (limit > sourceLimit)
        {
            Arrays.fill(states, sourceLimit, limit, (byte)0);
        }
        if (source.texts != null || texts != null)
        {
            if (texts == null)
            {
                texts = new String[states.length];
            }
            if (source.texts == null)
            {
                Arrays.fill(texts, 0, n, null);
            }
            else
            {
                System.arraycopy(source.texts, 0, texts, 0, sourceLimit);
                Arrays.fill(texts, sourceLimit, n, null);
            }
        }
        limit = sourceLimit;
    }

    private static ValueState stateOf(final byte state)
    {
        return state == 0 ? ValueState.MISSING : ValueState.ofOrdinal(state - 1);
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

    /**
     * Sets a state without a value and without logging it ({@link #recordOrder}): a reader marking the columns a
     * failed file had produced before.
     *
     * @param column id.
     * @param state  MAX, MISSING, UNSUPPORTED or VANISHED.
     */
    void markState(final int column, final ValueState state)
    {
        final MutableIntList log = order;
        order = null;
        try
        {
            putState(column, state);
        }
        finally
        {
            order = log;
        }
    }

    private void setState(final int column, final ValueState state)
    {
        if (order != null && (column >= limit || states[column] == 0))
        {
            order.add(column);
        }
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
