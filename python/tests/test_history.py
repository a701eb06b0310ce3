"""Earlier months for rows built in Python: `history=` on `evaluate`, `evaluate_many`,
`explain` and `diff`, as files or as the month lines a payroll product kept in its own
database. The income tax withheld on the year so far is the State Taxation Administration's
own example, and the production line's September equals the command line's."""

import json
import warnings
from decimal import Decimal

import pytest

import hrrules
from conftest import ROOT
from test_sources import (PRODUCTION_DATA, PRODUCTION_HISTORY, PRODUCTION_RECORDS, C,
                          as_cli_json)

TAX = "tests/fixtures/tests/cumulative_tax.toml"
# 国家税务总局公告2018年第61号, 解读 例1: a monthly wage of 30,000, special deductions of
# 4,500 and special additional deductions of 2,000.
STA_EXAMPLE = {"wage": Decimal("30000"), "special_deductions": Decimal("4500"),
               "additional_deductions": Decimal("2000")}


def quiet(call):
    with warnings.catch_warnings():
        warnings.simplefilter("error", hrrules.DataWarning)
        return call()


def test_the_tax_authoritys_example_month_after_month():
    """555 in January, 625 in February, 1,850 in March: each month's figures, kept as a
    payroll product keeps them, are the next month's history."""
    policy = hrrules.Policy.load(TAX)
    kept = []
    withheld = []
    for month in ["2023-01", "2023-02", "2023-03"]:
        figures = quiet(lambda: policy.plan(month).evaluate(STA_EXAMPLE, all=True, history=kept))
        withheld.append(figures["tax_this_month"])
        kept.append({"period": month, "values": figures})
    assert withheld == [Decimal("555.00"), Decimal("625.00"), Decimal("1850.00")]


def test_without_history_the_year_starts_this_month_and_says_so():
    march = hrrules.Policy.load(TAX).plan("2023-03")
    with pytest.warns(hrrules.DataWarning, match="no history= given; every employee starts "
                      "the year in 2023-03"):
        figures = march.evaluate(STA_EXAMPLE)
    # As if March were January: the same 555.
    assert figures["tax_this_month"] == Decimal("555.00")


def test_a_gap_in_the_months_is_the_employees_error():
    policy = hrrules.Policy.load(TAX)
    january = policy.plan("2023-01").evaluate(STA_EXAMPLE, all=True, history=[])
    march = policy.plan("2023-03")
    with pytest.raises(hrrules.EvaluationError) as e:
        march.evaluate(STA_EXAMPLE, history=[{"period": "2023-01", "values": january}])
    assert e.value.kind == "history"
    assert "2023-02" in e.value.message
    rows = [dict(STA_EXAMPLE, employee_id="E001"), dict(STA_EXAMPLE, employee_id="E002")]
    lines = [{"employee_id": "E001", "period": "2023-01", "values": january},
             {"employee_id": "E002", "period": "2023-01", "values": january},
             {"employee_id": "E002", "period": "2023-02", "values": january}]
    gap, whole = march.evaluate_many(rows, history=lines)
    assert (gap.ok, gap.error.kind) == (False, "history")
    assert whole.ok


def test_a_failed_month_is_not_taken_for_zero():
    policy = hrrules.Policy.load(TAX)
    january = policy.plan("2023-01").evaluate(STA_EXAMPLE, all=True, history=[])
    march = policy.plan("2023-03")
    lines = [{"period": "2023-01", "values": january},
             {"period": "2023-02", "error": "division by zero in `wage_tax`"}]
    with pytest.raises(hrrules.EvaluationError) as e:
        march.evaluate(STA_EXAMPLE, history=lines)
    assert e.value.kind == "history"
    assert "2023-02 failed" in e.value.message


def test_month_lines_are_checked():
    march = hrrules.Policy.load(TAX).plan("2023-03")
    with pytest.raises(TypeError, match="float cannot hold money exactly"):
        march.evaluate(STA_EXAMPLE, history=[{"period": "2023-02", "values": {"wage": 30000.0}}])
    with pytest.raises(TypeError, match="without its `period`"):
        march.evaluate(STA_EXAMPLE, history=[{"values": {}}])
    with pytest.raises(TypeError, match="neither `values` nor `error`"):
        march.evaluate(STA_EXAMPLE, history=[{"period": "2023-02"}])
    with pytest.raises(TypeError, match="not both"):
        march.evaluate(STA_EXAMPLE, employee="E001",
                       history=["a.jsonl", {"period": "2023-02", "values": {}}])
    with pytest.raises(TypeError, match="say whose with employee="):
        march.evaluate(STA_EXAMPLE, history=[f"{C}/history/production"])
    with pytest.raises(ValueError, match="period"):
        march.evaluate(STA_EXAMPLE, history=[{"period": "March", "values": {}}])


