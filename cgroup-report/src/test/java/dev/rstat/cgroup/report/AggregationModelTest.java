package dev.rstat.cgroup.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.rstat.cgroup.Hierarchy;
import dev.rstat.cgroup.stat.ValueState;

/**
 * The change-driven aggregation against a brute-force computation: random trees on disk change between samples
 * (values up and down, limits set and lifted, cgroups added, removed and recreated under another id, files appearing
 * and disappearing), and after every sample each cgroup's own share, subtree sum and effective limit equals what a
 * full recomputation from the files gives.
 */
class AggregationModelTest
{
    private static final int TREES = 6;
    private static final int SAMPLES = 12;
    private static final long NO_LIMIT = -1;

    @TempDir
    Path tmp;

    /** What one cgroup's files hold; null fields: no such file. */
    private static final class Model
    {
        long id;
        Long usage;
        long throttled;
        Long current;
        Long max;
    }

    @Test
    void matchesAFullRecomputationAfterEverySampleOfAChangingTree() throws IOException
    {
        final SoftAssertions softly = new SoftAssertions();
        for (int t = 0; t < TREES; t++)
        {
            final SplittableRandom random = new SplittableRandom(1000 + t);
            final Path root = tmp.resolve("tree" + t);
            final Map<String, Model> cgroups = new LinkedHashMap<>();
            final long[] ids = {1};
            cgroups.put("/", model(random, ids));
            for (int i = 0; i < 30; i++)
            {
                add(random, cgroups, ids);
            }
            write(root, cgroups);
            try (Sampler sampler = Sampler.on(Hierarchy.at(root))
                .files(List.of("cpu.stat", "memory.current", "memory.max")).aggregate(true).build())
            {
                for (int s = 0; s < SAMPLES; s++)
                {
                    final Sample sample = sampler.sample();
                    compare(softly, "tree " + t + " sample " + s, sample, cgroups);
                    mutate(random, cgroups, ids);
                    Trees.delete(root);
                    write(root, cgroups);
                }
            }
        }
        softly.assertAll();
    }

    private static Model model(final SplittableRandom random, final long[] ids)
    {
        final Model m = new Model();
        m.id = ids[0]++;
        m.usage = random.nextInt(10) == 0 ? null : (long)random.nextInt(1_000_000);
        m.throttled = random.nextInt(100);
        m.current = random.nextInt(5) == 0 ? null : (long)random.nextInt(1 << 20);
        m.max = random.nextInt(3) == 0 ? (long)random.nextInt(1 << 20) : null;
        return m;
    }

    private static void add(final SplittableRandom random, final Map<String, Model> cgroups, final long[] ids)
    {
        final List<String> paths = new ArrayList<>(cgroups.keySet());
        final String parent = paths.get(random.nextInt(paths.size()));
        final String path = (parent.equals("/") ? "" : parent) + "/c" + ids[0];
        cgroups.put(path, model(random, ids));
    }

    private static void mutate(final SplittableRandom random, final Map<String, Model> cgroups, final long[] ids)
    {
        final List<String> paths = new ArrayList<>(cgroups.keySet());
        for (final String path : paths)
        {
            final Model m = cgroups.get(path);
            if (m == null)
            {
                continue;
            }
            final int what = random.nextInt(20);
            if (what == 0 && !path.equals("/"))
            {
                cgroups.keySet().removeIf(p -> p.equals(path) || p.startsWith(path + "/"));
            }
            else if (what == 1 && !path.equals("/"))
            {
                m.id = ids[0]++;
            }
            else if (what < 6)
            {
                m.usage = m.usage == null ? 5L : Math.max(0, m.usage + random.nextInt(-50, 1000));
                m.throttled = Math.max(0, m.throttled + random.nextInt(-2, 5));
                m.current = random.nextInt(4) == 0 ? null : (long)random.nextInt(1 << 20);
            }
            else if (what == 6)
            {
                m.max = m.max == null ? (Long)(long)random.nextInt(1 << 20) : null;
            }
        }
        for (int i = random.nextInt(4); i > 0; i--)
        {
            add(random, cgroups, ids);
        }
    }

