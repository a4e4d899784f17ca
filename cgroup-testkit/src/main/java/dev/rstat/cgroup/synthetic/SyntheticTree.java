package dev.rstat.cgroup.synthetic;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.stream.IntStream;

/**
 * Generates large synthetic cgroup2 trees in the snapshot layout, deterministically for a seed, for benchmarks and
 * walker tests: {@code cpu.stat}, {@code memory.current}, {@code memory.stat}, {@code io.stat},
 * {@code pids.current}, {@code cgroup.stat}, {@code memory.max} and {@code cpu.pressure} per cgroup (the root has no
 * {@code memory.current}, {@code memory.max} or {@code pids.current}, like a real root), {@code .rstat-cgroup-id}
 * (cgroup {@code i} has id {@code i + 1}) in every cgroup directory, and at the root {@code .rstat-snapshot} plus
 * {@code .rstat-synthetic} (the generator's parameters and sample number, read by {@link #advance}).
 * <p>
 * Shape: cgroup {@code i > 0} is named {@code n<i>} and is a child of cgroup {@code (i - 1) / fanout}: a complete
 * tree numbered breadth first ({@code fanout = 1} gives a chain). Values: additive ones are own share + sum of
 * children, pressure totals own + largest child (so a parent is never below a child);
 * {@code memory.current = anon + file + kernel + sock} exactly; {@code pids.current} counts threads, held by leaves
 * only; {@code memory.max} is set (to twice the usage, rounded up to MiB) on depth-1 cgroups and on every inner cgroup
 * whose index is 3 modulo 7, else {@code max}.
 * <p>
 * Every cgroup is first written at a short staging path ({@code .rstat-staging/<index>}, in parallel on the common
 * fork-join pool; the content depends only on the index, so the output is the same), then each finished subtree is
 * renamed into its parent, children first. Every system call thus uses a short path: chains deeper than PATH_MAX
 * (e.g. 10,000 cgroups with fanout 1) work. Writes are buffered (one write per file, no per-file String).
 * Stateless; thread-safe as long as two calls do not share a root.
 */
public final class SyntheticTree
{
    /**
     * What {@link #write} produced.
     *
     * @param cgroups  cgroup directories, the root included.
     * @param maxDepth depth of the deepest cgroup (the root is at depth 0).
     * @param leaves   cgroups without children.
     * @param files    regular files written, dot-files included.
     * @param bytes    bytes in those files.
     */
    public record Stats(int cgroups, int maxDepth, int leaves, long files, long bytes)
    {
    }

    static final String SYNTHETIC_FILE = ".rstat-synthetic";
    static final String STAGING = ".rstat-staging";
    static final Instant BASE_TIME = Instant.parse("2026-01-01T00:00:00Z");
    static final long SAMPLE_INTERVAL_SECONDS = 10;
    private static final int CHUNK = 256;

    private SyntheticTree()
    {
    }

    /**
     * Writes a tree of {@code cgroups} cgroups (the root included) into {@code root}, which must be missing or empty.
     *
     * @param root    directory that becomes the hierarchy root.
     * @param cgroups number of cgroups, at least 1.
     * @param fanout  children per inner cgroup, at least 1.
     * @param seed    seed of the values; the same arguments give byte-identical trees.
     * @return counts of what was written.
     */
    public static Stats write(final Path root, final int cgroups, final int fanout, final long seed)
    {
        final SyntheticShape shape = new SyntheticShape(cgroups, fanout);
        final SyntheticValues values = SyntheticValues.generate(shape, seed);
        prepareEmptyRoot(root);
        final Path staging = root.resolve(STAGING);
        final long[] bytesPerCgroup = new long[cgroups];
        try
        {
            // Phase 1, in parallel chunks: every cgroup's directory and files, each at the short path staging/<i>.
            Files.createDirectory(staging);
            final int chunks = (cgroups + CHUNK - 1) / CHUNK;
            IntStream.range(0, chunks).parallel().forEach(chunk ->
            {
                final AsciiFile buffer = new AsciiFile();
                for (int i = chunk * CHUNK; i < Math.min(cgroups, (chunk + 1) * CHUNK); i++)
                {
                    final Path dir = i == 0 ? root : staging.resolve(Integer.toString(i));
                    if (i != 0)
                    {
                        try
                        {
                            Files.createDirectory(dir);
                        }
                        catch (final IOException ex)
                        {
                            throw new UncheckedIOException("cannot create directory: dir=" + dir, ex);
                        }
                    }
                    bytesPerCgroup[i] = writeCgroup(dir, i, values, buffer);
                }
            });
            // Phase 2, children before parents: rename each finished subtree into its parent (short paths only).
            for (int i = cgroups - 1; i > 0; i--)
            {
                final int p = shape.parent(i);
                final Path parentDir = p == 0 ? root : staging.resolve(Integer.toString(p));
                Files.move(staging.resolve(Integer.toString(i)), parentDir.resolve(SyntheticShape.name(i)),
                    StandardCopyOption.ATOMIC_MOVE);
            }
            Files.delete(staging);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write synthetic tree: root=" + root, ex);
        }
        long bytes = 0;
        for (final long b : bytesPerCgroup)
        {
            bytes += b;
        }
        final long files = 6 + 9L * (cgroups - 1);
        final AsciiFile file = new AsciiFile();
        bytes += file.reset().append("source=/sys/fs/cgroup\nversion=2\ncontrollers=cpu io memory pids\ntaken=")
            .append(BASE_TIME.toString()).append('\n').length();
        file.writeTo(root.resolve(SnapshotWriter.SNAPSHOT_FILE));
        bytes += syntheticInfo(file, cgroups, fanout, seed, 0).length();
        file.writeTo(root.resolve(SYNTHETIC_FILE));
        return new Stats(cgroups, shape.maxDepth, shape.leaves, files + 2, bytes);
    }

