package dev.rstat;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The calling thread's sticky stripe, the Java stand-in for {@code smp_processor_id()}.
 * <p>
 * A thread's id picks one of {@value #BUCKETS} buckets (a multiplicative hash), and the bucket holds a probe that
 * picks the stripe (a multiply-shift, so any stripe count works without a division). When a compare-and-set on a
 * stripe's cell fails, another thread shares the stripe, and the bucket's probe is rehashed with xorshift, like
 * {@code Striped64}'s thread probe, so contending threads spread out. Threads whose ids share a bucket move together;
 * with {@value #BUCKETS} buckets that is rare, and it only costs the contention it is meant to avoid.
 *
 * <h2>Why not a {@code ThreadLocal}</h2>
 * A {@code ThreadLocal} lookup is a chain of five dependent loads (thread, map, table, entry, value) on every
 * write; the bucket is one multiply and one load from a small table that stays in every core's cache (it is written
 * only on contention). {@code LongAdder} reads a private field of {@code Thread} for the same reason; that field is
 * not reachable from outside {@code java.base}.
 */
final class StripeProbe
{
    static final int BUCKETS = 256;

    private static final VarHandle INTS = MethodHandles.arrayElementVarHandle(int[].class);
    private static final int[] PROBES = new int[BUCKETS];

    static
    {
        for (int i = 0; i < BUCKETS; i++)
        {
            PROBES[i] = seed(i);
        }
    }

    private StripeProbe()
    {
    }

    /**
     * @param thread the calling thread.
     * @return its bucket.
     */
    @SuppressWarnings("deprecation")
    static int bucket(final Thread thread)
    {
        return (int)((thread.getId() * 0x9E37_79B9_7F4A_7C15L) >>> 56);
    }

    /**
     * @param bucket a thread's bucket.
     * @return the bucket's probe.
     */
    static int probe(final int bucket)
    {
        return (int)INTS.getOpaque(PROBES, bucket);
    }

    /**
     * @param probe   a probe.
     * @param stripes the stripe count.
     * @return the stripe the probe picks.
     */
    static int stripeOf(final int probe, final int stripes)
    {
        return (int)(((probe & 0xFFFF_FFFFL) * stripes) >>> 32);
    }

    /**
     * Moves a bucket to another probe after a failed compare-and-set (a benign race: any probe is a valid one).
     *
     * @param bucket the contended bucket.
     * @param probe  its probe as read before the failure.
     */
    static void contended(final int bucket, final int probe)
    {
        int h = probe;
        h ^= h << 13;
        h ^= h >>> 17;
        h ^= h << 5;
        INTS.setOpaque(PROBES, bucket, h == 0 ? 0x9E37_79B9 : h);
    }

    private static int seed(final int bucket)
    {
        long z = (bucket + 1) * 0x9E37_79B9_7F4A_7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58_476D_1CE4_E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D0_49BB_1331_11EBL;
        final int h = (int)(z ^ (z >>> 31));
        return h == 0 ? 0x9E37_79B9 : h;
    }
}
