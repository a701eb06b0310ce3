"""Errors as Python exceptions carrying file, line, column and the message rendered as the
command line prints it; `check` lists them without raising."""

from decimal import Decimal

import pytest

import hrrules
from conftest import DATA, SALES

RULES = """[policy]
name = "Sales"
effective = 2023-07-01

[inputs]
sales_amount = "money"
base_salary = "money"

[params]
bonus_rate = [{ from = 2023-01-01, value = "20%" }]

[values]
bonus = "base_salary * bonus_rate"
gross_pay = "base_salary + bonus"
"""


def test_a_typo_is_located_with_the_nearest_name():
    text = RULES.replace('"base_salary + bonus"', '"base_salary + bonsu"')
    with pytest.raises(hrrules.RuleError) as caught:
        hrrules.Policy.from_source(text, "sales.toml")
    e = caught.value
    assert isinstance(e, hrrules.HrrulesError)
    assert (e.file, e.line, e.column) == ("sales.toml", 14, 28)
    assert e.message == "unknown name `bonsu`"
    assert e.suggestion == "did you mean `bonus`?"
    [located] = e.errors
    assert isinstance(located, hrrules.LocatedError)
    assert (located.file, located.line, located.column) == ("sales.toml", 14, 28)
    assert located.rendered == (
        "sales.toml:14:28: unknown name `bonsu`\n"
        "   |\n"
        '14 | gross_pay = "base_salary + bonsu"\n'
        "   |                            ^^^^^\n"
        "  help: did you mean `bonus`?\n"
    )
    # str(e) is the whole report, as `hrrules check` prints it.
    assert str(e) == located.rendered + "\n1 error found"


def test_every_problem_is_reported_at_once():
    text = RULES.replace('"base_salary * bonus_rate"', '"base_salry * bonus_rat"')
    errors = hrrules.check_source(text, "sales.toml")
    assert [(x.line, x.column, x.message, x.suggestion) for x in errors] == [
        (13, 10, "unknown name `base_salry`", "did you mean `base_salary`?"),
        (13, 23, "unknown name `bonus_rat`", "did you mean `bonus_rate`?"),
    ]
    with pytest.raises(hrrules.RuleError) as caught:
        hrrules.Policy.from_source(text, "sales.toml")
    assert caught.value.errors == errors


def test_a_rule_file_on_disk_is_located_with_its_path(tmp_path):
    path = tmp_path / "sales.toml"
    path.write_text(RULES.replace("bonus_rate\"\n", "bonus_rat\"\n"), encoding="utf-8")
    [e] = hrrules.check(path)
    assert e.file == str(path) and (e.line, e.column) == (13, 24)
    with pytest.raises(hrrules.RuleError, match="did you mean `bonus_rate`"):
        hrrules.Policy.load(path)


def test_notes_are_located_too():
    text = RULES.replace('"base_salary * bonus_rate"', '"gross_pay * bonus_rate"')
    [e] = hrrules.check_source(text, "cycle.toml")
    assert (e.line, e.column) == (13, 1)
    assert e.message == "dependency cycle: bonus -> gross_pay -> bonus"
    assert e.notes == (hrrules.Note("cycle.toml", 14, 1, "`gross_pay` uses `bonus`"),)
    assert "  note: cycle.toml:14:1: `gross_pay` uses `bonus`\n" in e.rendered


def test_a_file_that_cannot_be_read_has_no_place():
    [e] = hrrules.check("rules/no_such_file.toml")
    assert (e.file, e.line, e.column) == (None, None, None)
    assert "cannot read `rules/no_such_file.toml`" in e.message


def test_check_of_good_rules_is_empty(sales_policy):
    assert hrrules.check(SALES) == []
    assert sales_policy.check() == []
    results = sales_policy.run_tests()
    assert results and all(r["passed"] for r in results)
    assert {"name", "file", "line", "column", "passed", "failures"} <= set(results[0])


def test_policy_check_reports_failing_tests_at_their_place():
    text = RULES + """
[[tests]]
name = "bonus"
period = "2023-09"
inputs = { base_salary = "10000", sales_amount = "1" }
expect = { bonus = "2500.00" }
"""
    policy = hrrules.Policy.from_source(text, "t.toml")
    [e] = policy.check()
    assert (e.file, e.line, e.column) == ("t.toml", 16, 1)
    assert e.message == "test `bonus` failed: `bonus`: expected 2500.00, got 2000.00"
    [result] = policy.run_tests()
    assert result["passed"] is False


def test_a_period_the_params_do_not_cover_is_a_plan_error():
    policy = hrrules.Policy.from_source(RULES, "sales.toml")
    with pytest.raises(hrrules.PlanError) as caught:
        policy.plan("2022-06")
    e = caught.value
    assert isinstance(e, hrrules.RuleError)
    assert (e.file, e.line) == ("sales.toml", 10)
    assert "param `bonus_rate` has no value for 2022-06" in e.message
    assert "^" in e.errors[0].rendered
    with pytest.raises(ValueError, match="2023-9"):
        policy.plan("2023-9")


def test_an_evaluation_error_is_located_in_the_rule_file(sales_plan):
    row = {
        "base_salary": "15000", "sales_target": "0", "sales_amount": "615230.00",
        "satisfaction": "9.4", "compliance": "96%", "teamwork": "88",
    }
    with pytest.raises(hrrules.EvaluationError) as caught:
        sales_plan.evaluate(row)
    e = caught.value
    assert e.kind == "division_by_zero"
    assert e.file == "rules/common/sales_kpi_2023h2.toml"
    assert (e.line, e.column) == (45, 10)
    assert e.message.startswith("division by zero in `kpi.sales` at rules/common/")
    assert e.rendered == e.message == str(e)


