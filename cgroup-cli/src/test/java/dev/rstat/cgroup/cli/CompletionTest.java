package dev.rstat.cgroup.cli;

import static dev.rstat.cgroup.cli.Golden.run;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The completion script, run by a real bash as completion would: {@code --format c<TAB>} offers {@code csv},
 * {@code report --format <TAB>} only what report writes, {@code generate-completion} takes bash or zsh and refuses
 * other shells.
 */
class CompletionTest
{
    @TempDir
    Path tmp;

    @Test
    void completesFormatsInLowerCaseAndReportOnlyWithItsOwn() throws Exception
    {
        final Path script = script("bash");
        assertThat(complete(script, "cgroup-walk", "--format", "c")).containsExactly("csv");
        assertThat(complete(script, "cgroup-walk", "--format", "")).containsExactlyInAnyOrder("text", "csv", "json",
            "openmetrics", "prometheus", "kvm-stats");
        assertThat(complete(script, "cgroup-walk", "report", "--format", "")).containsExactlyInAnyOrder("csv",
            "json");
        assertThat(complete(script, "cgroup-walk", "generate-completion", "")).containsExactlyInAnyOrder("bash",
            "zsh");
    }

    @Test
    void takesBashOrZshAndRefusesOtherShells()
    {
        final Golden.Run bash = run("generate-completion", "bash");
        final Golden.Run zsh = run("generate-completion", "zsh");
        assertThat(bash.code()).isZero();
        assertThat(zsh.code()).isZero();
        assertThat(zsh.out()).as("one script for both: it loads bashcompinit in zsh").isEqualTo(bash.out())
            .contains("bashcompinit");
        final Golden.Run fish = run("generate-completion", "fish");
        assertThat(fish.code()).isEqualTo(CgroupWalk.USAGE);
        assertThat(fish.out()).isEmpty();
        assertThat(fish.err()).startsWith("cgroup-walk: generate-completion writes bash or zsh completion: shell=fish");
    }

    private Path script(final String shell) throws IOException
    {
        final Golden.Run r = run("generate-completion", shell);
        assertThat(r.code()).isZero();
        return Files.writeString(tmp.resolve("completion." + shell), r.out(), StandardCharsets.UTF_8);
    }

    private List<String> complete(final Path script, final String... words) throws Exception
    {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/bin/bash")), "needs bash");
        final List<String> command = new ArrayList<>(List.of("bash", "-c",
            "source \"$1\" 2>/dev/null; shift; COMP_WORDS=(\"$@\"); COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 )); " +
                "COMP_LINE=\"${COMP_WORDS[*]}\"; COMP_POINT=${#COMP_LINE}; _complete_cgroup-walk 2>/dev/null; " +
                "printf '%s\\n' \"${COMPREPLY[@]}\"", "complete", script.toString()));
        command.addAll(List.of(words));
        final Process bash = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        final String out = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(bash.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return out.lines().filter(line -> !line.isEmpty()).toList();
    }
}
