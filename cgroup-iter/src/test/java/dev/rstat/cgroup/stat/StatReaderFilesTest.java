package dev.rstat.cgroup.stat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class StatReaderFilesTest
{
    private final ReaderFixture fixture = new ReaderFixture();
    private final StatReader reader = fixture.reader;
    private final StatSample sample = fixture.sample;

    @TempDir
    Path root;

    @Test
    void readsFilesOfACgroupDirectory() throws IOException
    {
        final Path cgroup = Files.createDirectory(root.resolve("a"));
        Files.writeString(cgroup.resolve("memory.current"), "4096\n");
        Files.writeString(cgroup.resolve("cpu.stat"), "usage_usec 10\nuser_usec 4\n");
        assertThat(reader.read(cgroup, "memory.current", sample)).isTrue();
        assertThat(reader.read(cgroup, "cpu.stat", sample)).isTrue();
        assertThat(fixture.value("memory.current")).isEqualTo(4096L);
        assertThat(fixture.value("cpu.stat.user_usec")).isEqualTo(4L);
        assertThat(fixture.problems.any()).isFalse();
    }

    @Test
    void leavesColumnsOfAFileThatDoesNotExistMissingWithoutWarning() throws IOException
    {
        final Path withFile = Files.createDirectory(root.resolve("a"));
        final Path rootLike = Files.createDirectory(root.resolve("b"));
        Files.writeString(withFile.resolve("memory.current"), "1\n");
        Files.writeString(rootLike.resolve("cgroup.procs"), "1\n");
        assertThat(reader.read(withFile, "memory.current", sample)).isTrue();
        sample.clear();
        assertThat(reader.read(rootLike, "memory.current", sample)).isTrue();
        assertThat(fixture.state("memory.current")).isEqualTo(ValueState.MISSING);
        assertThat(fixture.warnings).isEmpty();
        assertThat(fixture.problems.any()).isFalse();
    }

    @Test
    void reportsVanishedCgroupDirectory() throws IOException
    {
        final Path cgroup = Files.createDirectory(root.resolve("a"));
        Files.writeString(cgroup.resolve("memory.current"), "1\n");
        reader.read(cgroup, "memory.current", sample);
        sample.clear();
        final Path gone = root.resolve("gone");
        assertThat(reader.read(gone, "memory.current", sample)).isFalse();
        assertThat(fixture.state("memory.current")).isEqualTo(ValueState.VANISHED);
        assertThat(fixture.problems.vanishedCount()).isEqualTo(1);
        assertThat(fixture.warnings).containsExactly("vanished: path=" + gone);
    }

    @Test
    void treatsNoSuchDeviceWhileReadingAsVanished()
    {
        final Path cgroup = root.resolve("a");
        assertThat(reader.read(new FailingChannel("No such device"), cgroup, "pids.current", sample)).isFalse();
        assertThat(fixture.state("pids.current")).isEqualTo(ValueState.VANISHED);
        assertThat(fixture.problems.vanishedCount()).isEqualTo(1);
        assertThat(fixture.problems.unreadableCount()).isZero();
        assertThat(fixture.warnings).containsExactly("vanished: path=" + cgroup);
    }

    @Test
    void marksValuesOfUnreadableFileUnsupportedAndWarnsOnce()
    {
        final Path cgroup = root.resolve("a");
        fixture.parse("cpu.pressure", "some avg10=0.00 avg60=0.00 avg300=0.00 total=0\n");
        assertThat(reader.read(new FailingChannel("Operation not supported"), cgroup, "cpu.pressure", sample))
            .isTrue();
        assertThat(fixture.state("cpu.pressure.some.avg10")).isEqualTo(ValueState.UNSUPPORTED);
        assertThat(fixture.state("cpu.pressure.some.total")).isEqualTo(ValueState.UNSUPPORTED);
        assertThat(reader.read(new FailingChannel("Operation not supported"), root.resolve("b"), "cpu.pressure",
            sample)).isTrue();
        assertThat(fixture.problems.unreadableCount()).isEqualTo(2);
        assertThat(fixture.warnings).containsExactly("unreadable file: file=" + cgroup.resolve("cpu.pressure")
            + " error=Operation not supported"
            + " (further unreadable cpu.pressure files with this error are only counted)");
    }

    @Test
    void reportsInputOutputErrorAsUnreadable()
    {
        assertThat(reader.read(new FailingChannel("Input/output error"), root, "memory.max", sample)).isTrue();
        assertThat(fixture.state("memory.max")).isEqualTo(ValueState.UNSUPPORTED);
        assertThat(fixture.problems.unreadableCount()).isEqualTo(1);
        assertThat(fixture.problems.vanishedCount()).isZero();
    }

    @Test
    void reportsDirectoryInPlaceOfFileAsUnreadable() throws IOException
    {
        final Path cgroup = Files.createDirectory(root.resolve("a"));
        Files.createDirectory(cgroup.resolve("memory.current"));
        assertThat(reader.read(cgroup, "memory.current", sample)).isTrue();
        assertThat(fixture.state("memory.current")).isEqualTo(ValueState.UNSUPPORTED);
        assertThat(fixture.problems.unreadableCount()).isEqualTo(1);
    }

    @Test
    void readsFilesLargerThanTheInitialBuffer() throws IOException
    {
        final StringBuilder content = new StringBuilder();
        for (int i = 0; i < 5000; i++)
        {
            content.append("key_").append(i).append(' ').append(i * 1000L).append('\n');
        }
        assertThat(content.length()).isGreaterThan(64 * 1024);
        Files.writeString(root.resolve("foo.stat"), content);
        assertThat(reader.read(root, "foo.stat", sample)).isTrue();
        assertThat(fixture.columns.size()).isEqualTo(5000);
        assertThat(fixture.value("foo.stat.key_0")).isZero();
        assertThat(fixture.value("foo.stat.key_4999")).isEqualTo(4999000L);
        assertThat(fixture.problems.any()).isFalse();
    }

    @Test
    void refusesFilesOverTheSizeLimit() throws IOException
    {
        final byte[] big = new byte[StatReader.MAX_FILE_SIZE + 1];
        java.util.Arrays.fill(big, (byte)'1');
        Files.write(root.resolve("memory.current"), big);
        assertThat(reader.read(root, "memory.current", sample)).isTrue();
        assertThat(fixture.state("memory.current")).isEqualTo(ValueState.UNSUPPORTED);
        assertThat(fixture.warnings).singleElement().asString().contains("file too large");
    }

    @Test
    void readsRelativeToADirectoryHandle() throws IOException
    {
        final Path cgroup = Files.createDirectory(root.resolve("a"));
        Files.writeString(cgroup.resolve("io.stat"), "8:0 rbytes=5 wbytes=6\n");
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(cgroup))
        {
            assumeTrue(stream instanceof SecureDirectoryStream, "no SecureDirectoryStream on this platform");
            final SecureDirectoryStream<Path> handle = (SecureDirectoryStream<Path>)stream;
            final Path display = Path.of("/display/a");
            assertThat(reader.read(handle, display, "io.stat", sample)).isTrue();
            assertThat(reader.read(handle, display, "memory.current", sample)).isTrue();
            assertThat(fixture.value("io.stat.8:0.wbytes")).isEqualTo(6L);
            assertThat(fixture.problems.any()).isFalse();

            Files.writeString(cgroup.resolve("memory.max"), "bad\n");
            assertThat(reader.read(handle, display, "memory.max", sample)).isTrue();
            assertThat(fixture.warnings).containsExactly("malformed line: file=/display/a/memory.max line=1 "
                + "text=\"bad\" reason=not a number: value=bad");
        }
    }

    @Test
    void reportsDirectoryHandleOfRemovedDirectoryAsVanished() throws IOException
    {
        final Path cgroup = Files.createDirectory(root.resolve("a"));
        Files.writeString(cgroup.resolve("io.stat"), "8:0 rbytes=5\n");
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(cgroup))
        {
            assumeTrue(stream instanceof SecureDirectoryStream, "no SecureDirectoryStream on this platform");
            final SecureDirectoryStream<Path> handle = (SecureDirectoryStream<Path>)stream;
            final Path display = Path.of("/display/a");
            assertThat(reader.read(handle, display, "io.stat", sample)).isTrue();
            Files.delete(cgroup.resolve("io.stat"));
            Files.delete(cgroup);
            sample.clear();
            assertThat(reader.read(handle, display, "io.stat", sample)).isFalse();
            assertThat(fixture.state("io.stat.8:0.rbytes")).isEqualTo(ValueState.VANISHED);
            assertThat(fixture.warnings).containsExactly("vanished: path=/display/a");
        }
    }

    @Test
    void rejectsFileNamesThatAreNotNames()
    {
        assertThatThrownBy(() -> reader.read(root, "a/memory.current", sample))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("invalid cgroup file name: fileName=a/memory.current");
    }

    /** A channel whose reads fail like a cgroupfs file does after an error. */
    private static final class FailingChannel implements SeekableByteChannel
    {
        private final String message;
        private boolean open = true;

        FailingChannel(final String message)
        {
            this.message = message;
        }

        @Override
        public int read(final ByteBuffer destination) throws IOException
        {
            destination.put("12".getBytes(StandardCharsets.US_ASCII));
            throw new IOException(message);
        }

        @Override
        public int write(final ByteBuffer source)
        {
            throw new UnsupportedOperationException();
        }

        @Override
        public long position()
        {
            return 0;
        }

        @Override
        public SeekableByteChannel position(final long newPosition)
        {
            return this;
        }

        @Override
        public long size()
        {
            return 0;
        }

        @Override
        public SeekableByteChannel truncate(final long size)
        {
            return this;
        }

        @Override
        public boolean isOpen()
        {
            return open;
        }

        @Override
        public void close()
        {
            open = false;
        }
    }
}
