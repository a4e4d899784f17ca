package dev.rstat.cgroup.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.eclipse.collections.impl.list.mutable.primitive.IntArrayList;

import dev.rstat.cgroup.Cgroup;

/**
 * The hierarchy as the samples have seen it: a tree of {@link Node}s kept from walk to walk, so that a cgroup keeps
 * its values, aggregates and rates. In each walk the walker enters cgroups parents first; each is matched to its
 * node by name and id among its parent's children with a cursor (siblings come in the same order every walk, so the
 * match is O(1) per cgroup: no map, no path). A cgroup that is not met again is retired with its subtree when its
 * parent is finished (visited, in post-order), a recreated one (same name, other id) is retired and replaced.
 * <p>
 * Nodes carry dense slot numbers (reused after retirement) so that other structures can index them. Not
 * thread-safe.
 */
final class Mirror
{
    /** Told about nodes coming and going. */
    interface Listener
    {
        /**
         * A new node, its parent already known.
         *
         * @param node the node.
         */
        void created(Node node);

        /**
         * A node is gone; its descendants were retired before it.
         *
         * @param node the node.
         */
        void retired(Node node);
    }

    private final Node top = new Node(null, "", 0, -1, -1);
    private final List<Listener> listeners = new ArrayList<>(2);
    private final IntArrayList freeSlots = new IntArrayList();
    private final List<Cgroup> climb = new ArrayList<>();
    private final List<Node> climbed = new ArrayList<>();
    private Node[] bySlot = new Node[64];
    private int slots;
    private int size;
    private long walk;
    private long recreated;
    private Cgroup[] enteredCgroup = new Cgroup[16];
    private Node[] enteredNode = new Node[16];

    void listen(final Listener listener)
    {
        listeners.add(listener);
    }

    /** Starts a walk. */
    void beginWalk()
    {
        walk++;
    }

    long walk()
    {
        return walk;
    }

    /**
     * The node of a cgroup the walker has just entered, matched (or created) under its parent's node; ancestors the
     * walk did not enter (above its start) are matched first.
     *
     * @param cgroup the cgroup.
     * @return its node.
     */
    Node enter(final Cgroup cgroup)
    {
        climb.clear();
        Cgroup c = cgroup;
        Node parent = top;
        while (c != null)
        {
            final int d = c.depth();
            if (d < enteredCgroup.length && enteredCgroup[d] == c)
            {
                parent = enteredNode[d];
                break;
            }
            climb.add(c);
            c = c.parent().orElse(null);
        }
        for (int i = climb.size() - 1; i >= 0; i--)
        {
            final Cgroup step = climb.get(i);
            final Node node = match(parent, step);
            remember(step, node);
            if (i > 0)
            {
                climbed.add(node);
            }
            parent = node;
        }
        return parent;
    }

    /**
     * The node of a cgroup entered in this walk, or null.
     *
     * @param cgroup the cgroup.
     * @return its node.
     */
    Node nodeOf(final Cgroup cgroup)
    {
        final int d = cgroup.depth();
        return d < enteredCgroup.length && enteredCgroup[d] == cgroup ? enteredNode[d] : null;
    }

    /**
     * Ends the walk of a node's subtree: children not met in this walk are retired, the others become its children.
     *
     * @param node a node whose subtree the walk has finished.
     */
    void finish(final Node node)
    {
        if (node.finishedWalk == walk)
        {
            return;
        }
        touch(node);
        node.finishedWalk = walk;
        for (int i = node.cursor; i < node.childCount; i++)
        {
            retire(node.children[i]);
        }
        if (node.next != null)
        {
            Arrays.fill(node.children, 0, node.childCount, null);
            node.children = node.next;
            node.next = null;
        }
        else
        {
            Arrays.fill(node.children, node.kept, node.childCount, null);
        }
        node.childCount = node.kept;
    }

    /**
     * Ends the walk: the nodes it entered but did not finish (a walk that stopped early, deepest first), the nodes
     * above its start and the mirror's top are finished.
     */
    void endWalk()
    {
        for (int d = enteredNode.length - 1; d >= 0; d--)
        {
            if (enteredNode[d] != null)
            {
                finish(enteredNode[d]);
            }
        }
        for (int i = climbed.size() - 1; i >= 0; i--)
        {
            finish(climbed.get(i));
        }
        climbed.clear();
        finish(top);
        Arrays.fill(enteredCgroup, null);
        Arrays.fill(enteredNode, null);
    }

