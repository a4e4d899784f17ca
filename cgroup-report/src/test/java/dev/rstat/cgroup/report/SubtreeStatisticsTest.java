package dev.rstat.cgroup.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
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
 * {@code --derive max,min,avg,zero} against a from-scratch computation over each cgroup's live subtree, on random
 * trees that change between samples (values up, down, to 0 and missing; cgroups added and removed).
 */
class SubtreeStatisticsTest
{
    private static final List<String> FILES = List.of("memory.current", "pids.current");

    @TempDir
    Path tmp;

    @Test
    void everySubtreeStatisticEqualsItsRecomputationAfterEverySample()
    {
        final SoftAssertions softly = new SoftAssertions();
        for (int t = 0; t < 4; t++)
        {
            final SplittableRandom random = new SplittableRandom(500 + t);
            final Path root = tmp.resolve("tree" + t);
            final Map<String, Long[]> cgroups = new LinkedHashMap<>();
            cgroups.put("/", values(random));
            for (int i = 0; i < 40; i++)
            {
                add(random, cgroups, i);
            }
            int next = 40;
            write(root, cgroups);
            try (Sampler sampler = Sampler.on(Hierarchy.at(root)).files(FILES)
                .derive(EnumSet.of(Derivation.MAX, Derivation.MIN, Derivation.AVG, Derivation.ZERO)).build())
            {
                for (int s = 0; s < 10; s++)
                {
                    compare(softly, "tree " + t + " sample " + s, sampler.sample(), cgroups);
                    for (final String path : new ArrayList<>(cgroups.keySet()))
                    {
                        final int what = random.nextInt(12);
                        if (what == 0 && !path.equals("/") && cgroups.containsKey(path))
                        {
                            cgroups.keySet().removeIf(p -> p.equals(path) || p.startsWith(path + "/"));
                        }
                        else if (what < 4 && cgroups.containsKey(path))
                        {
                            cgroups.put(path, values(random));
                        }
                    }
                    for (int i = random.nextInt(4); i > 0; i--)
                    {
                        add(random, cgroups, next++);
                    }
                    Trees.delete(root);
                    write(root, cgroups);
                }
            }
        }
        softly.assertAll();
    }

    @Test
    void aSampleInWhichNothingChangedFlushesNothing()
    {
        final SplittableRandom random = new SplittableRandom(9);
        final Map<String, Long[]> cgroups = new LinkedHashMap<>();
        cgroups.put("/", values(random));
        for (int i = 0; i < 30; i++)
        {
            add(random, cgroups, i);
        }
        final Path root = tmp.resolve("still");
        write(root, cgroups);
        try (Sampler sampler = Sampler.on(Hierarchy.at(root)).files(FILES)
            .derive(EnumSet.of(Derivation.MAX, Derivation.ZERO)).build())
        {
            sampler.sample();
            final long first = sampler.derivedNodesFlushed();
            sampler.sample();
            assertThat(first).isPositive();
            assertThat(sampler.derivedNodesFlushed()).as("nothing changed: nothing flushed").isEqualTo(first);

            final String leaf = new ArrayList<>(cgroups.keySet()).get(cgroups.size() - 1);
            cgroups.get(leaf)[1] = 12345L;
            Trees.files(root.resolve(leaf.substring(1)), "pids.current", "12345\n");
            final Sample sample = sampler.sample();
            final long flushed = sampler.derivedNodesFlushed() - first;
            assertThat(flushed).as("one changed leaf flushes its path to the root")
                .isEqualTo(leaf.chars().filter(c -> c == '/').count() + 2);
            assertThat(sample.value(Trees.row(sample, "/"), sample.field("pids.current", Derivation.MAX)))
                .isEqualTo(12345L);
        }
    }

    private static Long[] values(final SplittableRandom random)
    {
        final Long memory = random.nextInt(5) == 0 ? null : (long)random.nextInt(0, 1 << 20);
        final Long pids = random.nextInt(6) == 0 ? null : (long)(random.nextBoolean() ? 0 : random.nextInt(50));
        return new Long[] {memory, pids};
    }

    private static void add(final SplittableRandom random, final Map<String, Long[]> cgroups, final int n)
    {
        final List<String> paths = new ArrayList<>(cgroups.keySet());
        final String parent = paths.get(random.nextInt(paths.size()));
        cgroups.put((parent.equals("/") ? "" : parent) + "/c" + n, values(random));
    }

    private static void write(final Path root, final Map<String, Long[]> cgroups)
    {
        long id = 1;
        for (final Map.Entry<String, Long[]> e : cgroups.entrySet())
        {
            final Path dir = e.getKey().equals("/") ? root : root.resolve(e.getKey().substring(1));
            Trees.cgroup(dir, id++);
            if (e.getKey().equals("/"))
            {
                Trees.files(dir, "cgroup.controllers", "memory pids\n");
            }
            for (int f = 0; f < FILES.size(); f++)
            {
                if (e.getValue()[f] != null)
                {
                    Trees.files(dir, FILES.get(f), e.getValue()[f] + "\n");
                }
            }
        }
    }

    private static void compare(final SoftAssertions softly, final String where, final Sample sample,
        final Map<String, Long[]> cgroups)
    {
        for (int f = 0; f < FILES.size(); f++)
        {
            final String file = FILES.get(f);
            final Field max = sample.field(file, Derivation.MAX);
            final Field min = sample.field(file, Derivation.MIN);
            final Field avg = sample.field(file, Derivation.AVG);
            final Field zero = sample.field(file, Derivation.ZERO);
            for (final int row : sample.rows())
            {
                final String path = sample.path(row);
                final String prefix = path.equals("/") ? "/" : path + "/";
                final List<Long> values = new ArrayList<>();
                for (final Map.Entry<String, Long[]> e : cgroups.entrySet())
                {
                    if ((e.getKey().equals(path) || e.getKey().startsWith(prefix)) && e.getValue()[f] != null)
                    {
                        values.add(e.getValue()[f]);
                    }
                }
                final String at = where + " " + path + " " + file;
                if (values.isEmpty())
                {
                    softly.assertThat(sample.state(row, max)).as(at + ":max").isEqualTo(ValueState.MISSING);
                    continue;
                }
                softly.assertThat(sample.value(row, max)).as(at + ":max")
                    .isEqualTo(values.stream().mapToLong(Long::longValue).max().getAsLong());
                softly.assertThat(sample.value(row, min)).as(at + ":min")
                    .isEqualTo(values.stream().mapToLong(Long::longValue).min().getAsLong());
                softly.assertThat(sample.value(row, avg)).as(at + ":avg (two decimals)")
                    .isEqualTo(Math.round(values.stream().mapToLong(Long::longValue).average().getAsDouble() * 100));
                softly.assertThat(sample.value(row, zero)).as(at + ":zero")
                    .isEqualTo(values.stream().filter(v -> v == 0).count());
            }
        }
    }
}
