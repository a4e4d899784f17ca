package dev.rstat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Thousands of random operations checked after every flush against a plain, obviously correct oracle: each node
 * remembers the sum of what was added to it, and a flushed node's subtree total must equal the sum over the node and
 * every descendant it ever had (removed ones included), while nodes outside the flushed subtree must not change.
 */
class RandomizedModelTest
{
    private static final int STATS = 3;

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 42, 20261122})
    void matchesOracleAfterEveryOperation(final long seed)
    {
        final SplittableRandom random = new SplittableRandom(seed);
        final Schema schema = Schema.builder()
            .group("g", g -> g.counter("a").gauge("b").counter("c"))
            .group("other", g -> g.counter("z"))
            .build();
        final int stripes = 1 + random.nextInt(5);
        final Rstat rstat = Rstat.builder(schema).stripes(stripes).slotReuseDelay(
            random.nextBoolean() ? java.time.Duration.ZERO : null).build();
        final StatGroup group = rstat.group("g");
        final StatGroup other = rstat.group("other");

        final Oracle oracle = new Oracle(rstat.root());
        final List<RstatNode> live = new ArrayList<>();
        live.add(rstat.root());
        long nextId = 2;

        for (int op = 0; op < 4_000; op++)
        {
            final int kind = random.nextInt(100);
            if (kind < 15 && live.size() < 200)
            {
                final RstatNode parent = live.get(random.nextInt(live.size()));
                final RstatNode node = rstat.create(parent, nextId++, "n");
                live.add(node);
                oracle.created(node);
                assertThat(group.subtree(node, 0)).isZero();
                assertThat(group.isUpdated(node)).isFalse();
            }
            else if (kind < 22)
            {
                final RstatNode victim = live.get(random.nextInt(live.size()));
                if (victim.parent() == null || oracle.hasLiveChildren(victim))
                {
                    continue;
                }
                final Map<RstatNode, long[]> before = snapshot(group, live);
                rstat.remove(victim);
                live.remove(victim);
                oracle.removed(victim);
                before.remove(victim);
                assertThat(snapshot(group, live)).as("removal changes no live node's totals").isEqualTo(before);
            }
            else if (kind < 80)
            {
                final RstatNode node = live.get(random.nextInt(live.size()));
                final int stat = random.nextInt(STATS);
                long delta = random.nextInt(1000);
                if (stat == 1 && random.nextBoolean())
                {
                    delta = -delta;
                }
                if (random.nextInt(50) == 0 && stat != 1)
                {
                    delta = Long.MAX_VALUE - random.nextInt(10);
                }
                final int how = random.nextInt(4);
                if (how == 0)
                {
                    group.add(random.nextInt(stripes), node, stat, delta);
                }
                else if (how == 1)
                {
                    group.add(node, stat, delta);
                }
                else if (how == 2)
                {
                    group.cell(node, stat).add(random.nextInt(stripes), delta);
                }
                else
                {
                    group.cell(node, stat).add(delta);
                }
                oracle.added(node, stat, delta);
                if (random.nextInt(4) == 0)
                {
                    other.add(node, 0, 1);
                }
            }
            else
            {
                final RstatNode target = live.get(random.nextInt(live.size()));
                final Map<RstatNode, long[]> before = snapshot(group, live);
                if (random.nextBoolean())
                {
                    group.flush(target);
                }
                else
                {
                    assertThat(group.read(target, 0)).isEqualTo(oracle.subtree(target, 0));
                }
                for (final RstatNode node : live)
                {
                    if (target.isAncestorOrSelfOf(node))
                    {
                        for (int s = 0; s < STATS; s++)
                        {
                            assertThat(group.subtree(node, s)).as("subtree %s stat %d op %d", node, s, op)
                                .isEqualTo(oracle.subtree(node, s));
                            assertThat(group.local(node, s)).as("local %s stat %d op %d", node, s, op)
                                .isEqualTo(oracle.own(node, s));
                        }
                        assertThat(group.isUpdated(node)).isFalse();
                    }
                    else
                    {
                        assertThat(snapshotOf(group, node)).as("untouched %s op %d", node, op)
                            .isEqualTo(before.get(node));
                    }
                }
            }
        }

        group.flush(rstat.root());
        for (final RstatNode node : live)
        {
            for (int s = 0; s < STATS; s++)
            {
                assertThat(group.subtree(node, s)).isEqualTo(oracle.subtree(node, s));
            }
        }
    }

    private static Map<RstatNode, long[]> snapshot(final StatGroup group, final List<RstatNode> live)
    {
        final Map<RstatNode, long[]> values = new HashMap<>();
        for (final RstatNode node : live)
        {
            values.put(node, snapshotOf(group, node));
        }
        return new ComparableMap(values);
    }

    private static long[] snapshotOf(final StatGroup group, final RstatNode node)
    {
        final long[] v = new long[2 * STATS];
        for (int s = 0; s < STATS; s++)
        {
            v[s] = group.subtree(node, s);
            v[STATS + s] = group.local(node, s);
        }
        return v;
    }

    /**
     * Compares long[] values by content so that AssertJ's map equality works.
     */
    private static final class ComparableMap extends HashMap<RstatNode, long[]>
    {
        private static final long serialVersionUID = 1L;

        ComparableMap(final Map<RstatNode, long[]> values)
        {
            super(values);
        }

        @Override
        public boolean equals(final Object o)
        {
            if (!(o instanceof Map<?, ?>))
            {
                return false;
            }
            final Map<?, ?> other = (Map<?, ?>)o;
            if (other.size() != size())
            {
                return false;
            }
            for (final Map.Entry<RstatNode, long[]> e : entrySet())
            {
                final Object v = other.get(e.getKey());
                if (!(v instanceof long[]) || !java.util.Arrays.equals((long[])v, e.getValue()))
                {
                    return false;
                }
            }
            return true;
        }

        @Override
        public int hashCode()
        {
            return size();
        }
    }

    /**
     * The obviously correct model: own sums per node, and each node's descendants ever (removed ones included).
     */
    private static final class Oracle
    {
        private final Map<RstatNode, long[]> own = new HashMap<>();
        private final Map<RstatNode, List<RstatNode>> everChildren = new HashMap<>();
        private final Map<RstatNode, Integer> liveChildren = new HashMap<>();

        Oracle(final RstatNode root)
        {
            created(root);
        }

        void created(final RstatNode node)
        {
            own.put(node, new long[STATS]);
            everChildren.put(node, new ArrayList<>());
            liveChildren.put(node, 0);
            if (node.parent() != null)
            {
                everChildren.get(node.parent()).add(node);
                liveChildren.merge(node.parent(), 1, Integer::sum);
            }
        }

        void removed(final RstatNode node)
        {
            liveChildren.merge(node.parent(), -1, Integer::sum);
        }

        boolean hasLiveChildren(final RstatNode node)
        {
            return liveChildren.get(node) > 0;
        }

        void added(final RstatNode node, final int stat, final long delta)
        {
            own.get(node)[stat] += delta;
        }

        long own(final RstatNode node, final int stat)
        {
            return own.get(node)[stat];
        }

        long subtree(final RstatNode node, final int stat)
        {
            long sum = 0;
            final List<RstatNode> stack = new ArrayList<>();
            stack.add(node);
            while (!stack.isEmpty())
            {
                final RstatNode n = stack.remove(stack.size() - 1);
                sum += own.get(n)[stat];
                stack.addAll(everChildren.get(n));
            }
            return sum;
        }
    }
}
