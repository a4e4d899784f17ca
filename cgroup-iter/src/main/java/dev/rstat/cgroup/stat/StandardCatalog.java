package dev.rstat.cgroup.stat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.rstat.cgroup.stat.StatFormat.DEVICE_KEYED;
import static dev.rstat.cgroup.stat.StatFormat.FLAT_KEYED;
import static dev.rstat.cgroup.stat.StatFormat.LINE_COUNT;
import static dev.rstat.cgroup.stat.StatFormat.NESTED_KEYED;
import static dev.rstat.cgroup.stat.StatFormat.PRESSURE;
import static dev.rstat.cgroup.stat.StatFormat.SINGLE;
import static dev.rstat.cgroup.stat.StatFormat.SPACE_SEPARATED;
import static dev.rstat.cgroup.stat.StatFormat.TABLE;
import static dev.rstat.cgroup.stat.StatFormat.TEXT;
import static dev.rstat.cgroup.stat.StatScope.HIERARCHICAL;
import static dev.rstat.cgroup.stat.StatScope.LOCAL;
import static dev.rstat.cgroup.stat.StatScope.NONE;
import static dev.rstat.cgroup.stat.StatUnit.BYTES;
import static dev.rstat.cgroup.stat.StatUnit.COUNT;
import static dev.rstat.cgroup.stat.StatUnit.MICROSECONDS;
import static dev.rstat.cgroup.stat.StatUnit.NANOSECONDS;
import static dev.rstat.cgroup.stat.StatUnit.PAGES;
import static dev.rstat.cgroup.stat.StatUnit.PERCENT;
import static dev.rstat.cgroup.stat.StatUnit.USER_HZ;

/**
 * The entries of the standard catalogs. Sources: {@code Documentation/admin-guide/cgroup-v2.rst} (v2), the v1
 * controller documents and {@code mm/memcontrol-v1.c}, {@code kernel/sched/cpuacct.c}, {@code block/blk-cgroup.c}
 * (v1). Keys not listed keep {@link StatInfo#UNKNOWN}: new kernels add keys, and an unknown key is never aggregated.
 */
final class StandardCatalog
{
    /** The computed pseudo-file of dying cgroups per v1 controller. */
    static final String DYING_CGROUPS = "dying_cgroups";
    private static final StatInfo INFO = StatInfo.info(StatUnit.NONE);
    private static final StatInfo SIGNED_INFO = INFO.withSign(StatSign.SIGNED);
    private static final StatInfo PERCENT_AVG = new StatInfo(StatKind.PRESSURE, HIERARCHICAL, PERCENT, 2,
        StatSign.UNSIGNED);
    private static final StatInfo STALL_TOTAL = new StatInfo(StatKind.PRESSURE, HIERARCHICAL, MICROSECONDS, 0,
        StatSign.UNSIGNED);

    /** v2 {@code memory.stat} keys that are amounts of memory. */
    private static final String[] MEMORY_BYTES = {
        "anon", "file", "kernel", "kernel_stack", "pagetables", "sec_pagetables", "percpu", "sock", "vmalloc",
        "shmem", "zswap", "zswapped", "file_mapped", "file_dirty", "file_writeback", "swapcached", "anon_thp",
        "file_thp", "shmem_thp", "inactive_anon", "active_anon", "inactive_file", "active_file", "unevictable",
        "slab_reclaimable", "slab_unreclaimable", "slab", "hugetlb",
    };

    /** v2 {@code memory.stat} keys that are event counts; patterns end with {@code *}. */
    private static final String[] MEMORY_EVENTS = {
        "workingset_*", "pgscan*", "pgsteal*", "pgdemote_*", "pgpromote_*", "thp_*", "numa_*", "pgfault",
        "pgmajfault", "pgrefill", "pgactivate", "pgdeactivate", "pglazyfree", "pglazyfreed", "swpin_zero",
        "swpout_zero", "zswpin", "zswpout", "zswpwb",
    };

