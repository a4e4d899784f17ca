package dev.rstat.cgroup.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code cgroup-walk generate-completion [bash|zsh]}: prints the completion script. The script is picocli's, which is
 * written for bash and loads itself into zsh through {@code bashcompinit}; any other shell is a usage error, not a
 * script that does not work.
 */
@Command(
    name = "generate-completion",
    mixinStandardHelpOptions = true,
    header = "Prints a completion script for bash or zsh.",
    description = {
        "Prints a completion script for SHELL (bash, the default, or zsh). Install it with",
        "  source <(cgroup-walk generate-completion bash)       in ~/.bashrc, or",
        "  source <(cgroup-walk generate-completion zsh)        in ~/.zshrc (it loads bashcompinit)."})
final class CompletionCommand implements Callable<Integer>
{
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "SHELL", completionCandidates = Shells.class,
        description = "bash (default) or zsh.")
    String shell = "bash";

    CompletionCommand()
    {
    }

    @Override
    public Integer call()
    {
        if (!shell.equals("bash") && !shell.equals("zsh"))
        {
            throw new CommandLine.ParameterException(spec.commandLine(), "generate-completion writes bash or zsh " +
                "completion: shell=" + shell);
        }
        final CommandLine root = spec.root().commandLine();
        final PrintWriter out = spec.commandLine().getOut();
        out.print(AutoComplete.bash(root.getCommandName(), root));
        out.flush();
        StdoutClosedException.check(out);
        return CgroupWalk.OK;
    }

    /** Completion candidates for SHELL. */
    static final class Shells implements Iterable<String>
    {
        @Override
        public java.util.Iterator<String> iterator()
        {
            return java.util.List.of("bash", "zsh").iterator();
        }
    }
}
