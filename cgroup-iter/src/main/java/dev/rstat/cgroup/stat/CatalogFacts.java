package dev.rstat.cgroup.stat;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a catalog knows beyond each value's {@link StatInfo}: which limits bound the descendants, which limits are
 * quota/period pairs, which hierarchical values the kernel computes differently at the hierarchy root, which files
 * hold rates per second, the words and labels metric names are built from, and the default file lists. Filled by
 * {@code StandardCatalog}; immutable.
 *
 * @param ceilingFiles    files (or {@code hugetlb.*.} patterns) whose LIMIT values bound the cgroup and all its
 *                        descendants, so that the tightest one on the path to the root applies.
 * @param ratioLimits     quota/period column pairs, tightest by their ratio.
 * @param rootDiffers     hierarchical columns whose hierarchy-root value is not the root's own share plus its
 *                        children's.
 * @param splitPerCgroup  hierarchical columns the kernel derives for each cgroup on its own (a share of another
 *                        value), so that a parent's value is not exactly its own plus its children's.
 * @param perSecondFiles  files whose values are rates per second.
 * @param exportKeys      per file, the metric-name word of a key where it differs from the key.
 * @param rowLabels       per file, the label name of the row of a nested key ({@code device}, {@code node}).
 * @param defaultFiles    files read when no list is given.
 * @param exportFiles     files exported by the metrics server when no list is given.
 * @param compactColumns  column globs of the compact text table.
 * @param peakFiles       files (or {@code hugetlb.*.} patterns) holding a high-water mark: a gauge that only goes
 *                        up until it is reset ({@code memory.peak}, v1 {@code memory.max_usage_in_bytes}).
 */
record CatalogFacts(
    Set<String> ceilingFiles,
    List<StatCatalog.RatioLimit> ratioLimits,
    Set<String> rootDiffers,
    Set<String> splitPerCgroup,
    Set<String> perSecondFiles,
    Map<String, Map<String, String>> exportKeys,
    Map<String, String> rowLabels,
    List<String> defaultFiles,
    List<String> exportFiles,
    List<String> compactColumns,
    Set<String> peakFiles)
{
    /**
     * Copies every component.
     *
     * @param ceilingFiles   files whose limits bound the descendants.
     * @param ratioLimits    quota/period pairs.
     * @param rootDiffers    columns computed differently at the root.
     * @param splitPerCgroup columns derived per cgroup.
     * @param perSecondFiles files of rates per second.
     * @param exportKeys     metric-name words of keys.
     * @param rowLabels      label names of nested rows.
     * @param defaultFiles   default files.
     * @param exportFiles    default exported files.
     * @param compactColumns compact text columns.
     * @param peakFiles      high-water mark files.
     */
    CatalogFacts
    {
        ceilingFiles = Set.copyOf(ceilingFiles);
        ratioLimits = List.copyOf(ratioLimits);
        rootDiffers = Set.copyOf(rootDiffers);
        splitPerCgroup = Set.copyOf(splitPerCgroup);
        perSecondFiles = Set.copyOf(perSecondFiles);
        exportKeys = Map.copyOf(exportKeys);
        rowLabels = Map.copyOf(rowLabels);
        defaultFiles = List.copyOf(defaultFiles);
        exportFiles = List.copyOf(exportFiles);
        compactColumns = List.copyOf(compactColumns);
        peakFiles = Set.copyOf(peakFiles);
    }
}
