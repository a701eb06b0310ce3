"""python/examples/payroll_script.py runs and its totals are exact."""

import csv
import subprocess
import sys
from decimal import Decimal

from conftest import DATA, ROOT


def test_the_payroll_script(sales_plan):
    script = ROOT / "python" / "examples" / "payroll_script.py"
    done = subprocess.run([sys.executable, "-W", "error", str(script)], capture_output=True,
                          text=True, encoding="utf-8", check=True, cwd="/")
    rows = list(csv.DictReader(done.stdout.splitlines()))
    assert done.stderr == ""
    assert rows[0] == {"employee_id": "E004", "name": "王芳", "gross_pay": "48827.80",
                       "social": "1575.00", "net_pay": "47252.80"}
    *staff, total = rows
    assert len(staff) == 12 and total["employee_id"] == "total"
    assert Decimal(total["net_pay"]) == sum(Decimal(r["net_pay"]) for r in staff)
    gross = sum(r.figures["gross_pay"] for r in sales_plan.evaluate_files(DATA))
    social = sum(Decimal(r["social"]) for r in staff)
    assert total["net_pay"] == format(gross - social, "f") == "283887.43"
