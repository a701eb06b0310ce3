"""The README's Quick start computed from Python equals the command line's JSON, figure for
figure and digit for digit."""

from decimal import Decimal

from conftest import DATA, SALES, numbers_are_decimals, plain, read_rows


def quick_start(cli):
    return cli("eval", SALES, "--period", "2023-09", *sum((["--data", d] for d in DATA), []),
               "--format", "json")


def as_cli_json(results):
    """EmployeeResults as `hrrules eval --format json` writes its rows."""
    out = []
    for r in results:
        if r.ok:
            out.append({"employee_id": r.employee, "values": plain(r.figures)})
        else:
            out.append({"employee_id": r.employee, "error": r.error.message})
    return out


def test_files_read_by_the_library_equal_the_cli(cli, sales_plan):
    expected = plain(quick_start(cli))
    results = sales_plan.evaluate_files(DATA)
    assert len(results) == 12
    assert as_cli_json(results) == expected
    for r in results:
        numbers_are_decimals(r.figures)
        assert isinstance(r.figures["gross_pay"], Decimal)
        assert r.row[0] == DATA[0]


def test_rows_read_by_python_equal_the_cli(cli, sales_plan):
    expected = plain(quick_start(cli))
    rows = read_rows(*DATA)
    # The exports carry a name and a region beside the inputs.
    results = sales_plan.evaluate_many(rows, unknown="ignore")
    assert as_cli_json(results) == expected
    assert [r.row for r in results] == [("<rows>", i + 1) for i in range(12)]


def test_the_team_total_is_exact(sales_plan):
    results = sales_plan.evaluate_files(DATA)
    total = sum((r.figures["gross_pay"] for r in results), Decimal("0"))
    # Exact cents, as the CLI's column adds up: no binary floating point on the way.
    assert total == Decimal("296539.93")
    assert format(total, "f") == "296539.93"


def test_every_figure_with_all_equals_the_cli_json_lines(cli, sales_plan):
    args = sum((["--data", d] for d in DATA), [])
    expected = plain(cli("eval", SALES, "--period", "2023-09", *args, "--format", "jsonl",
                         lines=True))
    results = sales_plan.evaluate_many(read_rows(*DATA), unknown="ignore", all=True)
    got = [{"employee_id": r.employee, "period": "2023-09", "values": plain(r.figures)}
           for r in results]
    assert got == expected
    e004 = results[0].figures
    assert e004["commission.rate"] == Decimal("0.06")
    assert e004["compliance"] == Decimal("0.96")  # a percentage is its fraction
    assert e004["satisfaction"] == Decimal("9.4")
    assert list(e004) == sorted(e004)
