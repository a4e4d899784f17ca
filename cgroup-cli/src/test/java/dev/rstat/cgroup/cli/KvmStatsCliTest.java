package dev.rstat.cgroup.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.rstat.cgroup.report.kvmstats.KvmStatsFile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** {@code cgroup-walk --format kvm-stats} and {@code cgroup-walk read}, end to end through the command. */
class KvmStatsCliTest
{
    private static final String TREE = Path.of(System.getProperty("testdata.dir", "../testdata"))
        .resolve("systemd-host/tree").toString();

    @TempDir
    Path tmp;

    private StringWriter out = new StringWriter();
    private StringWriter err = new StringWriter();

    private int run(final String... args)
    {
        out = new StringWriter();
        err = new StringWriter();
        return CgroupWalk.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @Test
    void readPrintsTheExportedFileAsTheWalkPrintsItsCsvAndText()
    {
        final String file = tmp.resolve("stats.bin").toString();
        final String[][] walks = {
            {"--root", TREE, "--aggregate", "--derive", "max,avg"},
            {"--root", TREE, "--stats", "all", "--order", "descendants_post", "/system.slice"},
            {"--root", TREE, "--aggregate", "--columns", "memory.current*,cpu.stat.usage_usec:self", "--sort",
                "memory.current", "--top", "2"}};
        for (final String[] walk : walks)
        {
            assertThat(run(concat(walk, "--format", "kvm-stats", "-o", file))).as(err.toString()).isEqualTo(0);
            assertThat(out.toString()).isEmpty();
            assertThat(run("read", "--format", "csv", file)).as(err.toString()).isEqualTo(0);
            final String read = out.toString();
            assertThat(run(concat(walk, "--format", "csv"))).isEqualTo(0);
            assertThat(read).as(String.join(" ", walk)).isEqualTo(out.toString());
            assertThat(read.lines().count()).isGreaterThan(2);
        }
        assertThat(run("--root", TREE, "--format", "kvm-stats", "-o", file)).isEqualTo(0);
        assertThat(run("read", file)).isEqualTo(0);
        final String text = out.toString();
        assertThat(run("--root", TREE)).isEqualTo(0);
        assertThat(text).isEqualTo(out.toString());
    }

    @Test
    void aCorruptedOrTruncatedFileIsOneLineNamingTheOffsetAndField() throws Exception
    {
        final Path file = tmp.resolve("stats.bin");
        assertThat(run("--root", TREE, "--format", "kvm-stats", "-o", file.toString())).isEqualTo(0);
        final byte[] bytes = Files.readAllBytes(file);
        final Path cut = tmp.resolve("cut.bin");
        Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length - 3));
        final Path bad = tmp.resolve("bad.bin");
        final byte[] flipped = bytes.clone();
        flipped[25] ^= 0x20;
        Files.write(bad, flipped);

        assertThat(run("read", cut.toString())).isEqualTo(1);
        assertOneLine(err.toString(), "field=tree_header.record_count");
        assertThat(run("read", bad.toString())).isEqualTo(1);
        assertOneLine(err.toString(), "offset=24 field=id string");
        assertThat(run("read", tmp.resolve("none.bin").toString())).isEqualTo(1);
        assertOneLine(err.toString(), "cannot read kvm-stats file");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void oneSampleOnlyAndReadDoesNotWriteBinary()
    {
        assertThat(run("--root", TREE, "--format", "kvm-stats", "--interval", "1s", "-o",
            tmp.resolve("x").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("takes one sample");
        assertThat(tmp.resolve("x")).doesNotExist();
        assertThat(run("read", "--format", "kvm-stats", tmp.resolve("x").toString())).isEqualTo(2);
    }

    @Test
    void aTerminalStdoutIsRefusedAndAPipedOneGetsTheFile() throws Exception
    {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")), "script(1) is not installed");
        final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        final String command = java + " -XX:TieredStopAtLevel=1 -Xmx128m -cp '" +
            System.getProperty("java.class.path") + "' " + CgroupWalk.class.getName() + " --root '" + TREE +
            "' --format kvm-stats";
        final Path log = tmp.resolve("tty.txt");
        final Process tty = new ProcessBuilder("/usr/bin/script", "-qec", command, "/dev/null")
            .redirectOutput(log.toFile()).redirectErrorStream(true).start();
        assertThat(tty.waitFor(120, TimeUnit.SECONDS)).isTrue();
        final String printed = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(tty.exitValue()).as(printed).isEqualTo(2);
        assertThat(printed).contains("--format kvm-stats is binary and stdout is a terminal: give -o FILE");

        final Path piped = tmp.resolve("piped.bin");
        final List<String> args = new ArrayList<>(List.of(java, "-XX:TieredStopAtLevel=1", "-Xmx128m", "-cp",
            System.getProperty("java.class.path"), CgroupWalk.class.getName(), "--root", TREE, "--format",
            "kvm-stats"));
        final Process pipe = new ProcessBuilder(args).redirectOutput(piped.toFile())
            .redirectError(tmp.resolve("err.txt").toFile()).start();
        assertThat(pipe.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(pipe.exitValue()).as(Files.readString(tmp.resolve("err.txt"))).isEqualTo(0);
        assertThat(KvmStatsFile.read(piped).size()).isEqualTo(36);
    }

    @Test
    void aReaderWrittenFromTheSpecAlonePrintsTheSameCells() throws Exception
    {
        final Path python = Path.of("/usr/bin/python3");
        assumeTrue(Files.isExecutable(python), "python3 is not installed");
        final Path script = Path.of(System.getProperty("testdata.dir", "../testdata")).toAbsolutePath().getParent()
            .resolve("docs/kvm-stats-read.py");
        final String hostile = Path.of(TREE).getParent().getParent().resolve("hostile/unified").toString();
        final String[][] walks = {
            {"--root", TREE, "--stats", "all", "--aggregate", "--derive", "max,min,avg,zero"},
            {"--root", hostile, "--stats", "all", "--aggregate"}};
        for (final String[] walk : walks)
        {
            final Path file = tmp.resolve("spec.bin");
            assertThat(run(concat(walk, "--format", "kvm-stats", "-o", file.toString()))).isEqualTo(0);
            assertThat(run("read", "--format", "csv", file.toString())).isEqualTo(0);
            final String java = out.toString();
            final Path printed = tmp.resolve("python.csv");
            final Process reader = new ProcessBuilder(python.toString(), script.toString(), file.toString())
                .redirectOutput(printed.toFile()).redirectError(tmp.resolve("python.err").toFile()).start();
            assertThat(reader.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(reader.exitValue()).as(Files.readString(tmp.resolve("python.err"))).isEqualTo(0);
            final List<List<String>> fromSpec = cells(Files.readString(printed, StandardCharsets.UTF_8));
            assertThat(fromSpec).hasSizeGreaterThan(3).isEqualTo(cells(java));
        }
    }

    private static List<List<String>> cells(final String csv) throws java.io.IOException
    {
        final List<List<String>> rows = new ArrayList<>();
        try (CSVParser parser = CSVParser.parse(csv, CSVFormat.RFC4180))
        {
            for (final CSVRecord record : parser)
            {
                rows.add(record.toList());
            }
        }
        return rows;
    }

    private static void assertOneLine(final String text, final String expected)
    {
        assertThat(text).contains(expected).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(text.strip().lines().count()).as(text).isEqualTo(1);
    }

    private static String[] concat(final String[] a, final String... b)
    {
        final String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
