package dev.rstat.cgroup.synthetic;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Writes {@code testdata/hostile}: snapshot trees whose cgroup names are legal in cgroupfs but hostile to tools, and
 * whose files hold every format trap a parser must survive. The traps and the required behaviour are listed in
 * {@code testdata/hostile/EXPECTED.md} (hand-written; this class writes only the trees and the expected walk order).
 * <p>
 * Output, below the given directory: {@code unified/} (cgroup2), {@code memory/} (cgroup1 memory),
 * {@code cpu,cpuacct/} (cgroup1 cpu and cpuacct co-mounted), {@code expected-order-descendants_pre.txt} (pre-order of
 * {@code unified/} from its root, siblings in UTF-8 byte order, one relative path per line).
 * Stateless; thread-safe.
 */
public final class HostileFixture
{
    /** The {@code taken=} of the snapshots: fixed for byte-for-byte reproducible output. */
    public static final String TAKEN = "2026-01-15T12:00:00Z";

    /** Cgroup names (children of the v2 root) that are legal in cgroupfs but hostile to tools. */
    static final String[] HOSTILE_NAMES = {
        "with space",
        "comma,separated",
        "double\"quote",
        "single'quote",
        "back\\slash",
        "caf\u00e9",
        "cafe\u0301",
        "\u65e5\u672c",
        "\uD83D\uDC33whale",
        "\uFF21-fullwidth",
        "-leading-dash",
        "max",
        "12345",
        "007",
        "UPPER",
        ".dotted",
        "a=b",
        "tab\tname",
        "trailing-space ",
        "looks (deleted)",
        "percent%2Fslash",
        "long-" + "x".repeat(250),
    };

    private static final String NORMAL_CPU_STAT =
        "usage_usec 1000\nuser_usec 600\nsystem_usec 400\nnice_usec 0\ncore_sched.force_idle_usec 0\n";
    private static final String ZERO_PRESSURE =
        "some avg10=0.00 avg60=0.00 avg300=0.00 total=0\nfull avg10=0.00 avg60=0.00 avg300=0.00 total=0\n";

    private HostileFixture()
    {
    }

    /**
     * Writes the hostile trees into {@code dir} (created if missing; the trees must not exist yet).
     *
     * @param dir output directory, e.g. {@code testdata/hostile}.
     */
    public static void write(final Path dir)
    {
        final List<String> v2 = writeUnified(new SnapshotWriter(dir.resolve("unified")));
        writeMemoryV1(new SnapshotWriter(dir.resolve("memory")));
        writeCpuacctV1(new SnapshotWriter(dir.resolve("cpu,cpuacct")));
        final StringBuilder order = new StringBuilder();
        for (final String path : preOrder(v2))
        {
            order.append(path).append('\n');
        }
        SnapshotWriter.write(dir.resolve("expected-order-descendants_pre.txt"), order.toString());
    }

    /**
     * Regenerates the trees: {@code HostileFixture <dir>}. Only the generated trees and the order file are replaced;
     * the hand-written EXPECTED.md in {@code dir} is kept.
     *
     * @param args the output directory.
     */
    public static void main(final String[] args)
    {
        if (args.length != 1)
        {
            System.err.println("usage: HostileFixture <dir>   (e.g. testdata/hostile)");
            System.exit(2);
        }
        final Path dir = Paths.get(args[0]);
        FileTrees.deleteRecursively(dir.resolve("unified"));
        FileTrees.deleteRecursively(dir.resolve("memory"));
        FileTrees.deleteRecursively(dir.resolve("cpu,cpuacct"));
        write(dir);
        System.out.println("wrote " + dir);
    }

    /** Pre-order of cgroup paths, siblings by UTF-8 bytes; input: all paths, parents listed before children. */
    static List<String> preOrder(final List<String> paths)
    {
        final List<String> sorted = new ArrayList<>(paths);
        sorted.sort((a, b) -> compareAsPaths(a, b));
        return sorted;
    }

    /** Compares cgroup paths component by component, each component by its UTF-8 bytes (unsigned). */
    private static int compareAsPaths(final String a, final String b)
    {
        final String[] pa = "/".equals(a) ? new String[0] : a.substring(1).split("/", -1);
        final String[] pb = "/".equals(b) ? new String[0] : b.substring(1).split("/", -1);
        for (int i = 0; i < Math.min(pa.length, pb.length); i++)
        {
            final int c = Arrays.compareUnsigned(
                pa[i].getBytes(StandardCharsets.UTF_8), pb[i].getBytes(StandardCharsets.UTF_8));
            if (c != 0)
            {
                return c;
            }
        }
        return Integer.compare(pa.length, pb.length);
    }

