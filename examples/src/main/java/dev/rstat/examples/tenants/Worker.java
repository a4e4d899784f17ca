package dev.rstat.examples.tenants;

import java.util.Random;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;

import org.eclipse.collections.api.list.primitive.MutableLongList;
import org.eclipse.collections.impl.list.mutable.primitive.LongArrayList;

/**
 * One worker thread of {@link MultiTenantService}: keeps up to {@value #MAX_OPEN} requests open, at each step
 * either starting a request on a random route or finishing its most recent open request, and tallies everything it
 * sent, per target, in its own plain arrays (so that the totals can be checked against an independent count).
 * <p>
 * Confined to its thread while it runs; read its tally only after it finished.
 */
public final class Worker implements Runnable
{
    /** Most requests a worker has open at once. */
    public static final int MAX_OPEN = 4;
    private static final int MAX_RESPONSE_BYTES = 64 * 1024;
    /** Every target's fastest response, in microseconds (the payment endpoints are slow, /health is fast). */
    private static final int[] LATENCY_FLOOR_US = {200, 2_000, 20, 300, 150, 400, 5_000, 1_500};
    /** Every target's spread of response times above its floor, in microseconds. */
    private static final int[] LATENCY_SPREAD_US = {3_000, 40_000, 100, 5_000, 2_000, 8_000, 200_000, 30_000};

    private final MultiTenantService service;
    private final CyclicBarrier betweenRounds;
    private final int stepsPerRound;
    private final Random random;
    private final long[] count = new long[MultiTenantService.TARGETS.size()];
    private final long[] bytes = new long[MultiTenantService.TARGETS.size()];
    private final long[] inflight = new long[MultiTenantService.TARGETS.size()];
    private final MutableLongList[] latencies = new MutableLongList[MultiTenantService.TARGETS.size()];
    private final int[] open = new int[MAX_OPEN];
    private int openCount;

    Worker(final MultiTenantService service, final CyclicBarrier betweenRounds, final int stepsPerRound,
        final long seed)
    {
        this.service = service;
        this.betweenRounds = betweenRounds;
        this.stepsPerRound = stepsPerRound;
        this.random = new Random(seed);
        for (int t = 0; t < latencies.length; t++)
        {
            latencies[t] = new LongArrayList();
        }
    }

    @Override
    public void run()
    {
        for (int round = 1; round <= MultiTenantService.ROUNDS; round++)
        {
            final int[] routes = service.routes();
            for (int step = 0; step < stepsPerRound; step++)
            {
                if (openCount == MAX_OPEN || (openCount > 0 && random.nextBoolean()))
                {
                    finish(open[--openCount]);
                }
                else
                {
                    final int target = routes[random.nextInt(routes.length)];
                    service.start(service.target(target));
                    count[target]++;
                    inflight[target]++;
                    open[openCount++] = target;
                }
            }
            if (round < MultiTenantService.ROUNDS)
            {
                while (openCount > 0)
                {
                    finish(open[--openCount]);
                }
                awaitNextRound();
            }
        }
    }

    /**
     * @param target index in {@link MultiTenantService#TARGETS}.
     * @return requests this worker started there.
     */
    public long count(final int target)
    {
        return count[target];
    }

    /**
     * @param target index in {@link MultiTenantService#TARGETS}.
     * @return response bytes this worker counted there.
     */
    public long bytes(final int target)
    {
        return bytes[target];
    }

    /**
     * @param target index in {@link MultiTenantService#TARGETS}.
     * @return requests this worker left open there.
     */
    public long inflight(final int target)
    {
        return inflight[target];
    }

    /**
     * @param target index in {@link MultiTenantService#TARGETS}.
     * @return the response times (microseconds) of the requests this worker finished there, in order.
     */
    public MutableLongList latencies(final int target)
    {
        return latencies[target];
    }

    private void finish(final int target)
    {
        final long responseBytes = 1 + random.nextInt(MAX_RESPONSE_BYTES);
        final long latencyUs = LATENCY_FLOOR_US[target] + random.nextInt(LATENCY_SPREAD_US[target]);
        service.finish(service.target(target), responseBytes, latencyUs);
        latencies[target].add(latencyUs);
        bytes[target] += responseBytes;
        inflight[target]--;
    }

    private void awaitNextRound()
    {
        try
        {
            betweenRounds.await();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted between rounds", ex);
        }
        catch (final BrokenBarrierException ex)
        {
            throw new IllegalStateException("another worker failed: barrier=" + betweenRounds, ex);
        }
    }
}
