"""Everything `hrrules eval` reads besides the data, from Python: attendance records, the
history of earlier months, mapping files and encodings. The production line's September pay
(punches, leave, the Mid-Autumn Festival shift, income tax withheld on the year so far) equals
the command line's, and what the command line notes on stderr is a `DataWarning`."""

import json
import warnings
from decimal import Decimal

import pytest

import hrrules
from conftest import DATA, ROOT, SALES, plain
from test_sales_team import as_cli_json

A = "examples/attendance"
C = "examples/company"
PRODUCTION_DATA = [f"{A}/hr_production_2023-09.csv", f"{C}/payroll_production_2023-09.csv"]
PRODUCTION_RECORDS = [
    f"{A}/punches_production_2023-09.csv",
    f"{A}/leave_production_2023-09.csv",
    # P007's early shift on the Mid-Autumn Festival, 2023-09-29.
    f"{C}/punches_production_2023-09-29.csv",
]
PRODUCTION_HISTORY = [f"{C}/history/production"]


@pytest.fixture(scope="module")
def production():
    policy = hrrules.Policy.load("rules/company/production.toml", include_roots=["rules"])
    return policy.plan("2023-09")


def production_cli(cli, *extra, records=PRODUCTION_RECORDS, fmt="json", lines=False):
    args = ["eval", "--include-root", "rules", "rules/company/production.toml",
            "--period", "2023-09"]
    args += sum((["--data", d] for d in PRODUCTION_DATA), [])
    args += sum((["--records", r] for r in records), [])
    return cli(*args, *extra, "--format", fmt, lines=lines, ok_codes=(0, 2))


def no_warnings(call):
    with warnings.catch_warnings():
        warnings.simplefilter("error", hrrules.DataWarning)
        return call()


def warned(call):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = call()
    return result, [str(w.message) for w in caught if w.category is hrrules.DataWarning]


def test_records_and_history_give_the_cli_pay(cli, production):
    expected = plain(production_cli(cli, "--history", PRODUCTION_HISTORY[0]))
    results = no_warnings(lambda: production.evaluate_files(
        PRODUCTION_DATA, records=PRODUCTION_RECORDS, history=PRODUCTION_HISTORY))
    assert len(results) == 14
    assert as_cli_json(results) == expected
    assert all(r.ok for r in results)
    wang_xiuying = results[6]
    assert wang_xiuying.employee == "P007"
    # 05:52-14:06 on a statutory holiday: 7.5 hours at 300% (Labour Law art. 44).
    assert wang_xiuying.figures["attendance.ot_holiday_hours"] == Decimal("7.5")
    assert wang_xiuying.figures["ot_holiday_pay"] == Decimal("749.93")


def test_every_figure_equals_the_committed_month(production):
    """`run.sh` wrote September's lines with the same files; `all=True` gives each value."""
    committed = (ROOT / C / "history/production/2023-09.jsonl").read_text(encoding="utf-8")
    expected = [json.loads(line, parse_float=Decimal) for line in committed.splitlines()]
    results = production.evaluate_files(
        PRODUCTION_DATA, records=PRODUCTION_RECORDS, history=PRODUCTION_HISTORY, all=True)
    got = [{"employee_id": r.employee, "period": "2023-09", "values": plain(r.figures)}
           for r in results]
    assert got == plain(expected)


def test_without_history_the_year_starts_in_september_and_says_so(cli, production):
    expected = plain(production_cli(cli))
    results, said = warned(lambda: production.evaluate_files(
        PRODUCTION_DATA, records=PRODUCTION_RECORDS))
    assert said == ["no history= given; every employee starts the year in 2023-09 "
                    "(no earlier months)"]
    assert as_cli_json(results) == expected
    with_history = production.evaluate_files(
        PRODUCTION_DATA, records=PRODUCTION_RECORDS, history=PRODUCTION_HISTORY)
    # Cumulative withholding: January to August's income changes September's tax.
    assert results[6].figures["wage_tax"] != with_history[6].figures["wage_tax"]


def test_without_records_the_measures_are_missing_and_it_says_so(production):
    results, said = warned(lambda: production.evaluate_files(
        PRODUCTION_DATA, history=PRODUCTION_HISTORY))
    assert said == ["no records= given; the attendance.* measures are read from data "
                    "columns of the same name, where there are any"]
    # Nobody's shifts were read, so nobody's pay is silently zero: each fails, named.
    assert len(results) == 14
    assert all(not r.ok for r in results)
    assert "attendance." in results[0].error.message


def test_records_of_someone_not_in_the_data_are_an_error_row(tmp_path, production):
    stranger = tmp_path / "punches_contractor.csv"
    stranger.write_text(
        "employee_id,date,shift,start,end,break_minutes\n"
        "P099,2023-09-04,early,06:00,14:00,30\n", encoding="utf-8")
    results = production.evaluate_files(
        PRODUCTION_DATA, records=PRODUCTION_RECORDS + [str(stranger)],
        history=PRODUCTION_HISTORY)
    assert len(results) == 15
    last = results[-1]
    assert (last.employee, last.ok) == ("P099", False)
    assert last.row == (str(stranger), 2)
    assert "P099" in last.error.message


def test_records_for_a_policy_without_attendance_are_refused(sales_plan):
    with pytest.raises(hrrules.DataError) as e:
        sales_plan.evaluate_files(DATA, records=PRODUCTION_RECORDS[:1])
    assert str(e.value) == ("records=: the policy has no [attendance] table to classify "
                            "records by")


