package dev.rstat.benchmarks;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Locale;

import org.openjdk.jol.info.GraphLayout;
import org.openjdk.jol.info.GraphStats;

import dev.rstat.Rstat;
import dev.rstat.RstatNode;
import dev.rstat.Schema;

/**
 * Target 4 and the structural costs, measured with a plain main rather than JMH, on a {@link Trees} tree (fanout 10,
 * {@value Trees#STATS} counters, {@value Trees#STRIPES} stripes):
 * <ul>
 * <li>bytes per node, exactly, by walking the tree's object graph with JOL, with a distinct name per node
 * ({@code "n" + i}) and with one shared name string (the engine's own cost);</li>
 * <li>the same from the used heap before and after building the tree ({@code MemoryMXBean}, after
 * {@code System.gc()}), as a cross-check;</li>
 * <li>the memory floor: everything reachable from a tree that holds only its root, with one group of
 * {@value #WIDE_STATS} counters and {@value #WIDE_STRIPES} stripes (JOL), next to the storage one node of that
 * tree needs ({@code root_only_node_storage_bytes}) and the tree's own {@link Rstat#allocatedBytes()};</li>
 * <li>the time to create a node and to remove a leaf: wall clock over a whole tree, median of
 * {@value #TIMING_ROUNDS} rounds after {@value #WARMUP_ROUNDS} warm-up round(s). Run it with a young generation
 * larger than one tree (e.g. {@code -Xmn4g}) so that no collection runs inside the timed sections; the number of
 * collections that did is reported as {@code timing_gcs}. The thread's CPU time is reported too
 * ({@code *_cpu_ns_per_node}): on a machine shared with other work, it is the better estimate.</li>
 * </ul>
 * Usage: {@code Footprint <nodes> <figures-file>}. Writes {@code name: value} lines to the figures file (temp file
 * and atomic rename) and also prints them, after JOL's class histogram of the shared-name tree.
 */
public final class Footprint
{
    private static final String SHARED_NAME = "shared-name";
    private static final int WIDE_STATS = 1000;
    private static final int WIDE_STRIPES = 16;
    private static final int TIMING_ROUNDS = 3;
    private static final int WARMUP_ROUNDS = 1;

    private Footprint()
    {
    }

