package dev.rstat.cgroup;

import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * What went wrong in an I/O error, in words for a user: {@code no such file or directory}, {@code permission denied},
 * the operating system's reason ({@code Read-only file system}, {@code Operation not supported}); never the Java
 * exception's class, and never the file name the JDK put into the exception (which may be a temporary file): the
 * caller names the file the user knows. Stateless.
 */
public final class IoErrors
{
    private IoErrors()
    {
    }

    /**
     * @param error the error (an {@code IOException}, or an {@code UncheckedIOException} around one).
     * @return the reason, e.g. {@code no such file or directory}.
     */
    public static String reason(final Throwable error)
    {
        final Throwable ex = error instanceof java.io.UncheckedIOException && error.getCause() != null ?
            error.getCause() : error;
        if (ex instanceof NoSuchFileException)
        {
            return "no such file or directory";
        }
        if (ex instanceof AccessDeniedException)
        {
            return "permission denied";
        }
        if (ex instanceof NotDirectoryException)
        {
            return "not a directory";
        }
        if (ex instanceof DirectoryNotEmptyException)
        {
            return "directory not empty";
        }
        if (ex instanceof FileAlreadyExistsException)
        {
            return ((FileSystemException)ex).getReason() != null ? ((FileSystemException)ex).getReason() :
                "already exists";
        }
        if (ex instanceof FileSystemException fs && fs.getReason() != null)
        {
            return fs.getReason();
        }
        final String message = ex.getMessage();
        return message == null || message.isBlank() ? "input/output error" : message;
    }
}
