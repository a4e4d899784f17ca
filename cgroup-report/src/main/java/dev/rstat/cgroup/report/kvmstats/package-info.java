/**
 * The {@code kvm-stats} binary export of a sample: KVM's binary statistics layout ({@code KVM_GET_STATS_FD},
 * Documentation/virt/kvm/api.rst) extended for a tree of cgroups, specified in {@code docs/kvm-stats-format.md}.
 * {@link dev.rstat.cgroup.report.kvmstats.KvmStatsWriter} encodes a {@link dev.rstat.cgroup.report.Table};
 * {@link dev.rstat.cgroup.report.kvmstats.KvmStatsFile} reads one back, validating every field and refusing a
 * truncated, corrupted or hostile file with a {@link dev.rstat.cgroup.report.kvmstats.KvmStatsFormatException} that
 * names the offset and the field, and turns it into a table the renderers print as they print a sample.
 */
package dev.rstat.cgroup.report.kvmstats;
