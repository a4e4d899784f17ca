#!/usr/bin/env bash
# Re-takes testdata/hybrid-host/: a read-only copy of this machine's cgroup hierarchies in the snapshot layout
# (see testdata/README.md): every cgroup directory gets `.rstat-cgroup-id` (the real directory inode, decimal + "\n"),
# every hierarchy root gets `.rstat-snapshot` (source, version, controllers, taken).
#
# Usage: testdata/tools/snapshot-this-host.sh [--no-children] [OUT_DIR]
#   OUT_DIR defaults to testdata/hybrid-host next to this script. It is replaced as a whole.
#   Unless --no-children is given, the script first creates its OWN empty cgroups (mkdir only) under
#   /sys/fs/cgroup/unified/rstat-testdata and /sys/fs/cgroup/memory/rstat-testdata, so that the snapshot holds
#   more than a bare root, and removes them again (rmdir, deepest first) on exit. It never moves a process and never
#   writes to a cgroup it did not create.
#
# Copied: readable regular files only (a file whose mode has no read bit, like cgroup.event_control or
# memory.force_empty, is skipped; a file whose read fails, like memory.pressure_level with EINVAL, is skipped).
set -euo pipefail

with_children=1
if [[ "${1:-}" == "--no-children" ]]; then
    with_children=0
    shift
fi
script_dir="$(cd "$(dirname "$0")" && pwd)"
out="${1:-$script_dir/../hybrid-host}"
cgroot=/sys/fs/cgroup

# hierarchy-name  mount-point  version  controllers
hierarchies=(
    "unified $cgroot/unified 2"
    "memory $cgroot/memory 1 memory"
    "cpu $cgroot/cpu 1 cpu"
    "cpuacct $cgroot/cpuacct 1 cpuacct"
    "pids $cgroot/pids 1 pids"
)
# Our own empty cgroups, parents before children; removed in reverse order.
own_cgroups=(
    rstat-testdata
    rstat-testdata/app.slice
    rstat-testdata/app.slice/db.service
    rstat-testdata/app.slice/web.service
    rstat-testdata/batch.slice
    rstat-testdata/batch.slice/job-1.scope
    rstat-testdata/batch.slice/job-1.scope/worker
)
created=()

cleanup()
{
    local i
    for ((i = ${#created[@]} - 1; i >= 0; i--)); do
        rmdir "${created[$i]}" 2>/dev/null || echo "warning: could not rmdir ${created[$i]}" >&2
    done
}
trap cleanup EXIT

if ((with_children)); then
    for base in "$cgroot/unified" "$cgroot/memory"; do
        for rel in "${own_cgroups[@]}"; do
            if [[ -e "$base/$rel" ]]; then
                echo "refusing: $base/$rel already exists (not ours)" >&2
                exit 1
            fi
            mkdir "$base/$rel"
            created+=("$base/$rel")
        done
    done
fi

tmp="$(mktemp -d "${out%/}.tmp.XXXXXX")"
taken="$(date -u +%Y-%m-%dT%H:%M:%SZ)"

copy_hierarchy()
{
    local name="$1" src="$2" version="$3" controllers="${4:-}"
    local dst="$tmp/$name"
    if ! awk -v mp="$src" '$5 == mp { found = 1 } END { exit !found }' /proc/self/mountinfo; then
        echo "skipping $src: not a mount point here" >&2
        return
    fi
    if [[ "$version" == 2 ]]; then
        controllers="$(tr -s ' \n' ' ' <"$src/cgroup.controllers" | sed 's/ $//')"
    fi
    mkdir -p "$dst"
    while IFS= read -r -d '' dir; do
        local rel="${dir#"$src"}"
        mkdir -p "$dst$rel"
        stat -c '%i' "$dir" >"$dst$rel/.rstat-cgroup-id"
        while IFS= read -r -d '' file; do
            local base="${file##*/}"
            if ! cat "$file" >"$dst$rel/$base" 2>/dev/null; then
                rm -f "$dst$rel/$base"
            fi
        done < <(find "$dir" -mindepth 1 -maxdepth 1 -type f -perm /0444 -print0)
    done < <(find "$src" -type d -print0)
    printf 'source=%s\nversion=%s\ncontrollers=%s\ntaken=%s\n' "$src" "$version" "$controllers" "$taken" \
        >"$dst/.rstat-snapshot"
}

for h in "${hierarchies[@]}"; do
    # shellcheck disable=SC2086
    copy_hierarchy $h
done

# The filesystem type is the field after the "-" separator (optional fields before it vary in number).
awk '{ for (i = 7; i < NF; i++) if ($i == "-") { if ($(i + 1) == "cgroup" || $(i + 1) == "cgroup2") print; break } }' \
    /proc/self/mountinfo >"$tmp/mountinfo"
uname -srm >"$tmp/uname"

cleanup
created=()

"$script_dir/check-v1-memory-consistency.sh" "$tmp/memory" >"$tmp/CONSISTENCY.txt"

rm -rf "$out"
mv "$tmp" "$out"
echo "snapshot written to $out (taken=$taken)"
