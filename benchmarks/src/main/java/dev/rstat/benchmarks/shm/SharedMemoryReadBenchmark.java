package dev.rstat.benchmarks.shm;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
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

import dev.rstat.agrona.CountersView;
import dev.rstat.cgroup.synthetic.SyntheticTree;

/**
 * Reading every value of a {@link #cgroups}-cgroup, 20-value counters file written by another process (a
 * {@link ShmFixture} JVM that publishes every second), against a {@code /metrics} scrape of the same values from the
 * same process, parsed back:
 * <ul>
 * <li>{@link #shmReadAll}: a reader's refresh of its {@link CountersView} (labels cached by registration id; every
 * value read under the header's seqlock), then every value summed;</li>
 * <li>{@link #shmOpenAndReadAll}: a reader that starts afresh: maps the file, reads every label and value;</li>
 * <li>{@link #scrapeAndParse}: an HTTP GET of {@code /metrics} (OpenMetrics, the walk cached by the server) and every
 * sample line parsed into its series name, labels and value.</li>
 * </ul>
 */
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED"})
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Benchmark)
public class SharedMemoryReadBenchmark
{
    /** Cgroups of the synthetic tree. */
    @Param("10000")
    public int cgroups;

    private Path dir;
    private Path file;
    private Process fixture;
    private OutputStream fixtureStdin;
    private CountersView view;
    private HttpClient client;
    private HttpRequest scrape;

    /**
     * Creates the benchmark (JMH instantiates it).
     */
    public SharedMemoryReadBenchmark()
    {
    }

    /**
     * Writes the tree, starts the publishing and serving process, waits until it is ready.
     *
     * @throws IOException if the tree or the process cannot be made.
     */
    @Setup(Level.Trial)
    public void setUp() throws IOException
    {
        final Path shm = Paths.get("/dev/shm");
        dir = Files.createTempDirectory(Files.isWritable(shm) ? shm : Paths.get(System.getProperty("java.io.tmpdir")),
            "rstat-shm-bench-");
        final Path tree = dir.resolve("tree");
        SyntheticTree.write(tree, cgroups, 10, 1);
        file = dir.resolve("cgroup-stats");
        final List<String> command = new ArrayList<>(List.of(
            Paths.get(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx2g",
            "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED",
            "-cp", System.getProperty("java.class.path"), ShmFixture.class.getName(), tree.toString(),
            file.toString()));
        fixture = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        fixtureStdin = fixture.getOutputStream();
        final BufferedReader out = new BufferedReader(new InputStreamReader(fixture.getInputStream(),
            StandardCharsets.UTF_8));
        final String ready = out.readLine();
        if (ready == null || !ready.startsWith("ready "))
        {
            throw new IllegalStateException("shm fixture did not start: line=" + ready);
        }
        final int port = Integer.parseInt(ready.substring("ready ".length()).trim());
        view = CountersView.open(file);
        client = HttpClient.newHttpClient();
        scrape = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
            .header("Accept", "application/openmetrics-text; version=1.0.0").GET().build();
        final long[] parsed = parse(get());
        System.out.println("shm-bench: cgroups=" + cgroups + " counters=" + (view.size() - 1) +
            " scrape_samples=" + parsed[0] + " file_bytes=" + Files.size(file));
    }

    /**
     * Stops the process and deletes the tree and the file.
     *
     * @throws Exception if the process does not stop.
     */
    @TearDown(Level.Trial)
    public void tearDown() throws Exception
    {
        if (view != null)
        {
            view.close();
        }
        if (fixture != null)
        {
            fixtureStdin.close();
            if (!fixture.waitFor(30, TimeUnit.SECONDS))
            {
                fixture.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
        if (dir != null)
        {
            SyntheticTree.delete(dir);
        }
    }

    /**
     * @return the sum of every value, after a refresh.
     */
    @Benchmark
    public long shmReadAll()
    {
        view.refresh();
        long sum = 0;
        for (int i = 1, n = view.size(); i < n; i++)
        {
            sum += view.value(i);
        }
        return sum;
    }

    /**
     * @return the sum of every value and label length, read by a fresh reader.
     */
    @Benchmark
    public long shmOpenAndReadAll()
    {
        try (CountersView fresh = CountersView.open(file))
        {
            long sum = 0;
            for (int i = 1, n = fresh.size(); i < n; i++)
            {
                sum += fresh.value(i) + fresh.counter(i).label().length();
            }
            return sum;
        }
    }

    /**
     * @return samples parsed and the sum of their values.
     */
    @Benchmark
    public long scrapeAndParse()
    {
        final long[] parsed = parse(get());
        return parsed[0] + parsed[1];
    }

    private String get()
    {
        try
        {
            return client.send(scrape, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)).body();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    /**
     * Parses an exposition's sample lines into series (name and label set) and values.
     *
     * @return samples, and the sum of their values' bits.
     */
    static long[] parse(final String body)
    {
        long samples = 0;
        long sum = 0;
        int start = 0;
        final int length = body.length();
        while (start < length)
        {
            int end = body.indexOf('\n', start);
            if (end < 0)
            {
                end = length;
            }
            if (end > start && body.charAt(start) != '#')
            {
                final int brace = body.indexOf('{', start);
                final int space = body.lastIndexOf(' ', end - 1);
                final String name;
                final String labels;
                if (brace >= 0 && brace < space)
                {
                    final int close = body.lastIndexOf('}', space);
                    name = body.substring(start, brace);
                    labels = body.substring(brace + 1, close);
                }
                else
                {
                    name = body.substring(start, space);
                    labels = "";
                }
                final double value = Double.parseDouble(body.substring(space + 1, end));
                sum += Double.doubleToRawLongBits(value) + name.length() + labels.length();
                samples++;
            }
            start = end + 1;
        }
        return new long[] {samples, sum};
    }
}
