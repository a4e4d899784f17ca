package dev.rstat.benchmarks.walk;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import dev.rstat.cgroup.synthetic.SyntheticTree;

/**
 * A synthetic cgroup tree ({@link SyntheticTree}, fanout {@value #FANOUT}, seed {@value #SEED}) for one benchmark
 * trial.
 * <p>
 * If the system property {@value #DIR_PROPERTY} names a directory, the tree lives in {@code <dir>/<name>}: it is
 * written there only if missing, and left in place on {@link #close()} so that forks and the whole-command timings
 * of {@code run-walk} share it (the script deletes the directory). Otherwise the tree is written into a fresh
 * directory on {@code /dev/shm} (tmpfs; {@code java.io.tmpdir} when there is no {@code /dev/shm}) and deleted on
 * {@link #close()}. Not thread-safe; one per trial.
 */
final class BenchTree implements AutoCloseable
{
    /** System property: directory holding shared trees. */
    static final String DIR_PROPERTY = "rstat.walk.dir";
    /** Children per inner cgroup. */
    static final int FANOUT = 10;
    /** Seed of the values. */
    static final long SEED = 1;

    private static final Path SHM = Paths.get("/dev/shm");
    private static final String MARKER = ".rstat-synthetic";

    private final Path root;
    private final boolean owned;

    private BenchTree(final Path root, final boolean owned)
    {
        this.root = root;
        this.owned = owned;
    }

    /**
     * Opens (writing it if needed) a tree of {@code cgroups} cgroups, the root included.
     *
     * @param name    directory name of the tree under the shared directory.
     * @param cgroups number of cgroups.
     * @return the tree.
     */
    static BenchTree open(final String name, final int cgroups)
    {
        final String shared = System.getProperty(DIR_PROPERTY, "");
        try
        {
            if (!shared.isEmpty())
            {
                final Path root = Paths.get(shared).resolve(name);
                if (!Files.isRegularFile(root.resolve(MARKER)))
                {
                    SyntheticTree.write(root, cgroups, FANOUT, SEED);
                }
                return new BenchTree(root, false);
            }
            final Path parent = Files.isDirectory(SHM) && Files.isWritable(SHM) ?
                SHM : Paths.get(System.getProperty("java.io.tmpdir"));
            final Path root = Files.createTempDirectory(parent, "rstat-walk-" + name + "-");
            try
            {
                SyntheticTree.write(root, cgroups, FANOUT, SEED);
            }
            catch (final RuntimeException ex)
            {
                SyntheticTree.delete(root);
                throw ex;
            }
            return new BenchTree(root, true);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot create benchmark tree: name=" + name + " cgroups=" + cgroups, ex);
        }
    }

    /**
     * @return the hierarchy root directory.
     */
    Path root()
    {
        return root;
    }

    @Override
    public void close()
    {
        if (owned)
        {
            SyntheticTree.delete(root);
        }
    }
}
