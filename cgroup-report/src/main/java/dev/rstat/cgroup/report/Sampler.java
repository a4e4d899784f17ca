package dev.rstat.cgroup.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import org.eclipse.collections.impl.list.mutable.primitive.IntArrayList;

import dev.rstat.cgroup.Cgroup;
import dev.rstat.cgroup.CgroupNotFoundException;
import dev.rstat.cgroup.CgroupVersion;
import dev.rstat.cgroup.ProcCgroups;
import dev.rstat.cgroup.CgroupVisitor;
import dev.rstat.cgroup.CgroupWalker;
import dev.rstat.cgroup.Hierarchy;
import dev.rstat.cgroup.Order;
import dev.rstat.cgroup.stat.Columns;
import dev.rstat.cgroup.stat.Problems;
import dev.rstat.cgroup.stat.StatCatalog;
import dev.rstat.cgroup.stat.StatReader;
import dev.rstat.cgroup.stat.StatSample;
import dev.rstat.cgroup.stat.ValueState;

/**
 * Takes {@link Sample samples} of a cgroup hierarchy: the public sampling API of the command, the metrics server
 * and embedders.
 * <pre>{@code
 * try (Sampler sampler = Sampler.on(Hierarchy.at(Path.of("/sys/fs/cgroup"))).aggregate(true).build())
 * {
 *     Sample sample = sampler.sample();
 *     Field own = sample.field("cpu.stat.usage_usec", Derivation.SELF);
 *     for (int row : sample.rows())
 *     {
 *         System.out.println(sample.path(row) + " " + sample.value(row, own));
 *     }
 * }
 * }</pre>
 *
 * <h2>One walk per sample, children before parents</h2>
 * Each sample is one walk in post-order, the order rstat flushes in: a cgroup's files are read after all its
 * descendants', so a parent's cumulative counter is read after its children's and is never below the sum of what
 * they showed: every counter's {@link Derivation#SELF own share} is at least 0 by construction. For gauges no order
 * helps (a live gauge can fall between two reads; no read of several files is atomic), so a gauge's own share can be
 * negative by what changed between the reads; it is printed as it is. The requested {@link Walk} (any order, start by
 * path or id, limit, depth) is then computed from the sample's tree ({@link Sample#rows()}).
 * <p>
 * With {@link Builder#aggregate(boolean) aggregation} a sample holds the whole hierarchy (own shares need the
 * children, subtree sums all descendants, effective limits all ancestors); without, it holds exactly what the walk
 * visits. Each cgroup's values are kept from sample to sample in a mirror of the tree, matched by name and id, so
 * that rates and aggregates cost what changed: see {@code Aggregator}.
 * <p>
 * Not thread-safe: one thread samples (a sample is valid until the next).
 */
public final class Sampler implements AutoCloseable
{
    /** The {@link Builder#files(List)} entry that reads every readable file of each cgroup. */
    public static final String ALL_FILES = "all";

    private final Hierarchy hierarchy;
    private final List<String> files;
    private final boolean allFiles;
    private final Walk walk;
    private final Problems problems;
    private final Columns columns;
    private final StatReader reader;
    private final Mirror mirror = new Mirror();
    private final Aggregator aggregator;
    private final SubtreeStatistics subtree;
    private final Rates rates;
    private final DisplayOrder order;
    private final StatSample scratch = new StatSample();
    private final IntArrayList setOrder = new IntArrayList();
    private final Statistics statistics = new Statistics();
    private final LongSupplier clock;
    private final SampleSource source = new Source();
    /** Per member of the hierarchy (one for a single hierarchy), the cgroups the current walk visited in it. */
    private final long[] live;
    private Node[] rows = new Node[64];
    private int rowCount;
    private List<Field> fields = List.of();
    private int fieldsOf = -1;

