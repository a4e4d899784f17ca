package dev.rstat.examples.cgroupiter;

import dev.rstat.cgroup.Cgroup;
import dev.rstat.cgroup.CgroupVisitor;

/**
 * Port of the kernel selftest program {@code cgroup_id_printer} ({@code tools/testing/selftests/bpf/progs/
 * cgroup_iter.c}): prints {@code "prologue\n"} before the first cgroup, each cgroup id as {@code "%8llu\n"}, and
 * {@code "epilogue\n"} at the end; stops after the terminal cgroup, or after the first one when terminating early.
 * Single-threaded.
 */
public final class CgroupIdPrinter implements CgroupVisitor
{
    /** Printed before the first cgroup. */
    public static final String PROLOGUE = "prologue\n";
    /** Printed at the end of the walk, also after early termination. */
    public static final String EPILOGUE = "epilogue\n";

    private final StringBuilder out = new StringBuilder();
    private final boolean hasTerminal;
    private final long terminalCgroup;
    private final boolean terminateEarly;
    private long seqNum;

    /**
     * @param hasTerminal    whether {@code terminalCgroup} is set.
     * @param terminalCgroup stop after printing the cgroup with this id.
     * @param terminateEarly stop after the first cgroup.
     */
    public CgroupIdPrinter(final boolean hasTerminal, final long terminalCgroup, final boolean terminateEarly)
    {
        this.hasTerminal = hasTerminal;
        this.terminalCgroup = terminalCgroup;
        this.terminateEarly = terminateEarly;
    }

    /**
     * @return a printer without terminal cgroup or early termination.
     */
    public static CgroupIdPrinter plain()
    {
        return new CgroupIdPrinter(false, 0, false);
    }

    /**
     * Formats an id like the kernel's {@code "%8llu\n"}: unsigned, right-aligned in 8 columns.
     *
     * @param id a cgroup id.
     * @return the line.
     */
    public static String line(final long id)
    {
        return String.format("%8s%n", Long.toUnsignedString(id)).replace(System.lineSeparator(), "\n");
    }

    @Override
    public boolean visit(final Cgroup cgroup)
    {
        if (seqNum++ == 0)
        {
            out.append(PROLOGUE);
        }
        out.append(line(cgroup.id()));
        if (hasTerminal && terminalCgroup == cgroup.id())
        {
            return false;
        }
        return !terminateEarly;
    }

    @Override
    public void end()
    {
        out.append(EPILOGUE);
    }

    /**
     * @return everything printed so far.
     */
    public String output()
    {
        return out.toString();
    }
}
