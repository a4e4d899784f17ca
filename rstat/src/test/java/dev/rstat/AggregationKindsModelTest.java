package dev.rstat;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random operations on every kind and aggregation, checked after every flush against an oracle that recomputes each
 * aggregate from scratch: SUM, peaks and histogram buckets over the node and every descendant it ever had (removed
 * ones included, as deltas carry them), MIN, MAX, AVG, COUNT_ZERO and node counts over the live subtree.
 */
class AggregationKindsModelTest
{
    private static final Schema SCHEMA = Schema.builder()
        .group("kinds", g -> g
            .counter("hits")
            .stat("depth", s -> s.gauge().aggregate(Aggregation.MAX, Aggregation.MIN, Aggregation.AVG,
                Aggregation.COUNT_ZERO, Aggregation.SUM))
            .stat("level", s -> s.gauge().aggregate(Aggregation.MIN, Aggregation.MAX, Aggregation.COUNT_ZERO)
                .unstriped())
            .stat("mark", s -> s.peak())
            .stat("umark", s -> s.peak().unstriped())
            .stat("lat", s -> s.logHistogram(16).unit(StatUnit.SECONDS).exponent(-9))
            .stat("size", s -> s.linearHistogram(8, 10).unit(StatUnit.BYTES))
            .stat("ucount", s -> s.counter().unstriped()))
        .group("plain", g -> g.counter("z"))
        .build();