    /** {@code io.stat} keys renamed in metric names so that a name ends with its unit (node_exporter's words). */
    private static final Map<String, String> IO_STAT_EXPORT_KEYS = Map.of(
        "rbytes", "read", "wbytes", "written", "dbytes", "discarded",
        "rios", "reads", "wios", "writes", "dios", "discards");

    /** The label of the row of a nested key: a device for the {@code io.*} files, a NUMA node for {@code numa_stat}. */
    private static final Map<String, String> ROW_LABELS = Map.of(
        "io.stat", "device", "io.max", "device", "io.latency", "device",
        "memory.numa_stat", "node", "hugetlb.*.numa_stat", "node", DYING_CGROUPS, "controller");

    /** v1 {@code memory.stat} local keys that are amounts of memory. */
    private static final String[] V1_MEMORY_BYTES = {
        "cache", "rss", "rss_huge", "shmem", "mapped_file", "dirty", "writeback", "swap", "swapcached",
        "inactive_anon", "active_anon", "inactive_file", "active_file", "unevictable",
    };

    private StandardCatalog()
    {
    }

    /**
     * What the v2 catalog knows beyond single values: limits, defaults, export names. {@code cpu.stat}'s
     * {@code user_usec} and {@code system_usec} are {@code usage_usec} split for each cgroup on its own, by its sampled
     * user and system ticks ({@code cputime_adjust()} in {@code kernel/sched/cputime.c}, called by
     * {@code cgroup_base_stat_cputime_show()}): a parent's split is not the sum of its children's, only
     * {@code usage_usec} (and {@code nice_usec}) are.
     *
     * @return the facts.
     */
    static CatalogFacts v2Facts()
    {
        return new CatalogFacts(
            Set.of("memory.max", "memory.high", "memory.swap.max", "memory.swap.high", "memory.zswap.max",
                "pids.max", "io.max", "hugetlb.*.max", "hugetlb.*.rsvd.max"),
            List.of(new StatCatalog.RatioLimit("cpu.max.quota", "cpu.max.period")),
            Set.of(),
            Set.of("cpu.stat.user_usec", "cpu.stat.system_usec"),
            Set.of("io.max"),
            Map.of("io.stat", IO_STAT_EXPORT_KEYS),
            ROW_LABELS,
            List.of("cpu.stat", "memory.current", "memory.stat", "io.stat", "pids.current", "cgroup.stat"),
            List.of("cpu.stat", "cpu.max", "cpu.pressure", "memory.current", "memory.max", "memory.high",
                "memory.swap.current", "memory.swap.max", "memory.stat", "memory.events", "memory.pressure", "io.stat",
                "io.max", "io.pressure", "pids.current", "pids.max", "cgroup.stat", "cgroup.procs"),
            List.of("pids.current", "cpu.stat.usage_usec", "cpu.stat.throttled_usec", "memory.current", "memory.max",
                "memory.stat.anon", "memory.stat.file", "io.stat.*.rbytes", "io.stat.*.wbytes",
                "cgroup.stat.nr_descendants", "cpu.pressure.some.avg10", "memory.pressure.some.avg10",
                "io.pressure.some.avg10"),
            Set.of("memory.peak", "memory.swap.peak", "pids.peak", "misc.peak"));
    }

