package dev.rstat.cgroup.cli;

import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;

import dev.rstat.cgroup.Hierarchy;
import dev.rstat.cgroup.Mounts;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code cgroup-walk mounts}: lists the cgroup hierarchies discovered in {@code /proc/self/mountinfo}, marking the
 * default root with {@code *}.
 */
@Command(
    name = "mounts",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Lists the mounted cgroup hierarchies (from /proc/self/mountinfo); * marks the default root.")
public final class MountsCommand implements Callable<Integer>
{
    @Spec
    CommandSpec spec;

    /**
     * Creates the command.
     */
    public MountsCommand()
    {
    }

    @Override
    public Integer call()
    {
        final Mounts mounts = Mounts.discover();
        final PrintWriter out = spec.commandLine().getOut();
        out.println("layout: " + mounts.layout().name().toLowerCase(java.util.Locale.ROOT));
        final Optional<Hierarchy> unified = mounts.unified();
        out.printf("  %-7s %-40s %s%n", "VERSION", "PATH", "CONTROLLERS");
        for (final Hierarchy h : mounts.hierarchies())
        {
            final String mark = unified.isPresent() && unified.get().equals(h) ? "*" : " ";
            final String controllers = h.name().isEmpty() ? String.join(",", h.controllers()) :
                String.join(",", h.controllers()) + (h.controllers().isEmpty() ? "" : ",") + "name=" + h.name();
            out.printf("%s %-7s %-40s %s%n", mark, "v" + h.version().number(), h.directory(),
                controllers.isEmpty() ? "-" : controllers);
        }
        out.flush();
        return CgroupWalk.OK;
    }
}
