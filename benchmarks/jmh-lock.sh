# Sourced by benchmarks/run and benchmarks/run-walk: hold /tmp/jmh.lock (flock(1)) for the rest of the calling
# script, so two benchmark runs never share the machine. When an ancestor already holds it (the script was started as
# `flock /tmp/jmh.lock benchmarks/run`), taking it again on another descriptor would wait forever: /proc/locks tells
# who holds it. Usage: hold_jmh_lock <function that logs one line to stderr>.
jmh_lock_file=/tmp/jmh.lock

jmh_lock_held_by_ancestor() {
    local inode holders pid holder
    inode=$(stat -L -c %i "$jmh_lock_file")
    holders=$(awk -v ino="$inode" '$2 == "FLOCK" { n = split($6, f, ":"); if (f[n] == ino) print $5 }' /proc/locks)
    pid=$$
    while [ -n "$pid" ] && [ "$pid" -gt 1 ]; do
        for holder in $holders; do [ "$holder" = "$pid" ] && return 0; done
        pid=$(awk '{ print $4 }' "/proc/$pid/stat" 2>/dev/null || true)
    done
    return 1
}

hold_jmh_lock() {
    local say=$1
    command -v flock >/dev/null 2>&1 || { "$say" "flock not found: running without $jmh_lock_file"; return 0; }
    [ -e "$jmh_lock_file" ] || : >>"$jmh_lock_file"
    if jmh_lock_held_by_ancestor; then
        "$say" "holding $jmh_lock_file (taken by the caller)"
        return 0
    fi
    exec 9>>"$jmh_lock_file"
    if ! flock -n 9; then
        "$say" "waiting for $jmh_lock_file (another benchmark run holds it)..."
        flock 9
    fi
    "$say" "holding $jmh_lock_file"
}