    /**
     * What the v1 catalog knows beyond single values. The root of a v1 memory hierarchy is not charged: its
     * {@code memory.usage_in_bytes} is its page cache and anonymous memory without kernel memory
     * ({@code mem_cgroup_usage()} in {@code mm/memcontrol-v1.c}), and its {@code kmem} counters hold only what the
     * children charged, so neither is its own share plus its children's.
     *
     * @return the facts.
     */
    static CatalogFacts v1Facts()
    {
        final List<String> defaults = List.of("cpuacct.usage", "cpuacct.stat", "cpu.stat", "memory.usage_in_bytes",
            "memory.stat", "blkio.throttle.io_service_bytes", "pids.current", "tasks");
        final List<String> exported = new ArrayList<>(defaults);
        exported.addAll(List.of("memory.limit_in_bytes", "cpu.cfs_quota_us", "cpu.cfs_period_us", "pids.max"));
        return new CatalogFacts(
            Set.of("memory.limit_in_bytes", "memory.memsw.limit_in_bytes", "memory.kmem.limit_in_bytes",
                "memory.kmem.tcp.limit_in_bytes", "pids.max", "hugetlb.*.limit_in_bytes",
                "hugetlb.*.rsvd.limit_in_bytes"),
            List.of(new StatCatalog.RatioLimit("cpu.cfs_quota_us", "cpu.cfs_period_us")),
            Set.of("memory.usage_in_bytes", "memory.memsw.usage_in_bytes", "memory.kmem.usage_in_bytes",
                "memory.kmem.tcp.usage_in_bytes"),
            Set.of(),
            Set.of("blkio.throttle.read_bps_device", "blkio.throttle.write_bps_device",
                "blkio.throttle.read_iops_device", "blkio.throttle.write_iops_device"),
            Map.of(),
            ROW_LABELS,
            defaults,
            exported,
            List.of("tasks", "pids.current", "cpuacct.usage", "cpu.stat.nr_throttled", "memory.usage_in_bytes",
                "memory.limit_in_bytes", "memory.stat.total_rss", "memory.stat.total_cache", "memory.stat.rss",
                "memory.stat.cache", "blkio.throttle.io_service_bytes.Total"),
            Set.of("memory.max_usage_in_bytes", "memory.memsw.max_usage_in_bytes", "memory.kmem.max_usage_in_bytes",
                "memory.kmem.tcp.max_usage_in_bytes", "hugetlb.*.max_usage_in_bytes",
                "hugetlb.*.rsvd.max_usage_in_bytes", "pids.peak", "misc.peak"));
    }

