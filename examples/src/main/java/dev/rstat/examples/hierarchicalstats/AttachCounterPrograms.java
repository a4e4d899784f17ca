package dev.rstat.examples.hierarchicalstats;

import dev.rstat.RstatNode;
import dev.rstat.StatGroup;

import org.eclipse.collections.api.map.primitive.MutableLongObjectMap;
import org.eclipse.collections.impl.map.mutable.primitive.LongObjectHashMap;

/**
 * The BPF side of the kernel selftest {@code cgroup_hierarchical_stats} (its current, "attach_counter" version, in
 * {@code progs/cgroup_hierarchical_stats.c}), ported onto an rstat {@link StatGroup} that declares no statistics.
 * <p>
 * The engine only keeps the group's per-stripe update trees and calls the {@link #flusher flusher} for every
 * (cgroup, stripe) with pending work, children before parents; the counts live in this class's own maps, exactly as
 * they live in BPF maps in the selftest:
 * <pre>
 *   percpu_attach_counters: cgroup id → per stripe { state, prev }   (BPF_MAP_TYPE_PERCPU_HASH)
 *   attach_counters:        cgroup id → { state, pending }           (BPF_MAP_TYPE_HASH)
 * </pre>
 * The three programs:
 * <ul>
 * <li>{@link #counter(int, RstatNode) counter} ({@code fentry/cgroup_attach_task}): one more attach of the cgroup on
 * a stripe, then {@code cgroup_rstat_updated(cgrp, cpu)}.</li>
 * <li>{@link #flusher(RstatNode, RstatNode, int) flusher} ({@code fentry/bpf_rstat_flush}): folds the stripe's
 * {@code state - prev} and the cgroup's {@code pending} into its total, and adds the same delta to the parent's
 * {@code pending}. A parent is always flushed after its children, so it picks that pending up in the same flush or,
 * if only the child was flushed, in a later flush of the parent (which stays on the update tree).</li>
 * <li>{@link #dumper(RstatNode) dumper} ({@code iter.s/cgroup}): flushes the cgroup's subtree and prints its
 * total.</li>
 * </ul>
 *
 * <h2>Concurrency</h2>
 * Not thread-safe: the counter, the flusher and the dumper must not run concurrently. In this example they all run
 * on the one thread that drives the selftest (the engine calls the flusher on the flushing thread, with the group's
 * flush lock held), just as the selftest attaches its processes one after the other before it reads the iterators.
 * Concurrent writers would need per-stripe cells written and read with release/acquire semantics, which is what the
 * engine's own statistics provide.
 */
public final class AttachCounterPrograms
{
    private final StatGroup group;
    private final int stripes;
    private final MutableLongObjectMap<PercpuAttachCounter[]> percpuAttachCounters = new LongObjectHashMap<>();
    private final MutableLongObjectMap<AttachCounter> attachCounters = new LongObjectHashMap<>();

    private AttachCounterPrograms(final StatGroup group)
    {
        this.group = group;
        this.stripes = group.stripes();
    }

    /**
     * Loads the programs and attaches the flusher to the group's flushes ({@code skel__attach}).
     *
     * @param group a stat group whose flushes drive the flusher; it need not declare any statistics.
     * @return the attached programs.
     */
    public static AttachCounterPrograms attach(final StatGroup group)
    {
        final AttachCounterPrograms programs = new AttachCounterPrograms(group);
        group.subscribe(programs::flusher);
        return programs;
    }

    /**
     * The {@code counter} program: a process was attached to {@code dstCgrp} while running on {@code stripe}.
     *
     * @param stripe  the CPU the attach ran on, in {@code [0, group.stripes())}.
     * @param dstCgrp the cgroup the process joined.
     */
    public void counter(final int stripe, final RstatNode dstCgrp)
    {
        final long cgId = dstCgrp.id();
        final PercpuAttachCounter[] pcpuCounters = percpuAttachCounters.get(cgId);
        if (pcpuCounters != null)
        {
            pcpuCounters[stripe].state += 1;
        }
        else
        {
            createPercpuAttachCounter(cgId, stripe, 1);
        }
        group.updated(stripe, dstCgrp);
    }

    /**
     * The {@code flusher} program, called by the engine for every (cgroup, stripe) with pending work, every child
     * before its parent.
     *
     * @param cgrp   the cgroup being flushed.
     * @param parent its parent, or {@code null} for the root.
     * @param stripe the stripe being flushed.
     */
    void flusher(final RstatNode cgrp, final RstatNode parent, final int stripe)
    {
        final long cgId = cgrp.id();
        final long parentCgId = parent == null ? 0 : parent.id();
        long delta = 0;

        // Add this stripe's changes on this level since the last flush.
        final PercpuAttachCounter[] pcpuCounters = percpuAttachCounters.get(cgId);
        if (pcpuCounters != null)
        {
            final PercpuAttachCounter pcpuCounter = pcpuCounters[stripe];
            final long state = pcpuCounter.state;
            delta += state - pcpuCounter.prev;
            pcpuCounter.prev = state;
        }

        final AttachCounter totalCounter = attachCounters.get(cgId);
        if (totalCounter == null)
        {
            attachCounters.put(cgId, new AttachCounter(delta, 0));
        }
        else
        {
            // Collect pending stats from the subtree, then propagate the changes to this cgroup's total.
            delta += totalCounter.pending;
            totalCounter.pending = 0;
            totalCounter.state += delta;
        }

        // Skip if there are no changes to propagate, or no parent.
        if (delta == 0 || parentCgId == 0)
        {
            return;
        }
        final AttachCounter parentCounter = attachCounters.get(parentCgId);
        if (parentCounter != null)
        {
            parentCounter.pending += delta;
        }
        else
        {
            attachCounters.put(parentCgId, new AttachCounter(0, delta));
        }
    }

    /**
     * The {@code dumper} program of a self-only cgroup iterator: flushes the cgroup, then prints its total.
     *
     * @param cgrp the cgroup to dump.
     * @return exactly {@code "cg_id: <id>, attach_counter: <n>\n"}; {@code <n>} is 0 when the cgroup has no entry.
     */
    public String dumper(final RstatNode cgrp)
    {
        final long cgId = cgrp.id();
        // Flush the stats to make sure we get the most updated numbers.
        group.flush(cgrp);
        final AttachCounter totalCounter = attachCounters.get(cgId);
        if (totalCounter == null)
        {
            return "cg_id: " + Long.toUnsignedString(cgId) + ", attach_counter: 0\n";
        }
        return "cg_id: " + Long.toUnsignedString(cgId) + ", attach_counter: " +
            Long.toUnsignedString(totalCounter.state) + "\n";
    }

    private void createPercpuAttachCounter(final long cgId, final int stripe, final long state)
    {
        final PercpuAttachCounter[] pcpuCounters = new PercpuAttachCounter[stripes];
        for (int s = 0; s < stripes; s++)
        {
            pcpuCounters[s] = new PercpuAttachCounter();
        }
        pcpuCounters[stripe].state = state;
        percpuAttachCounters.put(cgId, pcpuCounters);
    }

    /**
     * {@code struct percpu_attach_counter}: one stripe's attaches so far, and how many of them were flushed.
     */
    private static final class PercpuAttachCounter
    {
        long state;
        long prev;
    }

    /**
     * {@code struct attach_counter}: the cgroup's hierarchical total, and deltas its children flushed into it that
     * its own next flush will add to that total and pass on to its parent.
     */
    private static final class AttachCounter
    {
        long state;
        long pending;

        AttachCounter(final long state, final long pending)
        {
            this.state = state;
            this.pending = pending;
        }
    }
}