    /**
     * @param args {@code <nodes> <figures-file>}.
     * @throws IOException if the figures file cannot be written.
     */
    public static void main(final String[] args) throws IOException
    {
        if (args.length != 2)
        {
            throw new IllegalArgumentException(
                "usage: Footprint <nodes> <figures-file>: args=" + Arrays.toString(args));
        }
        final int nodes = Integer.parseInt(args[0]);
        final Path out = Path.of(args[1]);
        final PrintStream log = System.out;
        final StringBuilder figures = new StringBuilder();
        figure(figures, "footprint_nodes", nodes);

        final Rstat named = build(nodes, false);
        figure(figures, "bytes_per_node", (double)GraphStats.parseInstance(named).totalSize() / nodes);
        named.close();

        final Rstat shared = build(nodes, true);
        final GraphLayout sharedLayout = GraphLayout.parseInstance(shared);
        log.println("JOL footprint of " + nodes + " nodes sharing one name string:");
        log.println(sharedLayout.toFootprint());
        figure(figures, "bytes_per_node_shared_name", (double)sharedLayout.totalSize() / nodes);
        shared.close();

        final Rstat rootOnly = Rstat.builder(Schema.builder().group("wide", g ->
        {
            for (int i = 0; i < WIDE_STATS; i++)
            {
                g.counter("c" + i);
            }
        }).build()).stripes(WIDE_STRIPES).build();
        figure(figures, "root_only_tree_bytes", GraphLayout.parseInstance(rootOnly).totalSize());
        figure(figures, "root_only_node_storage_bytes",
            (double)WIDE_STRIPES * (2 * WIDE_STATS + 2) * Long.BYTES + 2.0 * WIDE_STATS * Long.BYTES);
        figure(figures, "root_only_allocated_bytes", rootOnly.allocatedBytes());
        rootOnly.close();

        figure(figures, "heap_bytes_per_node", heapBytesPerNode(nodes, false));
        figure(figures, "heap_bytes_per_node_shared_name", heapBytesPerNode(nodes, true));

        final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        final double[] createNs = new double[TIMING_ROUNDS];
        final double[] removeNs = new double[TIMING_ROUNDS];
        final double[] createCpuNs = new double[TIMING_ROUNDS];
        final double[] removeCpuNs = new double[TIMING_ROUNDS];
        long gcsInTimedSections = 0;
        for (int round = -WARMUP_ROUNDS; round < TIMING_ROUNDS; round++)
        {
            gc();
            final long gcs0 = collections();
            final Rstat rstat = Trees.newRstat();
            final long c0 = threads.getCurrentThreadCpuTime();
            final long t0 = System.nanoTime();
            final RstatNode[] handles = Trees.build(rstat, nodes, 10, i -> SHARED_NAME);
            final long t1 = System.nanoTime();
            final long c1 = threads.getCurrentThreadCpuTime();
            final long gcs1 = collections();
            gc();
            final long gcs2 = collections();
            final long c2 = threads.getCurrentThreadCpuTime();
            final long t2 = System.nanoTime();
            for (int i = nodes - 1; i > 0; i--)
            {
                rstat.remove(handles[i]);
            }
            final long t3 = System.nanoTime();
            final long c3 = threads.getCurrentThreadCpuTime();
            final long gcs3 = collections();
            if (rstat.size() != 1)
            {
                throw new IllegalStateException("nodes left after removal: size=" + rstat.size());
            }
            rstat.close();
            if (round >= 0)
            {
                createNs[round] = (double)(t1 - t0) / (nodes - 1);
                removeNs[round] = (double)(t3 - t2) / (nodes - 1);
                createCpuNs[round] = (double)(c1 - c0) / (nodes - 1);
                removeCpuNs[round] = (double)(c3 - c2) / (nodes - 1);
                gcsInTimedSections += (gcs1 - gcs0) + (gcs3 - gcs2);
            }
        }
        figure(figures, "create_ns_per_node", median(createNs));
        figure(figures, "remove_ns_per_node", median(removeNs));
        figure(figures, "create_cpu_ns_per_node", median(createCpuNs));
        figure(figures, "remove_cpu_ns_per_node", median(removeCpuNs));
        figure(figures, "timing_gcs", gcsInTimedSections);

        final Path tmp = out.resolveSibling(out.getFileName() + ".tmp");
        Files.writeString(tmp, figures, StandardCharsets.UTF_8);
        Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        log.print(figures);
    }

    private static Rstat build(final int nodes, final boolean sharedName)
    {
        final Rstat rstat = Trees.newRstat();
        Trees.build(rstat, nodes, 10, sharedName ? i -> SHARED_NAME : i -> "n" + i);
        return rstat;
    }

    private static double heapBytesPerNode(final int nodes, final boolean sharedName)
    {
        final long before = usedHeap();
        final Rstat rstat = build(nodes, sharedName);
        final long after = usedHeap();
        if (rstat.size() != nodes)
        {
            throw new IllegalStateException("wrong tree size: size=" + rstat.size() + " nodes=" + nodes);
        }
        rstat.close();
        return (double)(after - before) / nodes;
    }

    private static long usedHeap()
    {
        gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static void gc()
    {
        for (int i = 0; i < 3; i++)
        {
            System.gc();
        }
    }

    private static long collections()
    {
        long count = 0;
        for (final GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans())
        {
            count += Math.max(0, collector.getCollectionCount());
        }
        return count;
    }

    private static double median(final double[] values)
    {
        final double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static void figure(final StringBuilder figures, final String name, final double value)
    {
        figures.append(name).append(": ").append(String.format(Locale.ROOT, "%.1f", value)).append('\n');
    }
}
