#!/bin/sh
# The whole company, month after month: Hengkang Orthopaedics' payroll of 2023 up to
# September, each department's months in order, every month reading the months before it.
#
#   sh examples/company/run.sh            # from the repository's root; HRRULES=... to choose the binary
#
# January to June come from the Excel payroll (rules/company/opening.toml); July to September
# are computed from the HR exports and the attendance records. Each month's figures are
# written as JSON lines to examples/company/history/<dept>/2023-MM.jsonl (what the next month
# reads with --history); at the end, September's table of each department is printed.
set -eu
HRRULES=${HRRULES:-"cargo run -q --"}
A=examples/attendance
C=examples/company
H=$C/history

# eval POLICY MONTH DEPT [ARGS...]: the month's JSON lines, with the months before as history.
month() {
  policy=$1 period=$2 dept=$3
  shift 3
  history=""
  if [ -n "$(ls "$H/$dept" 2>/dev/null)" ]; then history="--history $H/$dept"; fi
  $HRRULES eval --include-root rules "rules/company/$policy.toml" --period "$period" "$@" \
    $history --format jsonl > "$H/$dept/$period.jsonl.new"
  mv "$H/$dept/$period.jsonl.new" "$H/$dept/$period.jsonl"
}

for dept in production rnd sales office; do
  rm -rf "${H:?}/$dept"
  mkdir -p "$H/$dept"
  for m in 01 02 03 04 05 06; do
    month opening "2023-$m" "$dept" --data "$C/opening/${dept}_2023-$m.csv"
  done
done

for m in 07 08 09; do
  extra=""
  if [ "$m" = 09 ]; then extra="--records $C/punches_production_2023-09-29.csv"; fi
  month production "2023-$m" production \
    --data "$A/hr_production_2023-$m.csv" --data "$C/payroll_production_2023-$m.csv" \
    --records "$A/punches_production_2023-$m.csv" --records "$A/leave_production_2023-$m.csv" $extra
  month rnd "2023-$m" rnd \
    --data "$A/hr_rnd_2023-$m.csv" --data "$C/payroll_rnd_2023-$m.csv" \
    --records "$A/timesheets_rnd_2023-$m.csv" --records "$A/leave_rnd_2023-$m.csv"
  if [ "$m" = 09 ]; then
    sales="--data examples/data/sales_2023-09.csv --data examples/data/crm_2023-09.json --data examples/data/hr_2023-09.csv"
  else
    sales="--data $C/erp_sales_2023-$m.csv --data $C/crm_sales_2023-$m.json --data $C/quality_sales_2023-$m.csv"
  fi
  month sales "2023-$m" sales $sales --data "$C/payroll_sales_2023-$m.csv"
  month office "2023-$m" office --data "$C/hr_office_2023-$m.csv"
done

echo "== production, 2023-09"
$HRRULES eval --include-root rules rules/company/production.toml --period 2023-09 \
  --data "$A/hr_production_2023-09.csv" --data "$C/payroll_production_2023-09.csv" \
  --records "$A/punches_production_2023-09.csv" --records "$A/leave_production_2023-09.csv" \
  --records "$C/punches_production_2023-09-29.csv" --history "$H/production"
echo
echo "== R&D, 2023-09"
$HRRULES eval --include-root rules rules/company/rnd.toml --period 2023-09 \
  --data "$A/hr_rnd_2023-09.csv" --data "$C/payroll_rnd_2023-09.csv" \
  --records "$A/timesheets_rnd_2023-09.csv" --records "$A/leave_rnd_2023-09.csv" \
  --history "$H/rnd"
echo
echo "== sales, 2023-09"
$HRRULES eval --include-root rules rules/company/sales.toml --period 2023-09 \
  --data examples/data/sales_2023-09.csv --data examples/data/crm_2023-09.json \
  --data examples/data/hr_2023-09.csv --data "$C/payroll_sales_2023-09.csv" \
  --history "$H/sales"
echo
echo "== office, 2023-09"
$HRRULES eval --include-root rules rules/company/office.toml --period 2023-09 \
  --data "$C/hr_office_2023-09.csv" --history "$H/office"
