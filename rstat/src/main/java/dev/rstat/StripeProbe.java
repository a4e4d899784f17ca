package dev.rstat;

/**
 * The calling thread's sticky stripe choice, the Java stand-in for {@code smp_processor_id()}.
 * <p>
 * Each thread keeps a probe seeded from its id, so it keeps landing on the same stripe; when a compare-and-set on a
 * stripe's cell fails (another thread shares the stripe), the probe is rehashed with xorshift, like
 * {@code Striped64}'s thread probe, so contending threads spread out. The probe maps to a stripe with a
 * multiply-shift, so any stripe count works without a division.
 */
final class StripeProbe
{
    private static final ThreadLocal<int[]> PROBE = ThreadLocal.withInitial(() -> new int[] {seed()});

    private StripeProbe()
    {
    }

    static int[] probe()
    {
        return PROBE.get();
    }

    static int stripeOf(final int probe, final int stripes)
    {
        return (int)(((probe & 0xFFFF_FFFFL) * stripes) >>> 32);
    }

    static int rehash(final int probe)
    {
        int h = probe;
        h ^= h << 13;
        h ^= h >>> 17;
        h ^= h << 5;
        return h;
    }

    @SuppressWarnings("deprecation")
    private static int seed()
    {
        long z = Thread.currentThread().getId() * 0x9E37_79B9_7F4A_7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58_476D_1CE4_E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D0_49BB_1331_11EBL;
        final int h = (int)(z ^ (z >>> 31));
        return h == 0 ? 0x9E37_79B9 : h;
    }
}
