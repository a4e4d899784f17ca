package dev.rstat.cgroup.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.rstat.cgroup.Hierarchy;
import dev.rstat.cgroup.stat.ValueState;

/**
 * The sampler's aggregates on small trees on disk: own shares, subtree sums and effective limits, what a later sample
 * feeds (only what changed) and flushes (only the changed cgroups and their ancestors), removed and recreated cgroups.
 */
class AggregationTest
{
    private static final List<String> FILES = List.of("cpu.stat", "memory.current", "memory.max", "cpu.max");

    @TempDir
    Path tmp;

    private Path root;

    private static String cpu(final long usage, final long throttled)
    {
        return "usage_usec " + usage + "\nnr_throttled " + throttled + "\n";
    }

    /** A cgroup with cpu.stat, and memory.current, memory.max, cpu.max where given (null: no file). */
    private static void cgroup(final Path dir, final long id, final long usage, final long throttled,
        final String current, final String max, final String cpuMax)
    {
        Trees.cgroup(dir, id, "cpu.stat", cpu(usage, throttled));
        if (id == 1)
        {
            Trees.files(dir, "cgroup.controllers", "cpu memory\n");
        }
        if (current != null)
        {
            Trees.files(dir, "memory.current", current + "\n");
        }
        if (max != null)
        {
            Trees.files(dir, "memory.max", max + "\n");
        }
        if (cpuMax != null)
        {
            Trees.files(dir, "cpu.max", cpuMax + "\n");
        }
    }

    @BeforeEach
    void buildTree()
    {
        root = tmp.resolve("tree");
        cgroup(root, 1, 1000, 0, null, null, null);
        cgroup(root.resolve("a"), 10, 600, 5, "500", "1000", "50000 100000");
        cgroup(root.resolve("a/x"), 11, 200, 1, "100", "max", "80000 100000");
        cgroup(root.resolve("a/y"), 12, 300, 2, "350", "300", "20000 100000");
        cgroup(root.resolve("b"), 20, 100, 0, "50", "max", "max 100000");
    }

    private Sampler sampler()
    {
        return Sampler.on(Hierarchy.at(root)).files(FILES).aggregate(true).build();
    }

    private static long value(final Sample sample, final String path, final String column, final Derivation d)
    {
        final Field field = sample.field(column, d);
        assertThat(field).as("field %s%s", column, d.suffix()).isNotNull();
        final int row = Trees.row(sample, path);
        assertThat(sample.state(row, field)).as("%s%s of %s", column, d.suffix(), path)
            .isEqualTo(ValueState.NUMBER);
        return sample.value(row, field);
    }

    private static ValueState state(final Sample sample, final String path, final String column, final Derivation d)
    {
        return sample.state(Trees.row(sample, path), sample.field(column, d));
    }

    @Test
    void derivesSelfSubtreeAndEffectiveValues()
    {
        try (Sampler sampler = sampler())
        {
            final Sample s = sampler.sample();

            assertThat(value(s, "/", "cpu.stat.usage_usec", Derivation.SELF))
                .as("root: global time no child accounts for").isEqualTo(300);
            assertThat(value(s, "/a", "cpu.stat.usage_usec", Derivation.SELF)).isEqualTo(100);
            assertThat(value(s, "/a/x", "cpu.stat.usage_usec", Derivation.SELF)).isEqualTo(200);
            assertThat(value(s, "/b", "cpu.stat.usage_usec", Derivation.SELF)).isEqualTo(100);
            assertThat(state(s, "/", "memory.current", Derivation.SELF)).as("the root has no memory.current")
                .isEqualTo(ValueState.MISSING);
            assertThat(value(s, "/a", "memory.current", Derivation.SELF)).isEqualTo(50);
            assertThat(value(s, "/a/y", "memory.current", Derivation.SELF)).isEqualTo(350);

            assertThat(value(s, "/", "cpu.stat.nr_throttled", Derivation.SUBTREE)).isEqualTo(8);
            assertThat(value(s, "/a", "cpu.stat.nr_throttled", Derivation.SUBTREE)).isEqualTo(8);
            assertThat(value(s, "/a/y", "cpu.stat.nr_throttled", Derivation.SUBTREE)).isEqualTo(2);

            assertThat(state(s, "/", "memory.max", Derivation.EFFECTIVE)).isEqualTo(ValueState.MAX);
            assertThat(value(s, "/a", "memory.max", Derivation.EFFECTIVE)).isEqualTo(1000);
            assertThat(value(s, "/a/x", "memory.max", Derivation.EFFECTIVE)).as("limit lives on the parent")
                .isEqualTo(1000);
            assertThat(value(s, "/a/y", "memory.max", Derivation.EFFECTIVE)).isEqualTo(300);
            assertThat(state(s, "/b", "memory.max", Derivation.EFFECTIVE)).isEqualTo(ValueState.MAX);

            assertThat(value(s, "/a/x", "cpu.max.quota", Derivation.EFFECTIVE)).as("0.5 CPU on the parent beats 0.8")
                .isEqualTo(50000);
            assertThat(value(s, "/a/y", "cpu.max.quota", Derivation.EFFECTIVE)).isEqualTo(20000);
            assertThat(value(s, "/a/y", "cpu.max.period", Derivation.EFFECTIVE)).isEqualTo(100000);
            assertThat(state(s, "/b", "cpu.max.quota", Derivation.EFFECTIVE)).isEqualTo(ValueState.MAX);
        }
    }

