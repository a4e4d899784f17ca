package dev.rstat.cgroup.cli;

import static dev.rstat.cgroup.cli.Golden.csv;
import static dev.rstat.cgroup.cli.Golden.run;
import static dev.rstat.cgroup.cli.Golden.tree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * {@code cgroup-walk --derive max,min,avg,zero} end to end on the systemd-host fixture, against the same statistics
 * computed here from the raw columns of the CSV the same run printed.
 */
class DeriveCliTest
{
    private static final String SYSTEMD = tree("systemd-host/tree");
    private static final List<String> VALUES = List.of("memory.current", "pids.current", "memory.stat.anon");

    @Test
    void everyDerivedCellIsItsSubtreesStatisticOfTheRawColumn()
    {
        final Golden.Run r = run("--root", SYSTEMD, "--derive", "max,min,avg,zero", "--format", "csv", "--stats",
            "memory.current,pids.current,memory.stat");
        assertThat(r.code()).as(r.err()).isZero();
        final Map<String, Map<String, String>> rows = csv(r.out()).byPath();
        assertThat(rows).hasSizeGreaterThan(20);
        final SoftAssertions softly = new SoftAssertions();
        int checked = 0;
        for (final String path : rows.keySet())
        {
            final String prefix = path.equals("/") ? "/" : path + "/";
            for (final String value : VALUES)
            {
                final List<BigDecimal> below = new ArrayList<>();
                rows.forEach((other, cells) ->
                {
                    final String cell = cells.get(value);
                    if ((other.equals(path) || other.startsWith(prefix)) && cell != null && !cell.isEmpty())
                    {
                        below.add(new BigDecimal(cell));
                    }
                });
                final Map<String, String> cells = rows.get(path);
                if (below.isEmpty())
                {
                    softly.assertThat(cells.get(value + ":max")).as(path + " " + value).isEmpty();
                    continue;
                }
                final BigDecimal sum = below.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
                softly.assertThat(new BigDecimal(cells.get(value + ":max"))).as(path + " " + value + ":max")
                    .isEqualByComparingTo(below.stream().max(BigDecimal::compareTo).get());
                softly.assertThat(new BigDecimal(cells.get(value + ":min"))).as(path + " " + value + ":min")
                    .isEqualByComparingTo(below.stream().min(BigDecimal::compareTo).get());
                softly.assertThat(new BigDecimal(cells.get(value + ":avg"))).as(path + " " + value + ":avg")
                    .isEqualByComparingTo(sum.divide(BigDecimal.valueOf(below.size()), 2, RoundingMode.HALF_UP));
                softly.assertThat(Long.parseLong(cells.get(value + ":zero"))).as(path + " " + value + ":zero")
                    .isEqualTo(below.stream().filter(v -> v.signum() == 0).count());
                checked++;
            }
        }
        softly.assertAll();
        assertThat(checked).isGreaterThan(50);
    }

    @Test
    void everyDerivedFamilyIsAGaugeWithItsColumnsUnitAndPassesPromtool() throws Exception
    {
        final Golden.Run om = run("--root", SYSTEMD, "--derive", "max,min,avg,zero", "--stats", "memory.current",
            "--format", "openmetrics");
        assertThat(om.code()).as(om.err()).isZero();
        for (final String family : List.of("cgroup_memory_current_max_bytes", "cgroup_memory_current_min_bytes",
            "cgroup_memory_current_avg_bytes"))
        {
            assertThat(om.out()).contains("# TYPE " + family + " gauge\n", "# UNIT " + family + " bytes\n",
                family + "{cgroup=\"/system.slice\"");
        }
        assertThat(om.out()).contains("# TYPE cgroup_memory_current_zero gauge\n")
            .doesNotContain("# UNIT cgroup_memory_current_zero");

        assumeTrue(Files.isExecutable(Path.of("/usr/bin/promtool")), "promtool is not installed");
        final Golden.Run prom = run("--root", SYSTEMD, "--derive", "max,min,avg,zero", "--stats", "all",
            "--format", "prometheus");
        assertThat(prom.code()).as(prom.err()).isZero();
        final Process promtool = new ProcessBuilder("/usr/bin/promtool", "check", "metrics")
            .redirectErrorStream(true).start();
        try (var in = promtool.getOutputStream())
        {
            in.write(prom.out().getBytes(StandardCharsets.UTF_8));
        }
        final String report = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(promtool.waitFor()).as(report).isZero();
    }

    @Test
    void anUnknownDerivationIsAUsageErrorNamingIt()
    {
        final Golden.Run r = run("--root", SYSTEMD, "--derive", "max,median");

        assertThat(r.code()).isEqualTo(CgroupWalk.USAGE);
        assertThat(r.err()).contains("median").contains("max, min, avg, zero").doesNotContain("Exception");
    }
}
