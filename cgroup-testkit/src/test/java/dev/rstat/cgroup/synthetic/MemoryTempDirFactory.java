package dev.rstat.cgroup.synthetic;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import org.junit.jupiter.api.extension.AnnotatedElementContext;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.io.TempDirFactory;

/**
 * Puts {@code @TempDir} directories on tmpfs ({@code /dev/shm}) when there is one: the generator tests create tens of
 * thousands of small files, which is an order of magnitude slower on a disk file system. Falls back to the default
 * temporary directory.
 */
final class MemoryTempDirFactory implements TempDirFactory
{
    @Override
    public Path createTempDirectory(final AnnotatedElementContext elementContext,
        final ExtensionContext extensionContext) throws IOException
    {
        final Path shm = Paths.get("/dev/shm");
        if (Files.isDirectory(shm) && Files.isWritable(shm))
        {
            return Files.createTempDirectory(shm, "rstat-test-");
        }
        return Files.createTempDirectory("rstat-test-");
    }
}
