package dev.rstat.cgroup.report.render;

import dev.rstat.cgroup.stat.StatSample;

/**
 * One row of a report: a cgroup and its values.
 *
 * @param id     the cgroup id (directory inode or recorded id), printed as unsigned.
 * @param path   the cgroup path relative to the hierarchy root, e.g. {@code /system.slice/a.service}.
 * @param depth  0 for the root.
 * @param sample the values, by column id of the report's {@link dev.rstat.cgroup.stat.Columns}.
 */
public record Row(long id, String path, int depth, StatSample sample)
{
}
