package dev.rstat.agrona;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CountersFileReaderTest
{
    @TempDir
    Path dir;

    @Test
    void aMissingFileIsNamedWithAHint()
    {
        final Path file = dir.resolve("nothing");
        assertThatThrownBy(() -> CountersFileReader.open(file)).isInstanceOf(CountersFileException.class)
            .hasMessage("no counters file: file=" + file + " (is a publisher such as 'cgroup-walk publish' running?)");
    }

    @Test
    void aFileThatIsNotACountersFileIsRejectedNamingTheFieldAndItsOffset() throws IOException
    {
        final Path text = Files.writeString(dir.resolve("text"), "hello\n".repeat(1000));
        assertThatThrownBy(() -> CountersFileReader.open(text)).isInstanceOf(CountersFileException.class)
            .hasMessageStartingWith("not an rstat counters file: file=" + text + " bad magic at offset 0");

        final Path small = Files.write(dir.resolve("small"), new byte[100]);
        assertThatThrownBy(() -> CountersFileReader.open(small))
            .hasMessageContaining("file is shorter than the header: size=100");
    }

    @Test
    void aTruncatedOrInconsistentHeaderIsRejected() throws IOException
    {
        final Path file = dir.resolve("stats");
        CountersFileWriter.create(file, 10, 0, () -> 0).close();

        final Path truncated = copy(file, "truncated");
        try (FileChannel channel = FileChannel.open(truncated, StandardOpenOption.WRITE))
        {
            channel.truncate(CountersFile.length(10) - 1);
        }
        assertThatThrownBy(() -> CountersFileReader.open(truncated))
            .hasMessageContaining("file is truncated: size=" + (CountersFile.length(10) - 1));

        final Path badVersion = patchInt(copy(file, "version"), 8, 99);
        assertThatThrownBy(() -> CountersFileReader.open(badVersion))
            .hasMessageContaining("unsupported layout version at offset 8: version=99");

        final Path badValues = patchInt(copy(file, "values"), 20, 100);
        assertThatThrownBy(() -> CountersFileReader.open(badValues))
            .hasMessageContaining("bad values buffer length at offset 20: length=100");

        final Path badMetadata = patchInt(copy(file, "metadata"), 16, 512 * 11);
        assertThatThrownBy(() -> CountersFileReader.open(badMetadata))
            .hasMessageContaining("bad metadata buffer length at offset 16");
    }

    @Test
    void randomBytesInTheCounterBuffersNeverReadOutsideTheMapping() throws IOException
    {
        final Path file = dir.resolve("stats");
        CountersFileWriter.create(file, 64, 0, () -> 0).close();
        final Random random = new Random(12);
        for (int round = 0; round < 20; round++)
        {
            final Path hostile = copy(file, "hostile" + round);
            final byte[] bytes = Files.readAllBytes(hostile);
            for (int i = CountersFile.HEADER_LENGTH; i < bytes.length; i++)
            {
                bytes[i] = (byte)random.nextInt();
            }
            if (round % 2 == 0)
            {
                for (int id = 0; id < 64; id++)
                {
                    // allocated records with hostile label lengths
                    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(CountersFile.HEADER_LENGTH +
                        id * 512, 1);
                }
            }
            Files.write(hostile, bytes);
            try (CountersView view = CountersView.open(hostile))
            {
                for (int i = 0; i < view.size(); i++)
                {
                    assertThat(view.counter(i).label().length()).isLessThanOrEqualTo(380);
                }
            }
        }
    }

    private Path copy(final Path file, final String name) throws IOException
    {
        return Files.copy(file, dir.resolve(name));
    }

    private static Path patchInt(final Path file, final int offset, final int value) throws IOException
    {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE))
        {
            channel.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(0, value), offset);
        }
        return file;
    }
}
