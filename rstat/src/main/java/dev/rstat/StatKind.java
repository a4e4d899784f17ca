package dev.rstat;

/**
 * What a statistic measures, which decides which deltas a writer may apply to it.
 */
public enum StatKind
{
    /**
     * A cumulative count that only grows (requests, bytes, microseconds of CPU). Writers add non-negative deltas.
     */
    COUNTER,

    /**
     * A current value that goes up and down (in-flight requests, bytes resident). Writers add signed deltas; a
     * flushed gauge is the sum of all deltas applied so far.
     */
    GAUGE
}