    /**
     * Advances a tree made by {@link #write} by one sample: {@code round(fractionChanged * cgroups)} distinct cgroups,
     * chosen with {@code seed}, get more CPU time, page faults, I/O and CPU pressure stall time in their own share,
     * and every ancestor grows by the same amounts (pressure: by the largest child's growth plus its own), so the
     * hierarchy stays consistent and no counter decreases. Gauges (memory, pids) and limits are unchanged. Only the
     * files of changed cgroups and their ancestors are rewritten; {@code .rstat-snapshot taken=} moves on by 10 s.
     *
     * @param root            root of a tree written by {@link #write}.
     * @param fractionChanged fraction of cgroups with a new own share, in [0, 1].
     * @param seed            seed choosing the cgroups and the increments.
     */
    public static void advance(final Path root, final double fractionChanged, final long seed)
    {
        SyntheticAdvance.advance(root, fractionChanged, seed);
    }

    /**
     * Deletes a tree (or any directory tree) at any depth. Trees deeper than PATH_MAX cannot be deleted with
     * {@code Files.walk}, {@code rm -r} of old coreutils, or JUnit's {@code @TempDir} cleanup: call this first.
     *
     * @param root the tree to delete; a missing one is fine.
     */
    public static void delete(final Path root)
    {
        FileTrees.deleteRecursively(root);
    }

    /**
     * {@code SyntheticTree <dir> <cgroups> [fanout] [seed]} writes a tree; {@code SyntheticTree advance <dir>
     * <fraction> [seed]} advances one.
     *
     * @param args see above; fanout defaults to 10, seeds to 1.
     */
    public static void main(final String[] args)
    {
        if (args.length >= 3 && "advance".equals(args[0]))
        {
            advance(Paths.get(args[1]), Double.parseDouble(args[2]), args.length > 3 ? Long.parseLong(args[3]) : 1);
            System.out.println("advanced " + args[1]);
            return;
        }
        if (args.length < 2 || args.length > 4)
        {
            System.err.println("usage: SyntheticTree <dir> <cgroups> [fanout] [seed]\n" +
                "       SyntheticTree advance <dir> <fraction> [seed]");
            System.exit(2);
        }
        final Stats stats = write(Paths.get(args[0]), Integer.parseInt(args[1]),
            args.length > 2 ? Integer.parseInt(args[2]) : 10, args.length > 3 ? Long.parseLong(args[3]) : 1);
        System.out.println(stats);
    }

    static AsciiFile syntheticInfo(final AsciiFile file, final int cgroups, final int fanout, final long seed,
        final long samples)
    {
        return file.reset().append("generator=").append(SyntheticTree.class.getName()).append('\n')
            .append("cgroups=").append(cgroups).append('\n')
            .append("fanout=").append(fanout).append('\n')
            .append("seed=").append(seed).append('\n')
            .append("samples=").append(samples).append('\n');
    }

