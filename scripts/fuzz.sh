#!/usr/bin/env bash
# Runs the libFuzzer targets of Integration/Fuzz (docs/fuzzing.md).
#
#   scripts/fuzz.sh [--time SECONDS] [--jobs N] [TARGET…]
#
# Builds every target with `-sanitize=fuzzer,address` (scratch directory
# Integration/Fuzz/.build), then runs each named target (default: all, in the order of
# Integration/Fuzz/Package.swift) for SECONDS (default 60) on its committed seed corpus
# Integration/Fuzz/Corpus/<TARGET>. New inputs go to Integration/Fuzz/.work/<TARGET>/corpus,
# crashing inputs to Integration/Fuzz/.work/<TARGET>/ (crash-*, leak-*, timeout-*, oom-*). The
# script exits non-zero when any target found something.
set -euo pipefail
cd "$(dirname "$0")/../Integration/Fuzz"
export PATH="/opt/swift/usr/bin:$PATH"

seconds=60
targets=()
while [[ $# -gt 0 ]]; do
    case "$1" in
        --time) seconds="$2"; shift 2 ;;
        --time=*) seconds="${1#--time=}"; shift ;;
        -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
        *) targets+=("$1"); shift ;;
    esac
done
if [[ ${#targets[@]} -eq 0 ]]; then
    # The one list of targets: `fuzzTargets` in Package.swift.
    read -r -a targets <<< "$(sed -n 's/^let fuzzTargets = \[\(.*\)\]/\1/p' Package.swift | tr -d '",')"
fi

# `--sanitize fuzzer` makes SwiftPM leave the executables' entry point to libFuzzer (instead of
# linking `main` to `<Target>_main`); `-Xswiftc -sanitize=fuzzer,address` instruments every module
# for coverage (SwiftPM's flag alone gave uninstrumented, blind runs).
flags=(--scratch-path .build --sanitize fuzzer --sanitize address -Xswiftc -sanitize=fuzzer,address
       -Xswiftc -parse-as-library)
nice swift build "${flags[@]}"
bin="$(swift build "${flags[@]}" --show-bin-path)"

found=0
# Leaks inside libhdf5's and the Swift runtime's process-lifetime caches are not findings.
# A request the allocator cannot satisfy returns NULL, as in an ordinary build (libhdf5 asks for
# 1.4 PB on one corrupt object header, fails and reports an error, which the reader turns into
# a KerasError; Integration/Fuzz/Regressions/Weights); memory really used above -rss_limit_mb
# is still a finding, and so is Swift code trapping on a failed allocation.
# libFuzzer reports a trap itself, with the stack; Swift's own crash backtracer would get in its
# way (AddressSanitizer flags the backtracer's reads of the crashed process).
export SWIFT_BACKTRACE=enable=no
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=0:allocator_may_return_null=1}"
for target in "${targets[@]}"; do
    work=".work/$target"
    mkdir -p "$work/corpus"
    regressions=()
    [[ -d "Regressions/$target" ]] && regressions=("Regressions/$target")
    echo "== Fuzz$target for ${seconds}s (seeds: Corpus/$target, new inputs: $work/corpus)"
    set +e
    nice "$bin/Fuzz$target" -max_total_time="$seconds" -timeout=30 -rss_limit_mb=4096 -malloc_limit_mb=1048576 -print_final_stats=1 \
        -artifact_prefix="$work/" "$work/corpus" "Corpus/$target" ${regressions[@]+"${regressions[@]}"} > "$work/last-run.log" 2>&1
    status=$?
    set -e
    grep -E '^#[0-9]+ +DONE|^stat::number_of_executed_units|^stat::peak_rss|^SUMMARY|ERROR|Fatal error|Test unit written' "$work/last-run.log" || true
    if [[ $status -ne 0 ]]; then
        echo "!! Fuzz$target found a problem (exit $status): see $work/last-run.log and $work/"
        found=1
    fi
done
exit $found