def test_a_history_file_that_is_not_json_lines_is_a_data_error(tmp_path, production):
    bad = tmp_path / "2023-08.jsonl"
    bad.write_text("employee_id,net_pay\nP001,6000\n", encoding="utf-8")
    with pytest.raises(hrrules.DataError) as e:
        production.evaluate_files(PRODUCTION_DATA, records=PRODUCTION_RECORDS,
                                  history=[str(bad)])
    assert "2023-08.jsonl" in str(e.value)


def test_a_mapping_renames_the_crm_export_to_the_json_export(cli, sales_plan):
    cn = ["examples/data/sales_2023-09.csv", f"{C}/crm_sales_2023-09_cn.csv",
          "examples/data/hr_2023-09.csv"]
    from_json = sales_plan.evaluate_files(DATA)
    from_cn = no_warnings(lambda: sales_plan.evaluate_files(
        cn, mapping=[f"{C}/mapping_crm.toml"]))
    assert as_cli_json(from_cn) == as_cli_json(from_json)
    # Without it, the CRM's 员工编号 is not the key column, and nothing is joined.
    with pytest.raises(hrrules.DataError, match='crm_sales_2023-09_cn.csv: there is no key column "employee_id"'):
        sales_plan.evaluate_files(cn)


def test_a_mapping_entry_that_maps_nothing_is_a_warning(tmp_path, sales_plan):
    mapping = tmp_path / "mapping.toml"
    mapping.write_text('[columns]\n"员工编号" = "employee_id"\n"客户满意度" = "satisfaction"\n'
                       '"回款额" = "collected"\n', encoding="utf-8")
    cn = ["examples/data/sales_2023-09.csv", f"{C}/crm_sales_2023-09_cn.csv",
          "examples/data/hr_2023-09.csv"]
    results, said = warned(lambda: sales_plan.evaluate_files(cn, mapping=[str(mapping)]))
    assert all(r.ok for r in results)
    assert said == [f"{mapping}:4:1: column `回款额` is in no data file; the entry maps nothing"]


def test_a_gbk_punch_export_gives_the_same_pay():
    plan = hrrules.Policy.load("rules/production_2023.toml").plan("2023-10")
    data = [f"{A}/hr_production_2023-10.csv"]
    utf8 = plan.evaluate_files(data, records=[f"{A}/punches_production_2023-10.csv",
                                              f"{A}/leave_production_2023-10.csv"])
    gbk_file = f"{A}/punches_production_2023-10_gbk.csv"
    gbk = [f"{A}/leave_production_2023-10.csv", gbk_file]
    found, said = warned(lambda: plan.evaluate_files(data, records=gbk[::-1]))
    assert said == [f"{gbk_file}: read as GB18030 (found from its bytes; name another with "
                    "encoding=)"]
    named = no_warnings(lambda: plan.evaluate_files(
        data, records=gbk[::-1], encoding={gbk_file: "gbk"}))
    assert as_cli_json(found) == as_cli_json(utf8)
    assert as_cli_json(named) == as_cli_json(utf8)
    assert all(r.ok for r in utf8)


def test_encodings_are_checked():
    plan = hrrules.Policy.load("rules/production_2023.toml").plan("2023-10")
    data = [f"{A}/hr_production_2023-10.csv"]
    with pytest.raises(ValueError, match='no encoding is named "big5"' ):
        plan.evaluate_files(data, encoding="big5")
    with pytest.raises(ValueError, match="none of the data or records files"):
        plan.evaluate_files(data, encoding={"punches.csv": "gbk"})
    with pytest.raises(TypeError):
        plan.evaluate_files(data, encoding=936)
    # A UTF-8 file named GBK is refused, not garbled.
    with pytest.raises(hrrules.DataError, match="UTF-8"):
        plan.evaluate_files(data, encoding="gbk")


def test_diff_with_old_records_shows_the_holiday_shift(production):
    """Was P007's Mid-Autumn shift paid? The diff with and without its punch file."""
    diff = hrrules.diff_files(
        production, production, PRODUCTION_DATA, records=PRODUCTION_RECORDS,
        old_records=PRODUCTION_RECORDS[:2], history=PRODUCTION_HISTORY,
        names=["ot_holiday_pay", "net_pay"])
    changed = [e for e in diff["employees"] if e["changes"]]
    assert [e["employee_id"] for e in changed] == ["P007"]
    p007 = changed[0]["changes"]
    assert plain(p007["ot_holiday_pay"]) == {"old": "0.00", "new": "749.93", "delta": "749.93",
                                             "percent": None}
    assert plain(p007["net_pay"]["delta"]) == "727.43"
    assert diff["totals"]["net_pay"] == {
        "old": Decimal("81328.39"), "new": Decimal("82055.82"), "delta": Decimal("727.43"),
        "percent": Decimal("0.89"), "up": 1, "down": 0, "same": 13}


def test_diff_with_old_records_equals_the_cli_json(cli, production):
    args = ["diff", "--include-root", "rules", "rules/company/production.toml",
            "rules/company/production.toml", "--period", "2023-09",
            "--history", PRODUCTION_HISTORY[0], "--format", "json"]
    args += sum((["--data", d] for d in PRODUCTION_DATA), [])
    args += sum((["--records", r] for r in PRODUCTION_RECORDS), [])
    args += sum((["--old-records", r] for r in PRODUCTION_RECORDS[:2]), [])
    expected = cli(*args)
    got = hrrules.diff_files(
        production, production, PRODUCTION_DATA, records=PRODUCTION_RECORDS,
        old_records=PRODUCTION_RECORDS[:2], history=PRODUCTION_HISTORY)
    assert plain(got) == plain(expected)
