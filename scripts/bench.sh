#!/usr/bin/env bash
# The benchmarks in one go (see BENCHMARKS.md): builds the bench crate in release mode, runs
# run overhead, large results, hostile answers, macro cost and build cost, counts instructions with
# callgrind where valgrind is installed, and prints every ratio last, in one table.
#
#   scripts/bench.sh                  # everything, a few minutes (plus the first build)
#   scripts/bench.sh --quick          # fewer rounds
#   scripts/bench.sh --no-build-cost  # skip the incremental-rebuild fixtures (the slow part)
#   scripts/bench.sh --no-callgrind   # skip the instruction counts
#
# Uses its own target folder, target-bench/ (override with CARGO_TARGET_DIR).
set -euo pipefail
cd "$(dirname "$0")/.."

quick=()
build_cost=1
callgrind=1
for argument in "$@"; do
    case "$argument" in
        --quick) quick=(--quick) ;;
        --no-build-cost) build_cost=0 ;;
        --no-callgrind) callgrind=0 ;;
        -h | --help)
            sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'
            exit 0
            ;;
        *)
            echo "unknown argument: $argument (try --help)" >&2
            exit 2
            ;;
    esac
done
if ! command -v valgrind > /dev/null; then
    callgrind=0
fi

export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target-bench}"
results="$(mktemp -d)"
trap 'rm -rf "$results"' EXIT
export BENCH_RATIOS="$results/ratios.tsv"
: > "$BENCH_RATIOS"

echo "== machine"
echo "cpus: $(nproc); cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')"
echo "$(rustc --version); $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "commit: $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- workflow-runtime workflow-codegen workflow-macros 2>/dev/null || echo ' + uncommitted changes in the measured crates')"

echo "== build (release)"
cargo bench -p workflow-bench --no-run --message-format=json 2> "$results/build.log" \
    | grep -o '"executable":"[^"]*"' | sed 's/"executable":"\(.*\)"/\1/' > "$results/executables" \
    || { cat "$results/build.log" >&2; exit 1; }
executable() { grep "/$1-[^/]*$" "$results/executables" | head -n 1; }

run_bench() {
    echo
    echo "== $1"
    "$(executable "$1")" "${quick[@]}"
}
run_bench run_overhead
run_bench large_results
run_bench hostile_answers
run_bench macro_cost
if [ "$build_cost" = 1 ]; then
    run_bench build_cost
fi

# Instructions per call from two runs of different lengths (setup and warm-up cancel out):
# noise-free, a second view next to the timings.
instructions() { # bench contender short long
    local binary total_short total_long
    binary="$(executable "$1")"
    total_short=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null "$binary" --calls "$2" --count "$3" 2>&1 \
        | grep -o 'Collected : [0-9]*' | grep -o '[0-9]*$')
    total_long=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null "$binary" --calls "$2" --count "$4" 2>&1 \
        | grep -o 'Collected : [0-9]*' | grep -o '[0-9]*$')
    echo $(((total_long - total_short) / ($4 - $3)))
}
ratio_row() { # bench what numerator denominator
    awk -v bench="$1" -v what="$2" -v top="$3" -v bottom="$4" \
        'BEGIN { printf "%s\t%s\t%.3f\t-\tinfo\n", bench, what, top / bottom }' >> "$BENCH_RATIOS"
}
if [ "$callgrind" = 1 ]; then
    echo
    echo "== instruction counts (callgrind, whole process: client and server)"
    typed=$(instructions run_overhead 0 200 1200)
    unchecked=$(instructions run_overhead 1 200 1200)
    hand=$(instructions run_overhead 2 200 1200)
    json=$(instructions run_overhead 3 200 1200)
    raw=$(instructions run_overhead 4 200 1200)
    whole=$(instructions run_overhead 5 200 1200)
    proven=$(instructions run_overhead 6 200 1200)
    echo "per request (c=1): typed $typed, typed without validation $unchecked, hand-written $hand, serde_json::Value $json, raw hyper $raw, typed checking the whole schema $whole, typed with a schema the types prove $proven"
    ratio_row "instructions" "per request typed (default) / typed checking the whole schema (before)" "$typed" "$whole"
    ratio_row "instructions" "per request typed (schema the types prove) / hand-written" "$proven" "$hand"
    ratio_row "instructions" "per request typed (default) / hand-written" "$typed" "$hand"
    ratio_row "instructions" "per request typed (no validation) / hand-written" "$unchecked" "$hand"
    ratio_row "instructions" "per request serde_json::Value / hand-written" "$json" "$hand"
    typed=$(instructions large_results 0 1 4)
    hand=$(instructions large_results 1 1 4)
    decode=$(instructions large_results 2 1 4)
    slice=$(instructions large_results 3 1 4)
    echo "per 1 MiB result: typed run $typed, hand-written run $hand, repair::decode $decode, from_slice $slice"
    ratio_row "instructions" "per 1 MiB run typed / hand-written" "$typed" "$hand"
    ratio_row "instructions" "per 1 MiB decode repair::decode / from_slice" "$decode" "$slice"
    generate=$(instructions macro_cost 0 1 4)
    typify=$(instructions macro_cost 1 1 4)
    echo "per expansion (300 properties): generate_str $generate, typify pipeline $typify"
    ratio_row "instructions" "per expansion generate_str / typify" "$generate" "$typify"
fi

echo
echo "== ratios (medians of per-round ratios; instruction counts are exact)"
awk -F '\t' '
    BEGIN { header = "bench\tcomparison\tratio\ttarget\tverdict" }
    { rows[NR] = $0 }
    END {
        rows[0] = header
        for (i = 0; i <= NR; i++) {
            n = split(rows[i], cells, "\t")
            for (j = 1; j <= n; j++) if (length(cells[j]) > width[j]) width[j] = length(cells[j])
        }
        for (i = 0; i <= NR; i++) {
            n = split(rows[i], cells, "\t")
            line = "|"
            for (j = 1; j <= n; j++) line = line sprintf(" %-*s |", width[j], cells[j])
            print line
            if (i == 0) {
                line = "|"
                for (j = 1; j <= n; j++) { dashes = sprintf("%*s", width[j], ""); gsub(/ /, "-", dashes); line = line " " dashes " |" }
                print line
            }
        }
    }' "$BENCH_RATIOS"
