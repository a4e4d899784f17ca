package dev.rstat.cgroup.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.eclipse.collections.impl.list.mutable.primitive.IntArrayList;

import dev.rstat.cgroup.CgroupNotFoundException;
import dev.rstat.cgroup.CgroupWalker;
import dev.rstat.cgroup.Order;
import dev.rstat.cgroup.stat.Columns;
import dev.rstat.cgroup.stat.StatInfo;
import dev.rstat.cgroup.stat.ValueState;

/**
 * One walk of a hierarchy: a row per cgroup read, in the order they were read (children before parents), each with
 * its parent (a row index), depth, id and name, and its values by {@link Field}: the files' values as read
 * ({@link Derivation#RAW}) and, as the {@link Sampler} was configured, rates, own shares, subtree sums and effective
 * limits. Paths are built on demand from the names. {@link #rows(Walk)} gives the rows in any of the walker's orders,
 * computed from the tree.
 * <p>
 * A sample is a view of its sampler's state: it may be read until the sampler takes its next sample, after which
 * every accessor throws {@link IllegalStateException}. Not thread-safe.
 */
public final class Sample
{
    private final SampleSource sampler;
    private final long walk;
    private final Node[] nodes;
    private final int size;
    private final Walk defaultWalk;

    Sample(final SampleSource sampler, final long walk, final Node[] nodes, final int size, final Walk defaultWalk)
    {
        this.sampler = sampler;
        this.walk = walk;
        this.nodes = nodes;
        this.size = size;
        this.defaultWalk = defaultWalk;
    }

    /**
     * @return the columns the values are in (their catalog describes them).
     */
    public Columns columns()
    {
        return sampler.columns();
    }

    /**
     * @return the number of rows.
     */
    public int size()
    {
        check();
        return size;
    }

    /**
     * @param row a row index.
     * @return the row of the cgroup's parent, or -1 if the parent was not read in this sample.
     */
    public int parent(final int row)
    {
        final Node parent = node(row).parent;
        return parent != null && parent.rowWalk == walk ? parent.row : -1;
    }

    /**
     * @param row a row index.
     * @return the cgroup's depth below the hierarchy root (the root is 0).
     */
    public int depth(final int row)
    {
        return node(row).depth;
    }

    /**
     * @param row a row index.
     * @return the cgroup id (unsigned: the inode, or a snapshot's recorded id).
     */
    public long id(final int row)
    {
        return node(row).id;
    }

    /**
     * @param row a row index.
     * @return the cgroup's directory name, empty for the hierarchy root.
     */
    public String name(final int row)
    {
        return node(row).name;
    }

    /**
     * @param row a row index.
     * @return the path relative to the hierarchy root ({@code /}, {@code /a/b}), built from the names.
     */
    public String path(final int row)
    {
        return node(row).path();
    }

    /**
     * @param row a row index.
     * @return {@link System#nanoTime()} when the cgroup's files were read.
     */
    public long readNanos(final int row)
    {
        return node(row).readNanos;
    }

    /**
     * The fields of this sample in display order: each column as read, followed by what is derived from it.
     *
     * @return the fields.
     */
    public List<Field> fields()
    {
        check();
        return sampler.fields();
    }

    /**
     * The field of a column name and a derivation, if the sample has it.
     *
     * @param columnName a column name, e.g. {@code cpu.stat.usage_usec}.
     * @param derivation the derivation.
     * @return the field, or null.
     */
    public Field field(final String columnName, final Derivation derivation)
    {
        final int column = columns().id(columnName);
        if (column < 0)
        {
            return null;
        }
        final Field field = new Field(column, derivation);
        return fields().contains(field) ? field : null;
    }

    /**
     * What a field's values are.
     *
     * @param field a field.
     * @return kind, scope, unit, scale and sign.
     */
    public StatInfo info(final Field field)
    {
        return field.info(columns());
    }

    /**
     * What some fields' values are, for a renderer's columns.
     *
     * @param fields fields, in order.
     * @return their {@link #info(Field) infos}, in the same order.
     */
    public StatInfo[] infos(final List<Field> fields)
    {
        final StatInfo[] infos = new StatInfo[fields.size()];
        for (int f = 0; f < infos.length; f++)
        {
            infos[f] = info(fields.get(f));
        }
        return infos;
    }

    /**
     * @param row   a row index.
     * @param field a field.
     * @return the state of the row's value: NUMBER, MAX, TEXT or why there is none.
     */
    public ValueState state(final int row, final Field field)
    {
        return sampler.state(node(row), field);
    }

    /**
     * @param row   a row index.
     * @param field a field.
     * @return the row's number (unsigned, or two's complement for signed fields, times {@code 10^scale}); 0 unless the
     *         state is NUMBER.
     */
    public long value(final int row, final Field field)
    {
        return sampler.value(node(row), field);
    }