    private static List<String> writeUnified(final SnapshotWriter w)
    {
        final List<String> paths = new ArrayList<>();
        w.cgroup("/", 1);
        paths.add("/");
        w.snapshotInfo("/sys/fs/cgroup", 2, "cpu io memory pids", TAKEN);
        w.file("/", "cgroup.controllers", "cpu io memory pids\n");
        w.file("/", "cgroup.subtree_control", "cpu io memory pids\n");
        w.file("/", "cgroup.procs", "1\n2\n");
        w.file("/", "cgroup.stat", "nr_descendants " + (HOSTILE_NAMES.length + 2) + "\nnr_dying_descendants 0\n");
        w.file("/", "cpu.stat", "usage_usec 90000\nuser_usec 50000\nsystem_usec 40000\nnice_usec 0\n" +
            "core_sched.force_idle_usec 0\nnr_periods 0\nnr_throttled 0\nthrottled_usec 0\nnr_bursts 0\n" +
            "burst_usec 0\n");
        // Trap: the system-level cpu "full" line is defined as all zeros.
        w.file("/", "cpu.pressure",
            "some avg10=1.25 avg60=0.80 avg300=0.33 total=13612117\nfull avg10=0.00 avg60=0.00 avg300=0.00 total=0\n");
        // Trap: irq.pressure has only a "full" line.
        w.file("/", "irq.pressure", "full avg10=0.12 avg60=0.05 avg300=0.01 total=812345\n");
        w.file("/", "memory.pressure", ZERO_PRESSURE);
        w.file("/", "io.pressure",
            "some avg10=0.00 avg60=0.11 avg300=0.18 total=2717136\n" +
            "full avg10=0.00 avg60=0.11 avg300=0.17 total=2500378\n");
        // Traps: debug keys (io.latency: depth=max avg_lat win; missed total depth), iocost keys with a decimal
        // (cost.vrate=105.83), a device line with only "major:minor " (as the kernel prints it: trailing space) and
        // one with no space at all.
        w.file("/", "io.stat",
            "8:16 rbytes=1459200 wbytes=314773504 rios=192 wios=353 dbytes=0 dios=0 depth=max avg_lat=2391 win=250\n" +
            "259:0 rbytes=8192 wbytes=4096 rios=2 wios=1 dbytes=0 dios=0 cost.vrate=105.83 cost.usage=1234 " +
            "cost.wait=56 cost.indebt=0 cost.indelay=0 missed=3 total=412 depth=64\n" +
            "253:1 \n" +
            "7:0\n");
        w.file("/", "memory.stat", "anon 1048576\nfile 2097152\nkernel 524288\nsock 0\nshmem 0\npgfault 100\n");

        long id = 100;
        for (final String name : HOSTILE_NAMES)
        {
            final String path = "/" + name;
            id += 7;
            final long cgroupId = "\u65e5\u672c".equals(name) ? 4_294_967_298L :
                "\uD83D\uDC33whale".equals(name) ? 8_589_934_593L : id;
            w.cgroup(path, cgroupId);
            paths.add(path);
            normalFiles(w, path);
        }
        trapFiles(w);
        w.cgroup("/with space/inner,child", 200);
        paths.add("/with space/inner,child");
        normalFiles(w, "/with space/inner,child");
        w.file("/with space/inner,child", "pids.current", "3\n");
        w.cgroup("/\u65e5\u672c/\u5b50", 201);
        paths.add("/\u65e5\u672c/\u5b50");
        normalFiles(w, "/\u65e5\u672c/\u5b50");
        return paths;
    }

    private static void normalFiles(final SnapshotWriter w, final String path)
    {
        w.file(path, "cgroup.controllers", "cpu io memory pids\n");
        w.file(path, "cgroup.subtree_control", "");
        w.file(path, "cgroup.type", "domain\n");
        w.file(path, "cgroup.events", "populated 0\nfrozen 0\n");
        w.file(path, "cgroup.procs", "");
        w.file(path, "cpu.stat", NORMAL_CPU_STAT +
            "nr_periods 0\nnr_throttled 0\nthrottled_usec 0\nnr_bursts 0\nburst_usec 0\n");
        w.file(path, "cpu.stat.local", "throttled_usec 0\n");
        w.file(path, "cpu.pressure", ZERO_PRESSURE);
        w.file(path, "memory.current", "8192\n");
        w.file(path, "memory.max", "max\n");
        w.file(path, "memory.stat", "anon 4096\nfile 4096\nkernel 0\nsock 0\nshmem 0\npgfault 1\n");
        w.file(path, "memory.pressure", ZERO_PRESSURE);
        w.file(path, "io.stat", "");
        w.file(path, "io.pressure", ZERO_PRESSURE);
        w.file(path, "pids.current", "0\n");
        w.file(path, "pids.max", "max\n");
    }

