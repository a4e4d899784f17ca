package dev.rstat.cgroup.synthetic;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The systemd cgroup2 host of {@code testdata/systemd-host}: the table of cgroups with the own shares and limits the
 * fixture chose, and the hierarchical totals computed from them the way the kernel aggregates (parent = own share +
 * sum of its children; peaks and pressure stall times = own + the largest child, since they are not additive).
 * <p>
 * Creation order (which fixes the ids) is the order of the table; sibling order everywhere else is by name in UTF-8
 * byte order. All traversals are iterative.
 */
final class SystemdHostModel
{
    static final String NVME = "259:0";
    static final String ROOT_LV = "253:0";
    static final String CONTAINERD_LV = "253:1";
    static final String DATA_DISK = "8:0";

    static final long MIB = 1024L * 1024;
    static final long GIB = 1024L * MIB;
    static final long DEFAULT_TASKS_MAX = 4915;
    static final long USER_TASKS_MAX = 10813;
    static final long POD_PIDS_LIMIT = 4096;

    static final String ALL = "cpu io memory pids";

    /** The cgroup all expected walk orders start from. */
    static final String ORDER_START = "/kubepods.slice/kubepods-burstable.slice";

    private final Map<String, HostCgroup> byPath = new LinkedHashMap<>();
    private int created;

    private SystemdHostModel()
    {
    }

    /** Builds the fixture host with all totals computed. */
    static List<HostCgroup> build()
    {
        final SystemdHostModel m = new SystemdHostModel();
        m.table();
        m.link();
        m.aggregate();
        m.validate();
        return m.preOrder();
    }

    static String podSlice(final String qosPrefix, final String label)
    {
        return qosPrefix + "pod" + podUid(label).replace('-', '_') + ".slice";
    }

    static String containerScope(final String label)
    {
        return "cri-containerd-" + sha256Hex("container:" + label) + ".scope";
    }

    static String podUid(final String label)
    {
        final String h = sha256Hex("pod:" + label);
        return h.substring(0, 8) + "-" + h.substring(8, 12) + "-4" + h.substring(13, 16) + "-a" + h.substring(17, 20) +
            "-" + h.substring(20, 32);
    }

    private static String sha256Hex(final String text)
    {
        try
        {
            final byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            final StringBuilder sb = new StringBuilder(64);
            for (final byte b : digest)
            {
                sb.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
            }
            return sb.toString();
        }
        catch (final NoSuchAlgorithmException ex)
        {
            throw new IllegalStateException("SHA-256 unavailable", ex);
        }
    }

