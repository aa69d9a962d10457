#!/usr/bin/env bash
# Peak memory of pretraining on token shards does not grow with the corpus: a 200-step
# pretraining of the `small` preset on SMALL vs LARGE bytes of JSONL (made by make_corpus.py,
# 20 FLORES sentences a document, tokenized by `layermoe tokenize` with bytes), each run's peak
# RSS from /usr/bin/time. Target: LARGE's within 10% of SMALL's. Both hold about 100 KB of
# held-out text (the held-out fraction is 1e5 / bytes): the final evaluation reads all of it, and
# its cost is not what this measures.
#
#   bench/bench_shards_rss.sh [SMALL=100M] [LARGE=1G] [WORK=/tmp/bench_shards_rss] [STEPS=200]
#
# LAYERMOE names the CLI (default build/app/cli/layermoe). WORK is removed at the end unless
# KEEP=1.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
small="${1:-100M}" large="${2:-1G}" work="${3:-/tmp/bench_shards_rss}" steps="${4:-200}"
cli="${LAYERMOE:-$root/build/app/cli/layermoe}"
[ -x /usr/bin/time ] || { echo "bench_shards_rss: /usr/bin/time is missing (apt-get install time)"; exit 1; }
mkdir -p "$work"
declare -A peak
for size in "$small" "$large"; do
  python3 "$root/bench/make_corpus.py" "$work/corpus-$size" --size "$size" --sentences-per-doc 20
  "$cli" tokenize --corpus "$work/corpus-$size" --langs eng --out "$work/shards-$size" --json \
    --heldout "$(python3 -c "import sys; sys.path.insert(0, '$root/bench'); import make_corpus; print(1e5 / make_corpus.parse_size('$size'))")" |
    python3 -c 'import json,sys; j=json.load(sys.stdin); print("tokenized: %d documents, %d tokens, %.1f MB/s" % (j["documents"], j["tokens"], j["mb_per_second"]))'
  rm -rf "$work/corpus-$size"  # training reads the shards alone
  /usr/bin/time -f "%M" -o "$work/rss-$size" "$cli" pretrain --corpus "$work/shards-$size" --langs eng --preset small \
    --steps "$steps" --eval-every 0 --checkpoint-every 0 --eval-docs 50 --store "" --out "$work/model-$size" --json \
    >"$work/pretrain-$size.json"
  peak[$size]=$(tail -n1 "$work/rss-$size")
  python3 - "$work/pretrain-$size.json" "$size" "${peak[$size]}" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))
print(f"{sys.argv[2]}: {j['steps']} steps, {j['tokens']} tokens trained, peak RSS {int(sys.argv[3]) / 1024:.1f} MB")
PY
done
python3 - "${peak[$small]}" "${peak[$large]}" "$small" "$large" <<'PY'
import sys
a, b = int(sys.argv[1]), int(sys.argv[2])
d = (b - a) / a
print(f"peak RSS {sys.argv[3]}: {a / 1024:.1f} MB, {sys.argv[4]}: {b / 1024:.1f} MB, difference {d * 100:+.1f}% "
      f"(target within 10%): {'met' if abs(d) <= 0.10 else 'NOT met'}")
PY
[ "${KEEP:-0}" = 1 ] || rm -rf "$work"
