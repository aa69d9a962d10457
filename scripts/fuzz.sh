#!/usr/bin/env bash
# Runs the libFuzzer harnesses of build-fuzz/ from their seeds, each for a bounded time or number
# of executions (docs/fuzzing.md). Build them first:
#   cmake --preset fuzz && cmake --build --preset fuzz
# Usage: scripts/fuzz.sh [--time SECONDS | --runs N] [--jobs J] [--work DIR] [HARNESS...]
#   --time S   stop each harness after S seconds (default 60)
#   --runs N   stop each harness after N executions instead
#   --jobs J   harnesses run at once (default: the number of cores)
#   --work DIR what each harness learns (DIR/<harness>/, kept for the next call), its log
#              (DIR/<harness>.log) and its findings (DIR/findings/); default fuzz-work/
# With no HARNESS every harness built is run. One line per harness gives its executions and time;
# the exit status is 1 when any harness found something (a crash, a sanitizer report, a leak, a
# timeout), with the input that did it in DIR/findings/.
set -euo pipefail
cd "$(dirname "$0")/.."

limit=(-max_total_time=60)
jobs=$(nproc)
work=fuzz-work
harnesses=()
while [ $# -gt 0 ]; do
  case $1 in
    --time) limit=(-max_total_time="$2"); shift 2 ;;
    --runs) limit=(-runs="$2"); shift 2 ;;
    --jobs) jobs=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    -h|--help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "fuzz.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
    *) harnesses+=("$1"); shift ;;
  esac
done
if [ ${#harnesses[@]} -eq 0 ]; then
  for program in build-fuzz/fuzz/fuzz_*; do
    [ -x "$program" ] && harnesses+=("${program#build-fuzz/fuzz/fuzz_}")
  done
fi
if [ ${#harnesses[@]} -eq 0 ]; then
  echo "fuzz.sh: no harness in build-fuzz/fuzz/; build them: cmake --preset fuzz && cmake --build --preset fuzz" >&2
  exit 2
fi
for h in "${harnesses[@]}"; do
  [ -x "build-fuzz/fuzz/fuzz_$h" ] || { echo "fuzz.sh: build-fuzz/fuzz/fuzz_$h is not built" >&2; exit 2; }
done
mkdir -p "$work/findings"

# One harness: learns into $work/$h from the seeds in fuzz/corpus/$h (read-only), and prints its line.
run_one() {
  local h=$1 seeds=() log="$work/$1.log"
  mkdir -p "$work/$h"
  [ -d "fuzz/corpus/$h" ] && seeds=("fuzz/corpus/$h")
  local status=0
  "build-fuzz/fuzz/fuzz_$h" "$work/$h" "${seeds[@]}" "${limit[@]}" -timeout=60 -print_final_stats=1 \
    -artifact_prefix="$work/findings/$h-" > "$log" 2>&1 || status=$?
  local runs seconds
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  seconds=$(grep -o 'Done [0-9]* runs in [0-9]* second' "$log" | tail -1 | awk '{print $5}' || true)
  if [ "$status" -eq 0 ]; then
    echo "fuzz_$h: ${runs:-?} executions in ${seconds:-?} s, no finding"
  else
    echo "fuzz_$h: FINDING (exit $status) after ${runs:-?} executions; see $log and $work/findings/$h-*"
    grep -v -E '^#[0-9]+|^INFO:|^[[:space:]]*NEW_FUNC|# Uses:' "$log" | tail -40 | sed "s/^/  fuzz_$h: /" || true
    return 1
  fi
}

failed=0
running=0
for h in "${harnesses[@]}"; do
  run_one "$h" &
  running=$((running + 1))
  if [ "$running" -ge "$jobs" ]; then
    wait -n || failed=1
    running=$((running - 1))
  fi
done
while [ "$running" -gt 0 ]; do
  wait -n || failed=1
  running=$((running - 1))
done
exit "$failed"
