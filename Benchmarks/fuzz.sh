#!/usr/bin/env bash
# Fuzzes the lexer, parser and interpreter with libFuzzer for SECONDS (default 600).
#
#     Benchmarks/fuzz.sh [SECONDS]
#
# Builds Benchmarks/Fuzz with -sanitize=fuzzer (and address, unless SANITIZERS says otherwise)
# under .build-fuzz, seeds a corpus from examples/ and Tests/Scenarios/ (whole files and single
# statements), and runs one libFuzzer job. Crashes and timeouts land in .build-fuzz/artifacts/;
# copy each into Tests/FuzzRegressions/ once it is fixed. Extra arguments after SECONDS go to
# libFuzzer (e.g. -jobs=2).
set -euo pipefail

seconds="${1:-600}"
shift || true
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
# Absolute paths: the harness moves into its own working directory before libFuzzer writes.
scratch="$root/.build-fuzz"
sanitizers="${SANITIZERS:-fuzzer,address}"

swift build --scratch-path "$scratch" -c release --product SchedFuzz \
    -Xswiftc "-sanitize=$sanitizers" -Xswiftc -DFUZZING
binary="$(swift build --scratch-path "$scratch" -c release --show-bin-path)/SchedFuzz"

# The seed corpus: each scenario and example whole, and each of their lines on its own.
seeds="$scratch/seeds"
corpus="$scratch/corpus"
artifacts="$scratch/artifacts"
rm -rf "$seeds"
mkdir -p "$seeds" "$corpus" "$artifacts"
for file in examples/*.sched Tests/Scenarios/*.sched Tests/Scenarios/lib/*.sched Tests/FuzzRegressions/*; do
    [ -f "$file" ] || continue
    case "$file" in *.md) continue ;; esac
    name="$(basename "$file")"
    cp "$file" "$seeds/$name"
    n=0
    while IFS= read -r line || [ -n "$line" ]; do
        # Skip blank lines and comment-only lines; a line is a statement, with its comment.
        trimmed="${line#"${line%%[![:space:]]*}"}"
        [ -z "$trimmed" ] && continue
        [ "${trimmed:0:1}" = "#" ] && continue
        n=$((n + 1))
        printf '%s\n' "$line" > "$seeds/$name.$n"
    done < "$file"
done

# Files the seeds source and import, copied into the working directory before each input.
fixtures="$scratch/fixtures"
rm -rf "$fixtures"
mkdir -p "$fixtures/lib"
cp Tests/Scenarios/lib/*.sched "$fixtures/lib/"
cp examples/*.csv "$fixtures/" 2>/dev/null || true

export SCHED_FUZZ_FIXTURES="$fixtures"
# A leak report at exit is not what this fuzzer looks for; Foundation's caches would fill it.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=0}"
status=0
"$binary" "$corpus" "$seeds" \
    -dict="$root/Benchmarks/Fuzz/sched.dict" \
    -max_total_time="$seconds" -timeout=5 -rss_limit_mb=2048 -max_len=4096 \
    -artifact_prefix="$artifacts/" -print_final_stats=1 "$@" &
pid=$!
wait "$pid" || status=$?
# The harness removes its directory when it exits normally, not when an input crashes it.
rm -rf "/dev/shm/sched-fuzz-$pid"
ls "$artifacts"
exit "$status"
