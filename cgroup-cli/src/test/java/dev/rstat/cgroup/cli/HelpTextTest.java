package dev.rstat.cgroup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/**
 * The help of every command formats cleanly: picocli formats descriptions with {@code String.format}, so a bare
 * {@code %} makes it print a warning to the process's stderr and the raw text instead.
 */
class HelpTextTest
{
    @Test
    void printsEveryHelpWithoutPicocliFormatWarnings()
    {
        final PrintStream stderr = System.err;
        final ByteArrayOutputStream captured = new ByteArrayOutputStream();
        final StringBuilder help = new StringBuilder();
        try
        {
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            for (final String[] args : new String[][] {{"--help"}, {"report", "--help"}, {"snapshot", "--help"},
                {"mounts", "--help"}, {"publish", "--help"}, {"stat", "--help"}, {"flame", "--help"},
                {"plot", "--help"}, {"top", "--help"}})
            {
                final Golden.Run r = Golden.run(args);
                assertThat(r.code()).as(String.join(" ", args)).isZero();
                assertThat(r.err()).as(String.join(" ", args)).isEmpty();
                help.append(r.out());
            }
        }
        finally
        {
            System.setErr(stderr);
        }
        assertThat(captured.toString(StandardCharsets.UTF_8)).doesNotContain("picocli WARN").isEmpty();
        assertThat(help.toString().replaceAll("\\s+", " ")).contains("time as % of one CPU").doesNotContain("%%");
    }
}
