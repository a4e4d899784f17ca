package dev.rstat.cgroup.cli;

/**
 * Standard output was closed by its reader ({@code cgroup-walk --interval 1s | head -3}): the run ends quietly with
 * exit status {@value #EXIT_STATUS}, what a shell reports for a command killed by {@code SIGPIPE} (128 + 13), as for
 * {@code yes | head} (a JVM ignores {@code SIGPIPE} and sees a failed write instead, so it cannot die of it).
 */
final class StdoutClosedException extends RuntimeException
{
    /** Exit status when stdout is closed: 128 + SIGPIPE, what {@code ${PIPESTATUS[0]}} shows for {@code yes | head}. */
    static final int EXIT_STATUS = 141;

    private static final long serialVersionUID = 1L;

    StdoutClosedException()
    {
        super("stdout closed", null, false, false);
    }

    /**
     * Throws if a write to stdout has failed: {@link java.io.PrintWriter} swallows the {@code IOException} of a
     * closed pipe and only remembers it.
     *
     * @param out what was written to (checked only if it is a {@link java.io.PrintWriter}).
     */
    static void check(final Appendable out)
    {
        if (out instanceof java.io.PrintWriter writer && writer.checkError())
        {
            throw new StdoutClosedException();
        }
    }
}