    private Sampler(final Builder builder)
    {
        this.hierarchy = builder.hierarchy;
        this.walk = builder.walk;
        this.problems = builder.problems;
        this.columns = new Columns(hierarchy.catalog());
        this.files = builder.files == null ? columns.catalog().defaultFiles() : builder.files;
        this.allFiles = files.size() == 1 && ALL_FILES.equals(files.get(0));
        this.reader = new StatReader(columns, problems);
        this.aggregator = builder.aggregate || !builder.derive.isEmpty() ?
            new Aggregator(columns, mirror, hierarchy.atRoot()) : null;
        this.subtree = builder.derive.isEmpty() ? null : new SubtreeStatistics(columns, mirror, builder.derive);
        this.rates = builder.rates ? new Rates(columns) : null;
        this.order = new DisplayOrder(columns);
        this.clock = builder.clock;
        this.live = new long[Math.max(1, hierarchy.members().size())];
        scratch.recordOrder(setOrder);
    }

    /**
     * Starts configuring a sampler of a hierarchy.
     *
     * @param hierarchy the hierarchy ({@link Hierarchy#at(Path)}, or one of {@code Mounts.discover()}).
     * @return a builder: the catalog's default files, the whole hierarchy in pre-order, no aggregation, no rates.
     */
    public static Builder on(final Hierarchy hierarchy)
    {
        return new Builder(hierarchy);
    }

    /**
     * Checks a list of files to read.
     *
     * @param names file names, or {@code [}{@value #ALL_FILES}{@code ]}.
     * @throws IllegalArgumentException naming the first entry that is not a cgroup file name (empty, a path, a
     *                                  dot-file), or if {@value #ALL_FILES} is combined with names.
     */
    public static void checkFiles(final List<String> names)
    {
        for (final String name : names)
        {
            if (name.isEmpty())
            {
                throw new IllegalArgumentException("empty file name");
            }
            if (name.indexOf('/') >= 0 || name.startsWith("."))
            {
                throw new IllegalArgumentException("not a cgroup file name: " + name);
            }
        }
        if (names.size() > 1 && names.contains(ALL_FILES))
        {
            throw new IllegalArgumentException(ALL_FILES + " cannot be combined with file names");
        }
    }

    /**
     * Takes a sample: one walk, the reads, then rates and aggregates.
     *
     * @return the sample; valid until the next call.
     * @throws CgroupNotFoundException if the walk's start cgroup does not exist.
     */
    public Sample sample()
    {
        final long start = System.nanoTime();
        mirror.beginWalk();
        order.beginWalk();
        rowCount = 0;
        java.util.Arrays.fill(live, 0);
        final Scope scope = scope();
        try
        {
            walker().walk(new Collector(scope));
        }
        finally
        {
            mirror.endWalk();
        }
        if (!scope.startFound())
        {
            throw new CgroupNotFoundException("no cgroup with this id: id=" + Long.toUnsignedString(walk.startId()) +
                " root=" + hierarchy.directory());
        }
        final long read = System.nanoTime();
        if (aggregator != null)
        {
            aggregator.update();
        }
        if (subtree != null)
        {
            subtree.update();
        }
        final long aggregated = System.nanoTime();
        final Sample sample = new Sample(source, mirror.walk(), rows, rowCount, walk);
        if (order.grew())
        {
            order.endWalk(sample.rows(aggregator != null ? Walk.all() : walk));
        }
        statistics.sampled(rowCount, read - start, aggregated - read);
        statistics.counts(mirror.size(), aggregator == null ? 0 : aggregator.changedValues(),
            (aggregator == null ? 0 : aggregator.nodesFlushed()) + (subtree == null ? 0 : subtree.nodesFlushed()), rates == null ? 0 : rates.resets(), mirror.recreated());
        return sample;
    }

    /**
     * @return the columns of the samples, grown as files show new keys.
     */
    public Columns columns()
    {
        return columns;
    }

    /**
     * @return the hierarchy sampled.
     */
    public Hierarchy hierarchy()
    {
        return hierarchy;
    }