    /**
     * @return the nodes below the mirror's top: the hierarchy roots (one, unless none was walked yet).
     */
    Node top()
    {
        return top;
    }

    /**
     * @param slot a slot number.
     * @return the live node in that slot, or null.
     */
    Node bySlot(final int slot)
    {
        return slot >= 0 && slot < slots ? bySlot[slot] : null;
    }

    /**
     * @return one more than the highest slot in use.
     */
    int slots()
    {
        return slots;
    }

    /**
     * @return the number of live nodes.
     */
    int size()
    {
        return size;
    }

    /**
     * @return how many times a cgroup came back under the same path with another id.
     */
    long recreated()
    {
        return recreated;
    }

    /** Starts matching a node's children in this walk. */
    private void touch(final Node node)
    {
        if (node.walk != walk)
        {
            node.walk = walk;
            node.cursor = 0;
            node.kept = 0;
            node.next = null;
        }
    }

    private Node match(final Node parent, final Cgroup cgroup)
    {
        touch(parent);
        final String name = cgroup.name();
        while (parent.cursor < parent.childCount)
        {
            final Node candidate = parent.children[parent.cursor];
            final int order = Cgroup.compareNames(candidate.name, name);
            if (order > 0)
            {
                break;
            }
            parent.cursor++;
            if (order == 0 && candidate.id == cgroup.id())
            {
                keep(parent, candidate);
                return candidate;
            }
            diverge(parent);
            if (order == 0)
            {
                recreated++;
            }
            retire(candidate);
            if (order == 0)
            {
                break;
            }
        }
        diverge(parent);
        final Node created = new Node(parent == top ? null : parent, name, cgroup.id(), cgroup.depth(), slot());
        bySlot[created.slot] = created;
        size++;
        keep(parent, created);
        for (final Listener listener : listeners)
        {
            listener.created(created);
        }
        return created;
    }

    /** From now on the parent's children of this walk differ from its previous ones: collect them apart. */
    private static void diverge(final Node parent)
    {
        if (parent.next == null)
        {
            parent.next = Arrays.copyOf(parent.children, Math.max(4, parent.childCount + 1));
            Arrays.fill(parent.next, parent.kept, parent.next.length, null);
        }
    }

    private static void keep(final Node parent, final Node child)
    {
        if (parent.next != null)
        {
            if (parent.kept == parent.next.length)
            {
                parent.next = Arrays.copyOf(parent.next, parent.next.length * 2);
            }
            parent.next[parent.kept] = child;
        }
        parent.kept++;
    }

    /** Retires a node and its subtree, children before parents, without recursion. */
    private void retire(final Node node)
    {
        final List<Node> stack = new ArrayList<>();
        final List<Node> order = new ArrayList<>();
        stack.add(node);
        while (!stack.isEmpty())
        {
            final Node n = stack.remove(stack.size() - 1);
            order.add(n);
            for (int i = 0; i < n.childCount; i++)
            {
                stack.add(n.children[i]);
            }
        }
        for (int i = order.size() - 1; i >= 0; i--)
        {
            final Node n = order.get(i);
            for (final Listener listener : listeners)
            {
                listener.retired(n);
            }
            bySlot[n.slot] = null;
            freeSlots.add(n.slot);
            size--;
        }
    }

    private int slot()
    {
        if (!freeSlots.isEmpty())
        {
            return freeSlots.removeAtIndex(freeSlots.size() - 1);
        }
        if (slots == bySlot.length)
        {
            bySlot = Arrays.copyOf(bySlot, slots * 2);
        }
        return slots++;
    }

    private void remember(final Cgroup cgroup, final Node node)
    {
        final int d = cgroup.depth();
        if (d >= enteredCgroup.length)
        {
            final int capacity = Math.max(d + 1, enteredCgroup.length * 2);
            enteredCgroup = Arrays.copyOf(enteredCgroup, capacity);
            enteredNode = Arrays.copyOf(enteredNode, capacity);
        }
        enteredCgroup[d] = cgroup;
        enteredNode[d] = node;
    }
}