    private static final String[] ADDITIVE = {"hits", "depth", "level", "ucount"};

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 7, 42, 20261201})
    void everyAggregateMatchesItsFromScratchRecomputationAfterEveryFlush(final long seed)
    {
        final SplittableRandom random = new SplittableRandom(seed);
        final int stripes = 1 + random.nextInt(4);
        final Rstat rstat = Rstat.builder(SCHEMA).stripes(stripes)
            .slotReuseDelay(random.nextBoolean() ? Duration.ZERO : null).build();
        final StatGroup g = rstat.group("kinds");
        final GroupSchema schema = g.schema();
        final Map<RstatNode, Model> models = new HashMap<>();
        final List<RstatNode> live = new ArrayList<>();
        models.put(rstat.root(), new Model(null, schema));
        live.add(rstat.root());
        long nextId = 2;
        int flushes = 0;

        for (int op = 0; op < 3_000; op++)
        {
            final int kind = random.nextInt(100);
            final RstatNode node = live.get(random.nextInt(live.size()));
            final Model m = models.get(node);
            if (kind < 12 && live.size() < 80)
            {
                final RstatNode child = rstat.create(node, nextId++, "n");
                models.put(child, new Model(m, schema));
                m.children.add(models.get(child));
                live.add(child);
            }
            else if (kind < 18)
            {
                if (node.parent() == null || !m.children.isEmpty())
                {
                    continue;
                }
                rstat.remove(node);
                m.parent.children.remove(m);
                live.remove(node);
                models.remove(node);
            }
            else if (kind < 30)
            {
                final String stat = ADDITIVE[random.nextInt(ADDITIVE.length)];
                final int c = schema.indexOf(stat);
                final boolean counter = schema.kind(c) == StatKind.COUNTER;
                final long delta = counter ? random.nextInt(5) : random.nextInt(-3, 4);
                if (random.nextBoolean())
                {
                    g.add(random.nextInt(stripes), node, c, delta);
                }
                else
                {
                    g.add(node, c, delta);
                }
                m.add(c, delta);
            }
            else if (kind < 36)
            {
                final long value = random.nextInt(-2, 3);
                g.set(node, schema.indexOf("level"), value);
                m.add(schema.indexOf("level"), value - m.own[schema.indexOf("level")]);
            }
            else if (kind < 48)
            {
                final String stat = random.nextBoolean() ? "mark" : "umark";
                final long value = random.nextInt(1_000);
                g.recordMax(node, schema.indexOf(stat), value);
                m.mark(schema.indexOf(stat), value);
            }
            else if (kind < 65)
            {
                final String stat = random.nextBoolean() ? "lat" : "size";
                final StatDescriptor d = schema.stat(stat);
                final long value = random.nextBoolean() ? random.nextInt(200) : random.nextLong(0, Long.MAX_VALUE);
                g.record(node, d.column(), value);
                m.add(d.column() + d.bucketOf(value), 1);
            }
            else
            {
                g.flush(node);
                flushes++;
                check(g, schema, node, models);
            }
        }
        g.flush(rstat.root());
        check(g, schema, rstat.root(), models);
        assertThat(flushes).isGreaterThan(100);
    }

    private static void check(final StatGroup g, final GroupSchema schema, final RstatNode flushed,
        final Map<RstatNode, Model> models)
    {
        final ArrayDeque<RstatNode> todo = new ArrayDeque<>();
        todo.add(flushed);
        final Map<Model, RstatNode> handles = new HashMap<>();
        models.forEach((h, m) -> handles.put(m, h));
        while (!todo.isEmpty())
        {
            final RstatNode n = todo.poll();
            final Model m = models.get(n);
            for (final Model c : m.children)
            {
                todo.add(handles.get(c));
            }
            final String at = "node " + n.id() + " after flush of " + flushed.id();
            for (int c = 0; c < schema.statCount(); c++)
            {
                final StatDescriptor d = schema.descriptor(c);
                assertThat(g.local(n, c)).as(at + " local " + d.name() + " col " + c).isEqualTo(m.own[c]);
                if (d.kind() != StatKind.PEAK)
                {
                    assertThat(g.aggregate(n, c, Aggregation.SUM)).as(at + " sum " + d.name() + " col " + c)
                        .isEqualTo(m.everSum[c]);
                }
                else
                {
                    assertThat(g.subtree(n, c)).as(at + " peak " + d.name()).isEqualTo(m.everSum[c]);
                }
            }
            final long[] liveStats = liveAggregates(m, schema);
            for (final String stat : new String[] {"depth", "level"})
            {
                final StatDescriptor d = schema.stat(stat);
                final int c = d.column();
                for (final Aggregation a : d.aggregations())
                {
                    final long expected = switch (a)
                    {
                        case MIN -> liveStats[3 * c];
                        case MAX -> liveStats[3 * c + 1];
                        case COUNT_ZERO -> liveStats[3 * c + 2];
                        case AVG -> liveSum(m, c);
                        case SUM -> m.everSum[c];
                    };
                    assertThat(g.aggregate(n, c, a)).as(at + " " + a + " " + stat).isEqualTo(expected);
                }
            }
            final long count = liveStats[liveStats.length - 1];
            assertThat(g.nodeCount(n)).as(at + " node count").isEqualTo(count);
            assertThat(g.average(n, schema.indexOf("depth"))).as(at + " avg")
                .isEqualTo((double)liveSum(m, schema.indexOf("depth")) / count);
            assertThat(g.subtree(n, schema.indexOf("depth"))).as(at + " primary aggregation is MAX")
                .isEqualTo(liveStats[3 * schema.indexOf("depth") + 1]);
            final StatDescriptor lat = schema.stat("lat");
            assertThat(g.histogram(n, lat.column()).counts())
                .isEqualTo(Arrays.copyOfRange(m.everSum, lat.column(), lat.column() + lat.width()));
        }
    }

    /** From scratch over the live subtree: per column min, max, zero count; the last entry the node count. */
    private static long[] liveAggregates(final Model root, final GroupSchema schema)
    {
        final int k = schema.statCount();
        final long[] r = new long[3 * k + 1];
        for (int c = 0; c < k; c++)
        {
            r[3 * c] = Long.MAX_VALUE;
            r[3 * c + 1] = Long.MIN_VALUE;
        }
        final ArrayDeque<Model> todo = new ArrayDeque<>();
        todo.add(root);
        while (!todo.isEmpty())
        {
            final Model m = todo.poll();
            todo.addAll(m.children);
            r[3 * k]++;
            for (int c = 0; c < k; c++)
            {
                r[3 * c] = Math.min(r[3 * c], m.own[c]);
                r[3 * c + 1] = Math.max(r[3 * c + 1], m.own[c]);
                r[3 * c + 2] += m.own[c] == 0 ? 1 : 0;
            }
        }
        return r;
    }

    private static long liveSum(final Model root, final int c)
    {
        long sum = 0;
        final ArrayDeque<Model> todo = new ArrayDeque<>();
        todo.add(root);
        while (!todo.isEmpty())
        {
            final Model m = todo.poll();
            todo.addAll(m.children);
            sum += m.own[c];
        }
        return sum;
    }

    private static final class Model
    {
        final Model parent;
        final List<Model> children = new ArrayList<>();
        final long[] own;
        /** Sums (peaks: maxima) over the node and every descendant it ever had. */
        final long[] everSum;

        Model(final Model parent, final GroupSchema schema)
        {
            this.parent = parent;
            this.own = new long[schema.statCount()];
            this.everSum = new long[schema.statCount()];
        }

        void add(final int c, final long delta)
        {
            own[c] += delta;
            for (Model m = this; m != null; m = m.parent)
            {
                m.everSum[c] += delta;
            }
        }

        void mark(final int c, final long value)
        {
            own[c] = Math.max(own[c], value);
            for (Model m = this; m != null; m = m.parent)
            {
                m.everSum[c] = Math.max(m.everSum[c], value);
            }
        }
    }
}
