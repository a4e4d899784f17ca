package dev.rstat.cgroup.synthetic;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Writes {@code testdata/systemd-host}: a realistic, deterministic cgroup2 tree of a systemd host running containerd
 * and a kubelet, in the snapshot layout, with the expectation files computed from the fixture's own inputs (the own
 * shares and limits it chose), never by reading its files back.
 * <p>
 * Output, below the given directory:
 * <ul>
 *     <li>{@code tree/}: the snapshot (cgroupfs-shaped, {@code .rstat-snapshot} at its root);</li>
 *     <li>{@code expected-self.csv}: {@code path,column,self_value} for every hierarchical column of every cgroup;</li>
 *     <li>{@code expected-effective.csv}: {@code path,column,effective_value}, the tightest limit on the path;</li>
 *     <li>{@code expected-order-<order>.txt}: the five walk orders from {@link SystemdHostModel#ORDER_START};</li>
 *     <li>{@code EXPECTED.md}: the same expectations for humans, with hand-checkable examples.</li>
 * </ul>
 * Regenerate with {@code SystemdHostFixture <dir>} (see testdata/README.md). Stateless; thread-safe.
 */
public final class SystemdHostFixture
{
    /** The {@code taken=} of the snapshot: fixed, so that the output is byte-for-byte reproducible. */
    public static final String TAKEN = "2026-01-15T12:00:00Z";
    /** Directory below the output directory that holds the snapshot tree. */
    public static final String TREE = "tree";

    static final String[] ORDERS = {"descendants_pre", "descendants_post", "ancestors_up", "self_only", "children"};
    static final String[] EFFECTIVE_COLUMNS = {
        "memory.max", "memory.high", "memory.swap.max", "pids.max", "cpu.max.max",
        "io.max." + SystemdHostModel.NVME + ".rbps", "io.max." + SystemdHostModel.NVME + ".wbps",
        "io.max." + SystemdHostModel.NVME + ".riops", "io.max." + SystemdHostModel.NVME + ".wiops"};
    private static final long CPU_PERIOD = 100_000;

    private SystemdHostFixture()
    {
    }

    /**
     * Writes the fixture into {@code dir} (created if missing; {@code dir/tree} must not exist yet).
     *
     * @param dir output directory, e.g. {@code testdata/systemd-host}.
     */
    public static void write(final Path dir)
    {
        final List<HostCgroup> cgroups = SystemdHostModel.build();
        try
        {
            Files.createDirectories(dir);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot create output directory: dir=" + dir, ex);
        }
        final SnapshotWriter tree = new SnapshotWriter(dir.resolve(TREE));
        for (final HostCgroup cg : cgroups)
        {
            tree.cgroup(cg.path, cg.id);
            writeFiles(tree, cg);
        }
        tree.snapshotInfo("/sys/fs/cgroup", 2, cgroups.get(0).controllers, TAKEN);
        SnapshotWriter.write(dir.resolve("expected-self.csv"), expectedSelf(cgroups));
        SnapshotWriter.write(dir.resolve("expected-effective.csv"), expectedEffective(cgroups));
        for (final String order : ORDERS)
        {
            final StringBuilder sb = new StringBuilder();
            for (final HostCgroup cg : walk(cgroups, order))
            {
                sb.append(cg.path).append('\n');
            }
            SnapshotWriter.write(dir.resolve("expected-order-" + order + ".txt"), sb.toString());
        }
        SnapshotWriter.write(dir.resolve("EXPECTED.md"), SystemdHostExpectations.markdown(cgroups));
    }

    /**
     * Regenerates the fixture: {@code SystemdHostFixture <dir>}; the directory is replaced as a whole.
     *
     * @param args the output directory.
     */
    public static void main(final String[] args)
    {
        if (args.length != 1)
        {
            System.err.println("usage: SystemdHostFixture <dir>   (e.g. testdata/systemd-host)");
            System.exit(2);
        }
        final Path dir = Paths.get(args[0]);
        FileTrees.deleteRecursively(dir);
        write(dir);
        System.out.println("wrote " + dir);
    }

    private static void writeFiles(final SnapshotWriter tree, final HostCgroup cg)
    {
        final String p = cg.path;
        tree.file(p, "cgroup.controllers", line(cg.controllers));
        tree.file(p, "cgroup.subtree_control", line(cg.subtreeControl));
        tree.file(p, "cgroup.procs", procs(cg, false));
        tree.file(p, "cgroup.threads", procs(cg, true));
        tree.file(p, "cgroup.stat", cgroupStat(cg));
        if (!cg.isRoot())
        {
            tree.file(p, "cgroup.type", "domain\n");
            tree.file(p, "cgroup.events", "populated " + (cg.populated ? 1 : 0) + "\nfrozen 0\n");
        }
        tree.file(p, "cpu.stat", cpuStat(cg));
        tree.file(p, "cpu.stat.local", cg.has("cpu") ? "throttled_usec " + cg.localThrottledUsec + "\n" : "");
        if (!cg.isRoot() && cg.has("cpu"))
        {
            tree.file(p, "cpu.max", limit(cg.cpuMaxQuota).trim() + " " + CPU_PERIOD + "\n");
            tree.file(p, "cpu.weight", cg.cpuWeight + "\n");
        }
        for (int r = 0; r < HostCgroup.PRESSURE_RESOURCES.length; r++)
        {
            tree.file(p, HostCgroup.PRESSURE_RESOURCES[r] + ".pressure", pressure(cg.pressureTotal[r]));
        }
        if (cg.isRoot() || cg.has("memory"))
        {
            tree.file(p, "memory.stat", keyed(HostCgroup.MEMORY_STAT_KEYS, cg.memoryStatTotal));
        }
        if (!cg.isRoot() && cg.has("memory"))
        {
            tree.file(p, "memory.current", cg.memoryCurrentTotal + "\n");
            tree.file(p, "memory.min", cg.memoryMin + "\n");
            tree.file(p, "memory.low", cg.memoryLow + "\n");
            tree.file(p, "memory.high", limit(cg.memoryHigh));
            tree.file(p, "memory.max", limit(cg.memoryMax));
            tree.file(p, "memory.peak", cg.memoryPeak + "\n");
            tree.file(p, "memory.events", keyed(HostCgroup.MEMORY_EVENT_KEYS, cg.memoryEventsTotal));
            tree.file(p, "memory.events.local", keyed(HostCgroup.MEMORY_EVENT_KEYS, cg.memoryEvents));
            tree.file(p, "memory.swap.current", cg.swapCurrentTotal + "\n");
            tree.file(p, "memory.swap.max", limit(cg.swapMax));
        }
        if (cg.isRoot() || cg.has("io"))
        {
            tree.file(p, "io.stat", ioStat(cg));
        }
        if (!cg.isRoot() && cg.has("io"))
        {
            tree.file(p, "io.max", ioMax(cg));
        }
        if (!cg.isRoot() && cg.has("pids"))
        {
            tree.file(p, "pids.current", cg.pidsCurrentTotal + "\n");
            tree.file(p, "pids.max", limit(cg.pidsMax));
            tree.file(p, "pids.peak", cg.pidsPeak + "\n");
            tree.file(p, "pids.events", "max " + cg.pidsEventsMaxTotal + "\n");
            tree.file(p, "pids.events.local", "max " + cg.pidsEventsMax + "\n");
        }
    }

    /** The kernel prints nothing at all for an empty controller list, else the list and a newline. */
    private static String line(final String text)
    {
        return text.isEmpty() ? "" : text + "\n";
    }

    private static String limit(final long value)
    {
        return value == HostCgroup.MAX ? "max\n" : value + "\n";
    }

    private static String procs(final HostCgroup cg, final boolean threads)
    {
        final List<Long> ids = new ArrayList<>();
        for (final long[] proc : cg.processes)
        {
            for (long t = 0; t < (threads ? proc[1] : 1); t++)
            {
                ids.add(proc[0] + t);
            }
        }
        Collections.sort(ids);
        final StringBuilder sb = new StringBuilder();
        for (final long id : ids)
        {
            sb.append(id).append('\n');
        }
        return sb.toString();
    }

    /** Subsystems in ssid order; perf_event is implicit on cgroup2, so it has a css everywhere. */
    private static String cgroupStat(final HostCgroup cg)
    {
        final String[] subsystems = {"cpu", "io", "memory", "perf_event", "pids"};
        final StringBuilder sb = new StringBuilder();
        sb.append("nr_descendants ").append(cg.descendants).append('\n');
        for (final String ss : subsystems)
        {
            sb.append("nr_subsys_").append(ss).append(' ').append(subsysCount(cg, ss)).append('\n');
        }
        sb.append("nr_dying_descendants ").append(cg.dyingDescendants).append('\n');
        for (final String ss : subsystems)
        {
            sb.append("nr_dying_subsys_").append(ss).append(' ')
                .append("memory".equals(ss) ? cg.dyingDescendants : 0).append('\n');
        }
        return sb.toString();
    }

    private static boolean hasCss(final HostCgroup cg, final String ss)
    {
        return "perf_event".equals(ss) || cg.isRoot() || cg.has(ss);
    }

    /** Live csses of {@code ss} at and below {@code cg} (0 when {@code cg} itself has none). */
    private static int subsysCount(final HostCgroup cg, final String ss)
    {
        if (!hasCss(cg, ss))
        {
            return 0;
        }
        int count = 0;
        final List<HostCgroup> stack = new ArrayList<>();
        stack.add(cg);
        while (!stack.isEmpty())
        {
            final HostCgroup c = stack.remove(stack.size() - 1);
            if (hasCss(c, ss))
            {
                count++;
            }
            stack.addAll(c.children);
        }
        return count;
    }

    private static String cpuStat(final HostCgroup cg)
    {
        final StringBuilder sb = new StringBuilder(keyed(HostCgroup.CPU_KEYS, cg.cpuTotal));
        if (cg.has("cpu"))
        {
            sb.append(keyed(HostCgroup.CPU_BANDWIDTH_KEYS, cg.bandwidth));
        }
        return sb.toString();
    }

    private static String keyed(final String[] keys, final long[] values)
    {
        final StringBuilder sb = new StringBuilder();
        for (int i = 0; i < keys.length; i++)
        {
            sb.append(keys[i]).append(' ').append(values[i]).append('\n');
        }
        return sb.toString();
    }

    private static String pressure(final long[][] lines)
    {
        final StringBuilder sb = new StringBuilder();
        for (int line = 0; line < 2; line++)
        {
            final long[] v = lines[line];
            sb.append(line == 0 ? "some" : "full")
                .append(" avg10=").append(hundredths(v[0]))
                .append(" avg60=").append(hundredths(v[1]))
                .append(" avg300=").append(hundredths(v[2]))
                .append(" total=").append(v[3]).append('\n');
        }
        return sb.toString();
    }

    static String hundredths(final long value)
    {
        final long frac = value % 100;
        return value / 100 + (frac < 10 ? ".0" : ".") + frac;
    }

    /** Devices the kernel prints for this cgroup, in the fixture's stable but unordered blkg-list order. */
    static List<String> ioDevices(final HostCgroup cg)
    {
        final List<String> devices = new ArrayList<>();
        for (final Map.Entry<String, long[]> e : cg.ioTotal.entrySet())
        {
            final long[] v = e.getValue();
            if (v[0] != 0 || v[1] != 0 || v[2] != 0 || v[3] != 0 || v[4] != 0 || v[5] != 0)
            {
                devices.add(e.getKey());
            }
        }
        devices.sort(Comparator.comparingLong((String d) -> mix(cg.path.hashCode(), d.hashCode()))
            .thenComparing(d -> d));
        return devices;
    }

    /** splitmix64's finalizer over two hashes: a stable, well-scrambled sort key. */
    private static long mix(final int a, final int b)
    {
        long z = ((long)a << 32) ^ (b & 0xFFFF_FFFFL);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static String ioStat(final HostCgroup cg)
    {
        final StringBuilder sb = new StringBuilder();
        for (final String device : ioDevices(cg))
        {
            final long[] v = cg.ioTotal.get(device);
            sb.append(device);
            for (int k = 0; k < HostCgroup.IO_KEYS.length; k++)
            {
                sb.append(" ").append(HostCgroup.IO_KEYS[k]).append('=').append(v[k]);
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private static String ioMax(final HostCgroup cg)
    {
        final StringBuilder sb = new StringBuilder();
        for (final Map.Entry<String, long[]> e : cg.ioMax.entrySet())
        {
            sb.append(e.getKey());
            for (int k = 0; k < HostCgroup.IO_MAX_KEYS.length; k++)
            {
                sb.append(' ').append(HostCgroup.IO_MAX_KEYS[k]).append('=').append(limit(e.getValue()[k]).trim());
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** Rows of expected-self.csv, straight from the own shares. */
    static List<String[]> selfRows(final List<HostCgroup> cgroups)
    {
        final List<String[]> rows = new ArrayList<>();
        for (final HostCgroup cg : cgroups)
        {
            final long[] cpu = cg.ownCpu();
            for (int k = 0; k < HostCgroup.CPU_KEYS.length; k++)
            {
                rows.add(row(cg, "cpu.stat." + HostCgroup.CPU_KEYS[k], cpu[k]));
            }
            if (!cg.isRoot() && cg.has("memory"))
            {
                rows.add(row(cg, "memory.current", cg.ownMemoryCurrent()));
                rows.add(row(cg, "memory.swap.current", cg.swapKiB * 1024));
            }
            if (cg.isRoot() || cg.has("memory"))
            {
                final long[] stat = cg.ownMemoryStat();
                for (int k = 0; k < HostCgroup.MEMORY_STAT_KEYS.length; k++)
                {
                    rows.add(row(cg, "memory.stat." + HostCgroup.MEMORY_STAT_KEYS[k], stat[k]));
                }
            }
            if (!cg.isRoot() && cg.has("memory"))
            {
                for (int k = 0; k < HostCgroup.MEMORY_EVENT_KEYS.length; k++)
                {
                    rows.add(row(cg, "memory.events." + HostCgroup.MEMORY_EVENT_KEYS[k], cg.memoryEvents[k]));
                }
            }
            if (cg.isRoot() || cg.has("io"))
            {
                final Map<String, long[]> own = cg.ownIo();
                final List<String> devices = new ArrayList<>(ioDevices(cg));
                Collections.sort(devices);
                for (final String device : devices)
                {
                    final long[] v = own.getOrDefault(device, new long[HostCgroup.IO_KEYS.length]);
                    for (int k = 0; k < HostCgroup.IO_KEYS.length; k++)
                    {
                        rows.add(row(cg, "io.stat." + device + "." + HostCgroup.IO_KEYS[k], v[k]));
                    }
                }
            }
            if (!cg.isRoot() && cg.has("pids"))
            {
                rows.add(row(cg, "pids.current", cg.ownThreads()));
                rows.add(row(cg, "pids.events.max", cg.pidsEventsMax));
            }
        }
        return rows;
    }

    /** Rows of expected-effective.csv: for every cgroup, the tightest limit of itself and its ancestors. */
    static List<String[]> effectiveRows(final List<HostCgroup> cgroups)
    {
        final List<String[]> rows = new ArrayList<>();
        for (final HostCgroup cg : cgroups)
        {
            for (final String column : EFFECTIVE_COLUMNS)
            {
                long tightest = HostCgroup.MAX;
                for (HostCgroup a = cg; a != null; a = a.parent)
                {
                    final long v = limitOf(a, column);
                    if (v != HostCgroup.MAX && (tightest == HostCgroup.MAX || v < tightest))
                    {
                        tightest = v;
                    }
                }
                rows.add(new String[]{cg.path, column, tightest == HostCgroup.MAX ? "max" : Long.toString(tightest)});
            }
        }
        return rows;
    }

    static long limitOf(final HostCgroup cg, final String column)
    {
        switch (column)
        {
            case "memory.max":
                return cg.memoryMax;
            case "memory.high":
                return cg.memoryHigh;
            case "memory.swap.max":
                return cg.swapMax;
            case "pids.max":
                return cg.pidsMax;
            case "cpu.max.max":
                return cg.cpuMaxQuota;
            default:
                final String[] parts = column.split("\\.");
                final long[] limits = cg.ioMax.get(parts[2]);
                if (limits == null)
                {
                    return HostCgroup.MAX;
                }
                for (int k = 0; k < HostCgroup.IO_MAX_KEYS.length; k++)
                {
                    if (HostCgroup.IO_MAX_KEYS[k].equals(parts[3]))
                    {
                        return limits[k];
                    }
                }
                throw new IllegalArgumentException("unknown io.max key: column=" + column);
        }
    }

    /** The cgroups of one walk order from {@link SystemdHostModel#ORDER_START}; input is the pre-order list. */
    static List<HostCgroup> walk(final List<HostCgroup> preOrder, final String order)
    {
        HostCgroup start = null;
        for (final HostCgroup cg : preOrder)
        {
            if (cg.path.equals(SystemdHostModel.ORDER_START))
            {
                start = cg;
            }
        }
        if (start == null)
        {
            throw new IllegalStateException("no start cgroup: path=" + SystemdHostModel.ORDER_START);
        }
        final List<HostCgroup> result = new ArrayList<>();
        switch (order)
        {
            case "descendants_pre":
                for (final HostCgroup cg : preOrder)
                {
                    if (isAtOrBelow(cg, start))
                    {
                        result.add(cg);
                    }
                }
                return result;
            case "descendants_post":
                postOrder(start, result);
                return result;
            case "ancestors_up":
                for (HostCgroup a = start; a != null; a = a.parent)
                {
                    result.add(a);
                }
                return result;
            case "self_only":
                result.add(start);
                return result;
            case "children":
                result.addAll(start.children);
                return result;
            default:
                throw new IllegalArgumentException("unknown order: order=" + order);
        }
    }

    private static boolean isAtOrBelow(final HostCgroup cg, final HostCgroup start)
    {
        for (HostCgroup a = cg; a != null; a = a.parent)
        {
            if (a == start)
            {
                return true;
            }
        }
        return false;
    }

    /** Iterative post-order: a child is emitted before its parent, siblings by name. */
    private static void postOrder(final HostCgroup start, final List<HostCgroup> out)
    {
        final List<HostCgroup> stack = new ArrayList<>();
        final List<Integer> next = new ArrayList<>();
        stack.add(start);
        next.add(0);
        while (!stack.isEmpty())
        {
            final int top = stack.size() - 1;
            final HostCgroup cg = stack.get(top);
            final int i = next.get(top);
            if (i < cg.children.size())
            {
                next.set(top, i + 1);
                stack.add(cg.children.get(i));
                next.add(0);
            }
            else
            {
                out.add(cg);
                stack.remove(top);
                next.remove(top);
            }
        }
    }

    private static String[] row(final HostCgroup cg, final String column, final long value)
    {
        return new String[]{cg.path, column, Long.toString(value)};
    }

    private static String expectedSelf(final List<HostCgroup> cgroups)
    {
        return csv(new String[]{"path", "column", "self_value"}, selfRows(cgroups));
    }

    private static String expectedEffective(final List<HostCgroup> cgroups)
    {
        return csv(new String[]{"path", "column", "effective_value"}, effectiveRows(cgroups));
    }

    private static String csv(final String[] header, final List<String[]> rows)
    {
        final StringWriter out = new StringWriter();
        try (CSVPrinter printer = new CSVPrinter(out,
            CSVFormat.DEFAULT.builder().setHeader(header).setRecordSeparator('\n').get()))
        {
            for (final String[] r : rows)
            {
                printer.printRecord((Object[])r);
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot format CSV", ex);
        }
        return out.toString();
    }
}
