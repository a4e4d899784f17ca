package dev.rstat.cgroup.stat;

import java.util.Arrays;

/**
 * Maps byte sequences (keys as they appear in a file) to int values (column ids) without creating a String or any
 * other object per lookup.
 * <p>
 * Layout: entries in insertion order ({@code byte[][] keys}, {@code int[] values}); an open-addressing index
 * ({@code int[] slots}, power-of-two size, linear probing, entry index + 1, 0 = empty) over a 32-bit FNV-1a hash.
 * Since cgroupfs files print their keys in the same order every time, a lookup first tries the entry after the last
 * hit and only then hashes: reading a file again costs one byte comparison per key.
 * <p>
 * Not thread-safe.
 */
final class ByteKeyTable
{
    private static final int FNV_OFFSET = 0x811c9dc5;
    private static final int FNV_PRIME = 0x01000193;

    private byte[][] keys = new byte[8][];
    private int[] values = new int[8];
    private int[] slots = new int[16];
    private int size;
    private int predicted;

    /**
     * Number of entries.
     *
     * @return the size.
     */
    int size()
    {
        return size;
    }

    /**
     * Value of an entry, in insertion order.
     *
     * @param index 0..size()-1.
     * @return the value.
     */
    int valueAt(final int index)
    {
        return values[index];
    }

    /**
     * Value of a key.
     *
     * @param buffer holding the key.
     * @param offset of the key.
     * @param length of the key.
     * @return the value, or -1 if absent.
     */
    int get(final byte[] buffer, final int offset, final int length)
    {
        if (predicted < size && equal(keys[predicted], buffer, offset, length))
        {
            return values[predicted++];
        }
        final int mask = slots.length - 1;
        for (int slot = hash(buffer, offset, length) & mask; ; slot = (slot + 1) & mask)
        {
            final int entry = slots[slot] - 1;
            if (entry < 0)
            {
                return -1;
            }
            if (equal(keys[entry], buffer, offset, length))
            {
                predicted = entry + 1;
                return values[entry];
            }
        }
    }

    /**
     * Adds a key that is not present.
     *
     * @param buffer holding the key.
     * @param offset of the key.
     * @param length of the key.
     * @param value  its value.
     */
    void put(final byte[] buffer, final int offset, final int length, final int value)
    {
        if (size == keys.length)
        {
            keys = Arrays.copyOf(keys, size * 2);
            values = Arrays.copyOf(values, size * 2);
        }
        keys[size] = Arrays.copyOfRange(buffer, offset, offset + length);
        values[size] = value;
        size++;
        predicted = size;
        if (size * 2 > slots.length)
        {
            rehash(slots.length * 2);
        }
        else
        {
            index(size - 1, slots);
        }
    }

    private void rehash(final int capacity)
    {
        final int[] newSlots = new int[capacity];
        for (int entry = 0; entry < size; entry++)
        {
            index(entry, newSlots);
        }
        slots = newSlots;
    }

    private void index(final int entry, final int[] table)
    {
        final byte[] key = keys[entry];
        final int mask = table.length - 1;
        int slot = hash(key, 0, key.length) & mask;
        while (table[slot] != 0)
        {
            slot = (slot + 1) & mask;
        }
        table[slot] = entry + 1;
    }

    private static int hash(final byte[] buffer, final int offset, final int length)
    {
        int hash = FNV_OFFSET;
        for (int i = offset, end = offset + length; i < end; i++)
        {
            hash = (hash ^ (buffer[i] & 0xff)) * FNV_PRIME;
        }
        return hash ^ (hash >>> 16);
    }

    private static boolean equal(final byte[] key, final byte[] buffer, final int offset, final int length)
    {
        return key.length == length && Arrays.equals(key, 0, length, buffer, offset, offset + length);
    }
}
