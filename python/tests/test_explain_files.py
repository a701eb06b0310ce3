"""`Plan.explain_files`: one employee of data files explained as `hrrules explain --data ...
--employee` shows it, with the records, the history and the whole team's population figures
read as the command line reads them."""

import json
import warnings

import pytest

import hrrules
from conftest import DATA, SALES, plain
from test_sources import PRODUCTION_DATA, PRODUCTION_HISTORY, PRODUCTION_RECORDS, C

SALES_PAYROLL = [*DATA, f"{C}/payroll_sales_2023-09.csv"]
SALES_HISTORY = [f"{C}/history/sales"]


def quiet(call):
    with warnings.catch_warnings():
        warnings.simplefilter("error", hrrules.DataWarning)
        return call()


def explain_cli(cli, *args, fmt="json"):
    return cli("explain", "--period", "2023-09", *args, "--format", fmt, ok_codes=(0, 2))


def as_cli(doc):
    """The origins name the option as Python spells it (`history=`), the CLI `--history`."""
    text = json.dumps(plain(doc), ensure_ascii=False)
    return json.loads(text.replace('"history= ', '"--history ').replace("no history=:",
                                                                         "no --history:"))


def data_args(files, flag="--data"):
    return sum(([flag, f] for f in files), [])


def test_population_figures_are_computed_over_the_team_first(cli):
    """Wang Fang's share of the team pool and her forced grade: the figures need all 12."""
    plan = hrrules.Policy.load("rules/company/sales.toml", include_roots=["rules"]).plan("2023-09")
    got = quiet(lambda: plan.explain_files(SALES_PAYROLL, "E004", ["team_share", "net_pay"],
                                           history=SALES_HISTORY))
    expected = explain_cli(cli, "--include-root", "rules", "rules/company/sales.toml",
                           "team_share", "net_pay", *data_args(SALES_PAYROLL),
                           "--history", SALES_HISTORY[0], "--employee", "E004")
    assert as_cli(got) == plain(expected)
    assert got["error"] is None
    share = next(p for p in got["population"] if p["figure"] == "allocate(team_pool, kpi)")
    assert (share["value"], share["group"]["members"]) == ("5170.22", 12)
    # The figures asked for, in order (`explain` of a row alone could not compute the share).
    assert [f["name"] for f in got["figures"]] == ["team_share", "net_pay"]


def test_records_and_history_as_the_cli_explains_them(cli):
    plan = hrrules.Policy.load("rules/company/production.toml", include_roots=["rules"]).plan("2023-09")
    args = dict(records=PRODUCTION_RECORDS, history=PRODUCTION_HISTORY)
    got = quiet(lambda: plan.explain_files(PRODUCTION_DATA, "P007", ["ot_holiday_pay"], **args))
    cli_args = ["--include-root", "rules", "rules/company/production.toml", "ot_holiday_pay",
                *data_args(PRODUCTION_DATA), *data_args(PRODUCTION_RECORDS, "--records"),
                "--history", PRODUCTION_HISTORY[0], "--employee", "P007"]
    assert as_cli(got) == plain(explain_cli(cli, *cli_args))
    assert got["attendance"]["employee"] == "P007"
    # The Mid-Autumn Festival shift, on its own record.
    holiday = [r for r in got["attendance"]["records"] if r["date"] == "2023-09-29"]
    assert holiday and holiday[0]["added"].get("attendance.ot_holiday_hours") == "7.5"
    text = quiet(lambda: plan.explain_files_text(PRODUCTION_DATA, "P007", ["ot_holiday_pay"],
                                                 **args))
    expected = cli("explain", "--period", "2023-09", *cli_args, "--format", "text", raw=True)
    assert text.replace("history= ", "--history ") == expected


def test_the_figures_are_typed_as_explain_types_them(sales_plan):
    got = sales_plan.explain_files(DATA, "E004", ["gross_pay"])
    row = sales_plan.explain({"base_salary": "15000.00", "sales_target": "500000.00",
                              "sales_amount": "615230.00", "satisfaction": "9.4",
                              "compliance": "96%", "teamwork": "88"}, ["gross_pay"])
    assert got["figures"][0]["value"] == row["figures"][0]["value"]
    assert (got["employee_id"], got["row"]) == ("E004", f"{DATA[0]}:2")


def test_an_unknown_employee_names_the_nearest(sales_plan):
    with pytest.raises(hrrules.DataError, match="no employee `E04` in column `employee_id` of "
                       "the data \\(did you mean `E004`\\?\\)"):
        sales_plan.explain_files(DATA, "E04")
    with pytest.raises(hrrules.EvaluationError, match="comission"):
        sales_plan.explain_files(DATA, "E004", ["comission"])
