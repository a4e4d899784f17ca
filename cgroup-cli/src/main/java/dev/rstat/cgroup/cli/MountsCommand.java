package dev.rstat.cgroup.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import dev.rstat.cgroup.CgroupNotFoundException;
import dev.rstat.cgroup.CgroupVersion;
import dev.rstat.cgroup.Hierarchy;
import dev.rstat.cgroup.Mounts;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code cgroup-walk mounts}: lists the cgroup hierarchies discovered in {@code /proc/self/mountinfo} (a cgroup2
 * hierarchy with the controllers its root's {@code cgroup.controllers} offers), marking with {@code *} what is walked
 * by default: the cgroup2 hierarchy on a unified host, the hierarchies of the joined view on a hybrid or legacy one.
 */
@Command(
    name = "mounts",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Lists the mounted cgroup hierarchies (from /proc/self/mountinfo); * marks what is walked by " +
        "default.")
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
        final Hierarchy view;
        try
        {
            view = mounts.defaultView();
        }
        catch (final CgroupNotFoundException ex)
        {
            out.println("default: none (no cgroup file system is mounted)");
            out.flush();
            return CgroupWalk.OK;
        }
        if (view.isJoined())
        {
            out.println("default: the joined view of the hierarchies marked *, by cgroup path, as " +
                view.directory() + " (each file from the hierarchy of its controller; --root DIR walks one)");
        }
        else
        {
            out.println("default: " + view.directory() + " (--root DIR walks another)");
        }
        out.printf("  %-7s %-40s %s%n", "VERSION", "PATH", "CONTROLLERS");
        for (final Hierarchy h : mounts.hierarchies())
        {
            final boolean walked = view.isJoined() ? view.members().contains(h) : view.equals(h);
            out.printf("%s %-7s %-40s %s%n", walked ? "*" : " ", "v" + h.version().number(), h.directory(),
                controllers(h));
        }
        out.flush();
        return CgroupWalk.OK;
    }

    /** A v1 hierarchy's controllers and name; a cgroup2 hierarchy's root {@code cgroup.controllers}. */
    static String controllers(final Hierarchy h)
    {
        final List<String> names = new ArrayList<>(h.controllers());
        if (h.version() == CgroupVersion.V2)
        {
            try
            {
                names.addAll(List.of(Files.readString(h.directory().resolve("cgroup.controllers"),
                    StandardCharsets.UTF_8).trim().split("\\s+")));
            }
            catch (final IOException | java.io.UncheckedIOException ex)
            {
                return "?";
            }
            names.removeIf(String::isEmpty);
        }
        if (!h.name().isEmpty())
        {
            names.add("name=" + h.name());
        }
        return names.isEmpty() ? "-" : String.join(",", names);
    }
}
