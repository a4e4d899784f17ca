package dev.rstat.benchmarks.walk;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Set;

import dev.rstat.cgroup.Cgroup;
import dev.rstat.cgroup.CgroupVisitor;

/**
 * A visitor that reads the selected files of every cgroup through its directory handle into one reused buffer and
 * does not parse them: the walk plus the file I/O the stat reader cannot avoid, a floor for the stat reader.
 * Single-threaded, one per walk.
 */
final class RawFileReader implements CgroupVisitor
{
    private static final Set<OpenOption> READ = Set.of(StandardOpenOption.READ);

    private final List<String> files;
    private final Path[] relative;
    private final ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
    private long bytes;

    /**
     * @param files file names to read.
     */
    RawFileReader(final List<String> files)
    {
        this.files = List.copyOf(files);
        this.relative = new Path[files.size()];
        for (int i = 0; i < relative.length; i++)
        {
            relative[i] = Path.of(files.get(i));
        }
    }

    @Override
    public boolean visit(final Cgroup cgroup)
    {
        for (int i = 0; i < relative.length; i++)
        {
            if (!cgroup.hasFile(files.get(i)))
            {
                continue;
            }
            try (SeekableByteChannel channel = cgroup.handle().newByteChannel(relative[i], READ))
            {
                while (true)
                {
                    buffer.clear();
                    final int read = channel.read(buffer);
                    if (read < 0)
                    {
                        break;
                    }
                    bytes += read;
                }
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException("cannot read: dir=" + cgroup.directory() + " file=" + files.get(i), ex);
            }
        }
        return true;
    }

    /**
     * @return bytes read.
     */
    long bytes()
    {
        return bytes;
    }
}
