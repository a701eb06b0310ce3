#!/usr/bin/env bash
# The end-to-end ratio of docs/performance.md: the N-row CSV -> JSON run of the reference
# policy by `hrrules eval` against the same job written by hand in Rust
# (examples/handwritten_pipeline.rs: csv + rust_decimal + serde_json, one thread), on the
# same file, interleaved (the order alternates each round), timed with /usr/bin/time.
# On a shared machine only these ratios mean anything; the absolute times move with the load.
#
#   benches/pipeline_ratio.sh [ROWS=1000000] [ROUNDS=5]
set -euo pipefail
rows=${1:-1000000}
rounds=${2:-5}
cd "$(dirname "$0")/.."
cargo build --quiet --release --bin hrrules --example generate --example handwritten_pipeline
bin=target/release
tmp=${TMPDIR:-/tmp}
staff=$tmp/hrrules_staff_$rows.csv
[ -s "$staff" ] || "$bin/examples/generate" "$rows" > "$staff"

# Once, on the first 10,000 employees: both give the same figures (hrrules pads money to its
# places, `0.00` where the hand-written version prints `0`, so numbers are compared as numbers).
head -n 10001 "$staff" > "$tmp/hrrules_staff_check.csv"
"$bin/hrrules" eval benches/reference.toml --data "$tmp/hrrules_staff_check.csv" \
    --period 2023-09 --format json > "$tmp/hrrules_check_ours.json"
"$bin/examples/handwritten_pipeline" "$tmp/hrrules_staff_check.csv" 9 > "$tmp/hrrules_check_hand.json"
python3 - "$tmp/hrrules_check_ours.json" "$tmp/hrrules_check_hand.json" <<'PY'
import json, sys
from decimal import Decimal
def load(p):
    return json.load(open(p), parse_float=Decimal)
def norm(v):
    try:
        return Decimal(v)
    except Exception:
        return v
ours, hand = load(sys.argv[1]), load(sys.argv[2])
assert len(ours) == len(hand), (len(ours), len(hand))
for a, b in zip(ours, hand):
    assert a["employee_id"] == b["employee_id"]
    assert {k: norm(v) for k, v in a["values"].items()} == {k: norm(v) for k, v in b["values"].items()}, a
print(f"same figures for {len(ours)} employees")
PY

run() { # name, command...: prints "wall cpu peak_kb"
    local name=$1; shift
    /usr/bin/time -f "%e %U %S %M" -o "$tmp/hrrules_time_$name" "$@" > /dev/null 2> /dev/null
    awk '{printf "%.2f %.2f %d\n", $1, $2 + $3, $4}' "$tmp/hrrules_time_$name"
}
ours() { run ours "$bin/hrrules" eval benches/reference.toml --data "$staff" --period 2023-09 --format json; }
hand() { run hand "$bin/examples/handwritten_pipeline" "$staff" 9; }

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-6s %22s %22s %12s %12s\n' round "hrrules wall/cpu/MB" "hand wall/cpu/MB" "wall ratio" "cpu ratio"
ratios=()
for r in $(seq 1 "$rounds"); do
    if (( r % 2 )); then o=$(ours); h=$(hand); else h=$(hand); o=$(ours); fi
    read -r ow oc om <<< "$o"; read -r hw hc hm <<< "$h"
    wr=$(awk -v a="$ow" -v b="$hw" 'BEGIN{printf "%.2f", a/b}')
    cr=$(awk -v a="$oc" -v b="$hc" 'BEGIN{printf "%.2f", a/b}')
    ratios+=("$wr $cr")
    printf '%-6s %22s %22s %12s %12s\n' "$r" "$ow s/$oc s/$((om/1024))" "$hw s/$hc s/$((hm/1024))" "$wr" "$cr"
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
median() { sort -n | awk '{v[NR]=$1} END {printf "%.2f (min %.2f, max %.2f)", v[int((NR+1)/2)], v[1], v[NR]}'; }
echo "median of $rounds rounds: wall ratio $(printf '%s\n' "${ratios[@]}" | cut -d' ' -f1 | median)," \
     "cpu ratio $(printf '%s\n' "${ratios[@]}" | cut -d' ' -f2 | median)"
