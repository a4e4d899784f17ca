package dev.rstat.cgroup.cli;

import java.util.EnumSet;
import java.util.Set;

import dev.rstat.cgroup.report.Derivation;

import picocli.CommandLine.Option;

/**
 * {@code --derive max,min,avg,zero}, shared by the walk, {@code report} and {@code serve}.
 */
final class DeriveOption
{
    @Option(names = "--derive", paramLabel = "STAT", split = ",", converter = DerivationConverter.class,
        completionCandidates = DerivationConverter.Candidates.class,
        description = "Add subtree statistics of every numeric value, each over the cgroup's live subtree, itself " +
            "included: max, min, avg (<value>:max, <value>:min, <value>:avg) and zero (<value>:zero: how many " +
            "cgroups hold 0), comma-separated. Implies the aggregation.")
    Set<Derivation> derive = EnumSet.noneOf(Derivation.class);

    /**
     * @return the derivations asked for (empty: none).
     */
    Set<Derivation> derivations()
    {
        return derive;
    }
}
