"""`explain` and `diff` as dicts, equal to the command line's JSON."""

import datetime
from decimal import Decimal

import pytest

import hrrules
from conftest import DATA, SALES, SALES_2022, SCORES, numbers_are_decimals, plain, read_rows

E004 = {
    "base_salary": Decimal("15000.00"),
    "sales_target": Decimal("500000.00"),
    "sales_amount": Decimal("615230.00"),
    "satisfaction": Decimal("9.4"),
    "compliance": "96%",
    "teamwork": Decimal("88"),
}


def data_args(*files):
    return sum((["--data", f] for f in files), [])


def without(value, field):
    """`value` with every `field` of every dict left out."""
    if isinstance(value, dict):
        return {k: without(v, field) for k, v in value.items() if k != field}
    if isinstance(value, list):
        return [without(v, field) for v in value]
    return value


@pytest.mark.parametrize("names", [[], ["commission"], ["gross_pay", "kpi.grade"]])
def test_explain_equals_the_cli_json(cli, sales_plan, names):
    doc = cli("explain", SALES, "--period", "2023-09", *data_args(*DATA), "--employee", "E004",
              "--format", "json", *names)
    expected = {k: v for k, v in doc.items() if k not in ("employee_id", "row")}
    why = sales_plan.explain(E004, names or None)
    numbers_are_decimals(why)
    # The CLI says which data cell each input came from; here the caller gave them.
    assert without(plain(why), "origin") == without(plain(expected), "origin")


def test_explain_types_its_values(sales_plan):
    why = sales_plan.explain(E004, ["commission", "bonus_rate"])
    assert why["period"] == "2023-09" and why["error"] is None
    commission, bonus_rate = why["figures"]
    assert commission["name"] == "commission" and commission["kind"] == "tier"
    assert commission["value"] == Decimal("28913.80")
    assert commission["defined"] == {
        "file": "rules/common/sales_kpi_2023h2.toml", "line": 71, "column": 8,
    }
    tier = commission["tier"]
    assert tier["mode"] == "marginal" and tier["capped"] is False and tier["bracket"] == 3
    assert tier["slices"][2] == {
        "bracket": 3, "from": Decimal("300000"), "width": Decimal("315230.00"),
        "rate": Decimal("0.06"), "pay": Decimal("18913.8000"),
    }
    assert tier["cap"] == Decimal("30000")
    assert commission["rounding"] == {
        "exact": Decimal("28913.8000"), "stored": Decimal("28913.80"), "places": 2,
        "mode": "half_up",
    }
    uses = {u["name"]: u["value"] for u in commission["uses"]}
    assert uses == {"sales_amount": Decimal("615230.00"), "commission_cap": Decimal("30000")}
    assert bonus_rate["kind"] == "param" and bonus_rate["value"] == Decimal("0.3")
    assert bonus_rate["from"] == datetime.date(2023, 7, 1)


def test_explain_text_is_the_cli_tree(sales_plan):
    text = sales_plan.explain_text(E004, ["commission"])
    assert "bracket 3 from 300000: 315230.00 × 6% = 18913.8000" in text


def test_explain_a_failing_employee_up_to_the_failure(sales_plan):
    why = sales_plan.explain(dict(E004, sales_target="0"), ["gross_pay"])
    assert why["error"].startswith("division by zero in `kpi.sales`")

    def find(figure, name):
        if figure["name"] == name:
            return figure
        return next((f for u in figure.get("uses", []) if (f := find(u, name))), None)

    [gross_pay] = why["figures"]
    assert gross_pay["value"] is None
    failed = find(gross_pay, "kpi.sales")
    assert failed["value"] is None and failed["error"] == why["error"]
    assert find(failed, "sales_target")["value"] == Decimal("0")


def diff_cli(cli, *names):
    return cli("diff", SALES_2022, SALES, "--period", "2023-09",
               *data_args(*DATA, SCORES), "--format", "json", *names)


@pytest.mark.parametrize("names", [[], ["commission", "gross_pay"]])
def test_diff_of_files_equals_the_cli_json(cli, names):
    old = hrrules.Policy.load(SALES_2022).plan("2023-09")
    new = hrrules.Policy.load(SALES).plan("2023-09")
    got = hrrules.diff_files(old, new, [*DATA, SCORES], names=names)
    numbers_are_decimals(got)
    assert plain(got) == plain(diff_cli(cli, *names))


def test_diff_of_rows_read_by_python_equals_the_cli_json(cli):
    old = hrrules.Policy.load(SALES_2022).plan("2023-09")
    new = hrrules.Policy.load(SALES).plan("2023-09")
    rows = read_rows(*DATA, SCORES)
    # `manager_score` is an input of the 2022 policy only; `name` and `region` of neither.
    got = hrrules.diff(old, new, rows, unknown="ignore")
    assert plain(got) == plain(diff_cli(cli))
    assert got["by"] == "gross_pay"
    assert got["winners"][0] == {
        "employee_id": "E004", "old": Decimal("40038.15"), "new": Decimal("48827.80"),
        "delta": Decimal("8789.65"), "percent": Decimal("21.95"),
    }
    assert got["totals"]["gross_pay"]["delta"] == Decimal("41020.22")
    assert got["only_new"] == ["kpi.grade"]
    with pytest.raises(TypeError, match="float"):
        hrrules.diff(old, new, [dict(rows[0], teamwork=88.0)], unknown="ignore")


def test_diff_keeps_an_employee_who_fails_on_one_side():
    old = hrrules.Policy.load(SALES_2022).plan("2023-09")
    new = hrrules.Policy.load(SALES).plan("2023-09")
    rows = read_rows(*DATA, SCORES)[:2]
    rows[1] = dict(rows[1], teamwork="")  # only the new policy reads teamwork
    got = hrrules.diff(old, new, rows, unknown="ignore")
    assert [e["employee_id"] for e in got["employees"]] == ["E004", "E009"]
    error = got["employees"][1]["error"]
    assert error["old"] is None
    assert error["new"].startswith("missing input `teamwork`")


def test_diff_refuses_an_unknown_figure_with_the_nearest():
    plan = hrrules.Policy.load(SALES).plan("2023-09")
    with pytest.raises(ValueError, match="did you mean `gross_pay`"):
        hrrules.diff(plan, plan, [], names=["gros_pay"])


def test_what_if_a_param_changes(sales_policy):
    what_if = sales_policy.with_params({"commission_cap": "35000"})
    rows = read_rows(*DATA)
    got = hrrules.diff(sales_policy.plan("2023-09"), what_if.plan("2023-09"), rows,
                       unknown="ignore", names=["commission"])
    assert got["totals"]["commission"]["delta"] >= 0
    with pytest.raises(hrrules.RuleError) as caught:
        sales_policy.with_params({"commission_cap": "25%"})
    assert caught.value.file == "--set"