    /**
     * The v2 entries.
     *
     * @return file name to entry.
     */
    static Map<String, FileSpec> v2()
    {
        final Map<String, FileSpec> t = common();

        t.put("cgroup.type", FileSpec.of(TEXT, INFO));
        t.put("cgroup.threads", FileSpec.of(LINE_COUNT, StatInfo.gauge(LOCAL, COUNT)));
        t.put("cgroup.controllers", FileSpec.of(TEXT, INFO));
        t.put("cgroup.subtree_control", FileSpec.of(TEXT, INFO));
        t.put("cgroup.events", keyed(FLAT_KEYED, keys(INFO, "populated", "frozen")));
        t.put("cgroup.max.descendants", FileSpec.of(SINGLE, StatInfo.limit(COUNT)));
        t.put("cgroup.max.depth", FileSpec.of(SINGLE, StatInfo.limit(COUNT)));
        t.put("cgroup.stat", keyed(FLAT_KEYED, keys(StatInfo.gauge(HIERARCHICAL, COUNT),
            "nr_descendants", "nr_dying_descendants", "nr_subsys_*", "nr_dying_subsys_*")));
        t.put("cgroup.stat.local", keyed(FLAT_KEYED, keys(StatInfo.counter(LOCAL, MICROSECONDS), "frozen_usec")));
        t.put("cgroup.freeze", FileSpec.of(SINGLE, INFO));
        t.put("cgroup.pressure", FileSpec.of(SINGLE, INFO));

        t.put("cpu.stat", keyed(FLAT_KEYED,
            keys(StatInfo.counter(HIERARCHICAL, MICROSECONDS),
                "usage_usec", "user_usec", "system_usec", "nice_usec", "core_sched.force_idle_usec"),
            keys(StatInfo.counter(LOCAL, COUNT), "nr_periods", "nr_throttled", "nr_bursts"),
            keys(StatInfo.counter(LOCAL, MICROSECONDS), "throttled_usec", "burst_usec")));
        t.put("cpu.stat.local", keyed(FLAT_KEYED, keys(StatInfo.counter(LOCAL, MICROSECONDS), "throttled_usec")));
        t.put("cpu.weight", FileSpec.of(SINGLE, INFO));
        t.put("cpu.weight.nice", FileSpec.of(SINGLE, SIGNED_INFO));
        t.put("cpu.idle", FileSpec.of(SINGLE, INFO));
        t.put("cpu.max", new FileSpec(SPACE_SEPARATED, StatInfo.UNKNOWN,
            Map.of("quota", StatInfo.limit(MICROSECONDS), "period", StatInfo.info(MICROSECONDS)),
            List.of("quota", "period"), "", ""));
        t.put("cpu.max.burst", FileSpec.of(SINGLE, StatInfo.limit(MICROSECONDS)));
        t.put("cpu.uclamp.min", FileSpec.of(SINGLE, StatInfo.limit(PERCENT).withScale(2)));
        t.put("cpu.uclamp.max", FileSpec.of(SINGLE, StatInfo.limit(PERCENT).withScale(2)));
        t.put("cpu.pressure", pressure());

        t.put("memory.current", FileSpec.of(SINGLE, StatInfo.gauge(HIERARCHICAL, BYTES)));
        for (final String limit : new String[] {"memory.min", "memory.low", "memory.high", "memory.max",
            "memory.swap.high", "memory.swap.max", "memory.zswap.max"})
        {
            t.put(limit, FileSpec.of(SINGLE, StatInfo.limit(BYTES)));
        }
        t.put("memory.peak", FileSpec.of(SINGLE, StatInfo.gauge(NONE, BYTES)));
        t.put("memory.oom.group", FileSpec.of(SINGLE, INFO));
        final String[] memoryEvents = {"low", "high", "max", "oom", "oom_kill", "oom_group_kill", "sock_throttled"};
        t.put("memory.events", keyed(FLAT_KEYED, keys(StatInfo.counter(HIERARCHICAL, COUNT), memoryEvents)));
        t.put("memory.events.local", keyed(FLAT_KEYED, keys(StatInfo.counter(LOCAL, COUNT), memoryEvents)));
        t.put("memory.stat", keyed(FLAT_KEYED,
            keys(StatInfo.gauge(HIERARCHICAL, BYTES), MEMORY_BYTES),
            keys(StatInfo.counter(HIERARCHICAL, COUNT), MEMORY_EVENTS)));
        t.put("memory.numa_stat", keyed(NESTED_KEYED,
            keys(StatInfo.gauge(HIERARCHICAL, BYTES), MEMORY_BYTES),
            keys(StatInfo.counter(HIERARCHICAL, COUNT), MEMORY_EVENTS)));
        t.put("memory.swap.current", FileSpec.of(SINGLE, StatInfo.gauge(HIERARCHICAL, BYTES)));
        t.put("memory.swap.peak", FileSpec.of(SINGLE, StatInfo.gauge(NONE, BYTES)));
        t.put("memory.swap.events", keyed(FLAT_KEYED, keys(StatInfo.counter(HIERARCHICAL, COUNT),
            "high", "max", "fail")));
        t.put("memory.zswap.current", FileSpec.of(SINGLE, StatInfo.gauge(HIERARCHICAL, BYTES)));
        t.put("memory.zswap.writeback", FileSpec.of(SINGLE, INFO));
        t.put("memory.pressure", pressure());

        t.put("io.stat", keyed(NESTED_KEYED,
            keys(StatInfo.counter(HIERARCHICAL, BYTES), "rbytes", "wbytes", "dbytes"),
            keys(StatInfo.counter(HIERARCHICAL, COUNT), "rios", "wios", "dios"),
            keys(INFO, "depth", "win", "missed", "total", "cost.vrate"),
            keys(StatInfo.info(MICROSECONDS), "avg_lat", "cost.usage", "cost.wait", "cost.indebt", "cost.indelay")));
        t.put("io.max", keyed(NESTED_KEYED,
            keys(StatInfo.limit(BYTES), "rbps", "wbps"),
            keys(StatInfo.limit(COUNT), "riops", "wiops")));
        t.put("io.latency", keyed(NESTED_KEYED, keys(StatInfo.limit(MICROSECONDS), "target")));
        t.put("io.weight", FileSpec.of(FLAT_KEYED, INFO));
        t.put("io.bfq.weight", FileSpec.of(FLAT_KEYED, INFO));
        t.put("io.cost.qos", FileSpec.of(TEXT, INFO));
        t.put("io.cost.model", FileSpec.of(TEXT, INFO));
        t.put("io.prio.class", FileSpec.of(TEXT, INFO));
        t.put("io.pressure", pressure());
        t.put("irq.pressure", pressure());

        for (final String name : new String[] {"cpuset.cpus", "cpuset.mems", "cpuset.cpus.partition",
            "cpuset.cpus.exclusive", "cpuset.cpus.isolated", "cpuset.cpus.effective", "cpuset.mems.effective",
            "cpuset.cpus.exclusive.effective"})
        {
            t.put(name, FileSpec.of(TEXT, INFO));
        }

        t.put("hugetlb.*.current", FileSpec.of(SINGLE, StatInfo.gauge(HIERARCHICAL, BYTES)));
        t.put("hugetlb.*.max", FileSpec.of(SINGLE, StatInfo.limit(BYTES)));
        t.put("hugetlb.*.rsvd.current", FileSpec.of(SINGLE, StatInfo.gauge(HIERARCHICAL, BYTES)));
        t.put("hugetlb.*.rsvd.max", FileSpec.of(SINGLE, StatInfo.limit(BYTES)));
        t.put("hugetlb.*.events", keyed(FLAT_KEYED, keys(StatInfo.counter(HIERARCHICAL, COUNT), "max")));
        t.put("hugetlb.*.events.local", keyed(FLAT_KEYED, keys(StatInfo.counter(LOCAL, COUNT), "max")));
        return t;
    }