    /** One row per cgroup, in creation order; every number is the cgroup's OWN share or its own setting. */
    private void table()
    {
        add("/").controllers(ALL, ALL)
            .cpu(0, 3_812_442_109L, 0)
            .memory(0, 1_268_432, 0, 412_880, 0).faults(1_943_112, 0)
            .io(NVME, 912_347_136L, 4_103_254_016L, 53_687_091_200L)
            .io(ROOT_LV, 402_653_184L, 1_610_612_736L, 0)
            .io(CONTAINERD_LV, 134_217_728L, 268_435_456L, 0)
            .io(DATA_DISK, 1_048_576L, 0, 0)
            .pressure("cpu", 88_102_334L, 0).pressure("memory", 1_204_550L, 803_112L)
            .pressure("io", 402_110_877L, 310_002_113L);
        for (long pid = 2; pid <= 25; pid++)
        {
            byPath.get("/").process(pid, 1);
        }

        add("/init.scope").controllers(ALL, "")
            .process(1, 1)
            .cpu(41_927_113L, 58_311_906L, 0)
            .memory(9_216, 21_504, 0, 3_072, 12).faults(2_914_553, 0)
            .io(ROOT_LV, 402_653_184L, 16_777_216L, 0).io(NVME, 402_653_184L, 16_777_216L, 0);

        add("/system.slice").controllers(ALL, "io memory pids")
            .cpu(12_882_401L, 9_004_117L, 0)
            .memory(0, 318_976, 0, 8_128, 0).faults(1_201_877, 0)
            .io(ROOT_LV, 0, 0, 107_374_182_400L).io(NVME, 0, 0, 107_374_182_400L)
            .dying(2);
        add("/system.slice/systemd-journald.service").controllers("io memory pids", "")
            .process(412, 1)
            .cpu(19_445_002L, 51_876_345L, 0)
            .memory(14_336, 262_144, 8_192, 2_048, 36).swap(8_192, 0).faults(92_811, 0)
            .io(ROOT_LV, 8_388_608L, 1_903_452_160L, 0).io(NVME, 8_388_608L, 1_903_452_160L, 0)
            .pressure("io", 8_112_554L, 7_443_001L)
            .pidsMax(DEFAULT_TASKS_MAX);
        add("/system.slice/systemd-udevd.service").controllers("io memory pids", "")
            .process(436, 1)
            .cpu(2_341_556L, 4_120_908L, 0)
            .memory(3_072, 5_120, 0, 6_144, 0).faults(203_774, 0);
        add("/system.slice/dbus.service").controllers("io memory pids", "")
            .process(801, 1)
            .cpu(6_102_336L, 7_998_210L, 0)
            .memory(2_560, 1_024, 0, 512, 48).faults(11_209, 0)
            .pidsMax(DEFAULT_TASKS_MAX);
        add("/system.slice/systemd-logind.service").controllers("io memory pids", "")
            .process(803, 1)
            .cpu(1_420_877L, 1_967_005L, 0)
            .memory(1_792, 2_048, 0, 384, 8).faults(8_340, 0)
            .pidsMax(DEFAULT_TASKS_MAX);
        add("/system.slice/sshd.service").controllers("io memory pids", "")
            .process(812, 1)
            .cpu(733_040L, 1_210_330L, 0)
            .memory(1_536, 3_584, 0, 256, 4).faults(52_330, 0)
            .pidsMax(DEFAULT_TASKS_MAX);
        add("/system.slice/cron.service").controllers("io memory pids", "")
            .process(830, 1)
            .cpu(402_118L, 611_250L, 0)
            .memory(640, 1_536, 0, 128, 0).faults(31_442, 0)
            .pidsMax(DEFAULT_TASKS_MAX);
        add("/system.slice/containerd.service").controllers("io memory pids", "")
            .process(845, 42).process(1904, 12).process(2204, 12).process(2804, 12)
            .cpu(611_203_998L, 402_776_120L, 0)
            .memory(88_064, 1_048_576, 0, 24_576, 96).vmalloc(256).faults(1_877_302, 0)
            .io(CONTAINERD_LV, 3_221_225_472L, 8_589_934_592L, 0).io(NVME, 3_221_225_472L, 8_589_934_592L, 0)
            .pressure("cpu", 2_011_203L, 1_004_877L).pressure("io", 12_877_334L, 9_004_211L)
            .pidsPeakExtra(8);
        add("/system.slice/kubelet.service").controllers("io memory pids", "")
            .process(910, 38)
            .cpu(1_844_020_117L, 733_912_540L, 0)
            .memory(131_072, 65_536, 0, 12_288, 200).vmalloc(128).faults(4_412_119, 0)
            .io(ROOT_LV, 268_435_456L, 805_306_368L, 0).io(NVME, 268_435_456L, 805_306_368L, 0)
            .pressure("cpu", 4_402_118L, 1_877_002L).pressure("io", 3_110_247L, 2_004_118L)
            .peakExtra(65_536).pidsPeakExtra(6)
            .pidsMax(DEFAULT_TASKS_MAX);
        add("/system.slice/system-getty.slice").controllers("io memory pids", "memory pids");
        add("/system.slice/system-getty.slice/getty@tty1.service").controllers("memory pids", "")
            .process(1021, 1)
            .cpu(10_024L, 15_997L, 0)
            .memory(256, 768, 0, 64, 0).faults(612, 0)
            .pidsMax(DEFAULT_TASKS_MAX);

        add("/user.slice").controllers(ALL, "memory pids")
            .memory(0, 4_096, 0, 0, 0);

        add("/kubepods.slice").controllers(ALL, ALL)
            .kubeCpuRequest(8000)
            .memory(0, 12_288, 0, 0, 0)
            .memoryMax(16_642_998_272L)
            .protection(2_885_681_152L, 0);
        add("/kubepods.slice/kubepods-burstable.slice").controllers(ALL, ALL)
            .kubeCpuRequest(2500)
            .cpu(8_302_119L, 3_100_446L, 0)
            .memory(0, 40_960, 0, 0, 0)
            .protection(738_197_504L, 0)
            .dying(1);
        add("/kubepods.slice/kubepods-besteffort.slice").controllers(ALL, ALL)
            .kubeCpuRequest(0);

        final String podG = "/kubepods.slice/" + podSlice("kubepods-", "postgres-0");
        add(podG).label("pod postgres-0 (guaranteed QoS)").controllers(ALL, ALL)
            .kubeCpuRequest(1000).cpuMax(100_000).bandwidth(401_233, 2_011, 9_877_102L, 9_877_102L)
            .memoryMax(2 * GIB).protection(2 * GIB, 0)
            .pidsMax(POD_PIDS_LIMIT);
        add(podG + "/" + containerScope("postgres-0/pause")).label("pod postgres-0 / pause container")
            .controllers(ALL, "")
            .kubeCpuRequest(0).process(2610, 1)
            .cpu(2_904L, 6_110L, 0)
            .memory(256, 0, 0, 32, 0).faults(98, 0)
            .swapMax(0).localThrottled(4_112L);
        add(podG + "/" + containerScope("postgres-0/postgres")).label("pod postgres-0 / postgres container")
            .controllers(ALL, "")
            .kubeCpuRequest(1000)
            .process(2650, 1)
            .cpu(733_201_554L, 402_118_330L, 0).forceIdle(1_877_204L)
            .memory(1_048_576, 524_288, 262_144, 16_384, 512).faults(10_442_871, 0)
            .io(DATA_DISK, 21_474_836_480L, 42_949_672_960L, 0)
            .pressure("cpu", 4_330_118L, 2_110_227L).pressure("io", 77_204_118L, 70_110_334L)
            .memoryMax(2 * GIB).protection(2 * GIB, 0).swapMax(0).peakExtra(131_072)
            .localThrottled(9_701_334L);
        for (long pid = 2701; pid <= 2712; pid++)
        {
            byPath.get(podG + "/" + containerScope("postgres-0/postgres")).process(pid, 1);
        }

        final String podB1 = "/kubepods.slice/kubepods-burstable.slice/" +
            podSlice("kubepods-burstable-", "web-7d9f-x2k4p");
        add(podB1).label("pod web-7d9f-x2k4p (burstable)").controllers(ALL, ALL)
            .kubeCpuRequest(500)
            .memory(0, 1_024, 0, 0, 0)
            .memoryMax(512 * MIB).protection(128 * MIB, 0).memoryEvents(0, 0, 17, 0, 0, 0)
            .pressure("memory", 2_004_118L, 1_202_331L)
            .pidsMax(POD_PIDS_LIMIT)
            .dying(1);
        add(podB1 + "/" + containerScope("web-7d9f-x2k4p/pause")).label("pod web-7d9f-x2k4p / pause container")
            .controllers(ALL, "")
            .kubeCpuRequest(0).process(2110, 1)
            .cpu(3_221L, 7_804L, 0)
            .memory(256, 0, 0, 32, 0).faults(102, 0)
            .swapMax(0);
        add(podB1 + "/" + containerScope("web-7d9f-x2k4p/nginx")).label("pod web-7d9f-x2k4p / nginx container")
            .controllers(ALL, "")
            .kubeCpuRequest(500)
            .process(2150, 1).process(2181, 1).process(2182, 1).process(2183, 1).process(2184, 1)
            .cpu(98_332_004L, 61_877_203L, 0)
            .memory(180_224, 61_440, 0, 4_096, 1_024).faults(8_113_442, 552_913)
            .io(CONTAINERD_LV, 104_857_600L, 52_428_800L, 0).io(NVME, 104_857_600L, 52_428_800L, 0)
            .pressure("cpu", 10_227_338L, 8_004_112L).pressure("memory", 51_445_290L, 48_002_117L)
            .pressure("io", 9_877_443L, 8_110_002L)
            .memoryMax(256 * MIB).protection(128 * MIB, 0).swapMax(0).peakAtLimit()
            .memoryEvents(0, 0, 1_842, 3, 3, 3);

        final String podB2 = "/kubepods.slice/kubepods-burstable.slice/" +
            podSlice("kubepods-burstable-", "api-5c8b-q9w2z");
        add(podB2).label("pod api-5c8b-q9w2z (burstable)").controllers(ALL, ALL)
            .kubeCpuRequest(2000).cpuMax(200_000).bandwidth(512_344, 10_231, 81_234_567L, 81_234_567L)
            .memoryMax(GIB).protection(576 * MIB, 0)
            .ioMax(NVME, HostCgroup.MAX, 52_428_800L, HostCgroup.MAX, HostCgroup.MAX)
            .pidsMax(POD_PIDS_LIMIT);
        add(podB2 + "/" + containerScope("api-5c8b-q9w2z/pause")).label("pod api-5c8b-q9w2z / pause container")
            .controllers(ALL, "")
            .kubeCpuRequest(0).process(2310, 1)
            .cpu(3_014L, 7_337L, 0)
            .memory(256, 0, 0, 32, 0).faults(97, 0)
            .swapMax(0).localThrottled(2_201L);
        add(podB2 + "/" + containerScope("api-5c8b-q9w2z/api")).label("pod api-5c8b-q9w2z / api container")
            .controllers(ALL, "")
            .kubeCpuRequest(1500)
            .process(2400, 67)
            .cpu(1_402_337_120L, 188_440_912L, 0)
            .memory(614_400, 49_152, 0, 8_192, 2_048).faults(2_901_448, 88_120)
            .io(CONTAINERD_LV, 41_943_040L, 314_572_800L, 0).io(NVME, 41_943_040L, 314_572_800L, 0)
            .pressure("cpu", 88_201_447L, 80_117_002L).pressure("memory", 12_118_009L, 9_004_332L)
            .memoryMax(768 * MIB).memoryHigh(724_774_912L).protection(512 * MIB, 0).swapMax(0)
            .memoryEvents(0, 9_931, 0, 0, 0, 0)
            .localThrottled(79_880_221L).pidsPeakExtra(12);
        add(podB2 + "/" + containerScope("api-5c8b-q9w2z/envoy")).label("pod api-5c8b-q9w2z / envoy container")
            .controllers(ALL, "")
            .kubeCpuRequest(500)
            .process(2500, 16)
            .cpu(201_227_318L, 98_002_111L, 0)
            .cpuMax(50_000).bandwidth(498_112, 40_277, 502_331_876L, 510_112_004L)
            .memory(73_728, 8_192, 0, 3_072, 4_096).faults(402_876, 0)
            .io(CONTAINERD_LV, 0, 8_388_608L, 0).io(NVME, 0, 8_388_608L, 0)
            .ioMax(NVME, HostCgroup.MAX, 10_485_760L, HostCgroup.MAX, 1_000)
            .pressure("cpu", 301_223_117L, 290_004_228L)
            .memoryMax(256 * MIB).protection(64 * MIB, 0).swapMax(0);

        add("/user.slice/user-1000.slice").controllers("memory pids", "memory pids")
            .cpu(3_120_554L, 1_005_338L, 0)
            .memory(0, 20_480, 0, 0, 0)
            .pidsMax(USER_TASKS_MAX)
            .dying(1);
        add("/user.slice/user-1000.slice/user@1000.service").controllers("memory pids", "memory pids")
            .pidsMax(DEFAULT_TASKS_MAX).pidsEvents(2);
        add("/user.slice/user-1000.slice/user@1000.service/init.scope").controllers("memory pids", "")
            .process(1500, 1).process(1502, 1)
            .cpu(1_845_221L, 2_004_110L, 0)
            .memory(5_120, 4_096, 0, 1_024, 0).faults(44_901, 0);
        add("/user.slice/user-1000.slice/user@1000.service/session.slice").controllers("memory pids", "memory pids");
        add("/user.slice/user-1000.slice/user@1000.service/session.slice/dbus.service")
            .controllers("memory pids", "")
            .process(1520, 1)
            .cpu(144_502L, 199_807L, 0)
            .memory(1_280, 512, 0, 128, 16).faults(5_119, 0);
        add("/user.slice/user-1000.slice/user@1000.service/app.slice").controllers("memory pids", "memory pids")
            .memory(0, 2_048, 0, 0, 0);
        add("/user.slice/user-1000.slice/user@1000.service/app.slice/app-tmux-3155.scope")
            .controllers("memory pids", "")
            .process(3155, 1).process(3156, 1).process(3201, 1)
            .cpu(5_512_020L, 1_733_102L, 1_200_000L)
            .memory(61_440, 96_256, 2_048, 2_048, 0).swap(12_288, 2_048).faults(4_509_223, 20_480)
            .pressure("cpu", 1_220_334L, 402_117L).pressure("io", 5_004_227L, 4_110_338L)
            .peakExtra(262_144).pidsPeakExtra(40);
        add("/user.slice/user-1000.slice/user@1000.service/app.slice/pipewire.service")
            .controllers("memory pids", "")
            .process(1530, 3)
            .cpu(312_877L, 455_190L, 0)
            .memory(6_144, 6_144, 4_096, 512, 64).faults(20_337, 0);
        add("/user.slice/user-1000.slice/session-3.scope").controllers("memory pids", "")
            .process(1490, 1).process(1497, 1).process(1498, 1)
            .cpu(2_100_334L, 998_876L, 0)
            .memory(4_608, 8_192, 0, 768, 24).faults(160_775, 0);
    }

