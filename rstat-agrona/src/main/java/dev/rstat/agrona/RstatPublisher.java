package dev.rstat.agrona;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.rstat.GroupSchema;
import dev.rstat.Rstat;
import dev.rstat.RstatNode;
import dev.rstat.StatDescriptor;
import dev.rstat.StatGroup;
import dev.rstat.StatKind;

/**
 * Publishes an {@link Rstat} tree's totals to a live counters file ({@link CountersFile}) for other processes: per
 * node and per statistic column, its {@link StatGroup#subtree subtree} value and its {@link StatGroup#local local}
 * share, two counters labelled {@code "<path> <group>.<stat> subtree"} and {@code "... local"} (a histogram has one
 * column per bucket: {@code <stat>[<bucket>]}), typed by the statistic's kind, keyed by the node's id and
 * {@link RstatNode#incarnation() incarnation}. Each {@link #publish()} flushes every group at the root, then writes
 * every value in place between the header's update sequence; counters of removed nodes are freed (their slots
 * reused only after the free-to-reuse timeout); a node created after an old one's removal, even under its id and
 * name, gets new counters with new registration ids.
 * <p>
 * The generation changes when the publisher starts, at {@link #replace(Rstat)} (another tree, maybe another
 * schema), at {@link #restored()} (the embedder restored the tree's data from a snapshot), and when the file is full
 * and is renewed at twice its capacity. Call {@link #publish()} after your own flushes, or {@link #start(Duration)}
 * for a period. Processes that map the file need Agrona's JVM option
 * {@code --add-exports java.base/jdk.internal.misc=ALL-UNNAMED}. Thread-safe: publishes are serialised.
 */
public final class RstatPublisher implements AutoCloseable
{
    private static final int MAX_PATH_CHARS = 300;
    private static final int INITIAL_CAPACITY = 1024;

    private final CountersFileWriter writer;
    private final Map<RstatNode, Published> published = new IdentityHashMap<>();
    private final AtomicLong failures = new AtomicLong();
    private Rstat rstat;
    private ScheduledExecutorService periodic;
    private boolean closed;

    private RstatPublisher(final CountersFileWriter writer, final Rstat rstat)
    {
        this.writer = writer;
        this.rstat = rstat;
    }

    /**
     * Creates (or replaces) the counters file and publishes the tree once.
     *
     * @param file        the counters file, e.g. {@code /dev/shm/my-service-stats}.
     * @param rstat       the tree.
     * @param freeToReuse how long a removed node's counter slots stay unused.
     * @return the publisher.
     * @throws CountersFileException if the file cannot be created.
     */
    public static RstatPublisher create(final Path file, final Rstat rstat, final Duration freeToReuse)
    {
        Objects.requireNonNull(rstat, "rstat");
        final int needed = 1 + rstat.size() * 2 * columns(rstat);
        final RstatPublisher publisher = new RstatPublisher(
            CountersFileWriter.create(file, Math.min(CountersFile.MAX_CAPACITY, Math.max(INITIAL_CAPACITY,
                2 * needed)), freeToReuse), rstat);
        publisher.publish();
        return publisher;
    }

    private static int columns(final Rstat rstat)
    {
        int total = 0;
        for (final StatGroup group : rstat.groups())
        {
            total += group.schema().statCount();
        }
        return total;
    }

    /**
     * @return the file's current generation.
     */
    public synchronized long generation()
    {
        return writer.generation();
    }

    /**
     * @return the writer (its path, capacity).
     */
    public CountersFileWriter writer()
    {
        return writer;
    }

    /**
     * @return how many periodic publishes failed (each is retried at the next period).
     */
    public long periodicFailures()
    {
        return failures.get();
    }

    /**
     * Flushes the tree and writes every node's totals into the file.
     */
    public synchronized void publish()
    {
        if (closed)
        {
            throw new IllegalStateException("publisher is closed: file=" + writer.file());
        }
        for (final StatGroup group : rstat.groups())
        {
            group.flush(rstat.root());
        }
        try
        {
            write();
        }
        catch (final CountersFileFullException full)
        {
            renew(Math.min(CountersFile.MAX_CAPACITY, writer.capacity() * 2));
            write();
        }
    }

    private void write()
    {
        writer.beginSample();
        try
        {
            final Iterator<Map.Entry<RstatNode, Published>> it = published.entrySet().iterator();
            while (it.hasNext())
            {
                final Map.Entry<RstatNode, Published> entry = it.next();
                if (entry.getKey().isRemoved())
                {
                    for (final int id : entry.getValue().counters)
                    {
                        writer.free(id);
                    }
                    it.remove();
                }
            }
            for (final RstatNode node : rstat.nodes())
            {
                Published p = published.get(node);
                if (p == null)
                {
                    p = allocate(node);
                    if (p == null)
                    {
                        continue;
                    }
                }
                if (!set(node, p))
                {
                    continue;
                }
            }
        }
        finally
        {
            writer.endSample();
        }
    }

