package dev.rstat.agrona;

/**
 * A counters file cannot be created, written or read: its message is one line naming the file and what is wrong
 * ({@code key=value} context), fit to print as it is.
 */
public final class CountersFileException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param message one line with key=value context.
     */
    public CountersFileException(final String message)
    {
        super(message);
    }

    /**
     * @param message one line with key=value context.
     * @param cause   the underlying failure.
     */
    public CountersFileException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}