    private static void prepareEmptyRoot(final Path root)
    {
        try
        {
            Files.createDirectories(root);
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(root))
            {
                if (entries.iterator().hasNext())
                {
                    throw new IllegalArgumentException("refusing to write into a non-empty directory: root=" + root);
                }
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot prepare root: root=" + root, ex);
        }
    }

    /** Writes one cgroup's files into {@code dir}; returns the bytes written. */
    private static long writeCgroup(final Path dir, final int i, final SyntheticValues v, final AsciiFile f)
    {
        long bytes = 0;
        f.reset().append(i + 1L).append('\n').writeTo(dir.resolve(SnapshotWriter.CGROUP_ID_FILE));
        bytes += f.length();
        cpuStat(f, v.cpu[0][i], v.cpu[1][i], v.cpu[2][i], v.cpu[3][i]).writeTo(dir.resolve("cpu.stat"));
        bytes += f.length();
        final long[] stat = new long[SyntheticValues.MEMORY_STAT_KEYS.length];
        for (int k = 0; k < stat.length; k++)
        {
            stat[k] = v.memoryStat[k][i];
        }
        memoryStat(f, stat).writeTo(dir.resolve("memory.stat"));
        bytes += f.length();
        final long[][] io = new long[SyntheticValues.DEVICES.length][SyntheticValues.IO_KEYS.length];
        for (int d = 0; d < io.length; d++)
        {
            for (int k = 0; k < io[d].length; k++)
            {
                io[d][k] = v.io[d][k][i];
            }
        }
        ioStat(f, i, io).writeTo(dir.resolve("io.stat"));
        bytes += f.length();
        f.reset().line("nr_descendants", v.descendants[i]).line("nr_dying_descendants", 0)
            .writeTo(dir.resolve("cgroup.stat"));
        bytes += f.length();
        pressure(f, v.someTotal[i], v.fullTotal[i]).writeTo(dir.resolve("cpu.pressure"));
        bytes += f.length();
        if (i != 0)
        {
            f.reset().append(v.memoryCurrent(i)).append('\n').writeTo(dir.resolve("memory.current"));
            bytes += f.length();
            f.reset();
            if (v.memoryMax[i] < 0)
            {
                f.append("max");
            }
            else
            {
                f.append(v.memoryMax[i]);
            }
            f.append('\n').writeTo(dir.resolve("memory.max"));
            bytes += f.length();
            f.reset().append(v.threads[i]).append('\n').writeTo(dir.resolve("pids.current"));
            bytes += f.length();
        }
        return bytes;
    }

    static AsciiFile cpuStat(final AsciiFile f, final long usage, final long user, final long system,
        final long nice)
    {
        return f.reset().line("usage_usec", usage).line("user_usec", user).line("system_usec", system)
            .line("nice_usec", nice);
    }

    static AsciiFile memoryStat(final AsciiFile f, final long[] stat)
    {
        f.reset();
        for (int k = 0; k < stat.length; k++)
        {
            f.line(SyntheticValues.MEMORY_STAT_KEYS[k], stat[k]);
        }
        return f;
    }

    /** Devices in a per-cgroup order (even index: 8:0 first, odd: 259:0 first); only devices with I/O. */
    static AsciiFile ioStat(final AsciiFile f, final int i, final long[][] io)
    {
        f.reset();
        for (int n = 0; n < io.length; n++)
        {
            final int d = i % 2 == 0 ? n : io.length - 1 - n;
            boolean any = false;
            for (final long value : io[d])
            {
                any |= value != 0;
            }
            if (!any)
            {
                continue;
            }
            f.append(SyntheticValues.DEVICES[d]);
            for (int k = 0; k < io[d].length; k++)
            {
                f.append(' ').append(SyntheticValues.IO_KEYS[k]).append('=').append(io[d][k]);
            }
            f.append('\n');
        }
        return f;
    }

    static AsciiFile pressure(final AsciiFile f, final long some, final long full)
    {
        f.reset();
        pressureLine(f, "some", some);
        return pressureLine(f, "full", full);
    }

    private static AsciiFile pressureLine(final AsciiFile f, final String kind, final long total)
    {
        f.append(kind).append(" avg10=").hundredths(SyntheticValues.avg(total, 0))
            .append(" avg60=").hundredths(SyntheticValues.avg(total, 1))
            .append(" avg300=").hundredths(SyntheticValues.avg(total, 2))
            .append(" total=").append(total).append('\n');
        return f;
    }
}
