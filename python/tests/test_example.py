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


def test_the_monthly_payroll_writes_the_clis_history(tmp_path):
    """python/examples/monthly_payroll.py: production's September with records and history;
    the month's lines it writes are byte for byte those `hrrules eval --format jsonl` wrote."""
    script = ROOT / "python" / "examples" / "monthly_payroll.py"
    done = subprocess.run([sys.executable, "-W", "error", str(script), str(tmp_path)],
                          capture_output=True, text=True, encoding="utf-8", check=True, cwd="/")
    assert done.stderr == ""
    rows = list(csv.DictReader(done.stdout.splitlines()))
    assert len(rows) == 14
    assert rows[6] == {"employee_id": "P007", "name": "王秀英",
                       "bank_account": "6228481040634253103", "net_pay": "6383.03"}
    committed = ROOT / "examples" / "company" / "history" / "production" / "2023-09.jsonl"
    assert (tmp_path / "2023-09.jsonl").read_bytes() == committed.read_bytes()
