package dev.rstat.benchmarks;
import org.openjdk.jmh.annotations.Benchmark;
public class NoopBenchmark { @Benchmark public void noop() { } }