def test_history_for_a_policy_that_reads_no_earlier_months_is_noted(sales_plan):
    with pytest.warns(hrrules.DataWarning, match="reads no earlier months"):
        sales_plan.evaluate({"base_salary": "15000", "sales_target": "500000",
                             "sales_amount": "615230", "satisfaction": "9.4",
                             "compliance": "96%", "teamwork": "88"},
                            history=[{"period": "2023-08", "values": {}}])


@pytest.fixture(scope="module")
def production_rows():
    """September's production rows as a payroll product holds them: the HR export's
    inputs and the attendance measures it took from the punch terminal, as plain values."""
    policy = hrrules.Policy.load("rules/company/production.toml", include_roots=["rules"])
    plan = policy.plan("2023-09")
    results = plan.evaluate_files(PRODUCTION_DATA, records=PRODUCTION_RECORDS,
                                  history=PRODUCTION_HISTORY, all=True)
    rows = []
    for r in results:
        row = {k: v for k, v in r.figures.items()
               if k in policy.inputs or k.startswith("attendance.")}
        rows.append(dict(row, employee_id=r.employee))
    return plan, rows, results


def test_rows_with_history_files_equal_the_data_files(production_rows):
    plan, rows, from_files = production_rows
    got = quiet(lambda: plan.evaluate_many(rows, history=PRODUCTION_HISTORY, all=True))
    assert as_cli_json(got) == as_cli_json(from_files)


def test_rows_with_month_lines_from_a_database_equal_the_files(production_rows):
    plan, rows, from_files = production_rows
    lines = []
    for m in ["01", "02", "03", "04", "05", "06", "07", "08"]:
        text = ROOT / C / "history" / "production" / f"2023-{m}.jsonl"
        lines += [json.loads(line, parse_float=Decimal) for line in
                  text.read_text(encoding="utf-8").splitlines()]
    got = quiet(lambda: plan.evaluate_many(rows, history=lines, all=True))
    assert as_cli_json(got) == as_cli_json(from_files)
    # The data files with the months from the database, and a diff with them.
    files = quiet(lambda: plan.evaluate_files(PRODUCTION_DATA, records=PRODUCTION_RECORDS,
                                              history=lines, all=True))
    assert as_cli_json(files) == as_cli_json(from_files)
    diff = quiet(lambda: hrrules.diff_files(plan, plan, PRODUCTION_DATA,
                                            records=PRODUCTION_RECORDS, history=lines))
    assert all(not e["changes"] and e["error"] is None for e in diff["employees"])
    # One employee, with only her own lines.
    p007 = [line for line in lines if line["employee_id"] == "P007"]
    row = {k: v for k, v in rows[6].items() if k != "employee_id"}
    one = quiet(lambda: plan.evaluate(row, history=p007))
    assert one["net_pay"] == from_files[6].figures["net_pay"] == Decimal("6383.03")
    # Or from the files, saying whose.
    assert quiet(lambda: plan.evaluate(row, history=PRODUCTION_HISTORY, employee="P007")) == one


def test_without_history_the_tax_is_januarys_and_it_says_so(production_rows):
    plan, rows, from_files = production_rows
    with pytest.warns(hrrules.DataWarning, match="no history= given"):
        got = plan.evaluate_many(rows, all=True)
    assert all(r.ok for r in got)
    # Cumulative withholding over one month instead of nine: P007's tax changes.
    assert got[6].figures["wage_tax"] != from_files[6].figures["wage_tax"]


def test_a_row_without_its_key_cannot_find_its_months(production_rows):
    plan, rows, _ = production_rows
    row = {k: v for k, v in rows[0].items() if k != "employee_id"}
    first, second = plan.evaluate_many([row, rows[1]], history=PRODUCTION_HISTORY)
    assert not first.ok and "has no `employee_id`" in first.error.message
    assert second.ok


def test_explain_and_diff_read_the_history(production_rows):
    plan, rows, from_files = production_rows
    row = {k: v for k, v in rows[6].items() if k != "employee_id"}
    why = quiet(lambda: plan.explain(row, ["wage_tax"], history=PRODUCTION_HISTORY,
                                     employee="P007"))
    assert why["error"] is None
    assert why["figures"][0]["value"] == from_files[6].figures["wage_tax"]
    diff = quiet(lambda: hrrules.diff(plan, plan, rows, history=PRODUCTION_HISTORY))
    assert [e["employee_id"] for e in diff["employees"] if e["changes"] or e["error"]] == []
    assert diff["totals"]["net_pay"]["old"] == sum(r.figures["net_pay"] for r in from_files)
