package dev.rstat.cgroup.cli;
public final class CgroupWalk { private CgroupWalk() { } public static void main(final String[] args) { } }
