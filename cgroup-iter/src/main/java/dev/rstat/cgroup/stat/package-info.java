/**
 * Reading cgroupfs stat files into columns of unsigned 64-bit values, without boxing and without a String per number.
 * <p>
 * Use: one {@link dev.rstat.cgroup.stat.Columns} (with the {@link dev.rstat.cgroup.stat.StatCatalog} of the
 * hierarchy's version), one {@link dev.rstat.cgroup.stat.Problems} and one {@link dev.rstat.cgroup.stat.StatReader}
 * per walk; per cgroup, {@link dev.rstat.cgroup.stat.StatSample#clear()} (or a new sample) and
 * {@code reader.read(dir, file, sample)} for each file. Nothing here throws for I/O or format problems.
 * <p>
 * Column names ({@code <file>} is the file name; see {@link dev.rstat.cgroup.stat.StatFormat}):
 * <ul>
 * <li>single value, line count, text: {@code <file>} ({@code memory.current}, {@code cgroup.procs} = number of
 * processes, {@code cgroup.controllers});</li>
 * <li>space separated: {@code <file>.<name>} with catalog names ({@code cpu.max.quota}, {@code cpu.max.period}),
 * {@code <file>.cpu<i>} for v1 per-CPU files ({@code cpuacct.usage_percpu.cpu0}), {@code <file>.<i>} otherwise;</li>
 * <li>flat keyed: {@code <file>.<key>} ({@code cpu.stat.usage_usec}, {@code memory.stat.total_cache});</li>
 * <li>nested keyed and pressure: {@code <file>.<key>.<sub>} ({@code io.stat.8:0.rbytes},
 * {@code memory.numa_stat.anon.N0}, {@code cpu.pressure.some.avg10}); v1 {@code total=N N0=N} gives
 * {@code memory.numa_stat.total} and {@code memory.numa_stat.total.N0};</li>
 * <li>v1 blkio: {@code <file>.<dev>.<op>} and {@code <file>.Total};</li>
 * <li>v1 table: {@code <file>.<header0><row>.<header_i>} ({@code cpuacct.usage_all.cpu0.user}).</li>
 * </ul>
 * Keys are used as the kernel prints them (case and dots kept). Values: {@link dev.rstat.cgroup.stat.ValueState}
 * says whether a column holds a number, {@code max}, a text, or nothing and why. Numbers are unsigned, except in
 * columns whose {@link dev.rstat.cgroup.stat.StatSign} is SIGNED (two's complement); decimals are fixed point
 * ({@link dev.rstat.cgroup.stat.Columns#scale(int)}).
 */
package dev.rstat.cgroup.stat;
