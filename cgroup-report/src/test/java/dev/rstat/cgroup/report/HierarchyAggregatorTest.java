package dev.rstat.cgroup.report;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.rstat.cgroup.report.render.Row;
import dev.rstat.cgroup.stat.Columns;
import dev.rstat.cgroup.stat.StatCatalog;
import dev.rstat.cgroup.stat.StatSample;
import dev.rstat.cgroup.stat.ValueState;

import static org.assertj.core.api.Assertions.assertThat;

class HierarchyAggregatorTest
{
    private final Columns columns = new Columns(StatCatalog.v2());
    private final int usage = columns.intern("cpu.stat.usage_usec");
    private final int throttled = columns.intern("cpu.stat.nr_throttled");
    private final int current = columns.intern("memory.current");
    private final int max = columns.intern("memory.max");
    private final int quota = columns.intern("cpu.max.quota");
    private final int period = columns.intern("cpu.max.period");
    private final HierarchyAggregator aggregator = new HierarchyAggregator(columns);

    @Test
    void derivesSelfSubtreeAndEffectiveValues()
    {
        final List<Row> rows = new ArrayList<>();
        rows.add(row(1, "/", 0, 1000, 0, -1, -1, null));
        rows.add(row(10, "/a", 1, 600, 5, 500, 1000, "50000 100000"));
        rows.add(row(11, "/a/x", 2, 200, 1, 100, Long.MAX_VALUE, "80000 100000"));
        rows.add(row(12, "/a/y", 2, 300, 2, 350, 300, "20000 100000"));
        rows.add(row(20, "/b", 1, 100, 0, 50, Long.MAX_VALUE, "max 100000"));

        aggregator.update(rows);

        assertThat(value(rows, "/", "cpu.stat.usage_usec:self")).as("root: global time no child accounts for")
            .isEqualTo(300);
        assertThat(value(rows, "/a", "cpu.stat.usage_usec:self")).isEqualTo(100);
        assertThat(value(rows, "/a/x", "cpu.stat.usage_usec:self")).isEqualTo(200);
        assertThat(value(rows, "/b", "cpu.stat.usage_usec:self")).isEqualTo(100);
        assertThat(state(rows, "/", "memory.current:self")).as("the root has no memory.current")
            .isEqualTo(ValueState.MISSING);
        assertThat(value(rows, "/a", "memory.current:self")).isEqualTo(50);
        assertThat(value(rows, "/a/y", "memory.current:self")).isEqualTo(350);

        assertThat(value(rows, "/", "cpu.stat.nr_throttled:subtree")).isEqualTo(8);
        assertThat(value(rows, "/a", "cpu.stat.nr_throttled:subtree")).isEqualTo(8);
        assertThat(value(rows, "/a/y", "cpu.stat.nr_throttled:subtree")).isEqualTo(2);

        assertThat(state(rows, "/", "memory.max:effective")).isEqualTo(ValueState.MAX);
        assertThat(value(rows, "/a", "memory.max:effective")).isEqualTo(1000);
        assertThat(value(rows, "/a/x", "memory.max:effective")).as("limit lives on the parent").isEqualTo(1000);
        assertThat(value(rows, "/a/y", "memory.max:effective")).isEqualTo(300);
        assertThat(state(rows, "/b", "memory.max:effective")).isEqualTo(ValueState.MAX);

        assertThat(value(rows, "/a/x", "cpu.max.quota:effective")).as("0.5 CPU on the parent beats 0.8")
            .isEqualTo(50000);
        assertThat(value(rows, "/a/y", "cpu.max.quota:effective")).isEqualTo(20000);
        assertThat(value(rows, "/a/y", "cpu.max.period:effective")).isEqualTo(100000);
        assertThat(state(rows, "/b", "cpu.max.quota:effective")).isEqualTo(ValueState.MAX);
    }