    private boolean set(final RstatNode node, final Published p)
    {
        try
        {
            int c = 0;
            for (final StatGroup group : rstat.groups())
            {
                for (int column = 0, n = group.schema().statCount(); column < n; column++)
                {
                    writer.set(p.counters[c++], group.subtree(node, column));
                    writer.set(p.counters[c++], group.local(node, column));
                }
            }
            return true;
        }
        catch (final IllegalStateException removedMeanwhile)
        {
            return false;
        }
    }

    private Published allocate(final RstatNode node)
    {
        final String path = path(node);
        if (path == null)
        {
            return null;
        }
        final int[] ids = new int[2 * columns(rstat)];
        int c = 0;
        try
        {
            for (final StatGroup group : rstat.groups())
            {
                final GroupSchema schema = group.schema();
                for (int column = 0, n = schema.statCount(); column < n; column++)
                {
                    final StatDescriptor d = schema.descriptor(column);
                    final String name = schema.name() + "." + d.name() +
                        (d.kind().isHistogram() ? "[" + (column - d.column()) + "]" : "");
                    final int type = typeOf(d.kind());
                    final int flags = d.kind() == StatKind.GAUGE ? CountersFile.FLAG_SIGNED : 0;
                    ids[c++] = writer.allocate(type, path + " " + name + " subtree", node.id(), node.incarnation(),
                        CounterTypes.SCOPE_SUBTREE, d.exponent(), flags, 0);
                    ids[c++] = writer.allocate(type, path + " " + name + " local", node.id(), node.incarnation(),
                        CounterTypes.SCOPE_LOCAL, d.exponent(), flags, 0);
                }
            }
        }
        catch (final CountersFileFullException full)
        {
            for (int i = 0; i < c; i++)
            {
                writer.free(ids[i]);
            }
            throw full;
        }
        final Published p = new Published(path, ids);
        published.put(node, p);
        return p;
    }

    /** The node's path from the root's names ("/" for the root), cut at a few hundred characters. */
    private String path(final RstatNode node)
    {
        final List<RstatNode> chain = new ArrayList<>();
        RstatNode n = node;
        String base = null;
        while (n != null)
        {
            final Published p = published.get(n);
            if (p != null)
            {
                base = p.path;
                break;
            }
            if (n.isRemoved())
            {
                return null;
            }
            chain.add(n);
            n = n.parent();
        }
        String path = base;
        for (int i = chain.size() - 1; i >= 0; i--)
        {
            final RstatNode step = chain.get(i);
            if (step.parent() == null)
            {
                path = "/";
            }
            else
            {
                final String joined = (path == null || path.equals("/") ? "/" : path + "/") + step.name();
                path = joined.length() > MAX_PATH_CHARS ? joined.substring(0, MAX_PATH_CHARS) : joined;
            }
        }
        return path;
    }

    private static int typeOf(final StatKind kind)
    {
        return switch (kind)
        {
            case COUNTER -> CounterTypes.COUNTER;
            case GAUGE -> CounterTypes.GAUGE;
            case PEAK -> CounterTypes.PEAK;
            case LINEAR_HISTOGRAM -> CounterTypes.LINEAR_HISTOGRAM_BUCKET;
            case LOG_HISTOGRAM -> CounterTypes.LOG_HISTOGRAM_BUCKET;
        };
    }

    /**
     * Publishes another tree from now on (a rebuilt tree, maybe another schema): a new generation.
     *
     * @param newTree the tree.
     */
    public synchronized void replace(final Rstat newTree)
    {
        this.rstat = Objects.requireNonNull(newTree, "newTree");
        renew(writer.capacity());
        publish();
    }

    /**
     * Tells readers that the tree's data was restored from a snapshot (or otherwise replaced in place): a new
     * generation, every counter allocated anew.
     */
    public synchronized void restored()
    {
        renew(writer.capacity());
        publish();
    }

    private void renew(final int capacity)
    {
        writer.renew(capacity);
        published.clear();
    }

    /**
     * Publishes every {@code period} on a daemon thread until {@link #close()}; a failed publish is counted
     * ({@link #periodicFailures()}) and the next period tries again.
     *
     * @param period between publishes.
     */
    public synchronized void start(final Duration period)
    {
        if (periodic != null)
        {
            throw new IllegalStateException("already publishing periodically: file=" + writer.file());
        }
        periodic = Executors.newSingleThreadScheduledExecutor(r ->
        {
            final Thread t = new Thread(r, "rstat-publisher");
            t.setDaemon(true);
            return t;
        });
        final long every = period.toNanos();
        periodic.scheduleWithFixedDelay(() ->
        {
            try
            {
                publish();
            }
            catch (final RuntimeException ex)
            {
                failures.incrementAndGet();
            }
        }, every, every, TimeUnit.NANOSECONDS);
    }

    /**
     * Stops the period, marks the file closed (it keeps the last values) and unmaps it.
     */
    @Override
    public void close()
    {
        final ScheduledExecutorService p;
        synchronized (this)
        {
            p = periodic;
            periodic = null;
        }
        if (p != null)
        {
            p.shutdown();
            try
            {
                p.awaitTermination(10, TimeUnit.SECONDS);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (this)
        {
            if (!closed)
            {
                closed = true;
                writer.close();
            }
        }
    }

    private record Published(String path, int[] counters)
    {
    }
}