    /**
     * The v1 entries.
     *
     * @return file name to entry.
     */
    static Map<String, FileSpec> v1()
    {
        final Map<String, FileSpec> t = common();

        t.put("tasks", FileSpec.of(LINE_COUNT, StatInfo.gauge(LOCAL, COUNT)));
        t.put("cgroup.clone_children", FileSpec.of(SINGLE, INFO));
        t.put("notify_on_release", FileSpec.of(SINGLE, INFO));
        t.put("release_agent", FileSpec.of(TEXT, INFO));
        t.put("cgroup.sane_behavior", FileSpec.of(SINGLE, INFO));

        for (final String counter : new String[] {"memory", "memory.memsw", "memory.kmem", "memory.kmem.tcp"})
        {
            t.put(counter + ".usage_in_bytes", FileSpec.of(SINGLE, StatInfo.gauge(HIERARCHICAL, BYTES)));
            t.put(counter + ".max_usage_in_bytes", FileSpec.of(SINGLE, StatInfo.gauge(NONE, BYTES)));
            t.put(counter + ".limit_in_bytes", FileSpec.of(SINGLE, StatInfo.limit(BYTES)));
            t.put(counter + ".failcnt", FileSpec.of(SINGLE, StatInfo.counter(NONE, COUNT)));
        }
        t.put("memory.soft_limit_in_bytes", FileSpec.of(SINGLE, StatInfo.limit(BYTES)));
        for (final String name : new String[] {"memory.swappiness", "memory.use_hierarchy",
            "memory.move_charge_at_immigrate", "memory.oom.group"})
        {
            t.put(name, FileSpec.of(SINGLE, INFO));
        }
        t.put("memory.kmem.slabinfo", FileSpec.of(TEXT, INFO));
        t.put("memory.oom_control", keyed(FLAT_KEYED,
            keys(INFO, "oom_kill_disable", "under_oom"),
            keys(StatInfo.counter(HIERARCHICAL, COUNT), "oom_kill")));
        t.put("memory.stat", new FileSpec(FLAT_KEYED, StatInfo.UNKNOWN, merge(
            keys(StatInfo.gauge(LOCAL, BYTES), V1_MEMORY_BYTES),
            keys(StatInfo.counter(LOCAL, COUNT), "pgpgin", "pgpgout", "pgfault", "pgmajfault", "workingset_*"),
            keys(StatInfo.limit(BYTES), "hierarchical_memory_limit", "hierarchical_memsw_limit")),
            List.of(), "", "total_"));
        t.put("memory.numa_stat", new FileSpec(NESTED_KEYED, StatInfo.UNKNOWN,
            keys(StatInfo.gauge(LOCAL, PAGES), "total", "file", "anon", "unevictable"),
            List.of(), "", "hierarchical_"));

        t.put("cpu.shares", FileSpec.of(SINGLE, INFO));
        t.put("cpu.idle", FileSpec.of(SINGLE, INFO));
        t.put("cpu.cfs_period_us", FileSpec.of(SINGLE, StatInfo.info(MICROSECONDS)));
        t.put("cpu.cfs_quota_us", FileSpec.of(SINGLE,
            StatInfo.limit(MICROSECONDS).withSign(StatSign.MINUS_ONE_IS_MAX)));
        t.put("cpu.cfs_burst_us", FileSpec.of(SINGLE, StatInfo.limit(MICROSECONDS)));
        t.put("cpu.rt_period_us", FileSpec.of(SINGLE, StatInfo.info(MICROSECONDS)));
        t.put("cpu.rt_runtime_us", FileSpec.of(SINGLE,
            StatInfo.limit(MICROSECONDS).withSign(StatSign.MINUS_ONE_IS_MAX)));
        t.put("cpu.stat", keyed(FLAT_KEYED,
            keys(StatInfo.counter(LOCAL, COUNT), "nr_periods", "nr_throttled", "nr_bursts"),
            keys(StatInfo.counter(LOCAL, NANOSECONDS), "throttled_time", "burst_time")));
        t.put("cpu.stat.local", keyed(FLAT_KEYED, keys(StatInfo.counter(LOCAL, NANOSECONDS), "throttled_time")));

        final StatInfo cpuNanos = StatInfo.counter(HIERARCHICAL, NANOSECONDS);
        t.put("cpuacct.usage", FileSpec.of(SINGLE, cpuNanos));
        t.put("cpuacct.usage_user", FileSpec.of(SINGLE, cpuNanos));
        t.put("cpuacct.usage_sys", FileSpec.of(SINGLE, cpuNanos));
        for (final String perCpu : new String[] {"cpuacct.usage_percpu", "cpuacct.usage_percpu_user",
            "cpuacct.usage_percpu_sys"})
        {
            t.put(perCpu, new FileSpec(SPACE_SEPARATED, cpuNanos, Map.of(), List.of(), "cpu", ""));
        }
        t.put("cpuacct.usage_all", FileSpec.of(TABLE, cpuNanos));
        t.put("cpuacct.stat", keyed(FLAT_KEYED, keys(StatInfo.counter(HIERARCHICAL, USER_HZ), "user", "system")));

        for (final String name : new String[] {"cpuset.cpus", "cpuset.mems", "cpuset.effective_cpus",
            "cpuset.effective_mems"})
        {
            t.put(name, FileSpec.of(TEXT, INFO));
        }
        for (final String name : new String[] {"cpuset.cpu_exclusive", "cpuset.mem_exclusive",
            "cpuset.mem_hardwall", "cpuset.memory_migrate", "cpuset.memory_spread_page", "cpuset.memory_spread_slab",
            "cpuset.sched_load_balance", "cpuset.memory_pressure_enabled"})
        {
            t.put(name, FileSpec.of(SINGLE, INFO));
        }
        t.put("cpuset.memory_pressure", FileSpec.of(SINGLE, StatInfo.gauge(NONE, StatUnit.NONE)));
        t.put("cpuset.sched_relax_domain_level", FileSpec.of(SINGLE, SIGNED_INFO));

        t.put("blkio.weight", FileSpec.of(SINGLE, INFO));
        t.put("blkio.leaf_weight", FileSpec.of(SINGLE, INFO));
        t.put("blkio.bfq.weight", FileSpec.of(SINGLE, INFO));
        t.put("blkio.weight_device", FileSpec.of(FLAT_KEYED, INFO));
        t.put("blkio.throttle.read_bps_device", FileSpec.of(FLAT_KEYED, StatInfo.limit(BYTES)));
        t.put("blkio.throttle.write_bps_device", FileSpec.of(FLAT_KEYED, StatInfo.limit(BYTES)));
        t.put("blkio.throttle.read_iops_device", FileSpec.of(FLAT_KEYED, StatInfo.limit(COUNT)));
        t.put("blkio.throttle.write_iops_device", FileSpec.of(FLAT_KEYED, StatInfo.limit(COUNT)));
        for (final String prefix : new String[] {"blkio.throttle.", "blkio.bfq.", "blkio."})
        {
            blkio(t, prefix + "io_service_bytes", BYTES);
            blkio(t, prefix + "io_serviced", COUNT);
            blkio(t, prefix + "io_merged", COUNT);
            blkio(t, prefix + "io_queued", COUNT);
            blkio(t, prefix + "io_service_time", NANOSECONDS);
            blkio(t, prefix + "io_wait_time", NANOSECONDS);
        }
        t.put("blkio.sectors", FileSpec.of(FLAT_KEYED, StatInfo.counter(LOCAL, COUNT)));
        t.put("blkio.sectors_recursive", FileSpec.of(FLAT_KEYED, StatInfo.counter(HIERARCHICAL, COUNT)));

        t.put("freezer.state", FileSpec.of(TEXT, INFO));
        t.put("freezer.self_freezing", FileSpec.of(SINGLE, INFO));
        t.put("freezer.parent_freezing", FileSpec.of(SINGLE, INFO));
        t.put("devices.list", FileSpec.of(TEXT, INFO));
        t.put("net_cls.classid", FileSpec.of(SINGLE, INFO));
        t.put("net_prio.prioidx", FileSpec.of(SINGLE, INFO));
        t.put("net_prio.ifpriomap", FileSpec.of(FLAT_KEYED, INFO));

        t.put("hugetlb.*.usage_in_bytes", FileSpec.of(SINGLE, StatInfo.gauge(HIERARCHICAL, BYTES)));
        t.put("hugetlb.*.max_usage_in_bytes", FileSpec.of(SINGLE, StatInfo.gauge(NONE, BYTES)));
        t.put("hugetlb.*.limit_in_bytes", FileSpec.of(SINGLE, StatInfo.limit(BYTES)));
        t.put("hugetlb.*.failcnt", FileSpec.of(SINGLE, StatInfo.counter(NONE, COUNT)));
        t.put("hugetlb.*.rsvd.usage_in_bytes", FileSpec.of(SINGLE, StatInfo.gauge(HIERARCHICAL, BYTES)));
        t.put("hugetlb.*.rsvd.max_usage_in_bytes", FileSpec.of(SINGLE, StatInfo.gauge(NONE, BYTES)));
        t.put("hugetlb.*.rsvd.limit_in_bytes", FileSpec.of(SINGLE, StatInfo.limit(BYTES)));
        t.put("hugetlb.*.rsvd.failcnt", FileSpec.of(SINGLE, StatInfo.counter(NONE, COUNT)));
        return t;
    }