    /**
     * @param row   a row index.
     * @param field a field.
     * @return the row's text, or null unless the state is TEXT.
     */
    public String text(final int row, final Field field)
    {
        return sampler.text(node(row), field);
    }

    /**
     * The rows of the sampler's own walk, in its order (of a {@link SampleBuilder}'s sample: all, as given).
     *
     * @return row indexes.
     */
    public int[] rows()
    {
        if (defaultWalk == null)
        {
            check();
            final int[] all = new int[size];
            for (int row = 0; row < size; row++)
            {
                all[row] = row;
            }
            return all;
        }
        return rows(defaultWalk);
    }

    /**
     * The rows a walk visits, in its order, computed from the sample's tree: for every order, start (path or id),
     * limit and depth, the cgroups {@link CgroupWalker} visits with the same walk, if the sample holds them (a sample
     * of a sampler that aggregates holds the whole hierarchy).
     *
     * @param walk the walk.
     * @return row indexes.
     * @throws CgroupNotFoundException if the start cgroup is not in the sample.
     */
    public int[] rows(final Walk walk)
    {
        check();
        final Node start = start(walk);
        final IntArrayList out = new IntArrayList();
        final long limit = walk.limit();
        switch (walk.order())
        {
            case SELF_ONLY -> add(out, start, limit);
            case ANCESTORS_UP ->
            {
                Node n = start;
                for (int up = 0; n != null && up <= walk.maxDepth(); up++)
                {
                    add(out, n, limit);
                    n = n.parent;
                }
            }
            case CHILDREN ->
            {
                if (walk.maxDepth() >= 1)
                {
                    for (int i = 0; i < start.childCount; i++)
                    {
                        add(out, start.children[i], limit);
                    }
                }
            }
            case DESCENDANTS_PRE -> preOrder(out, start, walk.maxDepth(), limit);
            case DESCENDANTS_POST -> postOrder(out, start, walk.maxDepth(), limit);
            default -> throw new IllegalStateException("unhandled order: order=" + walk.order());
        }
        return out.toArray();
    }

    private void add(final IntArrayList out, final Node node, final long limit)
    {
        if (out.size() < limit && node.rowWalk == walk)
        {
            out.add(node.row);
        }
    }

    private void preOrder(final IntArrayList out, final Node start, final int maxDepth, final long limit)
    {
        final List<Node> stack = new ArrayList<>();
        stack.add(start);
        while (!stack.isEmpty() && out.size() < limit)
        {
            final Node n = stack.remove(stack.size() - 1);
            add(out, n, limit);
            if (n.depth - start.depth < maxDepth)
            {
                for (int i = n.childCount - 1; i >= 0; i--)
                {
                    stack.add(n.children[i]);
                }
            }
        }
    }

    private void postOrder(final IntArrayList out, final Node start, final int maxDepth, final long limit)
    {
        final List<Node> stack = new ArrayList<>();
        final IntArrayList next = new IntArrayList();
        stack.add(start);
        next.add(0);
        while (!stack.isEmpty() && out.size() < limit)
        {
            final int top = stack.size() - 1;
            final Node n = stack.get(top);
            final int i = next.get(top);
            if (i < n.childCount && n.depth - start.depth < maxDepth)
            {
                next.set(top, i + 1);
                stack.add(n.children[i]);
                next.add(0);
            }
            else
            {
                add(out, n, limit);
                stack.remove(top);
                next.removeAtIndex(top);
            }
        }
    }

    /** The start of a walk among the cgroups the sample has met. */
    private Node start(final Walk walk)
    {
        if (walk.byId())
        {
            final Node found = sampler.findId(walk.startId());
            if (found == null)
            {
                throw new CgroupNotFoundException("no cgroup with this id: id=" + Long.toUnsignedString(walk.startId()) +
                    " root=" + sampler.root());
            }
            return found;
        }
        final Node top = sampler.top();
        Node n = top.childCount == 0 ? null : top.children[0];
        for (final String name : CgroupWalker.pathNames(walk.start()))
        {
            n = n == null ? null : n.child(name);
        }
        if (n == null)
        {
            throw new CgroupNotFoundException("start cgroup not found: root=" + sampler.root() + " path=" +
                walk.start());
        }
        return n;
    }

    private Node node(final int row)
    {
        check();
        if (row < 0 || row >= size)
        {
            throw new IndexOutOfBoundsException("no such row: row=" + row + " size=" + size);
        }
        return nodes[row];
    }

    private void check()
    {
        if (sampler.walk() != walk)
        {
            throw new IllegalStateException("sample superseded by a later one of its sampler: sample=" + walk +
                " latest=" + sampler.walk());
        }
    }

    @Override
    public String toString()
    {
        return "Sample{walk=" + walk + ", rows=" + size + ", root=" + sampler.root() + "}";
    }

    static Node[] grow(final Node[] nodes, final int size)
    {
        return size < nodes.length ? nodes : Arrays.copyOf(nodes, Math.max(16, nodes.length * 2));
    }
}
