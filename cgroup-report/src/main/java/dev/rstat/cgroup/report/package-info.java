/**
 * Samples of a cgroup hierarchy, for the command, the metrics server and embedders.
 * <p>
 * A {@link dev.rstat.cgroup.report.Sampler} takes {@link dev.rstat.cgroup.report.Sample}s: one walk of the hierarchy
 * in post-order (children before parents, the order rstat flushes in) per sample, each cgroup's files read into its
 * node of a tree the sampler keeps from sample to sample. A sample has a row per cgroup read, with its parent row,
 * depth, id and name (paths are built from the names), and values by {@link dev.rstat.cgroup.report.Field}: a column
 * and a {@link dev.rstat.cgroup.report.Derivation} (the value as read, its rate, own share, subtree sum or effective
 * limit). {@link dev.rstat.cgroup.report.Sample#rows(Walk)} gives the rows in any of the kernel's
 * {@code cgroup_iter} orders, computed from the tree; {@link dev.rstat.cgroup.report.RowSelection} and
 * {@link dev.rstat.cgroup.report.FieldSelection} choose what to print; a {@link dev.rstat.cgroup.report.Table} is what
 * the renderers of {@code dev.rstat.cgroup.report.render} print and the metrics server of
 * {@code dev.rstat.cgroup.report.export} serves.
 * <p>
 * What holds for a live hierarchy: no read of several files is atomic. Read children first, a parent's cumulative
 * counter is read after its children's and so is never below their sum: a counter's own share is at least 0 (except
 * where the kernel computes a value per cgroup on its own, which the catalog names). A gauge can fall as well as rise
 * between two reads, so its own share can be negative by what changed in between; it is shown as it is, so that the
 * own shares of a subtree add up to its root's value.
 */
package dev.rstat.cgroup.report;
