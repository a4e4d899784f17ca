package dev.rstat.benchmarks.shm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import dev.rstat.cgroup.Hierarchy;
import dev.rstat.cgroup.report.Sample;
import dev.rstat.cgroup.report.Sampler;
import dev.rstat.cgroup.report.export.SampleCountersPublisher;
import dev.rstat.cgroup.synthetic.SyntheticTree;

/**
 * Publishing a sample into a counters file against the walk that produced it, on a {@link #cgroups}-cgroup
 * synthetic tree with {@link ShmFixture#FILES} (20 values per cgroup):
 * <ul>
 * <li>{@link #walk}: one sample of the aggregating {@link Sampler} (walk, reads, aggregation);</li>
 * <li>{@link #publish}: {@link SampleCountersPublisher#publish} of one such sample into a file whose counters exist
 * (every value set in place between the header's update sequence; what every sample after the first costs).</li>
 * </ul>
 */
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED"})
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Benchmark)
public class PublishSampleBenchmark
{
    /** Cgroups of the synthetic tree. */
    @Param("10000")
    public int cgroups;

    private Path dir;
    private Sampler walking;
    private Sampler published;
    private Sample sample;
    private SampleCountersPublisher publisher;

    /**
     * Creates the benchmark (JMH instantiates it).
     */
    public PublishSampleBenchmark()
    {
    }

    /**
     * Writes the tree, takes the sample to publish and publishes it once (allocating its counters).
     *
     * @throws IOException if the tree cannot be written.
     */
    @Setup(Level.Trial)
    public void setUp() throws IOException
    {
        final Path shm = Paths.get("/dev/shm");
        dir = Files.createTempDirectory(Files.isWritable(shm) ? shm : Paths.get(System.getProperty("java.io.tmpdir")),
            "rstat-publish-bench-");
        final Path tree = dir.resolve("tree");
        SyntheticTree.write(tree, cgroups, 10, 1);
        walking = ShmFixture.sampler(Hierarchy.at(tree));
        walking.sample();
        published = ShmFixture.sampler(Hierarchy.at(tree));
        sample = published.sample();
        publisher = SampleCountersPublisher.create(dir.resolve("cgroup-stats"),
            SampleCountersPublisher.capacityFor(sample), Duration.ofSeconds(10));
        publisher.publish(sample);
    }

    /**
     * Closes the samplers and the publisher, deletes the tree and the file.
     */
    @TearDown(Level.Trial)
    public void tearDown()
    {
        publisher.close();
        walking.close();
        published.close();
        SyntheticTree.delete(dir);
    }

    /**
     * @return the sample's size.
     */
    @Benchmark
    public int walk()
    {
        return walking.sample().size();
    }

    /**
     * @return the file's generation.
     */
    @Benchmark
    public long publish()
    {
        publisher.publish(sample);
        return publisher.writer().generation();
    }
}
