package dev.rstat.cgroup.synthetic;

/**
 * The shape of a synthetic tree: cgroup {@code i} (0 = root) is the child of {@code (i - 1) / fanout}, so the tree
 * is complete, breadth-first numbered, and every parent has a smaller index than its children. Cgroup {@code i > 0}
 * is named {@code "n" + i}. Immutable; thread-safe.
 */
final class SyntheticShape
{
    final int cgroups;
    final int fanout;
    final int[] depth;
    final int maxDepth;
    final int leaves;
    /** Length in bytes of each cgroup's relative path without the leading '/' ("" for the root). */
    final long[] pathLength;

    SyntheticShape(final int cgroups, final int fanout)
    {
        if (cgroups < 1 || fanout < 1)
        {
            throw new IllegalArgumentException("need cgroups >= 1 and fanout >= 1: cgroups=" + cgroups +
                " fanout=" + fanout);
        }
        this.cgroups = cgroups;
        this.fanout = fanout;
        depth = new int[cgroups];
        pathLength = new long[cgroups];
        int deepest = 0;
        int leafCount = 0;
        for (int i = 0; i < cgroups; i++)
        {
            if (i > 0)
            {
                final int p = parent(i);
                depth[i] = depth[p] + 1;
                pathLength[i] = (p == 0 ? 0 : pathLength[p] + 1) + name(i).length();
                deepest = Math.max(deepest, depth[i]);
            }
            if (childCount(i) == 0)
            {
                leafCount++;
            }
        }
        maxDepth = deepest;
        leaves = leafCount;
    }

    int parent(final int i)
    {
        return (i - 1) / fanout;
    }

    /** Index of the first child (meaningful when {@link #childCount} is positive). */
    long firstChild(final int i)
    {
        return (long)i * fanout + 1;
    }

    int childCount(final int i)
    {
        final long first = firstChild(i);
        if (first >= cgroups)
        {
            return 0;
        }
        return (int)Math.min(fanout, cgroups - first);
    }

    static String name(final int i)
    {
        return "n" + i;
    }

    /** The cgroup_iter-style relative path, "/" for the root. */
    String path(final int i)
    {
        if (i == 0)
        {
            return "/";
        }
        final StringBuilder sb = new StringBuilder((int)Math.min(Integer.MAX_VALUE - 8, pathLength[i] + 1));
        final int[] chain = new int[depth[i]];
        int k = depth[i];
        for (int c = i; c != 0; c = parent(c))
        {
            chain[--k] = c;
        }
        for (final int c : chain)
        {
            sb.append('/').append(name(c));
        }
        return sb.toString();
    }
}
