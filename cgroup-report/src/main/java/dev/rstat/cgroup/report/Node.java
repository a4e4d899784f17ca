package dev.rstat.cgroup.report;

import dev.rstat.cgroup.stat.StatSample;

/**
 * One cgroup as the {@link Mirror} keeps it from sample to sample: its place in the tree, the values of its latest
 * read, and the state the aggregation and the rates keep for it. A node is matched to the cgroup of the same name and
 * id under the same parent in each walk; a cgroup recreated under the same path (another id) is a new node. Not
 * thread-safe.
 */
final class Node
{
    static final Node[] NONE = new Node[0];
    private static final int INITIAL_COLUMNS = 16;

    final Node parent;
    final String name;
    final long id;
    /** Depth below the hierarchy root, which is 0; -1 for the mirror's top. */
    final int depth;
    /** Dense number of the node among the live ones, reused after removal. */
    final int slot;
    /** The values of the latest read. */
    final StatSample values = new StatSample(INITIAL_COLUMNS);
    /** {@link System#nanoTime()} of the latest read, 0 before the first. */
    long readNanos;

    /** The children in sibling order (UTF-8 byte order of names), as of the latest walk that finished this node. */
    Node[] children = NONE;
    int childCount;

    // the walk in progress: which children it has matched so far
    long walk;
    long finishedWalk;
    int cursor;
    int kept;
    Node[] next;

    /** This node's row in the sample of walk {@link #rowWalk}. */
    int row = -1;
    long rowWalk;

    /** Aggregation state, when the sampler aggregates. */
    Totals totals;
    /** Subtree statistics state, when the sampler derives them ({@code --derive}). */
    SubtreeStatistics.Entry extremes;
    /** Rates of the latest read, when the sampler computes rates. */
    StatSample rates;
    /** The path, for a row given by hand ({@link SampleBuilder}); null for a sampled cgroup. */
    String givenPath;
    /** Derived values given by hand, by {@link Derivation} ordinal; null for a sampled cgroup. */
    StatSample[] given;

    Node(final Node parent, final String name, final long id, final int depth, final int slot)
    {
        this.parent = parent;
        this.name = name;
        this.id = id;
        this.depth = depth;
        this.slot = slot;
    }

    /**
     * The path relative to the hierarchy root, built from the names up the tree: {@code /} for the root.
     *
     * @return the path.
     */
    String path()
    {
        if (givenPath != null)
        {
            return givenPath;
        }
        if (depth <= 0)
        {
            return "/";
        }
        final String[] names = new String[depth];
        int length = 0;
        Node n = this;
        for (int i = depth - 1; i >= 0; i--)
        {
            names[i] = n.name;
            length += n.name.length() + 1;
            n = n.parent;
        }
        final StringBuilder path = new StringBuilder(length);
        for (final String name : names)
        {
            path.append('/').append(name);
        }
        return path.toString();
    }

    /**
     * The child of this name as of the latest walk that reached this node, or null.
     *
     * @param childName a name.
     * @return the child.
     */
    Node child(final String childName)
    {
        for (int i = 0; i < childCount; i++)
        {
            if (children[i].name.equals(childName))
            {
                return children[i];
            }
        }
        return null;
    }

    @Override
    public String toString()
    {
        return "Node{id=" + Long.toUnsignedString(id) + ", path=" + path() + "}";
    }
}
