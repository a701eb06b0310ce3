"""A payroll script embedding hrrules: September 2023's gross pay for the sales team from the
policy, then this script's own deduction and totals, every amount a Decimal. Writes a payroll
CSV to standard output: python python/examples/payroll_script.py > payroll_2023-09.csv"""
import csv, json, sys
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import hrrules

ROOT, CENT, SOCIAL = Path(__file__).resolve().parents[2], Decimal("0.01"), Decimal("0.105")
def read(name: str) -> str:
    return (ROOT / "examples" / "data" / name).read_text(encoding="utf-8")

staff = {r["employee_id"]: r for r in csv.DictReader(read("sales_2023-09.csv").splitlines())}
for r in [*csv.DictReader(read("hr_2023-09.csv").splitlines()),  # CSV cells as text,
          *json.loads(read("crm_2023-09.json"), parse_float=Decimal)]:  # JSON numbers as Decimal
    staff[r["employee_id"]].update(r)

plan = hrrules.Policy.load(ROOT / "rules" / "sales_2023h2.toml").plan("2023-09")
out, total = csv.writer(sys.stdout), Decimal("0")
out.writerow(["employee_id", "name", "gross_pay", "social", "net_pay"])
for row, result in zip(staff.values(), plan.evaluate_many(staff.values(), unknown="ignore")):
    if not result.ok:  # one employee's error does not stop the payroll
        print(f"{result.employee}: {result.error}", file=sys.stderr)
        continue
    gross = result.unwrap()["gross_pay"]  # the figures, now that there is no error
    social = (Decimal(row["base_salary"]) * SOCIAL).quantize(CENT, ROUND_HALF_UP)  # 10.5% share
    total += gross - social
    out.writerow([result.employee, row["name"], gross, social, gross - social])
out.writerow(["total", "", "", "", total])