    @Test
    void feedsOnlyChangesAndKeepsRemovedChildrensUsageInTheParentsOwnShare()
    {
        aggregator.update(List.of(
            row(1, "/", 0, 1000, 0, -1, -1, null),
            row(10, "/a", 1, 600, 5, 500, 1000, null),
            row(11, "/a/x", 2, 200, 1, 100, 400, null),
            row(12, "/a/y", 2, 300, 2, 350, 300, null)));
        final long fedFirst = aggregator.changedValues();
        final long flushedFirst = aggregator.nodesFlushed();

        final List<Row> second = List.of(
            row(1, "/", 0, 1000, 0, -1, -1, null),
            row(10, "/a", 1, 600, 5, 450, 1000, null),
            row(12, "/a/y", 2, 320, 2, 350, 300, null));
        aggregator.update(second);

        assertThat(value(second, "/a", "cpu.stat.usage_usec:self"))
            .as("x's 200 usec stay in a, as the kernel keeps them; y grew by 20 and a's total did not")
            .isEqualTo(280);
        assertThat(value(second, "/a", "memory.current:self")).isEqualTo(100);
        assertThat(value(second, "/a", "cpu.stat.nr_throttled:subtree")).as("x's local count is gone").isEqualTo(7);
        assertThat(value(second, "/", "cpu.stat.usage_usec:self")).isEqualTo(400);
        assertThat(aggregator.size()).isEqualTo(3);
        assertThat(aggregator.changedValues() - fedFirst).as("only y's usage and a's memory changed").isEqualTo(2);
    }

    @Test
    void aSampleWhereOneLeafChangedFlushesOnlyThatLeafsPath()
    {
        final List<Row> first = new ArrayList<>();
        first.add(row(1, "/", 0, 100_000, 0, -1, -1, null));
        first.add(row(2, "/a", 1, 50_000, 0, 5000, -1, null));
        for (int i = 0; i < 100; i++)
        {
            first.add(row(100 + i, "/a/leaf" + i, 2, 100 + i, 0, 10, -1, null));
        }
        aggregator.update(first);
        final long flushed = aggregator.nodesFlushed();
        final long fed = aggregator.changedValues();

        final List<Row> second = new ArrayList<>(first);
        second.set(2 + 42, row(142, "/a/leaf42", 2, 142 + 7, 0, 10, -1, null));
        aggregator.update(second);

        assertThat(aggregator.changedValues() - fed).isEqualTo(1);
        assertThat(aggregator.nodesFlushed() - flushed)
            .as("leaf42, /a, / and the mirror's root: what changed and its ancestors, not 103 cgroups")
            .isEqualTo(4);
        assertThat(value(second, "/a", "cpu.stat.usage_usec:self")).isEqualTo(50_000 - 14_950 - 7); // leaves hold 100..199 usec, leaf42 grew by 7
        assertThat(value(second, "/a/leaf42", "cpu.stat.usage_usec:self")).isEqualTo(149);
    }

    @Test
    void recreatedCgroupStartsAfresh()
    {
        aggregator.update(List.of(row(1, "/", 0, 100, 0, -1, -1, null), row(10, "/a", 1, 60, 0, 10, -1, null)));
        final List<Row> second = List.of(row(1, "/", 0, 100, 0, -1, -1, null), row(99, "/a", 1, 5, 0, 1, -1, null));

        aggregator.update(second);

        assertThat(value(second, "/", "cpu.stat.usage_usec:self")).isEqualTo(95);
        assertThat(value(second, "/a", "cpu.stat.usage_usec:self")).isEqualTo(5);
        assertThat(aggregator.size()).isEqualTo(2);
    }

    private Row row(final long id, final String path, final int depth, final long usageUsec, final long nrThrottled,
        final long memoryCurrent, final long memoryMax, final String cpuMax)
    {
        final StatSample sample = new StatSample();
        sample.putNumber(usage, usageUsec);
        sample.putNumber(throttled, nrThrottled);
        if (memoryCurrent >= 0)
        {
            sample.putNumber(current, memoryCurrent);
        }
        if (memoryMax == Long.MAX_VALUE)
        {
            sample.putState(max, ValueState.MAX);
        }
        else if (memoryMax >= 0)
        {
            sample.putNumber(max, memoryMax);
        }
        if (cpuMax != null)
        {
            final String[] parts = cpuMax.split(" ");
            if (parts[0].equals("max"))
            {
                sample.putState(quota, ValueState.MAX);
            }
            else
            {
                sample.putNumber(quota, Long.parseLong(parts[0]));
            }
            sample.putNumber(period, Long.parseLong(parts[1]));
        }
        return new Row(id, path, depth, sample);
    }

    private long value(final List<Row> rows, final String path, final String column)
    {
        final Row row = find(rows, path);
        final int id = columns.id(column);
        assertThat(id).as("column %s", column).isNotNegative();
        assertThat(row.sample().state(id)).as("%s of %s", column, path).isEqualTo(ValueState.NUMBER);
        return row.sample().value(id);
    }

    private ValueState state(final List<Row> rows, final String path, final String column)
    {
        return find(rows, path).sample().state(columns.id(column));
    }

    private static Row find(final List<Row> rows, final String path)
    {
        return rows.stream().filter(r -> r.path().equals(path)).findFirst().orElseThrow();
    }
}
