#!/bin/sh
# The attrition risk flags of the sales reps, month after month through 2023, each month
# reading the months before (prev, ytd); then December's flags, the attrition model and the
# R&D forecast.
#
#   sh examples/risk/run.sh            # from the repository's root; HRRULES=... to choose the binary
set -eu
HRRULES=${HRRULES:-"cargo run -q --"}
R=examples/risk
rm -rf "${R:?}/history"
mkdir -p "$R/history"
for m in 01 02 03 04 05 06 07 08 09 10 11 12; do
  history=""
  if [ -n "$(ls "$R/history")" ]; then history="--history $R/history"; fi
  $HRRULES eval rules/analytics/attrition.toml --period "2023-$m" --data "$R/monthly/sales_2023-$m.csv" \
    $history --format jsonl > "$R/history/2023-$m.jsonl.new"
  mv "$R/history/2023-$m.jsonl.new" "$R/history/2023-$m.jsonl"
done

echo "== attrition risk flags, sales, 2023-12"
$HRRULES eval rules/analytics/attrition.toml --period 2023-12 --data "$R/monthly/sales_2023-12.csv" --history "$R/history"
echo
echo "== attrition model, 2021-01 to 2023-12"
$HRRULES attrition "$R/employee_months.csv" --rules "$R/model.toml"
echo
echo "== R&D headcount, 2024-01 to 2024-06"
$HRRULES forecast --plan "$R/rnd_projects.csv" --capacity "$R/rnd_capacity.csv" --from 2024-01 --months 6 \
  --calendar rules/calendars/cn-2024.toml