    private HostCgroup add(final String path)
    {
        final HostCgroup parent;
        if ("/".equals(path))
        {
            parent = null;
        }
        else
        {
            final int slash = path.lastIndexOf('/');
            parent = byPath.get(slash == 0 ? "/" : path.substring(0, slash));
            if (parent == null)
            {
                throw new IllegalStateException("parent must be created first: path=" + path);
            }
        }
        final long k = created++;
        final long id = 1 + k * 53 + (k * 7) % 11;
        final HostCgroup cg = new HostCgroup(path, parent, id);
        if (byPath.put(path, cg) != null)
        {
            throw new IllegalStateException("duplicate cgroup: path=" + path);
        }
        return cg;
    }

    private void link()
    {
        for (final HostCgroup cg : byPath.values())
        {
            if (cg.parent != null)
            {
                cg.parent.children.add(cg);
            }
        }
        final Comparator<HostCgroup> byName = (a, b) -> Arrays.compareUnsigned(
            a.name.getBytes(StandardCharsets.UTF_8), b.name.getBytes(StandardCharsets.UTF_8));
        for (final HostCgroup cg : byPath.values())
        {
            cg.children.sort(byName);
        }
    }

    /** Pre-order, siblings by name; iterative. */
    List<HostCgroup> preOrder()
    {
        final List<HostCgroup> order = new ArrayList<>();
        final Deque<HostCgroup> stack = new ArrayDeque<>();
        stack.push(byPath.get("/"));
        while (!stack.isEmpty())
        {
            final HostCgroup cg = stack.pop();
            order.add(cg);
            for (int i = cg.children.size() - 1; i >= 0; i--)
            {
                stack.push(cg.children.get(i));
            }
        }
        return order;
    }

