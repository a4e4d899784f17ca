package dev.rstat;

/**
 * A handle to one node of an {@link Rstat} tree: a cgroup, a tenant, an endpoint.
 * <p>
 * Handles are cheap, immutable apart from their lifecycle state, and never reused: once a node is
 * {@link Rstat#remove(RstatNode) removed}, its handle stays removed forever, and every write, flush or read through
 * it throws {@link IllegalStateException}, even after its storage slot was given to a new node.
 */
public final class RstatNode
{
    /**
     * The tree while the node is alive; {@code null} from the moment its removal begins. One field answers both
     * "is this handle alive" and "is it this tree's", with one load and one compare on the write path.
     */
    volatile Rstat owner;
    final int slot;
    final RstatNode parent;
    private final long id;
    private final String name;
    private final long incarnation;
    /** Written and read under the tree's structure lock only. */
    private int liveChildren;

    RstatNode(final Rstat owner, final int slot, final RstatNode parent, final long id, final String name,
        final long incarnation)
    {
        this.owner = owner;
        this.slot = slot;
        this.parent = parent;
        this.id = id;
        this.name = name;
        this.incarnation = incarnation;
    }

    /**
     * @return the id given at creation (for cgroups, the cgroup id).
     */
    public long id()
    {
        return id;
    }

    /**
     * @return the name given at creation.
     */
    public String name()
    {
        return name;
    }

    /**
     * Which life of a node this handle is: the tree numbers its nodes 1, 2, 3... in the order they are created (the
     * root is 1), never repeating a number. A node created under an old node's id or name, or in an old node's
     * reused storage slot, has a new incarnation, so an exporter or reader that keeps {@code (id, incarnation)}
     * with what it cached tells a recreated node from the one it knew in one comparison.
     *
     * @return the node's incarnation in its tree, at least 1.
     */
    public long incarnation()
    {
        return incarnation;
    }

    /**
     * @return the parent, or {@code null} for the root.
     */
    public RstatNode parent()
    {
        return parent;
    }

    /**
     * @return whether the node was removed (or is being removed).
     */
    public boolean isRemoved()
    {
        return owner == null;
    }

    /**
     * @return the number of edges from the root to this node (O(depth)).
     */
    public int depth()
    {
        int depth = 0;
        for (RstatNode n = parent; n != null; n = n.parent)
        {
            depth++;
        }
        return depth;
    }

    /**
     * @param other a node.
     * @return whether this node is {@code other} or one of its ancestors (O(depth of other)).
     */
    public boolean isAncestorOrSelfOf(final RstatNode other)
    {
        for (RstatNode n = other; n != null; n = n.parent)
        {
            if (n == this)
            {
                return true;
            }
        }
        return false;
    }

    boolean isAliveIn(final Rstat tree)
    {
        return owner == tree;
    }

    int liveChildren()
    {
        return liveChildren;
    }

    void childAdded()
    {
        liveChildren++;
    }

    void childRemoved()
    {
        liveChildren--;
    }

    @Override
    public String toString()
    {
        return "RstatNode{id=" + id + ", name=" + name + ", slot=" + slot + ", incarnation=" + incarnation +
            (isRemoved() ? ", removed" : "") + '}';
    }
}
