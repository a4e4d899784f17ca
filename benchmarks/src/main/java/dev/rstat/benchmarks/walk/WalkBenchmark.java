package dev.rstat.benchmarks.walk;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import dev.rstat.cgroup.Cgroup;
import dev.rstat.cgroup.CgroupVisitor;
import dev.rstat.cgroup.CgroupWalker;
import dev.rstat.cgroup.Hierarchy;
import dev.rstat.cgroup.Order;
import dev.rstat.cgroup.report.Sampler;
import dev.rstat.cgroup.stat.Columns;
import dev.rstat.cgroup.stat.Problems;
import dev.rstat.cgroup.stat.StatCatalog;
import dev.rstat.cgroup.stat.StatReader;
import dev.rstat.cgroup.stat.StatSample;

/**
 * Issue target A: one walk of a {@value #CGROUPS}-cgroup synthetic tree reading {@code cpu.stat},
 * {@code memory.current}, {@code memory.stat} and {@code io.stat}, reported <b>per cgroup</b>
 * ({@link OperationsPerInvocation}; so {@code -prof gc}'s {@code gc.alloc.rate.norm} is also per cgroup).
 * <ul>
 * <li>{@link #walkCollect}: what the {@code cgroup-walk} command does before rendering: one sample of a
 * {@link Sampler} (the public sampling API): the walk in post-order, the stat reader, each cgroup's values committed
 * into its node of the sampler's tree;</li>
 * <li>{@link #walkParse}: walker and stat reader into one reused sample, no tree;</li>
 * <li>{@link #walkRead}: walker and the same file reads into a reused buffer, no parsing;</li>
 * <li>{@link #walkOnly}: walker alone (opens and lists every cgroup directory), no file read.</li>
 * </ul>
 * The differences split the cost into walking, reading and parsing. One sampler (or walker, stat reader and column
 * set) serves every invocation, as in the command's sampling loop.
 * The trial setup checks that a walk visits and collects every cgroup, and prints the bytes one walk allocates as
 * counted by {@code ThreadMXBean} (a cross-check of {@code -prof gc}); the teardown fails the trial if the walks met
 * any problem (vanished cgroup, unreadable or malformed file).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(WalkBenchmark.CGROUPS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class WalkBenchmark
{
    /** Cgroups in the tree, the root included. */
    public static final int CGROUPS = 10_000;
    /** The files read per cgroup. */
    static final List<String> FILES = List.of("cpu.stat", "memory.current", "memory.stat", "io.stat");

    private BenchTree tree;
    private CgroupWalker walker;
    private StatReader reader;
    private Sampler sampler;
    private Problems problems;

    /**
     * Creates the benchmark (JMH instantiates it).
     */
    public WalkBenchmark()
    {
    }

    /**
     * Writes (or finds) the tree and checks that a walk sees all of it.
     */
    @Setup(Level.Trial)
    public void setUp()
    {
        tree = BenchTree.open("walk-" + CGROUPS, CGROUPS);
        final Hierarchy hierarchy = Hierarchy.at(tree.root());
        problems = new Problems(line -> { });
        reader = new StatReader(new Columns(StatCatalog.forVersion(hierarchy.version().number())), problems);
        walker = CgroupWalker.on(hierarchy).order(Order.DESCENDANTS_PRE).problems(problems).build();
        sampler = Sampler.on(hierarchy).files(FILES).problems(problems).build();
        final int rows = walkCollect();
        if (rows != CGROUPS || problems.any())
        {
            throw new IllegalStateException("walk did not read the whole tree: root=" + tree.root() + " rows=" + rows +
                " expected=" + CGROUPS + " problems=" + problems.summary());
        }
        final long collect = allocatedBytes(this::walkCollect);
        final long parse = allocatedBytes(this::walkParse);
        System.out.println("walk-bench: threadmx alloc bytes/cgroup: walkCollect=" + collect / CGROUPS +
            " walkParse=" + parse / CGROUPS);
    }

    /**
     * Fails the trial if any walk met a problem; deletes the tree unless it is shared.
     */
    @TearDown(Level.Trial)
    public void tearDown()
    {
        try
        {
            if (problems.any())
            {
                throw new IllegalStateException("walks met problems: " + problems.summary());
            }
        }
        finally
        {
            sampler.close();
            tree.close();
        }
    }

    /**
     * One sample through the public sampling API: the command's work before rendering.
     *
     * @return the rows of the sample.
     */
    @Benchmark
    public int walkCollect()
    {
        return sampler.sample().size();
    }

    /**
     * Walk, read and parse into one reused sample.
     *
     * @return a checksum of the parsed values.
     */
    @Benchmark
    public long walkParse()
    {
        final ParseOnly visitor = new ParseOnly(reader);
        walker.walk(visitor);
        return visitor.checksum;
    }

    /**
     * Walk and read the files into a reused buffer, without parsing.
     *
     * @return bytes read.
     */
    @Benchmark
    public long walkRead()
    {
        final RawFileReader raw = new RawFileReader(FILES);
        walker.walk(raw);
        return raw.bytes();
    }

    /**
     * Walk alone: open and list every cgroup directory.
     *
     * @return cgroups visited.
     */
    @Benchmark
    public long walkOnly()
    {
        return walker.walk(cgroup -> cgroup.hasFile(FILES.get(0)) || true).visited();
    }

    private static long allocatedBytes(final LongSupplier walk)
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final long thread = Thread.currentThread().getId();
        walk.getAsLong();
        final long before = threads.getThreadAllocatedBytes(thread);
        walk.getAsLong();
        return threads.getThreadAllocatedBytes(thread) - before;
    }

    /** Reads the files of each cgroup into one reused sample: the parse without any tree. */
    private static final class ParseOnly implements CgroupVisitor
    {
        private final StatReader reader;
        private final StatSample sample = new StatSample();
        long checksum;

        ParseOnly(final StatReader reader)
        {
            this.reader = reader;
        }

        @Override
        public boolean visit(final Cgroup cgroup)
        {
            sample.clear();
            for (final String file : FILES)
            {
                if (cgroup.hasFile(file) && !reader.read(cgroup.handle(), cgroup::directory, file, sample))
                {
                    return true;
                }
            }
            checksum += sample.value(0);
            return true;
        }
    }
}
