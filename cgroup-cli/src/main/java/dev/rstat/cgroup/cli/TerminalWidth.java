package dev.rstat.cgroup.cli;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The width the text table must fit: {@code --width N} if given (0: no limit); else {@code COLUMNS} if it is set to a
 * number (as {@code ps} and {@code systemctl} read it, also when the output is a pipe); else, when stdout is a
 * terminal, the terminal's width from {@code stty size </dev/tty}, or {@value #FALLBACK} if that cannot be told; else
 * (a pipe or file) no limit. Stateless.
 */
final class TerminalWidth
{
    /** The width when stdout is a terminal whose width cannot be told. */
    static final int FALLBACK = 80;
    /** The narrowest width accepted. */
    static final int MIN = 20;

    private static final long STTY_TIMEOUT_MILLIS = 2000;

    private TerminalWidth()
    {
    }

    /**
     * @param option  the {@code --width} value, or null.
     * @param columns the {@code COLUMNS} environment variable, or null.
     * @return the width, 0 for no limit.
     */
    static int of(final Integer option, final String columns)
    {
        if (option != null)
        {
            return option;
        }
        final int fromEnvironment = parse(columns);
        if (fromEnvironment > 0)
        {
            return Math.max(fromEnvironment, MIN);
        }
        if (!stdoutIsTerminal())
        {
            return 0;
        }
        final int fromTerminal = stty();
        return fromTerminal > 0 ? Math.max(fromTerminal, MIN) : FALLBACK;
    }

    static int parse(final String columns)
    {
        if (columns == null || columns.isBlank())
        {
            return 0;
        }
        try
        {
            return Math.max(Integer.parseInt(columns.trim()), 0);
        }
        catch (final NumberFormatException ex)
        {
            return 0;
        }
    }

    private static boolean stdoutIsTerminal()
    {
        try
        {
            final String target = Files.readSymbolicLink(Path.of("/proc/self/fd/1")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        }
        catch (final IOException | UnsupportedOperationException | SecurityException ex)
        {
            return false;
        }
    }

    /** {@code stty size </dev/tty}: "ROWS COLUMNS", or 0 if that fails. */
    private static int stty()
    {
        try
        {
            final Process stty = new ProcessBuilder("stty", "size").redirectInput(new File("/dev/tty"))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            final String output = new String(stty.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            if (!stty.waitFor(STTY_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS) || stty.exitValue() != 0)
            {
                stty.destroy();
                return 0;
            }
            final String[] parts = output.split("\\s+");
            return parts.length == 2 ? parse(parts[1]) : 0;
        }
        catch (final IOException ex)
        {
            return 0;
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return 0;
        }
    }
}
