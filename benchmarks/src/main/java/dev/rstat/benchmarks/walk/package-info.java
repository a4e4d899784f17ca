/**
 * JMH benchmarks of the cgroup walk (walker, stat file reader, and a sample of the public sampling API
 * {@link dev.rstat.cgroup.report.Sampler} as the {@code cgroup-walk} command takes it) and of the hierarchical
 * aggregation (the aggregating sampler's cost per sample, split into reading and aggregating) on synthetic trees
 * generated on {@code /dev/shm}. {@code benchmarks/run-walk} runs them next to whole-command and {@code find | cat}
 * timings and prints the issue targets as PASS/MISS.
 */
package dev.rstat.benchmarks.walk;