    /** Files with the same meaning in both versions. */
    private static Map<String, FileSpec> common()
    {
        final Map<String, FileSpec> t = new HashMap<>();
        t.put("cgroup.procs", FileSpec.of(LINE_COUNT, StatInfo.gauge(LOCAL, COUNT)));

        t.put("pids.current", FileSpec.of(SINGLE, StatInfo.gauge(HIERARCHICAL, COUNT)));
        t.put("pids.max", FileSpec.of(SINGLE, StatInfo.limit(COUNT)));
        t.put("pids.peak", FileSpec.of(SINGLE, StatInfo.gauge(NONE, COUNT)));
        t.put("pids.events", keyed(FLAT_KEYED, keys(StatInfo.counter(HIERARCHICAL, COUNT), "max")));
        t.put("pids.events.local", keyed(FLAT_KEYED, keys(StatInfo.counter(LOCAL, COUNT), "max", "max.imposed")));

        t.put("rdma.max", FileSpec.of(NESTED_KEYED, StatInfo.limit(COUNT)));
        t.put("rdma.current", FileSpec.of(NESTED_KEYED, StatInfo.gauge(HIERARCHICAL, COUNT)));

        t.put("misc.capacity", FileSpec.of(FLAT_KEYED, StatInfo.info(COUNT)));
        t.put("misc.current", FileSpec.of(FLAT_KEYED, StatInfo.gauge(HIERARCHICAL, COUNT)));
        t.put("misc.peak", FileSpec.of(FLAT_KEYED, StatInfo.gauge(NONE, COUNT)));
        t.put("misc.max", FileSpec.of(FLAT_KEYED, StatInfo.limit(COUNT)));
        t.put("misc.events", FileSpec.of(FLAT_KEYED, StatInfo.counter(HIERARCHICAL, COUNT)));
        t.put("misc.events.local", FileSpec.of(FLAT_KEYED, StatInfo.counter(LOCAL, COUNT)));

        t.put("hugetlb.*.numa_stat", FileSpec.of(NESTED_KEYED, StatInfo.gauge(HIERARCHICAL, BYTES)));

        // not a cgroupfs file: per v1 controller, /proc/cgroups num_cgroups minus the live directories of its
        // hierarchy (the dying cgroups), put on the root row of a whole walk of a live hierarchy
        t.put(DYING_CGROUPS, FileSpec.of(FLAT_KEYED, StatInfo.gauge(NONE, COUNT)));
        return t;
    }