    /** Overwrites (or removes) the files of specific cgroups with the traps listed in EXPECTED.md. */
    private static void trapFiles(final SnapshotWriter w)
    {
        // A missing file (memory.current) and a dot-file that is not a stat file.
        final Path withSpace = w.directory("/with space");
        deleteFile(withSpace.resolve("memory.current"));
        w.file("/with space", ".orig-memory.stat", "this is not a stat file\n");

        // Empty files, all legitimate in the kernel: no memory.stat content, no I/O, no cpu controller.
        w.file("/comma,separated", "memory.stat", "");
        w.file("/comma,separated", "io.stat", "");
        w.file("/comma,separated", "cpu.stat.local", "");

        // No trailing newline.
        w.file("/double\"quote", "memory.current", "123456789");
        w.file("/double\"quote", "cpu.stat", "usage_usec 5\nuser_usec 3\nsystem_usec 2");

        // Malformed lines between good ones.
        w.file("/single'quote", "memory.stat",
            "anon 1048576\n" +
            "this line is garbage\n" +
            "file 18446744073709551616\n" +
            "shmem -4096\n" +
            "kernel\n" +
            "sock 0x1000\n" +
            "pgfault 12\n");

        // io.stat debug keys in a child, a malformed pair, a pressure line with a bad value.
        w.file("/back\\slash", "io.stat",
            "259:0 rbytes=4096 wbytes=8192 rios=1 wios=2 dbytes=0 dios=0 missed=0 total=3 depth=max\n" +
            "8:16 rbytes=512 wbytes=0 rios=1 wios=0 dbytes=0 dios=0 use_delay=1 delay_nsec=2500000 " +
            "depth=1 avg_lat=2391 win=250\n" +
            "8:32 rbytes=10 wbytes rios=1 wios=0 dbytes=0 dios=0\n");
        w.file("/back\\slash", "cpu.pressure",
            "some avg10=0.00 avg60=oops avg300=0.00 total=12\nfull avg10=0.00 avg60=0.00 avg300=0.00 total=7\n");

        // Every flavour of "max".
        w.file("/max", "memory.max", "max\n");
        w.file("/max", "memory.high", "max\n");
        w.file("/max", "memory.swap.max", "max\n");
        w.file("/max", "pids.max", "max\n");
        w.file("/max", "cpu.max", "max 100000\n");
        w.file("/max", "io.max", "8:16 rbps=max wbps=max riops=max wiops=120\n");
        w.file("/max", "memory.current", "4096\n");

        // Unsigned 64-bit values above Long.MAX_VALUE (and exactly at it).
        w.file("/12345", "cpu.stat",
            "usage_usec 18446744073709551615\nuser_usec 9223372036854775808\nsystem_usec 9223372036854775807\n");
        w.file("/12345", "memory.stat", "pgfault 18446744073709551615\npgmajfault 9223372036854775808\n");
        w.file("/12345", "io.stat",
            "8:16 rbytes=18446744073709551615 wbytes=9223372036854775808 rios=1 wios=1 dbytes=0 dios=0\n");
        w.file("/12345", "memory.current", "18446744073709551615\n");

        // Pressure edge cases: no "full" line; 100.00; a cgroup-level cpu full of zeros.
        w.file("/\u65e5\u672c", "memory.pressure", "some avg10=3.10 avg60=1.20 avg300=0.40 total=99123\n");
        w.file("/\u65e5\u672c", "io.pressure",
            "some avg10=100.00 avg60=97.50 avg300=64.02 total=9912345\nfull avg10=99.99 avg60=97.00 avg300=63.10 " +
            "total=9800001\n");

        // Older and newer kernels: cpu.stat without nice_usec/core_sched, an unknown memory.stat key in the middle,
        // memory.events without oom_group_kill but with a newer key.
        w.file("/caf\u00e9", "cpu.stat", "usage_usec 3000\nuser_usec 2000\nsystem_usec 1000\n" +
            "nr_periods 10\nnr_throttled 2\nthrottled_usec 500\nnr_bursts 0\nburst_usec 0\n");
        w.file("/caf\u00e9", "memory.stat", "anon 4096\nfile 8192\nfuture_key_2030 42\nkernel 0\nsock 0\npgfault 7\n");
        w.file("/caf\u00e9", "memory.events", "low 0\nhigh 0\nmax 1\noom 0\noom_kill 0\nsock_throttled 5\n");

        // cgroup.procs lines of 0: processes outside the reader's pid namespace.
        w.file("/-leading-dash", "cgroup.procs", "0\n0\n1234\n");
    }

    private static void deleteFile(final Path file)
    {
        try
        {
            Files.delete(file);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot delete: file=" + file, ex);
        }
    }