    /** Children before parents: the reverse of pre-order visits every child before its parent. */
    private void aggregate()
    {
        final List<HostCgroup> pre = preOrder();
        for (final HostCgroup cg : pre)
        {
            add(cg.cpuTotal, cg.ownCpu());
            add(cg.memoryStatTotal, cg.ownMemoryStat());
            add(cg.memoryEventsTotal, cg.memoryEvents);
            for (final Map.Entry<String, long[]> e : cg.ownIo().entrySet())
            {
                add(cg.ioTotal.computeIfAbsent(e.getKey(), d -> new long[HostCgroup.IO_KEYS.length]), e.getValue());
            }
            cg.memoryCurrentTotal = cg.ownMemoryCurrent();
            cg.swapCurrentTotal = cg.swapKiB * 1024;
            cg.pidsCurrentTotal = cg.ownThreads();
            cg.pidsEventsMaxTotal = cg.pidsEventsMax;
            cg.dyingDescendants = cg.dyingChildren;
            cg.populated = !cg.processes.isEmpty();
            for (int r = 0; r < HostCgroup.PRESSURE_RESOURCES.length; r++)
            {
                for (int line = 0; line < 2; line++)
                {
                    final long own = cg.pressure[r][line];
                    cg.pressureTotal[r][line][3] = own;
                    cg.pressureTotal[r][line][0] = avgHundredths(own, 104_729, 613);
                    cg.pressureTotal[r][line][1] = avgHundredths(own, 224_737, 401);
                    cg.pressureTotal[r][line][2] = avgHundredths(own, 350_377, 257);
                }
            }
        }
        // Second pass, children first: fold each cgroup's totals into its parent.
        final long[][][] maxChildPressure = new long[pre.size()][][];
        final Map<HostCgroup, Integer> index = new LinkedHashMap<>();
        for (int i = 0; i < pre.size(); i++)
        {
            index.put(pre.get(i), i);
            maxChildPressure[i] = new long[HostCgroup.PRESSURE_RESOURCES.length * 2][4];
        }
        final long[] maxChildMemoryPeak = new long[pre.size()];
        final long[] maxChildPidsPeak = new long[pre.size()];
        for (int i = pre.size() - 1; i >= 0; i--)
        {
            final HostCgroup cg = pre.get(i);
            // This cgroup's own totals are complete (all its children were folded in): finish max-combined values.
            for (int r = 0; r < HostCgroup.PRESSURE_RESOURCES.length; r++)
            {
                for (int line = 0; line < 2; line++)
                {
                    for (int f = 0; f < 4; f++)
                    {
                        cg.pressureTotal[r][line][f] += maxChildPressure[i][r * 2 + line][f];
                    }
                    for (int f = 0; f < 3; f++)
                    {
                        cg.pressureTotal[r][line][f] = Math.min(10_000, cg.pressureTotal[r][line][f]);
                    }
                }
            }
            cg.memoryPeak = cg.peakAtLimit ? cg.memoryMax :
                Math.max(cg.memoryCurrentTotal + cg.peakExtraKiB * 1024, maxChildMemoryPeak[i]);
            cg.pidsPeak = Math.max(cg.pidsCurrentTotal + cg.pidsPeakExtra, maxChildPidsPeak[i]);
            final HostCgroup parent = cg.parent;
            if (parent == null)
            {
                continue;
            }
            final int p = index.get(parent);
            add(parent.cpuTotal, cg.cpuTotal);
            add(parent.memoryStatTotal, cg.memoryStatTotal);
            add(parent.memoryEventsTotal, cg.memoryEventsTotal);
            for (final Map.Entry<String, long[]> e : cg.ioTotal.entrySet())
            {
                add(parent.ioTotal.computeIfAbsent(e.getKey(), d -> new long[HostCgroup.IO_KEYS.length]),
                    e.getValue());
            }
            parent.memoryCurrentTotal += cg.memoryCurrentTotal;
            parent.swapCurrentTotal += cg.swapCurrentTotal;
            parent.pidsCurrentTotal += cg.pidsCurrentTotal;
            parent.pidsEventsMaxTotal += cg.pidsEventsMaxTotal;
            parent.descendants += 1 + cg.descendants;
            parent.dyingDescendants += cg.dyingDescendants;
            parent.populated |= cg.populated;
            maxChildMemoryPeak[p] = Math.max(maxChildMemoryPeak[p], cg.memoryPeak);
            maxChildPidsPeak[p] = Math.max(maxChildPidsPeak[p], cg.pidsPeak);
            for (int r = 0; r < HostCgroup.PRESSURE_RESOURCES.length; r++)
            {
                for (int line = 0; line < 2; line++)
                {
                    for (int f = 0; f < 4; f++)
                    {
                        final long[] slot = maxChildPressure[p][r * 2 + line];
                        slot[f] = Math.max(slot[f], cg.pressureTotal[r][line][f]);
                    }
                }
            }
        }
        // "CPU full is undefined at the system level": the root reports it as zeros whatever the children say.
        final HostCgroup root = pre.get(0);
        Arrays.fill(root.pressureTotal[HostCgroup.pressureIndex("cpu")][1], 0);
    }

