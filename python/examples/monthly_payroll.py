"""Month-end payroll of the production line, embedding hrrules: September 2023 from the HR and
payroll exports, the punch terminal and the leave ledger, with January to August for the income
tax withheld on the year so far. Writes the bank's transfer list to standard output and the
month's figures as the history October reads (what `hrrules eval --format jsonl` writes):
    python python/examples/monthly_payroll.py HISTORY_DIR > transfers_2023-09.csv"""
import csv, json, sys, warnings
from pathlib import Path

import hrrules

ROOT, MONTH = Path(__file__).resolve().parents[2], "2023-09"
A, C = ROOT / "examples" / "attendance", ROOT / "examples" / "company"
warnings.simplefilter("error", hrrules.DataWarning)  # no records or history: stop, never guess
policy = hrrules.Policy.load(ROOT / "rules/company/production.toml", include_roots=[ROOT / "rules"])
payroll = C / f"payroll_production_{MONTH}.csv"
results = policy.plan(MONTH).evaluate_files(
    [A / f"hr_production_{MONTH}.csv", payroll], all=True,
    records=[A / f"punches_production_{MONTH}.csv", A / f"leave_production_{MONTH}.csv",
             C / "punches_production_2023-09-29.csv"],  # the Mid-Autumn Festival shift
    history=[C / "history" / "production"])  # only the months before September are read
if failed := [f"{r.employee}: {r.error}" for r in results if not r.ok]:
    sys.exit("\n".join(failed))  # nobody is paid until everyone's pay is right
rows = csv.DictReader(payroll.read_text(encoding="utf-8").splitlines())
bank = {r["employee_id"]: r["bank_account"] for r in rows}
out = csv.writer(sys.stdout)
out.writerow(["employee_id", "name", "bank_account", "net_pay"])
with open(Path(sys.argv[1]) / f"{MONTH}.jsonl", "w", encoding="utf-8") as history:
    for r in results:
        figures = r.unwrap()
        out.writerow([r.employee, figures["name"], bank[r.employee], figures["net_pay"]])
        line = {"employee_id": r.employee, "period": MONTH, "values": figures}
        print(json.dumps(line, default=str, ensure_ascii=False, separators=(",", ":"),
                         sort_keys=True), file=history)  # Decimal as its exact text