    private static void writeMemoryV1(final SnapshotWriter w)
    {
        w.cgroup("/", 1);
        w.snapshotInfo("/sys/fs/cgroup/memory", 1, "memory", TAKEN);
        w.cgroup("/with space", 35);
        w.cgroup("/with space/caf\u00e9", 2939);
        for (final String path : new String[]{"/", "/with space", "/with space/caf\u00e9"})
        {
            w.file(path, "cgroup.procs", "");
            w.file(path, "tasks", "");
            w.file(path, "memory.use_hierarchy", "1\n");
            w.file(path, "memory.failcnt", "0\n");
            // Trap: the v1 "unlimited" is PAGE_COUNTER_MAX * PAGE_SIZE, a number, not "max".
            w.file(path, "memory.limit_in_bytes", "9223372036854771712\n");
        }
        w.file("/", "memory.usage_in_bytes", "136523776\n");
        w.file("/with space", "memory.usage_in_bytes", "12288000\n");
        w.file("/with space/caf\u00e9", "memory.usage_in_bytes", "4096000\n");
        // Traps: cache and total_cache (and rss/total_rss...) side by side; hierarchical_*_limit.
        w.file("/", "memory.stat", v1MemoryStat(9_207_808, 6_709_248, 122_814_464, 12_197_888));
        w.file("/with space", "memory.stat", v1MemoryStat(4_096_000, 4_096_000, 8_192_000, 4_096_000));
        w.file("/with space/caf\u00e9", "memory.stat", v1MemoryStat(4_096_000, 0, 4_096_000, 0));
    }

    private static String v1MemoryStat(final long cache, final long rss, final long totalCache, final long totalRss)
    {
        return "cache " + cache + "\nrss " + rss + "\nrss_huge 0\nshmem 0\nmapped_file 0\ndirty 0\nwriteback 0\n" +
            "swap 0\npgpgin 35260\npgpgout 31374\npgfault 34904\npgmajfault 0\ninactive_anon 0\nactive_anon " + rss +
            "\ninactive_file " + cache + "\nactive_file 0\nunevictable 0\n" +
            "hierarchical_memory_limit 9223372036854771712\nhierarchical_memsw_limit 9223372036854771712\n" +
            "total_cache " + totalCache + "\ntotal_rss " + totalRss + "\ntotal_rss_huge 0\ntotal_shmem 0\n" +
            "total_mapped_file 0\ntotal_dirty 0\ntotal_writeback 0\ntotal_swap 0\ntotal_pgpgin 1051731\n" +
            "total_pgpgout 1018860\ntotal_pgfault 1187532\ntotal_pgmajfault 412\ntotal_inactive_anon 0\n" +
            "total_active_anon " + totalRss + "\ntotal_inactive_file " + totalCache + "\ntotal_active_file 0\n" +
            "total_unevictable 0\n";
    }

    private static void writeCpuacctV1(final SnapshotWriter w)
    {
        w.cgroup("/", 1);
        // Trap: co-mounted v1 controllers; the mount point has a comma in it.
        w.snapshotInfo("/sys/fs/cgroup/cpu,cpuacct", 1, "cpu cpuacct", TAKEN);
        w.cgroup("/with space", 41);
        w.file("/", "cpuacct.usage", "92594046487\n");
        // Trap: "%llu " per possible CPU, then "\n": a trailing space.
        w.file("/", "cpuacct.usage_percpu", "42462003971 50132042516 \n");
        w.file("/", "cpuacct.usage_percpu_user", "33443415900 37669054855 \n");
        w.file("/", "cpuacct.usage_percpu_sys", "7500808773 11242003869 \n");
        // Trap: a header line, then one row per CPU.
        w.file("/", "cpuacct.usage_all", "cpu user system\n0 33443415900 7500808773\n1 37669054855 11242003869\n");
        // Trap: USER_HZ ticks, not nanoseconds or microseconds.
        w.file("/", "cpuacct.stat", "user 7328\nsystem 1931\n");
        w.file("/", "cpu.stat", "nr_periods 0\nnr_throttled 0\nthrottled_time 0\nnr_bursts 0\nburst_time 0\n");
        w.file("/", "cpu.cfs_quota_us", "-1\n");
        w.file("/", "cpu.cfs_period_us", "100000\n");
        w.file("/", "cpu.shares", "1024\n");
        w.file("/with space", "cpuacct.usage", "1000\n");
        w.file("/with space", "cpuacct.usage_percpu", "400 600 \n");
        w.file("/with space", "cpuacct.usage_all", "cpu user system\n0 300 100\n1 500 100\n");
        w.file("/with space", "cpuacct.stat", "user 0\nsystem 0\n");
        w.file("/with space", "cpu.stat",
            "nr_periods 12\nnr_throttled 3\nthrottled_time 4500000\nnr_bursts 0\nburst_time 0\n");
        w.file("/with space", "cpu.cfs_quota_us", "50000\n");
        w.file("/with space", "cpu.cfs_period_us", "100000\n");
        w.file("/with space", "cpu.shares", "512\n");
    }
}
