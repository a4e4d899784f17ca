package dev.rstat.cgroup.cli;

import java.time.Duration;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The usage checks of a command that repeats every {@code --interval}, at most {@code --count} times.
 */
final class RepeatChecks
{
    private RepeatChecks()
    {
    }

    /**
     * @param spec     the command, for the usage error.
     * @param interval its {@code --interval}.
     * @param count    its {@code --count}, or null.
     * @throws CommandLine.ParameterException for a non-positive interval or a count below 1.
     */
    static void check(final CommandSpec spec, final Duration interval, final Long count)
    {
        if (interval.isZero() || interval.isNegative())
        {
            throw new CommandLine.ParameterException(spec.commandLine(), "--interval must be positive: interval=" +
                interval);
        }
        if (count != null && count < 1)
        {
            throw new CommandLine.ParameterException(spec.commandLine(), "--count must be at least 1: count=" +
                count);
        }
    }
}
