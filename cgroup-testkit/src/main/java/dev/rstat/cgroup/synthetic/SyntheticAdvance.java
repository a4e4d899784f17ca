package dev.rstat.cgroup.synthetic;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.SecureDirectoryStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * One sample step for a tree written by {@link SyntheticTree#write}; see {@link SyntheticTree#advance}.
 * <p>
 * Deltas live in struct-of-arrays {@code long[cgroups]} (own increments, then folded into ancestors by descending
 * index). Files are read and rewritten through directory handles ({@link SecureDirectoryStream}, openat) opened
 * while walking down the touched cgroups depth first, so no path is ever longer than one name; a handle is closed as
 * soon as its last touched child is open, which keeps chains of any depth within a few file descriptors.
 * Not thread-safe; one call per tree at a time.
 */
final class SyntheticAdvance
{
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;
    private static final int DEVICES = SyntheticValues.DEVICES.length;

    private final SyntheticShape shape;
    private final boolean[] touched;
    private final long[] user;
    private final long[] system;
    private final long[] pgfault;
    private final long[] pgmajfault;
    /** [device][rbytes, wbytes, rios, wios][cgroup]. */
    private final long[][][] io;
    private final long[] some;
    private final long[] full;
    private final AsciiFile file = new AsciiFile();

    private SyntheticAdvance(final SyntheticShape shape)
    {
        this.shape = shape;
        final int n = shape.cgroups;
        touched = new boolean[n];
        user = new long[n];
        system = new long[n];
        pgfault = new long[n];
        pgmajfault = new long[n];
        io = new long[DEVICES][4][n];
        some = new long[n];
        full = new long[n];
    }

    static void advance(final Path root, final double fractionChanged, final long seed)
    {
        if (!(fractionChanged >= 0 && fractionChanged <= 1))
        {
            throw new IllegalArgumentException("fraction must be in [0, 1]: fraction=" + fractionChanged);
        }
        final Map<String, String> info = keyValues(root.resolve(SyntheticTree.SYNTHETIC_FILE));
        final int cgroups = Integer.parseInt(required(info, "cgroups", root));
        final int fanout = Integer.parseInt(required(info, "fanout", root));
        final long samples = Long.parseLong(required(info, "samples", root));
        final SyntheticAdvance step = new SyntheticAdvance(new SyntheticShape(cgroups, fanout));
        step.draw((int)Math.round(fractionChanged * cgroups), new SplittableRandom(seed ^ (GOLDEN * (samples + 1))));
        step.propagate();
        step.rewrite(root);
        final long next = samples + 1;
        SyntheticTree.syntheticInfo(step.file, cgroups, fanout, Long.parseLong(required(info, "seed", root)), next)
            .writeTo(root.resolve(SyntheticTree.SYNTHETIC_FILE));
        step.file.reset().append("source=/sys/fs/cgroup\nversion=2\ncontrollers=cpu io memory pids\ntaken=")
            .append(SyntheticTree.BASE_TIME.plusSeconds(next * SyntheticTree.SAMPLE_INTERVAL_SECONDS).toString())
            .append('\n').writeTo(root.resolve(SnapshotWriter.SNAPSHOT_FILE));
    }

    /** Picks {@code changed} distinct cgroups (partial Fisher-Yates) and draws their own increments. */
    private void draw(final int changed, final SplittableRandom rng)
    {
        final int n = shape.cgroups;
        final int[] order = new int[n];
        for (int i = 0; i < n; i++)
        {
            order[i] = i;
        }
        for (int j = 0; j < changed; j++)
        {
            final int swap = j + rng.nextInt(n - j);
            final int c = order[swap];
            order[swap] = order[j];
            order[j] = c;
            touched[c] = true;
            user[c] = rng.nextLong(1_000, 5_000_000);
            system[c] = user[c] / 3 + 1;
            pgfault[c] = rng.nextLong(1, 100_000);
            pgmajfault[c] = pgfault[c] / 97;
            for (int d = 0; d < DEVICES; d++)
            {
                final long r = rng.nextLong(64L << 20) / SyntheticValues.PAGE * SyntheticValues.PAGE;
                final long w = rng.nextLong(64L << 20) / SyntheticValues.PAGE * SyntheticValues.PAGE;
                io[d][0][c] = r;
                io[d][1][c] = w;
                io[d][2][c] = SyntheticValues.ceilDiv(r, 32_768);
                io[d][3][c] = SyntheticValues.ceilDiv(w, 49_152);
            }
            some[c] = rng.nextLong(1, 1_000_000);
            full[c] = some[c] / 2;
        }
    }

    /** Children before parents: sums go up unchanged, pressure goes up as own + largest child. */
    private void propagate()
    {
        final int n = shape.cgroups;
        final long[] maxChildSome = new long[n];
        final long[] maxChildFull = new long[n];
        for (int i = n - 1; i > 0; i--)
        {
            if (!touched[i])
            {
                continue;
            }
            some[i] += maxChildSome[i];
            full[i] += maxChildFull[i];
            final int p = shape.parent(i);
            touched[p] = true;
            user[p] += user[i];
            system[p] += system[i];
            pgfault[p] += pgfault[i];
            pgmajfault[p] += pgmajfault[i];
            for (final long[][] device : io)
            {
                for (final long[] values : device)
                {
                    values[p] += values[i];
                }
            }
            maxChildSome[p] = Math.max(maxChildSome[p], some[i]);
            maxChildFull[p] = Math.max(maxChildFull[p], full[i]);
        }
        some[0] += maxChildSome[0];
        full[0] += maxChildFull[0];
    }

    /** Depth-first over touched cgroups with one directory handle per open level. */
    private void rewrite(final Path root)
    {
        if (!touched[0])
        {
            return;
        }
        final Deque<Frame> stack = new ArrayDeque<>();
        try
        {
            final DirectoryStream<Path> rootStream = Files.newDirectoryStream(root);
            if (!(rootStream instanceof SecureDirectoryStream))
            {
                rootStream.close();
                throw new UnsupportedOperationException("needs SecureDirectoryStream (openat): root=" + root);
            }
            @SuppressWarnings("unchecked")
            final SecureDirectoryStream<Path> rootDir = (SecureDirectoryStream<Path>)rootStream;
            update(0, rootDir, root);
            stack.push(new Frame(0, rootDir, shape.firstChild(0)));
            while (!stack.isEmpty())
            {
                final Frame top = stack.peek();
                final int child = nextTouchedChild(top, true);
                if (child < 0)
                {
                    top.dir.close();
                    stack.pop();
                    continue;
                }
                final SecureDirectoryStream<Path> childDir =
                    top.dir.newDirectoryStream(Paths.get(SyntheticShape.name(child)));
                if (nextTouchedChild(top, false) < 0)
                {
                    top.dir.close();
                    stack.pop();
                }
                update(child, childDir, root);
                stack.push(new Frame(child, childDir, shape.firstChild(child)));
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot advance synthetic tree: root=" + root, ex);
        }
        finally
        {
            for (final Frame f : stack)
            {
                try
                {
                    f.dir.close();
                }
                catch (final IOException ignored)
                {
                    // Closing after a failure: the first exception is the one that matters.
                }
            }
        }
    }

    private int nextTouchedChild(final Frame frame, final boolean consume)
    {
        final long end = shape.firstChild(frame.index) + shape.childCount(frame.index);
        for (long c = frame.cursor; c < end; c++)
        {
            if (touched[(int)c])
            {
                if (consume)
                {
                    frame.cursor = c + 1;
                }
                return (int)c;
            }
        }
        if (consume)
        {
            frame.cursor = end;
        }
        return -1;
    }

    private void update(final int i, final SecureDirectoryStream<Path> dir, final Path root) throws IOException
    {
        try
        {
            final Map<String, Long> cpu = flatKeyed(AsciiFile.read(dir, Paths.get("cpu.stat")));
            SyntheticTree.cpuStat(file, cpu.get("usage_usec") + user[i] + system[i], cpu.get("user_usec") + user[i],
                cpu.get("system_usec") + system[i], cpu.get("nice_usec")).writeTo(dir, Paths.get("cpu.stat"));

            final Map<String, Long> mem = flatKeyed(AsciiFile.read(dir, Paths.get("memory.stat")));
            final long[] stat = new long[SyntheticValues.MEMORY_STAT_KEYS.length];
            for (int k = 0; k < stat.length; k++)
            {
                stat[k] = mem.get(SyntheticValues.MEMORY_STAT_KEYS[k]);
            }
            stat[SyntheticValues.PGFAULT] += pgfault[i];
            stat[SyntheticValues.PGMAJFAULT] += pgmajfault[i];
            SyntheticTree.memoryStat(file, stat).writeTo(dir, Paths.get("memory.stat"));

            final long[][] ioNow = new long[DEVICES][SyntheticValues.IO_KEYS.length];
            for (final String line : AsciiFile.read(dir, Paths.get("io.stat")).split("\n"))
            {
                if (line.isEmpty())
                {
                    continue;
                }
                final String[] fields = line.split(" ");
                final int d = List.of(SyntheticValues.DEVICES).indexOf(fields[0]);
                for (int k = 1; k < fields.length; k++)
                {
                    ioNow[d][k - 1] = Long.parseLong(fields[k].substring(fields[k].indexOf('=') + 1));
                }
            }
            for (int d = 0; d < DEVICES; d++)
            {
                for (int k = 0; k < 4; k++)
                {
                    ioNow[d][k] += io[d][k][i];
                }
            }
            SyntheticTree.ioStat(file, i, ioNow).writeTo(dir, Paths.get("io.stat"));

            final String[] pressure = AsciiFile.read(dir, Paths.get("cpu.pressure")).split("\n");
            SyntheticTree.pressure(file, total(pressure[0]) + some[i], total(pressure[1]) + full[i])
                .writeTo(dir, Paths.get("cpu.pressure"));
        }
        catch (final IOException | RuntimeException ex)
        {
            throw new IOException("cannot update cgroup: root=" + root + " path=" + shape.path(i), ex);
        }
    }

    private static long total(final String pressureLine)
    {
        return Long.parseLong(pressureLine.substring(pressureLine.indexOf("total=") + "total=".length()));
    }

    private static Map<String, Long> flatKeyed(final String text)
    {
        final Map<String, Long> values = new HashMap<>();
        for (final String line : text.split("\n"))
        {
            if (!line.isEmpty())
            {
                final int space = line.indexOf(' ');
                values.put(line.substring(0, space), Long.parseLong(line.substring(space + 1)));
            }
        }
        return values;
    }

    private static Map<String, String> keyValues(final Path file)
    {
        final Map<String, String> values = new HashMap<>();
        try
        {
            for (final String line : Files.readAllLines(file))
            {
                final int eq = line.indexOf('=');
                if (eq > 0)
                {
                    values.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("not a synthetic tree (cannot read " + SyntheticTree.SYNTHETIC_FILE +
                "): file=" + file, ex);
        }
        return values;
    }

    private static String required(final Map<String, String> info, final String key, final Path root)
    {
        final String value = info.get(key);
        if (value == null)
        {
            throw new IllegalArgumentException("missing key in " + SyntheticTree.SYNTHETIC_FILE + ": root=" + root +
                " key=" + key);
        }
        return value;
    }

    /** One open directory level of the depth-first rewrite. */
    private static final class Frame
    {
        final int index;
        final SecureDirectoryStream<Path> dir;
        long cursor;

        Frame(final int index, final SecureDirectoryStream<Path> dir, final long cursor)
        {
            this.index = index;
            this.dir = dir;
            this.cursor = cursor;
        }
    }
}
