#!/usr/bin/env bash
# Checks how consistent a v1 memory hierarchy snapshot is: for every cgroup C and every key X of memory.stat that
# has a hierarchical twin total_X, compares total_X(C) with the sum of the local X over C and all its descendants.
# In a quiescent system these are equal; in a live snapshot (files read one after another while the system runs)
# they may differ slightly. Prints one line per comparison that differs (sorted), then a summary line.
#
# Usage: testdata/tools/check-v1-memory-consistency.sh SNAPSHOT_MEMORY_ROOT
set -euo pipefail
root="${1:?usage: $0 SNAPSHOT_MEMORY_ROOT}"
root="${root%/}"

find "$root" -name memory.stat -type f -print0 | sort -z | xargs -0 awk -v root="$root" '
{
    dir = FILENAME
    sub(/\/memory\.stat$/, "", dir)
    rel = substr(dir, length(root) + 1)
    if (rel == "") rel = "/"
    dirs[rel] = 1
    value[rel SUBSEP $1] = $2
    present[rel SUBSEP $1] = 1
    if ($1 ~ /^total_/) totals[substr($1, 7)] = 1
}
END {
    compared = 0; differing = 0
    n = 0
    for (d in dirs) {
        n++
        for (k in totals) {
            if (!((d SUBSEP "total_" k) in present)) continue
            sum = 0
            for (e in dirs) {
                if (d == "/" || e == d || index(e, d "/") == 1) sum += value[e SUBSEP k]
            }
            total = value[d SUBSEP "total_" k]
            compared++
            if (total != sum) {
                differing++
                printf "%s total_%s=%.0f sum_of_%s=%.0f diff=%.0f\n", d, k, total, k, sum, total - sum
            }
        }
    }
    printf "compared=%d differing=%d cgroups=%d\n", compared, differing, n
}' | LC_ALL=C sort
