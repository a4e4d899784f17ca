package dev.rstat;

/**
 * Storage slots of removed nodes waiting for their reuse delay to pass, oldest first: a growable ring of (slot,
 * removal time). Used under the tree's structure lock only.
 */
final class Quarantine
{
    private int[] slots = new int[16];
    private long[] since = new long[16];
    private int head;
    private int size;

    boolean isEmpty()
    {
        return size == 0;
    }

    long oldestSince()
    {
        return since[head];
    }

    void add(final int slot, final long nanos)
    {
        if (size == slots.length)
        {
            final int[] grownSlots = new int[size * 2];
            final long[] grownSince = new long[size * 2];
            for (int i = 0; i < size; i++)
            {
                grownSlots[i] = slots[(head + i) % slots.length];
                grownSince[i] = since[(head + i) % slots.length];
            }
            slots = grownSlots;
            since = grownSince;
            head = 0;
        }
        final int tail = (head + size) % slots.length;
        slots[tail] = slot;
        since[tail] = nanos;
        size++;
    }

    int poll()
    {
        final int slot = slots[head];
        head = (head + 1) % slots.length;
        size--;
        return slot;
    }

    long allocatedBytes()
    {
        return 16L + 4L * slots.length + 16L + 8L * since.length;
    }
}
