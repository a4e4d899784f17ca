package dev.rstat.cgroup.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;

import dev.rstat.cgroup.Hierarchy;
import dev.rstat.cgroup.Snapshot;
import dev.rstat.cgroup.stat.Problems;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code cgroup-walk snapshot --out DIR [CGROUP]}: copies the readable files of a hierarchy (or of one cgroup's
 * subtree, keeping the original paths) into a directory that {@code cgroup-walk --root DIR} walks like the original.
 */
@Command(
    name = "snapshot",
    header = "Copies the hierarchy's readable files into a directory that --root can walk like the original.",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
        "Copies each cgroup's readable files into DIR (written atomically), with the cgroup ids, so that",
        "'cgroup-walk --root DIR' prints the same ids and values. CGROUP limits it to that subtree (default /)."})
public final class SnapshotCommand implements Callable<Integer>
{
    @Spec
    CommandSpec spec;

    @ParentCommand
    CgroupWalk parent;

    @Option(names = "--out", required = true, paramLabel = "DIR",
        description = "Directory to create (must not exist, or be empty).")
    Path out;

    @Option(names = {"-v", "--verbose"}, description = "Print a warning for each skipped cgroup.")
    boolean verbose;

    @Parameters(index = "0", arity = "0..1", paramLabel = "CGROUP", description = "Start cgroup path (default /).")
    String cgroup = "/";

    /**
     * Creates the command.
     */
    public SnapshotCommand()
    {
    }

    @Override
    public Integer call()
    {
        final PrintWriter err = spec.commandLine().getErr();
        final Hierarchy hierarchy = CgroupWalk.hierarchy(parent.root);
        final Problems problems = new Problems(verbose ? line -> err.println(Messages.PREFIX + line) : line -> { });
        final Snapshot.Summary summary = Snapshot.take(hierarchy, cgroup, out, problems, Instant.now());
        err.println(Messages.PREFIX + "snapshot: out=" + summary.directory() + " cgroups=" + summary.cgroups() + " files=" +
            summary.files() + " unreadable_files=" + summary.skippedFiles());
        if (problems.any())
        {
            err.println(Messages.skipSummary(problems, verbose));
        }
        err.flush();
        return CgroupWalk.OK;
    }
}