def test_a_batch_keeps_the_employees_that_fail(sales_plan):
    good = {
        "base_salary": "15000", "sales_target": "500000", "sales_amount": "615230.00",
        "satisfaction": "9.4", "compliance": "96%", "teamwork": "88",
    }
    rows = [
        dict(good, employee_id="E1"),
        dict(good, employee_id="E2", sales_target="0"),
        dict(good, employee_id="E3", satisfaction="11"),
        dict(good, employee_id="E4", sales_amout="1"),
        dict(good, employee_id="E5", base_salary="fifteen"),
        dict(good),
    ]
    results = sales_plan.evaluate_many(rows)
    assert [r.employee for r in results] == ["E1", "E2", "E3", "E4", "E5", None]
    assert [r.ok for r in results] == [True, False, False, False, False, True]
    assert results[0].figures == results[5].figures
    assert results[0].figures["gross_pay"] == Decimal("48827.80")
    assert results[1].error.kind == "division_by_zero"
    assert results[1].error.line == 45
    assert results[2].error.kind == "out_of_range"
    assert "above its max 10" in results[2].error.message
    assert results[3].error.kind == "invalid_input"
    assert isinstance(results[3].error, hrrules.InputError)
    assert "did you mean `sales_amount`?" in results[3].error.message
    assert results[4].error.input == "base_salary"
    with pytest.raises(hrrules.EvaluationError):
        results[1].unwrap()
    assert results[0].unwrap() is results[0].figures


def test_a_bad_cell_names_the_data_file_row_and_column(sales_plan, tmp_path):
    sales, crm, hr = tmp_path / "sales.csv", tmp_path / "crm.json", tmp_path / "hr.csv"
    sales.write_text(
        "employee_id,base_salary,sales_target,sales_amount\n"
        "E004,15000.00,500000.00,615230.00\n"
        "E009,12000.00,0,400000.00\n"
        "E012,11000.00,400000.00,lots\n"
        "E015,10500.00,320000.00,289640.00\n",
        encoding="utf-8",
    )
    crm.write_text(
        '[{"employee_id": "E004", "satisfaction": 9.4}, {"employee_id": "E009", "satisfaction": 8.8},'
        ' {"employee_id": "E012", "satisfaction": 8.2}, {"employee_id": "E015", "satisfaction": 11}]',
        encoding="utf-8",
    )
    hr.write_text(
        "employee_id,compliance,teamwork\nE004,96%,88\nE009,92%,85\nE012,90%,78\nE015,88%,82\n",
        encoding="utf-8",
    )
    results = sales_plan.evaluate_files([str(sales), str(crm), str(hr)])
    assert [r.employee for r in results] == ["E004", "E009", "E012", "E015"]
    assert results[0].figures["gross_pay"] == Decimal("48827.80")
    assert results[1].error.kind == "division_by_zero"
    assert results[1].error.cell is None
    bad = results[2].error
    assert bad.kind == "data"
    assert bad.cell == (str(sales), 4, "sales_amount")
    assert bad.message == f'{sales}:4: column `sales_amount`: "lots" is not a number'
    assert results[2].row == (str(sales), 4)
    above = results[3].error
    assert above.kind == "out_of_range"
    assert above.cell == (str(crm), 4, "satisfaction")
    assert above.message.startswith(f"{crm}:4: column `satisfaction`: input `satisfaction` is 11")
    # The rule that sets the bound.
    assert above.file == "rules/common/sales_kpi_2023h2.toml"


def test_a_data_file_that_cannot_be_read_is_a_data_error(sales_plan):
    with pytest.raises(hrrules.DataError, match="no_such.csv"):
        sales_plan.evaluate_files(["examples/data/no_such.csv"])


def test_an_unknown_figure_to_explain_names_the_nearest(sales_plan):
    with pytest.raises(hrrules.EvaluationError) as caught:
        sales_plan.explain({"base_salary": "1"}, ["comission"])
    assert caught.value.kind == "unknown_name"
    assert "did you mean `commission`?" in caught.value.message


POOL = """
[policy]
name = "Production team pool"
[inputs]
team = "text"
output_score = "number"
[params]
pool = { value = "900.00", type = "money" }
[values]
share = { expr = "allocate(pool, output_score) by team", type = "money"%s }
"""


def test_a_row_that_cannot_be_read_is_a_failed_member_of_its_pool():
    rows = [
        {"employee_id": "P01", "team": "early", "output_score": "1"},
        {"employee_id": "P02", "team": "early", "output_score": "one"},
        {"employee_id": "P03", "team": "early", "output_score": "2"},
    ]
    # As `hrrules eval` does with a bad cell: the pool cannot be split without P02's score,
    # so nobody's share is computed; nothing is split among fewer people silently.
    plan = hrrules.Policy.from_source(POOL % "", "pool.toml").plan("2023-09")
    results = plan.evaluate_many(rows)
    assert [r.ok for r in results] == [False, False, False]
    assert results[1].error.input == "output_score"
    assert "P02" in str(results[0].error)
    # With `exclude_failed`, the others split the pool and P02 keeps its own error.
    plan = hrrules.Policy.from_source(POOL % ", exclude_failed = true", "pool.toml").plan("2023-09")
    results = plan.evaluate_many(rows)
    assert [r.ok for r in results] == [True, False, True]
    assert [results[0].figures["share"], results[2].figures["share"]] == [Decimal("300.00"), Decimal("600.00")]