    /**
     * @return where the walks report vanished cgroups, unreadable files and malformed lines.
     */
    public Problems problems()
    {
        return problems;
    }

    /**
     * @return what the samples cost and found so far.
     */
    public Statistics statistics()
    {
        return statistics;
    }

    @Override
    public void close()
    {
        if (aggregator != null)
        {
            aggregator.close();
        }
        if (subtree != null)
        {
            subtree.close();
        }
    }

    /** @return (node, stripe) pairs the {@code --derive} flushes processed so far (0 without derive). */
    long derivedNodesFlushed()
    {
        return subtree == null ? 0 : subtree.nodesFlushed();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // For Sample
    // ---------------------------------------------------------------------------------------------------------------

    String root()
    {
        return hierarchy.directory().toString();
    }

    long walk()
    {
        return mirror.walk();
    }

    Node top()
    {
        return mirror.top();
    }

    List<Field> fields()
    {
        if (fieldsOf != columns.size())
        {
            final List<Field> list = new ArrayList<>();
            for (final int column : order.columns())
            {
                list.add(Field.raw(column));
                if (rates != null && rates.hasRate(column))
                {
                    list.add(new Field(column, Derivation.RATE));
                }
                if (aggregator != null)
                {
                    for (final Derivation derivation : new Derivation[] {
                        Derivation.SELF, Derivation.SUBTREE, Derivation.EFFECTIVE, Derivation.DYING})
                    {
                        if (aggregator.has(column, derivation))
                        {
                            list.add(new Field(column, derivation));
                        }
                    }
                }
                if (subtree != null)
                {
                    for (final Derivation derivation : new Derivation[] {
                        Derivation.MAX, Derivation.MIN, Derivation.AVG, Derivation.ZERO})
                    {
                        if (subtree.has(column, derivation))
                        {
                            list.add(new Field(column, derivation));
                        }
                    }
                }
            }
            fields = Collections.unmodifiableList(list);
            fieldsOf = columns.size();
        }
        return fields;
    }

    ValueState state(final Node node, final Field field)
    {
        return switch (field.derivation())
        {
            case RAW -> node.values.state(field.column());
            case RATE -> node.rates == null ? ValueState.MISSING : node.rates.state(field.column());
            case MAX, MIN, AVG, ZERO -> subtree == null ? ValueState.MISSING : subtree.state(node, field);
            default -> aggregator == null ? ValueState.MISSING : aggregator.state(node, field);
        };
    }

    long value(final Node node, final Field field)
    {
        return switch (field.derivation())
        {
            case RAW -> node.values.value(field.column());
            case RATE -> node.rates == null ? 0 : node.rates.value(field.column());
            case MAX, MIN, AVG, ZERO -> subtree == null ? 0 : subtree.value(node, field);
            default -> aggregator == null ? 0 : aggregator.value(node, field);
        };
    }

    /** The node of a cgroup id: one read in the latest walk first. */
    Node findId(final long id)
    {
        Node any = null;
        for (int slot = 0; slot < mirror.slots(); slot++)
        {
            final Node node = mirror.bySlot(slot);
            if (node != null && node.id == id)
            {
                if (node.rowWalk == mirror.walk())
                {
                    return node;
                }
                any = any == null ? node : any;
            }
        }
        return any;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // The walk
    // ---------------------------------------------------------------------------------------------------------------

    private Scope scope()
    {
        if (aggregator != null || (!walk.byId() && walk.order() == Order.ANCESTORS_UP))
        {
            return Scope.everything();
        }
        return Scope.of(walk);
    }

    /**
     * The walk of a sample, always children before parents: the whole hierarchy to aggregate or to find a start by
     * id; else the start's subtree down to the depth the order needs, or for {@link Order#ANCESTORS_UP} the chain up
     * to the root (which is a post-order of the chain).
     */
    private CgroupWalker walker()
    {
        final CgroupWalker.Builder builder = CgroupWalker.on(hierarchy).problems(problems);
        if (aggregator != null || walk.byId())
        {
            return builder.order(Order.DESCENDANTS_POST).build();
        }
        builder.start(walk.start());
        return switch (walk.order())
        {
            case ANCESTORS_UP -> builder.order(Order.ANCESTORS_UP).maxDepth(walk.maxDepth()).limit(walk.limit()).build();
            case SELF_ONLY -> builder.order(Order.DESCENDANTS_POST).maxDepth(0).build();
            case CHILDREN -> builder.order(Order.DESCENDANTS_POST).maxDepth(Math.min(walk.maxDepth(), 1)).build();
            default -> builder.order(Order.DESCENDANTS_POST).maxDepth(walk.maxDepth()).build();
        };
    }

    /** Whether the walk visits every cgroup of a live hierarchy, so that its directories can be counted. */
    private boolean wholeWalk()
    {
        if (hierarchy.snapshot() || !hierarchy.atRoot())
        {
            return false;
        }
        return aggregator != null || !walk.byId() && CgroupWalker.pathNames(walk.start()).isEmpty() &&
            walk.maxDepth() == Integer.MAX_VALUE &&
            (walk.order() == Order.DESCENDANTS_PRE || walk.order() == Order.DESCENDANTS_POST);
    }

    /**
     * Puts {@code dying_cgroups.<controller>} into the root's values: per controller of each v1 hierarchy, the
     * kernel's {@code /proc/cgroups} count minus the directories this walk visited in that hierarchy; not for a
     * mount of part of a hierarchy (a container's), whose directories are not all the kernel counts.
     */
    private void dyingCgroups()
    {
        final java.util.Optional<List<ProcCgroups.Subsystem>> subsystems =
            ProcCgroups.tryRead(ProcCgroups.PROC_CGROUPS);
        if (subsystems.isEmpty())
        {
            return;
        }
        final List<Hierarchy> members = hierarchy.isJoined() ? hierarchy.members() : List.of(hierarchy);
        for (int m = 0; m < members.size(); m++)
        {
            final Hierarchy member = members.get(m);
            if (member.version() != CgroupVersion.V1 || member.snapshot() || !"/".equals(member.mountRoot()))
            {
                continue;
            }
            for (final String controller : member.controllers())
            {
                for (final ProcCgroups.Subsystem subsystem : subsystems.get())
                {
                    if (subsystem.name().equals(controller) && subsystem.hierarchy() != 0)
                    {
                        final int column = columns.intern(StatCatalog.DYING_CGROUPS + "." + controller);
                        scratch.putNumber(column, subsystem.cgroups() - live[m]);
                    }
                }
            }
        }
    }

    /** Reads each cgroup in scope into its node and records its row. */
    private final class Collector implements CgroupVisitor
    {
        private final Scope scope;
        private final StatSample.Changes changes;
        private Cgroup current;
        private String currentFile;
        private final Supplier<Path> directory = () -> current.directoryOf(currentFile).getParent();

        Collector(final Scope scope)
        {
            this.scope = scope;
            this.changes = aggregator != null ? aggregator : (column, before, beforeValue, after, afterValue) -> { };
        }

        @Override
        public boolean enter(final Cgroup cgroup)
        {
            final boolean descend = scope.enter(cgroup);
            if (scope.marked(cgroup.depth()) || scope.isStart(cgroup))
            {
                mirror.enter(cgroup);
            }
            return descend;
        }

        @Override
        public boolean visit(final Cgroup cgroup)
        {
            for (int m = 0; m < live.length; m++)
            {
                if (cgroup.inMember(m))
                {
                    live[m]++;
                }
            }
            final Node node = mirror.nodeOf(cgroup);
            if (node != null)
            {
                mirror.finish(node);
                if (scope.reads(cgroup))
                {
                    read(cgroup, node);
                }
            }
            return scope.more(cgroup);
        }

        private void read(final Cgroup cgroup, final Node node)
        {
            current = cgroup;
            scratch.clear();
            setOrder.clear();
            final long nanos = clock.getAsLong();
            boolean alive = true;
            for (final String file : allFiles ? cgroup.files() : files)
            {
                if (!allFiles && !cgroup.hasFile(file))
                {
                    continue;
                }
                currentFile = file;
                if (!reader.read(cgroup.handle(file), directory, file, scratch))
                {
                    alive = false;
                    break;
                }
            }
            if (alive && cgroup.isRoot() && wholeWalk())
            {
                dyingCgroups();
            }
            if (rates != null)
            {
                if (alive)
                {
                    rates.observe(node, scratch, nanos);
                }
                else if (node.rates != null)
                {
                    node.rates.clear();
                }
            }
            if (aggregator != null)
            {
                aggregator.committing(node);
            }
            node.values.copyFrom(scratch, changes);
            if (aggregator != null)
            {
                aggregator.committed(node);
            }
            node.readNanos = nanos;
            current = null;
            if (alive)
            {
                rows = Sample.grow(rows, rowCount);
                rows[rowCount] = node;
                node.row = rowCount;
                node.rowWalk = mirror.walk();
                order.row(rowCount, setOrder);
                rowCount++;
            }
        }
    }

    /** What the samples read: this sampler's state. */
    private final class Source implements SampleSource
    {
        @Override
        public Columns columns()
        {
            return columns;
        }

        @Override
        public List<Field> fields()
        {
            return Sampler.this.fields();
        }

        @Override
        public long walk()
        {
            return Sampler.this.walk();
        }

        @Override
        public Node top()
        {
            return Sampler.this.top();
        }

        @Override
        public Node findId(final long id)
        {
            return Sampler.this.findId(id);
        }

        @Override
        public String root()
        {
            return Sampler.this.root();
        }

        @Override
        public ValueState state(final Node node, final Field field)
        {
            return Sampler.this.state(node, field);
        }

        @Override
        public long value(final Node node, final Field field)
        {
            return Sampler.this.value(node, field);
        }
    }

    /**
     * What a sampler's samples cost and found: totals since it was built, and the latest sample's.
     */
    public static final class Statistics
    {
        private long samples;
        private long rows;
        private long readNanos;
        private long aggregateNanos;
        private long lastReadNanos;
        private long lastAggregateNanos;
        private long cgroups;
        private long changedValues;
        private long nodesFlushed;
        private long resets;
        private long recreated;

        Statistics()
        {
        }

        void counts(final int mirrored, final long changed, final long flushed, final long counterResets,
            final long recreatedCgroups)
        {
            cgroups = mirrored;
            changedValues = changed;
            nodesFlushed = flushed;
            resets = counterResets;
            recreated = recreatedCgroups;
        }

        void sampled(final int sampleRows, final long read, final long aggregate)
        {
            samples++;
            rows = sampleRows;
            readNanos += read;
            aggregateNanos += aggregate;
            lastReadNanos = read;
            lastAggregateNanos = aggregate;
        }

        /**
         * @return samples taken.
         */
        public long samples()
        {
            return samples;
        }

        /**
         * @return rows of the latest sample.
         */
        public long rows()
        {
            return rows;
        }

        /**
         * @return nanoseconds the latest sample spent walking and reading (change detection and rates included).
         */
        public long lastReadNanos()
        {
            return lastReadNanos;
        }

        /**
         * @return nanoseconds the latest sample spent aggregating (feeding changes, the rstat flush, limits).
         */
        public long lastAggregateNanos()
        {
            return lastAggregateNanos;
        }

        /**
         * @return nanoseconds all samples spent walking and reading.
         */
        public long readNanos()
        {
            return readNanos;
        }

        /**
         * @return nanoseconds all samples spent aggregating.
         */
        public long aggregateNanos()
        {
            return aggregateNanos;
        }

        /**
         * @return cgroups kept from sample to sample (the mirror of the hierarchy).
         */
        public long cgroups()
        {
            return cgroups;
        }

        /**
         * @return (cgroup, column) values that changed and were fed to the rstat tree, all samples together.
         */
        public long changedValues()
        {
            return changedValues;
        }

        /**
         * @return (node, stripe) pairs the rstat flushes visited, all samples together.
         */
        public long nodesFlushed()
        {
            return nodesFlushed;
        }

        /**
         * @return counter values that went down (resets) and got no rate.
         */
        public long resets()
        {
            return resets;
        }

        /**
         * @return times a cgroup came back under the same path with another id (recreated).
         */
        public long recreated()
        {
            return recreated;
        }
    }

    /**
     * Configures a {@link Sampler}. Not thread-safe.
     */
    public static final class Builder
    {
        private final Hierarchy hierarchy;
        private List<String> files;
        private Walk walk = Walk.all();
        private boolean aggregate;
        private Set<Derivation> derive = Set.of();
        private boolean rates;
        private Problems problems = new Problems(line -> { });
        private LongSupplier clock = System::nanoTime;

        private Builder(final Hierarchy hierarchy)
        {
            this.hierarchy = Objects.requireNonNull(hierarchy, "hierarchy");
        }

        /**
         * @param names the files to read per cgroup, in output order ({@code memory.stat}...), or
         *              {@code [}{@value Sampler#ALL_FILES}{@code ]} for every readable file; default: the catalog's
         *              {@link StatCatalog#defaultFiles()}.
         * @return this.
         */
        public Builder files(final List<String> names)
        {
            checkFiles(names);
            this.files = List.copyOf(names);
            return this;
        }

        /**
         * @param value which cgroups {@link Sample#rows()} gives, in which order (default: the whole hierarchy in
         *              pre-order); without aggregation also which cgroups are read.
         * @return this.
         */
        public Builder walk(final Walk value)
        {
            this.walk = Objects.requireNonNull(value, "walk");
            return this;
        }

        /**
         * @param value whether to derive own shares, subtree sums and effective limits (reads the whole hierarchy).
         * @return this.
         */
        public Builder aggregate(final boolean value)
        {
            this.aggregate = value;
            return this;
        }

        /**
         * @param value which subtree statistics to derive for every numeric column: any of {@link Derivation#MAX},
         *              {@link Derivation#MIN}, {@link Derivation#AVG}, {@link Derivation#ZERO} (each over the
         *              cgroup's live subtree, itself included); not empty implies {@link #aggregate(boolean)}.
         * @return this.
         */
        public Builder derive(final Set<Derivation> value)
        {
            for (final Derivation d : value)
            {
                if (!d.isSubtreeStatistic())
                {
                    throw new IllegalArgumentException("not a subtree statistic: " + d.suffix().substring(1) +
                        " (derive max, min, avg or zero)");
                }
            }
            this.derive = Set.copyOf(value);
            return this;
        }

        /**
         * @param value whether to derive counters' rates (from the second sample on).
         * @return this.
         */
        public Builder rates(final boolean value)
        {
            this.rates = value;
            return this;
        }

        /**
         * @param value where problems are reported (default: counted, no warnings printed).
         * @return this.
         */
        public Builder problems(final Problems value)
        {
            this.problems = Objects.requireNonNull(value, "problems");
            return this;
        }

        /**
         * @param nanoTime the clock that times each cgroup's read, for its rates (default {@link System#nanoTime()});
         *                 another one replays recorded reads or tests rates exactly.
         * @return this.
         */
        public Builder clock(final LongSupplier nanoTime)
        {
            this.clock = Objects.requireNonNull(nanoTime, "nanoTime");
            return this;
        }

        /**
         * @return the sampler.
         */
        public Sampler build()
        {
            return new Sampler(this);
        }
    }
}