    private static void blkio(final Map<String, FileSpec> t, final String name, final StatUnit unit)
    {
        t.put(name, FileSpec.of(DEVICE_KEYED, StatInfo.counter(LOCAL, unit)));
        t.put(name + "_recursive", FileSpec.of(DEVICE_KEYED, StatInfo.counter(HIERARCHICAL, unit)));
    }

    private static FileSpec pressure()
    {
        return keyed(PRESSURE, keys(PERCENT_AVG, "avg10", "avg60", "avg300"), keys(STALL_TOTAL, "total"));
    }

    @SafeVarargs
    private static FileSpec keyed(final StatFormat format, final Map<String, StatInfo>... parts)
    {
        return new FileSpec(format, StatInfo.UNKNOWN, merge(parts), List.of(), "", "");
    }

    @SafeVarargs
    private static Map<String, StatInfo> merge(final Map<String, StatInfo>... parts)
    {
        final Map<String, StatInfo> all = new HashMap<>();
        for (final Map<String, StatInfo> part : parts)
        {
            all.putAll(part);
        }
        return all;
    }

    private static Map<String, StatInfo> keys(final StatInfo info, final String... names)
    {
        final Map<String, StatInfo> map = new HashMap<>();
        for (final String name : names)
        {
            map.put(name, info);
        }
        return map;
    }
}
