package dev.rstat.cgroup.synthetic;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One cgroup of the systemd host fixture: what the fixture chose for it (its OWN share of every hierarchical
 * quantity, its limits and configuration), plus the hierarchical totals {@link SystemdHostModel} computes from those
 * choices. Own shares are what "self = value - sum of children" must give back.
 * <p>
 * Memory quantities are chosen in KiB and a few base numbers; the full {@code memory.stat} own share is derived from
 * them by {@link #ownMemoryStat()} with fixed integer formulas (documented in testdata/systemd-host/EXPECTED.md).
 * <p>
 * Mutable while the model is built, then only read. Not thread-safe.
 */
final class HostCgroup
{
    /** Value of a limit that is not set (the file shows {@code max}). */
    static final long MAX = -1;

    static final String[] CPU_KEYS = {
        "usage_usec", "user_usec", "system_usec", "nice_usec", "core_sched.force_idle_usec"};
    static final String[] CPU_BANDWIDTH_KEYS = {
        "nr_periods", "nr_throttled", "throttled_usec", "nr_bursts", "burst_usec"};
    static final String[] MEMORY_EVENT_KEYS = {"low", "high", "max", "oom", "oom_kill", "oom_group_kill"};
    static final String[] IO_KEYS = {"rbytes", "wbytes", "rios", "wios", "dbytes", "dios"};
    static final String[] IO_MAX_KEYS = {"rbps", "wbps", "riops", "wiops"};
    static final String[] PRESSURE_RESOURCES = {"cpu", "memory", "io"};
    /** The v2 memory.stat keys, in the order Linux 6.13 prints them (zswap, swap, THP and NUMA balancing on). */
    static final String[] MEMORY_STAT_KEYS = {
        "anon", "file", "kernel", "kernel_stack", "pagetables", "sec_pagetables", "percpu", "sock", "vmalloc",
        "shmem", "zswap", "zswapped", "file_mapped", "file_dirty", "file_writeback", "swapcached", "anon_thp",
        "file_thp", "shmem_thp", "inactive_anon", "active_anon", "inactive_file", "active_file", "unevictable",
        "slab_reclaimable", "slab_unreclaimable", "slab", "workingset_refault_anon", "workingset_refault_file",
        "workingset_activate_anon", "workingset_activate_file", "workingset_restore_anon", "workingset_restore_file",
        "workingset_nodereclaim", "pgdemote_kswapd", "pgdemote_direct", "pgdemote_khugepaged", "pgpromote_success",
        "pgscan", "pgsteal", "pgscan_kswapd", "pgscan_direct", "pgscan_khugepaged", "pgsteal_kswapd",
        "pgsteal_direct", "pgsteal_khugepaged", "pgfault", "pgmajfault", "pgrefill", "pgactivate", "pgdeactivate",
        "pglazyfree", "pglazyfreed", "swpin_zero", "swpout_zero", "zswpin", "zswpout", "zswpwb", "thp_fault_alloc",
        "thp_collapse_alloc", "thp_swpout", "thp_swpout_fallback", "numa_pages_migrated", "numa_pte_updates",
        "numa_hint_faults"};

    static final long PAGE = 4096;
    static final long KERNEL_STACK_BYTES = 16384;
    static final long PERCPU_BYTES = 2816;
    static final long HUGE_PAGE = 2L * 1024 * 1024;

    final String path;
    final String name;
    final HostCgroup parent;
    final long id;
    final List<HostCgroup> children = new ArrayList<>();

    /** What the cgroup is, for humans (pod and container names are hashes): e.g. "pod api-5c8b-q9w2z / envoy". */
    String label = "";
    String controllers = "";
    String subtreeControl = "";
    final List<long[]> processes = new ArrayList<>();

    long userUsec;
    long systemUsec;
    long niceUsec;
    long forceIdleUsec;
    final long[] bandwidth = new long[CPU_BANDWIDTH_KEYS.length];
    long localThrottledUsec;
    long cpuMaxQuota = MAX;
    int cpuWeight = 100;

    long anonKiB;
    long fileKiB;
    long shmemKiB;
    long slabKiB;
    long sockKiB;
    long vmallocKiB;
    long swapKiB;
    long zswapKiB;
    long pgfault;
    long reclaimScan;
    long peakExtraKiB;
    boolean peakAtLimit;
    long memoryMin;
    long memoryLow;
    long memoryHigh = MAX;
    long memoryMax = MAX;
    long swapMax = MAX;
    final long[] memoryEvents = new long[MEMORY_EVENT_KEYS.length];

    long pidsMax = MAX;
    long pidsEventsMax;
    long pidsPeakExtra;

    /** Own I/O per device: rbytes, wbytes, dbytes (the counts are derived). */
    final Map<String, long[]> io = new LinkedHashMap<>();
    /** io.max per device: rbps, wbps, riops, wiops ({@link #MAX} = max). */
    final Map<String, long[]> ioMax = new LinkedHashMap<>();
    /** Own pressure stall time in usec per resource (cpu, memory, io): {some, full}. */
    final long[][] pressure = new long[PRESSURE_RESOURCES.length][2];
    int dyingChildren;

    // Hierarchical results, filled in by SystemdHostModel.
    final long[] cpuTotal = new long[CPU_KEYS.length];
    final long[] memoryStatTotal = new long[MEMORY_STAT_KEYS.length];
    final long[] memoryEventsTotal = new long[MEMORY_EVENT_KEYS.length];
    final Map<String, long[]> ioTotal = new LinkedHashMap<>();
    long memoryCurrentTotal;
    long swapCurrentTotal;
    long pidsCurrentTotal;
    long pidsEventsMaxTotal;
    long memoryPeak;
    long pidsPeak;
    int descendants;
    int dyingDescendants;
    boolean populated;
    /** Pressure after combining: [resource][some/full][avg10, avg60, avg300 (hundredths), total]. */
    final long[][][] pressureTotal = new long[PRESSURE_RESOURCES.length][2][4];

    HostCgroup(final String path, final HostCgroup parent, final long id)
    {
        this.path = path;
        this.name = "/".equals(path) ? "" : path.substring(path.lastIndexOf('/') + 1);
        this.parent = parent;
        this.id = id;
    }

    boolean isRoot()
    {
        return parent == null;
    }

    boolean has(final String controller)
    {
        for (final String c : controllers.split(" "))
        {
            if (c.equals(controller))
            {
                return true;
            }
        }
        return false;
    }

    HostCgroup label(final String text)
    {
        label = text;
        return this;
    }

    HostCgroup controllers(final String enabledHere, final String enabledForChildren)
    {
        controllers = enabledHere;
        subtreeControl = enabledForChildren;
        return this;
    }

    HostCgroup process(final long pid, final long threads)
    {
        processes.add(new long[]{pid, threads});
        return this;
    }

    HostCgroup cpu(final long user, final long system, final long nice)
    {
        userUsec = user;
        systemUsec = system;
        niceUsec = nice;
        return this;
    }

    HostCgroup forceIdle(final long usec)
    {
        forceIdleUsec = usec;
        return this;
    }

    HostCgroup bandwidth(final long periods, final long throttled, final long throttledUsec, final long local)
    {
        bandwidth[0] = periods;
        bandwidth[1] = throttled;
        bandwidth[2] = throttledUsec;
        localThrottledUsec = local;
        return this;
    }

    HostCgroup localThrottled(final long usec)
    {
        localThrottledUsec = usec;
        return this;
    }

    HostCgroup cpuMax(final long quotaUsec)
    {
        cpuMaxQuota = quotaUsec;
        return this;
    }

    /** cpu.weight the way the kubelet derives it from a CPU request (shares = milli * 1024 / 1000). */
    HostCgroup kubeCpuRequest(final long milliCpu)
    {
        final long shares = Math.max(2, milliCpu * 1024 / 1000);
        cpuWeight = (int)(1 + ((shares - 2) * 9999) / 262142);
        return this;
    }

    HostCgroup memory(final long anon, final long file, final long shmem, final long slab, final long sock)
    {
        anonKiB = anon;
        fileKiB = file;
        shmemKiB = shmem;
        slabKiB = slab;
        sockKiB = sock;
        return this;
    }

    HostCgroup vmalloc(final long kib)
    {
        vmallocKiB = kib;
        return this;
    }

    HostCgroup swap(final long swap, final long zswap)
    {
        swapKiB = swap;
        zswapKiB = zswap;
        return this;
    }

    HostCgroup faults(final long faults, final long scanned)
    {
        pgfault = faults;
        reclaimScan = scanned;
        return this;
    }

    HostCgroup peakExtra(final long kib)
    {
        peakExtraKiB = kib;
        return this;
    }

    HostCgroup peakAtLimit()
    {
        peakAtLimit = true;
        return this;
    }

    HostCgroup protection(final long min, final long low)
    {
        memoryMin = min;
        memoryLow = low;
        return this;
    }

    HostCgroup memoryHigh(final long bytes)
    {
        memoryHigh = bytes;
        return this;
    }

    HostCgroup memoryMax(final long bytes)
    {
        memoryMax = bytes;
        return this;
    }

    HostCgroup swapMax(final long bytes)
    {
        swapMax = bytes;
        return this;
    }

    /** Own memory.events.local: low, high, max, oom, oom_kill, oom_group_kill. */
    HostCgroup memoryEvents(final long low, final long high, final long max, final long oom, final long oomKill,
        final long oomGroupKill)
    {
        memoryEvents[0] = low;
        memoryEvents[1] = high;
        memoryEvents[2] = max;
        memoryEvents[3] = oom;
        memoryEvents[4] = oomKill;
        memoryEvents[5] = oomGroupKill;
        return this;
    }

    HostCgroup pidsMax(final long max)
    {
        pidsMax = max;
        return this;
    }

    HostCgroup pidsEvents(final long max)
    {
        pidsEventsMax = max;
        return this;
    }

    HostCgroup pidsPeakExtra(final long extra)
    {
        pidsPeakExtra = extra;
        return this;
    }

    HostCgroup io(final String device, final long rbytes, final long wbytes, final long dbytes)
    {
        io.put(device, new long[]{rbytes, wbytes, dbytes});
        return this;
    }

    HostCgroup ioMax(final String device, final long rbps, final long wbps, final long riops, final long wiops)
    {
        ioMax.put(device, new long[]{rbps, wbps, riops, wiops});
        return this;
    }

    HostCgroup pressure(final String resource, final long some, final long full)
    {
        final int r = pressureIndex(resource);
        pressure[r][0] = some;
        pressure[r][1] = full;
        return this;
    }

    HostCgroup dying(final int count)
    {
        dyingChildren = count;
        return this;
    }

    static int pressureIndex(final String resource)
    {
        for (int i = 0; i < PRESSURE_RESOURCES.length; i++)
        {
            if (PRESSURE_RESOURCES[i].equals(resource))
            {
                return i;
            }
        }
        throw new IllegalArgumentException("unknown pressure resource: resource=" + resource);
    }

    long ownThreads()
    {
        long threads = 0;
        for (final long[] p : processes)
        {
            threads += p[1];
        }
        return threads;
    }

    /** Own cpu.stat usage keys, in {@link #CPU_KEYS} order; usage = user + system. */
    long[] ownCpu()
    {
        return new long[]{userUsec + systemUsec, userUsec, systemUsec, niceUsec, forceIdleUsec};
    }

    /** Own I/O per device in {@link #IO_KEYS} order; the counts are derived from the byte counts. */
    Map<String, long[]> ownIo()
    {
        final Map<String, long[]> own = new LinkedHashMap<>();
        for (final Map.Entry<String, long[]> e : io.entrySet())
        {
            final long[] b = e.getValue();
            own.put(e.getKey(), new long[]{
                b[0], b[1], ceilDiv(b[0], 32768), ceilDiv(b[1], 49152), b[2], ceilDiv(b[2], 134217728)});
        }
        return own;
    }

    /** Own memory.stat share in {@link #MEMORY_STAT_KEYS} order (see EXPECTED.md for the formulas). */
    long[] ownMemoryStat()
    {
        final long threads = ownThreads();
        final long anon = anonKiB * 1024;
        final long file = fileKiB * 1024;
        final long shmem = shmemKiB * 1024;
        final long kernelStack = KERNEL_STACK_BYTES * threads;
        final long pagetables = PAGE * (3L * processes.size() + anonKiB / 2048);
        final long percpu = PERCPU_BYTES;
        final long sock = sockKiB * 1024;
        final long vmalloc = vmallocKiB * 1024;
        final long zswap = zswapKiB * 1024;
        final long zswapped = ceilDiv(zswap * 3, PAGE) * PAGE;
        final long slab = slabKiB * 1024;
        final long slabReclaimable = slab * 3 / 5 / 8 * 8;
        final long slabUnreclaimable = slab - slabReclaimable;
        final long kernel = kernelStack + pagetables + percpu + vmalloc + slab + zswap;
        final long swapcached = swapKiB * 1024 / 8 / PAGE * PAGE;
        final long anonThp = anon / 2 / HUGE_PAGE * HUGE_PAGE;
        final long inactiveAnon = (anon + shmem) / 3 / PAGE * PAGE;
        final long inactiveFile = (file - shmem) * 2 / 5 / PAGE * PAGE;
        final long refaultAnon = swapKiB / 4 / 2;
        final long refaultFile = pgfault / 40;
        final long activateAnon = refaultAnon / 3;
        final long activateFile = refaultFile / 3;
        final long scanKswapd = reclaimScan * 3 / 4;
        final long scanDirect = reclaimScan - scanKswapd;
        final long stealKswapd = scanKswapd * 2 / 3;
        final long stealDirect = scanDirect * 2 / 3;
        final long pgactivate = pgfault / 9;
        final long lazyfree = pgfault / 500;
        final long zswappedPages = zswapped / PAGE;
        final long thpFaults = anonThp / HUGE_PAGE;
        final long[] v = {
            anon, file, kernel, kernelStack, pagetables, 0, percpu, sock, vmalloc,
            shmem, zswap, zswapped, file / 4 / PAGE * PAGE, file / 64 / PAGE * PAGE, 0, swapcached, anonThp,
            0, 0, inactiveAnon, anon + shmem - inactiveAnon, inactiveFile, file - shmem - inactiveFile, 0,
            slabReclaimable, slabUnreclaimable, slab, refaultAnon, refaultFile,
            activateAnon, activateFile, activateAnon / 2, activateFile / 2,
            reclaimScan / 100, 0, 0, 0, 0,
            scanKswapd + scanDirect, stealKswapd + stealDirect, scanKswapd, scanDirect, 0, stealKswapd,
            stealDirect, 0, pgfault, pgfault / 211, reclaimScan / 2, pgactivate, pgactivate / 4,
            lazyfree, lazyfree / 2, 0, swapKiB / 4 / 50, zswappedPages / 5, zswappedPages, 0, thpFaults,
            thpFaults / 4, 0, 0, 0, 0,
            0};
        if (v.length != MEMORY_STAT_KEYS.length)
        {
            throw new IllegalStateException("memory.stat formula table out of step: values=" + v.length);
        }
        return v;
    }

    /** Own memory.current: anon + file + kernel + sock (the fixture's identity, see EXPECTED.md). */
    long ownMemoryCurrent()
    {
        final long[] stat = ownMemoryStat();
        return stat[0] + stat[1] + stat[2] + stat[7];
    }

    private static long ceilDiv(final long value, final long divisor)
    {
        return (value + divisor - 1) / divisor;
    }
}
