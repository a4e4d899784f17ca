package dev.rstat.micrometer;

/**
 * The value function of one meter of one node. A read first makes sure the scrape's window was refreshed (the one
 * flush of the scrape, run by whichever meter is read first), then reads the engine without flushing.
 * <p>
 * A node removed since the meter set was last refreshed reads as its last value until its meter is removed (the
 * next refresh removes it): a scrape racing a removal shows the node's final numbers rather than a gap or an error.
 * A meter never read before its node went reads {@code NaN}.
 */
final class Reading
{
    private final NodeMeters node;
    private final MeterTemplate template;
    private final ScrapeWindow window;
    private volatile double last = Double.NaN;

    Reading(final NodeMeters node, final MeterTemplate template, final ScrapeWindow window)
    {
        this.node = node;
        this.template = template;
        this.window = window;
    }

    /** @return the meter's current value in base units. */
    double value()
    {
        window.ensureFresh();
        if (!node.isLive())
        {
            return last;
        }
        try
        {
            final double value = template.value(node);
            last = value;
            return value;
        }
        catch (final IllegalStateException removedMeanwhile)
        {
            // the engine refuses reads through a handle whose removal began after the check above
            return last;
        }
    }
}
