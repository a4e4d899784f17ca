package dev.rstat.cgroup.report;

import dev.rstat.RstatNode;

/**
 * What the {@link Aggregator} keeps per cgroup: its node in the rstat mirror, its derived sums as of the last flush
 * that reached it (written by the flush subscriber), and its effective limits. Not thread-safe.
 */
final class Totals
{
    private static final long[] NONE = new long[0];

    /** The cgroup's node in the rstat tree, null until the mirror is (re)built. */
    RstatNode rstat;
    /** Per additive column: the own share of a hierarchical value, the subtree sum of a local one. */
    long[] summed = NONE;
    /** Per limit slot the tightest limit on the path to the root ({@code -1}: none); ratio limits take two slots. */
    long[] limits = NONE;
    /** The effective-limit round that last computed {@link #limits}. */
    int limitRound = -1;
    /** Whether the node's own limits changed since the last round (it is on the dirty list). */
    boolean limitsDirty;
    /** Whether the node was retired. */
    boolean retired;
    /**
     * Per additive column, what the walk in progress changed of the node's rstat cell: its own change, minus its
     * children's changes for hierarchical columns (they come first, children being read first); null until needed.
     */
    long[] pending;
    /** Whether {@link #pending} holds anything. */
    boolean hasPending;
}