    /** A stable pseudo-average in hundredths of a percent, derived from an own stall time. */
    private static long avgHundredths(final long ownUsec, final long divisor, final long modulus)
    {
        return ownUsec == 0 ? 0 : 1 + (ownUsec / divisor) % modulus;
    }

    private static void add(final long[] into, final long[] values)
    {
        for (int i = 0; i < values.length; i++)
        {
            into[i] += values[i];
        }
    }

    /** Checks the fixture's own choices against the rules the kernel would enforce. */
    private void validate()
    {
        final Set<Long> tids = new HashSet<>();
        final Set<Long> ids = new HashSet<>();
        for (final HostCgroup cg : byPath.values())
        {
            if (!ids.add(cg.id))
            {
                throw new IllegalStateException("duplicate id: path=" + cg.path + " id=" + cg.id);
            }
            for (final long[] p : cg.processes)
            {
                for (long t = 0; t < p[1]; t++)
                {
                    if (!tids.add(p[0] + t))
                    {
                        throw new IllegalStateException("tid collision: path=" + cg.path + " tid=" + (p[0] + t));
                    }
                }
            }
            if (!cg.isRoot())
            {
                if (!cg.controllers.equals(cg.parent.subtreeControl))
                {
                    throw new IllegalStateException("controllers must equal the parent's subtree_control: path=" +
                        cg.path);
                }
                if (!cg.subtreeControl.isEmpty() && !cg.processes.isEmpty())
                {
                    throw new IllegalStateException("no internal processes: path=" + cg.path);
                }
            }
            if (!cg.io.isEmpty() && !cg.isRoot() && !cg.has("io"))
            {
                throw new IllegalStateException("own I/O needs the io controller: path=" + cg.path);
            }
            if (cg.shmemKiB > cg.fileKiB || cg.niceUsec > cg.userUsec)
            {
                throw new IllegalStateException("shmem must be part of file, nice part of user: path=" + cg.path);
            }
            for (final long[] share : cg.pressure)
            {
                if (share[1] > share[0])
                {
                    throw new IllegalStateException("full stall time above some: path=" + cg.path);
                }
            }
            if (cg.cpuMaxQuota != HostCgroup.MAX && !cg.has("cpu") ||
                (cg.memoryMax != HostCgroup.MAX || cg.memoryHigh != HostCgroup.MAX || cg.swapMax != HostCgroup.MAX)
                    && !cg.has("memory") ||
                cg.pidsMax != HostCgroup.MAX && !cg.has("pids") || !cg.ioMax.isEmpty() && !cg.has("io"))
            {
                throw new IllegalStateException("a limit needs its controller: path=" + cg.path);
            }
            if (cg.memoryCurrentTotal > cg.memoryPeak && !cg.isRoot())
            {
                throw new IllegalStateException("memory.current above memory.peak: path=" + cg.path);
            }
            for (HostCgroup a = cg; a != null; a = a.parent)
            {
                if (a.memoryMax != HostCgroup.MAX && cg.memoryPeak > a.memoryMax)
                {
                    throw new IllegalStateException("memory.peak above an ancestor's memory.max: path=" + cg.path);
                }
                if (a.swapMax != HostCgroup.MAX && cg.swapCurrentTotal > a.swapMax)
                {
                    throw new IllegalStateException("swap above an ancestor's memory.swap.max: path=" + cg.path);
                }
                if (a.pidsMax != HostCgroup.MAX && cg.pidsPeak > a.pidsMax)
                {
                    throw new IllegalStateException("pids.peak above an ancestor's pids.max: path=" + cg.path);
                }
            }
        }
    }
}
