package dev.rstat.cgroup.cli;

import static dev.rstat.cgroup.cli.Golden.csv;
import static dev.rstat.cgroup.cli.Golden.run;
import static dev.rstat.cgroup.cli.Golden.tree;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * {@code --max-as}: CSV keeps the kernel's {@code max} by default; with {@code empty} or a number every cell of the
 * limit columns reads back (Commons CSV) as a number or an empty cell, as pandas and DuckDB need to type the column as
 * numeric.
 */
class CsvLimitsTest
{
    private static final String SYSTEMD = tree("systemd-host/tree");
    private static final String LIMITS = "memory.max,memory.high,pids.max,cpu.max";

    @Test
    void keepsTheKernelsMaxByDefault()
    {
        final Golden.Table table = table("--format", "csv", "--stats", LIMITS);
        assertThat(table.cells("pids.max")).contains("max");
        assertThat(table.cells("memory.max")).contains("max");
    }

    @Test
    void writesLimitsAsNumbersOrEmptyCellsForDataTools()
    {
        for (final String maxAs : List.of("empty", "-1", "18446744073709551615"))
        {
            final Golden.Table walk = table("--format", "csv", "--stats", LIMITS, "--aggregate", "--max-as", maxAs);
            final Golden.Table report = table("report", "--interval", "100ms", "--count", "2", "--stats", LIMITS,
                "--max-as", maxAs);
            for (final Golden.Table table : List.of(walk, report))
            {
                final List<String> limits = table.header().stream().filter(name -> name.startsWith("memory.max") ||
                    name.startsWith("memory.high") || name.startsWith("pids.max") || name.startsWith("cpu.max"))
                    .toList();
                assertThat(limits).contains("memory.max", "pids.max", "cpu.max.quota", "memory.max:effective");
                for (final String column : limits)
                {
                    assertThat(table.cells(column)).as("%s with --max-as %s", column, maxAs)
                        .allMatch(cell -> cell.isEmpty() || isNumber(cell));
                }
                if (!maxAs.equals("empty"))
                {
                    assertThat(table.cells("pids.max")).contains(maxAs);
                }
            }
        }
        assertThat(run("--root", SYSTEMD, "--max-as", "unlimited").code()).isEqualTo(CgroupWalk.USAGE);
    }

    private static boolean isNumber(final String cell)
    {
        try
        {
            new BigDecimal(cell);
            return true;
        }
        catch (final NumberFormatException ex)
        {
            return false;
        }
    }

    private static Golden.Table table(final String... args)
    {
        final String[] all = new String[args.length + 2];
        all[0] = "--root";
        all[1] = SYSTEMD;
        System.arraycopy(args, 0, all, 2, args.length);
        final Golden.Run r = run(all);
        assertThat(r.code()).as(r.err()).isZero();
        return csv(r.out());
    }
}
