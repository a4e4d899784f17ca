package dev.rstat.cgroup.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

import dev.rstat.cgroup.stat.Columns;
import dev.rstat.cgroup.stat.StatSample;
import dev.rstat.cgroup.stat.ValueState;

/**
 * Assembles a {@link Sample} by hand: rows with an id, a path, a depth and optionally a parent row, and values for
 * any field, raw or derived. For rendering values that were not sampled by a {@link Sampler} (read elsewhere, or
 * made up by a test). The sample's rows come in the order they were added; its fields are the columns in id order,
 * each followed by the derivations given for it. Not thread-safe; the sample built stays valid.
 */
public final class SampleBuilder
{
    private static final int DERIVATIONS = Derivation.values().length;

    private final Columns columns;
    private final List<Node> nodes = new ArrayList<>();
    private final TreeSet<Field> fields = new TreeSet<>((a, b) -> a.column() != b.column() ?
        Integer.compare(a.column(), b.column()) : a.derivation().compareTo(b.derivation()));
    private final Node top = new Node(null, "", 0, -1, -1);

    /**
     * @param columns the columns the values are in (interned by the caller).
     */
    public SampleBuilder(final Columns columns)
    {
        this.columns = Objects.requireNonNull(columns, "columns");
    }

    /**
     * Adds a row without a parent in the sample.
     *
     * @param id    the cgroup id (unsigned).
     * @param path  the path, printed as given.
     * @param depth the depth, printed as given.
     * @return the row index.
     */
    public int row(final long id, final String path, final int depth)
    {
        return row(id, path, depth, -1);
    }

    /**
     * Adds a row.
     *
     * @param id     the cgroup id (unsigned).
     * @param path   the path, printed as given.
     * @param depth  the depth, printed as given.
     * @param parent the parent's row index, or -1.
     * @return the row index.
     */
    public int row(final long id, final String path, final int depth, final int parent)
    {
        if (parent >= nodes.size())
        {
            throw new IllegalArgumentException("no such parent row: parent=" + parent + " rows=" + nodes.size());
        }
        final Node up = parent < 0 ? null : nodes.get(parent);
        final int slash = path.lastIndexOf('/');
        final Node node = new Node(up, path.substring(slash + 1), id, depth, nodes.size());
        node.givenPath = Objects.requireNonNull(path, "path");
        node.given = new StatSample[DERIVATIONS];
        node.row = nodes.size();
        node.rowWalk = 1;
        final Node holder = up == null ? top : up;
        holder.children = Arrays.copyOf(holder.children, holder.childCount + 1);
        holder.children[holder.childCount++] = node;
        nodes.add(node);
        return node.row;
    }

    /**
     * Gives a number.
     *
     * @param row   the row.
     * @param field the field.
     * @param value the value: unsigned, or two's complement for signed fields, times {@code 10^scale}.
     * @return this.
     */
    public SampleBuilder number(final int row, final Field field, final long value)
    {
        values(row, field).putNumber(field.column(), value);
        return this;
    }

    /**
     * Gives a state without a value: MAX, MISSING, UNSUPPORTED or VANISHED.
     *
     * @param row   the row.
     * @param field the field.
     * @param state the state.
     * @return this.
     */
    public SampleBuilder state(final int row, final Field field, final ValueState state)
    {
        values(row, field).putState(field.column(), state);
        return this;
    }

    /**
     * Gives a text (raw fields only).
     *
     * @param row   the row.
     * @param field a raw field.
     * @param text  the text.
     * @return this.
     */
    public SampleBuilder text(final int row, final Field field, final String text)
    {
        if (field.derivation() != Derivation.RAW)
        {
            throw new IllegalArgumentException("only raw fields hold texts: field=" + field.name(columns));
        }
        values(row, field).putText(field.column(), text);
        return this;
    }

    /**
     * Declares a field that no row has a value of (it is printed, empty).
     *
     * @param field the field.
     * @return this.
     */
    public SampleBuilder field(final Field field)
    {
        fields.add(field);
        return this;
    }

    /**
     * @return the sample: every column (as read), and the derived fields given.
     */
    public Sample build()
    {
        for (int column = 0; column < columns.size(); column++)
        {
            fields.add(Field.raw(column));
        }
        final List<Field> list = List.copyOf(fields);
        final Node[] rows = nodes.toArray(new Node[0]);
        return new Sample(new Given(columns, list, top, rows), 1, rows, rows.length, null);
    }

    private StatSample values(final int row, final Field field)
    {
        Objects.checkIndex(row, nodes.size());
        if (field.column() >= columns.size())
        {
            throw new IllegalArgumentException("unknown column: column=" + field.column());
        }
        fields.add(field);
        final Node node = nodes.get(row);
        if (field.derivation() == Derivation.RAW)
        {
            return node.values;
        }
        final int d = field.derivation().ordinal();
        if (node.given[d] == null)
        {
            node.given[d] = new StatSample(8);
        }
        return node.given[d];
    }

    /** The values of a built sample. */
    private record Given(Columns columns, List<Field> fields, Node top, Node[] rows) implements SampleSource
    {
        @Override
        public long walk()
        {
            return 1;
        }

        @Override
        public Node findId(final long id)
        {
            for (final Node node : rows)
            {
                if (node.id == id)
                {
                    return node;
                }
            }
            return null;
        }

        @Override
        public String root()
        {
            return "(given)";
        }

        @Override
        public ValueState state(final Node node, final Field field)
        {
            final StatSample values = values(node, field);
            return values == null ? ValueState.MISSING : values.state(field.column());
        }

        @Override
        public long value(final Node node, final Field field)
        {
            final StatSample values = values(node, field);
            return values == null ? 0 : values.value(field.column());
        }

        private static StatSample values(final Node node, final Field field)
        {
            return field.derivation() == Derivation.RAW ? node.values : node.given[field.derivation().ordinal()];
        }
    }
}