    private static void write(final Path root, final Map<String, Model> cgroups)
    {
        for (final Map.Entry<String, Model> e : cgroups.entrySet())
        {
            final Model m = e.getValue();
            final Path dir = e.getKey().equals("/") ? root : root.resolve(e.getKey().substring(1));
            Trees.cgroup(dir, m.id, "cpu.stat",
                (m.usage == null ? "" : "usage_usec " + m.usage + "\n") + "nr_throttled " + m.throttled + "\n");
            if (e.getKey().equals("/"))
            {
                Trees.files(dir, "cgroup.controllers", "cpu memory\n");
            }
            if (m.current != null)
            {
                Trees.files(dir, "memory.current", m.current + "\n");
            }
            Trees.files(dir, "memory.max", (m.max == null ? "max" : Long.toString(m.max)) + "\n");
        }
    }

    private static List<String> children(final Map<String, Model> cgroups, final String path)
    {
        final List<String> children = new ArrayList<>();
        final String prefix = path.equals("/") ? "/" : path + "/";
        for (final String other : cgroups.keySet())
        {
            if (!other.equals(path) && other.startsWith(prefix) && other.indexOf('/', prefix.length()) < 0)
            {
                children.add(other);
            }
        }
        return children;
    }

    private static long subtreeThrottled(final Map<String, Model> cgroups, final String path)
    {
        long sum = cgroups.get(path).throttled;
        for (final String child : children(cgroups, path))
        {
            sum += subtreeThrottled(cgroups, child);
        }
        return sum;
    }

    private static long effectiveMax(final Map<String, Model> cgroups, final String path)
    {
        long tightest = NO_LIMIT;
        String p = path;
        while (p != null)
        {
            final Long max = cgroups.get(p).max;
            if (max != null && Long.compareUnsigned(max, tightest) < 0)
            {
                tightest = max;
            }
            p = p.equals("/") ? null : p.lastIndexOf('/') == 0 ? "/" : p.substring(0, p.lastIndexOf('/'));
        }
        return tightest;
    }

    private static void compare(final SoftAssertions softly, final String where, final Sample sample,
        final Map<String, Model> cgroups)
    {
        final Field usageSelf = sample.field("cpu.stat.usage_usec", Derivation.SELF);
        final Field currentSelf = sample.field("memory.current", Derivation.SELF);
        final Field throttledSubtree = sample.field("cpu.stat.nr_throttled", Derivation.SUBTREE);
        final Field maxEffective = sample.field("memory.max", Derivation.EFFECTIVE);
        final List<String> seen = new ArrayList<>();
        for (final int row : sample.rows())
        {
            final String path = sample.path(row);
            seen.add(path);
            final Model m = cgroups.get(path);
            softly.assertThat(sample.id(row)).as("%s %s id", where, path).isEqualTo(m.id);
            if (m.usage == null)
            {
                softly.assertThat(sample.state(row, usageSelf)).as("%s %s usage:self", where, path)
                    .isEqualTo(ValueState.MISSING);
            }
            else
            {
                long own = m.usage;
                long current = m.current == null ? 0 : m.current;
                for (final String child : children(cgroups, path))
                {
                    own -= cgroups.get(child).usage == null ? 0 : cgroups.get(child).usage;
                    current -= cgroups.get(child).current == null ? 0 : cgroups.get(child).current;
                }
                softly.assertThat(sample.value(row, usageSelf)).as("%s %s usage:self", where, path).isEqualTo(own);
                if (m.current != null)
                {
                    softly.assertThat(sample.value(row, currentSelf)).as("%s %s current:self", where, path)
                        .isEqualTo(current);
                }
            }
            softly.assertThat(sample.value(row, throttledSubtree)).as("%s %s throttled:subtree", where, path)
                .isEqualTo(subtreeThrottled(cgroups, path));
            final long max = effectiveMax(cgroups, path);
            if (max == NO_LIMIT)
            {
                softly.assertThat(sample.state(row, maxEffective)).as("%s %s max:effective", where, path)
                    .isEqualTo(ValueState.MAX);
            }
            else
            {
                softly.assertThat(sample.value(row, maxEffective)).as("%s %s max:effective", where, path)
                    .isEqualTo(max);
            }
        }
        assertThat(seen).as(where).containsExactlyInAnyOrderElementsOf(cgroups.keySet());
    }
}
