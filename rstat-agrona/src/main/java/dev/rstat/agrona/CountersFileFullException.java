package dev.rstat.agrona;

/**
 * Every counter slot of a counters file is in use (or freed and still before its reuse deadline): the writer's owner
 * {@link CountersFileWriter#renew renews} the file with a larger capacity.
 */
public final class CountersFileFullException extends IllegalStateException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param message one line with key=value context.
     */
    public CountersFileFullException(final String message)
    {
        super(message);
    }
}