    @Test
    void feedsOnlyChangesAndKeepsRemovedChildrensUsageInTheParentsOwnShare()
    {
        Trees.delete(root.resolve("b"));
        try (Sampler sampler = sampler())
        {
            sampler.sample();
            final long fedFirst = sampler.statistics().changedValues();

            Trees.delete(root.resolve("a/x"));
            Trees.files(root.resolve("a"), "memory.current", "450\n");
            Trees.files(root.resolve("a/y"), "cpu.stat", cpu(320, 2));
            final Sample second = sampler.sample();

            assertThat(value(second, "/a", "cpu.stat.usage_usec", Derivation.SELF))
                .as("x's 200 usec stay in a, as the kernel keeps them; y grew by 20 and a's total did not")
                .isEqualTo(280);
            assertThat(value(second, "/a", "memory.current", Derivation.SELF)).isEqualTo(100);
            assertThat(value(second, "/a", "cpu.stat.nr_throttled", Derivation.SUBTREE)).as("x's local count is gone")
                .isEqualTo(7);
            assertThat(value(second, "/", "cpu.stat.usage_usec", Derivation.SELF)).isEqualTo(400);
            assertThat(sampler.statistics().cgroups()).isEqualTo(3);
            assertThat(sampler.statistics().changedValues() - fedFirst).as("only y's usage and a's memory changed")
                .isEqualTo(2);
        }
    }

    @Test
    void aSampleWhereOneLeafChangedFlushesOnlyThatLeafsPath()
    {
        Trees.delete(root);
        cgroup(root, 1, 100_000, 0, null, null, null);
        cgroup(root.resolve("a"), 2, 50_000, 0, "5000", null, null);
        for (int i = 0; i < 100; i++)
        {
            cgroup(root.resolve("a/leaf" + i), 100 + i, 100 + i, 0, "10", null, null);
        }
        try (Sampler sampler = sampler())
        {
            sampler.sample();
            final long flushed = sampler.statistics().nodesFlushed();
            final long fed = sampler.statistics().changedValues();
            final Sample same = sampler.sample();
            assertThat(sampler.statistics().changedValues()).as("nothing changed: nothing fed").isEqualTo(fed);
            assertThat(sampler.statistics().nodesFlushed()).as("nothing changed: nothing flushed").isEqualTo(flushed);
            assertThat(value(same, "/a/leaf42", "cpu.stat.usage_usec", Derivation.SELF)).isEqualTo(142);

            Trees.files(root.resolve("a/leaf42"), "cpu.stat", cpu(142 + 7, 0));
            final Sample second = sampler.sample();

            assertThat(sampler.statistics().changedValues() - fed).isEqualTo(1);
            assertThat(sampler.statistics().nodesFlushed() - flushed)
                .as("leaf42, /a, / and the mirror's root: what changed and its ancestors, not 103 cgroups")
                .isEqualTo(4);
            assertThat(value(second, "/a", "cpu.stat.usage_usec", Derivation.SELF))
                .as("leaves hold 100..199 usec, leaf42 grew by 7").isEqualTo(50_000 - 14_950 - 7);
            assertThat(value(second, "/a/leaf42", "cpu.stat.usage_usec", Derivation.SELF)).isEqualTo(149);
        }
    }

    @Test
    void recreatedCgroupStartsAfresh()
    {
        Trees.delete(root);
        cgroup(root, 1, 100, 0, null, null, null);
        cgroup(root.resolve("a"), 10, 60, 0, "10", null, null);
        try (Sampler sampler = sampler())
        {
            sampler.sample();
            Trees.delete(root.resolve("a"));
            cgroup(root.resolve("a"), 99, 5, 0, "1", null, null);

            final Sample second = sampler.sample();

            assertThat(value(second, "/", "cpu.stat.usage_usec", Derivation.SELF)).isEqualTo(95);
            assertThat(value(second, "/a", "cpu.stat.usage_usec", Derivation.SELF)).isEqualTo(5);
            assertThat(second.id(Trees.row(second, "/a"))).isEqualTo(99);
            assertThat(sampler.statistics().cgroups()).isEqualTo(2);
            assertThat(sampler.statistics().recreated()).isEqualTo(1);
        }
    }

    @Test
    void aLimitChangedOnAParentReachesEveryDescendantAndOnlyThem()
    {
        try (Sampler sampler = sampler())
        {
            sampler.sample();
            Trees.files(root.resolve("a"), "memory.max", "200\n");
            final Sample second = sampler.sample();
            assertThat(value(second, "/a/x", "memory.max", Derivation.EFFECTIVE)).isEqualTo(200);
            assertThat(value(second, "/a/y", "memory.max", Derivation.EFFECTIVE)).as("300 on y, 200 on a")
                .isEqualTo(200);
            assertThat(state(second, "/b", "memory.max", Derivation.EFFECTIVE)).isEqualTo(ValueState.MAX);

            Trees.files(root.resolve("a"), "memory.max", "max\n");
            final Sample third = sampler.sample();
            assertThat(state(third, "/a/x", "memory.max", Derivation.EFFECTIVE)).isEqualTo(ValueState.MAX);
            assertThat(value(third, "/a/y", "memory.max", Derivation.EFFECTIVE)).isEqualTo(300);
        }
    }

    @Test
    void aSampleIsReadableUntilTheNextOne()
    {
        try (Sampler sampler = sampler())
        {
            final Sample first = sampler.sample();
            assertThat(first.path(0)).isNotEmpty();
            sampler.sample();
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> first.path(0))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("superseded");
        }
    }
}
