/**
 * JMH benchmarks of the cgroup walk (walker, stat file reader, row collection as the {@code cgroup-walk} CLI does it)
 * and of the hierarchical aggregation ({@link dev.rstat.cgroup.report.HierarchyAggregator}) on synthetic trees
 * generated on {@code /dev/shm}. {@code benchmarks/run-walk} runs them next to whole-command and {@code find | cat}
 * timings and prints the issue targets as PASS/MISS.
 */
package dev.rstat.benchmarks.walk;
