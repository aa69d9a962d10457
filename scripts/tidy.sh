#!/usr/bin/env bash
# Runs clang-tidy (the checks in .clang-tidy) over the project's sources, using the compile commands
# of a configured and built build folder (CMAKE_EXPORT_COMPILE_COMMANDS is on in every build).
#
#   scripts/tidy.sh [-p BUILD_DIR] [-j JOBS] [--all] [FILE...]
#
# By default it checks the sources that do not parse LibTorch: core's Torch-free areas (data, io,
# store, report, the pure parts of analysis and eval, ...), app/cli, widgets, app/gui and tools,
# as far as BUILD_DIR compiles them (a headless build has no widgets or GUI); --all adds the
# Torch-free tests and benches. Files that include LibTorch (core's Torch areas, their tests) are
# left out: clang 14 cannot parse LibTorch 1.13's headers as C++20 against GCC 12's library
# (std::vector<c10::IValue> of an incomplete type); named as FILE they fail with that error.
# FILE... checks just those files. Exits non-zero on any finding.
# BUILD_DIR defaults to build; it must have been built (the GUI's files include moc output).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

build=build
jobs=$(nproc)
all=0
files=()
while (($#)); do
  case $1 in
    -p) build=$2; shift 2 ;;
    -j) jobs=$2; shift 2 ;;
    --all) all=1; shift ;;
    -h|--help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "tidy: unknown option $1" >&2; exit 2 ;;
    *) files+=("$(realpath "$1")"); shift ;;
  esac
done
command -v clang-tidy >/dev/null || { echo "tidy: clang-tidy not found (apt-get install clang-tidy)" >&2; exit 2; }
[ -f "$build/compile_commands.json" ] ||
  { echo "tidy: no $build/compile_commands.json; configure and build first (scripts/setup.sh)" >&2; exit 2; }

# GCC's precompiled LibTorch header (cmake_pch.hxx.gch) is unreadable to clang: give clang the
# header it stands for instead (for files named on the command line). The list of files to check
# comes out of the same pass.
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 - "$root" "$build/compile_commands.json" "$work" "$all" "${files[@]}" <<'EOF'
import json, os, re, sys
root, db_path, work, check_all, wanted = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4] == "1", sys.argv[5:]
db = json.load(open(db_path))
pch = re.compile(r"\s-Winvalid-pch|\s-include\s+\S*cmake_pch\.hxx")
torch_include = re.compile(r'^\s*#\s*include\s*<(torch/torch\.h|torch/script\.h|ATen/)', re.M)
areas = ("core/", "app/", "widgets/", "tools/") + (("tests/", "bench/") if check_all else ())
out, chosen = [], []
for entry in db:
    command = entry.get("command") or " ".join(entry["arguments"])
    uses_pch = bool(pch.search(command))
    entry.pop("arguments", None)
    entry["command"] = pch.sub("", command) + (" -include torch/torch.h" if uses_pch else "")
    out.append(entry)
    path = os.path.normpath(os.path.join(entry["directory"], entry["file"]))
    rel = os.path.relpath(path, root)
    if wanted:
        if path in wanted: chosen.append(path)
    elif rel.startswith(areas) and rel.endswith(".cpp"):
        if not (uses_pch or torch_include.search(open(path, errors="replace").read())):
            chosen.append(path)
json.dump(out, open(os.path.join(work, "compile_commands.json"), "w"))
missing = sorted(set(wanted) - set(chosen))
if missing:
    sys.exit("tidy: not in %s: %s" % (db_path, " ".join(missing)))
open(os.path.join(work, "files"), "w").write("".join(p + "\n" for p in sorted(set(chosen))))
EOF
n=$(wc -l < "$work/files")
echo "tidy: clang-tidy $(clang-tidy --version | sed -n 's/.*version \([0-9.]*\).*/\1/p') on $n files of $build, $jobs at a time"
start=$SECONDS
# Headers are checked where a checked file includes them, project headers only.
header_filter="^$root/(core|app|widgets|tools)/"
mkdir "$work/logs"
status=0
# One log per file, so that parallel runs do not interleave their findings.
nl -ba -w1 -s' ' "$work/files" | xargs -P "$jobs" -L 1 sh -c \
  'clang-tidy -p "$0" --quiet --header-filter="$1" "$3" > "$0/logs/$2.log" 2>&1' "$work" "$header_filter" || status=$?
# clang-tidy prints "N warnings generated" for system headers it suppressed; only findings matter.
cat "$work"/logs/*.log | grep -v -E '^[0-9]+ warnings? (and [0-9]+ errors? )?generated\.$' | tee "$work/log" || true
if [ "$status" -ne 0 ]; then
  echo "tidy: FAILED: $(grep -c -E ': (warning|error): ' "$work/log" || true) findings in $((SECONDS - start)) s" >&2
  exit 1
fi
echo "tidy: no findings in $n files, $((SECONDS - start)) s"
