package dev.rstat.benchmarks.walk;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import dev.rstat.cgroup.Hierarchy;
import dev.rstat.cgroup.report.Sampler;
import dev.rstat.cgroup.stat.Problems;

/**
 * The first walk in a fresh JVM: {@link WalkBenchmark#walkCollect}'s work on the same {@value WalkBenchmark#CGROUPS}
 * -cgroup tree, but timed once per fork before anything walked ({@link Mode#SingleShotTime}, no warm-up), so class
 * loading, the interpreter and JIT compilation are in it, as in one {@code cgroup-walk} command. The difference to
 * the warm {@code walkCollect} is what a one-shot command pays for running cold; JVM start and CSV rendering are not
 * in it. Reported per walk.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 5, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 0)
@Measurement(iterations = 1)
public class ColdWalkBenchmark
{
    private BenchTree tree;
    private Hierarchy hierarchy;
    private Problems problems;

    /**
     * Creates the benchmark (JMH instantiates it).
     */
    public ColdWalkBenchmark()
    {
    }

    /**
     * Writes (or finds) the tree; walks nothing.
     */
    @Setup(Level.Trial)
    public void setUp()
    {
        tree = BenchTree.open("walk-" + WalkBenchmark.CGROUPS, WalkBenchmark.CGROUPS);
        hierarchy = Hierarchy.at(tree.root());
        problems = new Problems(line -> { });
    }

    /**
     * Fails the trial on problems or an incomplete walk; deletes the tree unless it is shared.
     */
    @TearDown(Level.Trial)
    public void tearDown()
    {
        try
        {
            if (problems.any())
            {
                throw new IllegalStateException("walk met problems: " + problems.summary());
            }
        }
        finally
        {
            tree.close();
        }
    }

    /**
     * One cold walk, as a {@code cgroup-walk} command makes it: a new sampler, one sample.
     *
     * @return the rows.
     */
    @Benchmark
    public int firstWalk()
    {
        try (Sampler sampler = Sampler.on(hierarchy).files(WalkBenchmark.FILES).problems(problems).build())
        {
            final int rows = sampler.sample().size();
            if (rows != WalkBenchmark.CGROUPS)
            {
                throw new IllegalStateException("walk missed cgroups: rows=" + rows);
            }
            return rows;
        }
    }
}
