package dev.rstat.agrona;

import java.nio.file.Path;

import org.agrona.concurrent.status.CountersReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CountersFileWriterTest
{
    @TempDir
    Path dir;

    private long now = 1_000;

    @Test
    void aFreedCounterSlotIsReusedOnlyAfterTheDeadlineAndThenUnderANewRegistrationId()
    {
        final Path file = dir.resolve("stats");
        try (CountersFileWriter writer = CountersFileWriter.create(file, 3, 5_000, () -> now);
            CountersView view = CountersView.open(file))
        {
            final int first = writer.allocate(CounterTypes.GAUGE, "/a memory.current", 11, 1,
                CounterTypes.SCOPE_VALUE, 0, 0, 42);
            view.refresh();
            final long firstRegistration = view.counter(1).registrationId();
            assertThat(view.counter(1).label()).isEqualTo("/a memory.current");
            assertThat(view.value(1)).isEqualTo(42);

            writer.free(first);
            now += 4_999;
            final int second = writer.allocate(CounterTypes.GAUGE, "/b memory.current", 12, 2,
                CounterTypes.SCOPE_VALUE, 0, 0, 7);
            assertThat(second).as("before the deadline a new slot is taken").isNotEqualTo(first);
            assertThatThrownBy(() -> writer.allocate(CounterTypes.GAUGE, "/c", 13, 3, 0, 0, 0, 0))
                .isInstanceOf(CountersFileFullException.class).hasMessageContaining("capacity=3");
            assertThat(view.isCurrent(view.generation(), first, firstRegistration))
                .as("a freed counter is not current").isFalse();

            now += 1;
            final int third = writer.allocate(CounterTypes.GAUGE, "/c memory.current", 13, 3,
                CounterTypes.SCOPE_VALUE, 0, 0, 9);
            assertThat(third).as("after the deadline the freed slot is reused").isEqualTo(first);
            view.refresh();
            final CountersView.Counter reused = find(view, "/c memory.current");
            assertThat(reused.id()).isEqualTo(first);
            assertThat(reused.registrationId()).isNotEqualTo(firstRegistration);
            assertThat(reused.nodeId()).isEqualTo(13);
            assertThat(view.isCurrent(view.generation(), first, firstRegistration)).isFalse();
            assertThat(view.isCurrent(view.generation(), first, reused.registrationId())).isTrue();
        }
    }

    @Test
    void counterZeroCarriesTheGenerationForReadersThatKnowOnlyAgronasLayout()
    {
        final Path file = dir.resolve("stats");
        try (CountersFileWriter writer = CountersFileWriter.create(file, 8, 0, () -> now);
            CountersFileReader reader = CountersFileReader.open(file))
        {
            final CountersReader agrona = reader.counters();
            assertThat(agrona.getCounterTypeId(0)).isEqualTo(CounterTypes.FILE_GENERATION);
            assertThat(agrona.getCounterLabel(0)).isEqualTo(CountersFileWriter.GENERATION_LABEL);
            assertThat(agrona.getCounterValue(0)).isEqualTo(writer.generation()).isEqualTo(reader.generation());
            assertThat(agrona.getCounterRegistrationId(0)).isEqualTo(writer.generation());
        }
    }

    @Test
    void aRestartedWriterReplacesTheFileWithANewerGenerationAndTellsReadersOfTheOldOne()
    {
        final Path file = dir.resolve("stats");
        final CountersFileWriter first = CountersFileWriter.create(file, 8, 0, () -> now);
        first.allocate(CounterTypes.COUNTER, "/old cpu", 1, 1, CounterTypes.SCOPE_VALUE, 0, 0, 5);
        try (CountersFileReader old = CountersFileReader.open(file); CountersView view = CountersView.open(file))
        {
            final long oldGeneration = view.generation();
            first.close();
            assertThat(old.state()).isEqualTo(CountersFile.STATE_CLOSED);
            assertThat(view.refresh()).as("a closed file is still the same generation")
                .isEqualTo(CountersView.Change.SAME_GENERATION);

            try (CountersFileWriter second = CountersFileWriter.create(file, 8, 0, () -> now))
            {
                second.allocate(CounterTypes.COUNTER, "/new cpu", 2, 1, CounterTypes.SCOPE_VALUE, 0, 0, 6);
                assertThat(second.generation()).isGreaterThan(oldGeneration);
                assertThat(old.generation()).as("the old mapping learns the new generation")
                    .isEqualTo(second.generation());
                assertThat(old.state()).isEqualTo(CountersFile.STATE_REPLACED);

                assertThat(view.refresh()).isEqualTo(CountersView.Change.NEW_GENERATION);
                assertThat(view.generation()).isEqualTo(second.generation());
                assertThat(labels(view)).containsExactly(CountersFileWriter.GENERATION_LABEL, "/new cpu");
            }
        }
    }

    @Test
    void renewingStartsANewGenerationInANewFileAndReadersDropWhatTheyCached()
    {
        final Path file = dir.resolve("stats");
        try (CountersFileWriter writer = CountersFileWriter.create(file, 4, 0, () -> now);
            CountersView view = CountersView.open(file))
        {
            writer.allocate(CounterTypes.COUNTER, "/a x", 1, 1, CounterTypes.SCOPE_VALUE, 0, 0, 1);
            view.refresh();
            final long before = view.generation();
            writer.renew(16);
            writer.allocate(CounterTypes.COUNTER, "/b x", 2, 1, CounterTypes.SCOPE_VALUE, 0, 0, 2);

            assertThat(view.refresh()).isEqualTo(CountersView.Change.NEW_GENERATION);
            assertThat(view.generation()).isGreaterThan(before).isEqualTo(writer.generation());
            assertThat(view.reader().capacity()).isEqualTo(16);
            assertThat(labels(view)).containsExactly(CountersFileWriter.GENERATION_LABEL, "/b x");
        }
    }

    @Test
    void temporaryFilesOfDeadPublishersAreRemovedAndOthersKept() throws java.io.IOException
    {
        final Path file = dir.resolve("stats");
        final Path dead = java.nio.file.Files.writeString(dir.resolve(".stats.new-999999999"), "x");
        final Path live = java.nio.file.Files.writeString(dir.resolve(".stats.new-" +
            ProcessHandle.current().parent().orElseThrow().pid()), "x");
        final Path other = java.nio.file.Files.writeString(dir.resolve(".other.new-999999999"), "x");
        CountersFileWriter.create(file, 4, 0, () -> now).close();
        assertThat(dead).doesNotExist();
        assertThat(live).as("a running process's temporary file").exists();
        assertThat(other).as("another path's").exists();
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(dir))
        {
            assertThat(files.map(p -> p.getFileName().toString()))
                .containsExactlyInAnyOrder("stats", live.getFileName().toString(), other.getFileName().toString());
        }
    }

    @Test
    void aFileThatCannotBeCreatedGivesOneLineNamingIt()
    {
        final Path file = dir.resolve("missing-dir").resolve("stats");
        assertThatThrownBy(() -> CountersFileWriter.create(file, 4, 0, () -> now))
            .isInstanceOf(CountersFileException.class)
            .hasMessageStartingWith("cannot create counters file: file=" + file)
            .hasMessageNotContaining("\n");
    }

    static CountersView.Counter find(final CountersView view, final String label)
    {
        for (int i = 0; i < view.size(); i++)
        {
            if (view.counter(i).label().equals(label))
            {
                return view.counter(i);
            }
        }
        throw new AssertionError("no counter labelled " + label + " in " + labels(view));
    }

    static java.util.List<String> labels(final CountersView view)
    {
        final java.util.List<String> labels = new java.util.ArrayList<>();
        for (int i = 0; i < view.size(); i++)
        {
            labels.add(view.counter(i).label());
        }
        return labels;
    }
}
