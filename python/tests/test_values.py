"""Values in and out: Decimal (never float), int, text read as a data cell, bool, date."""

import datetime
from decimal import Decimal

import pytest

import hrrules

E004 = {
    "base_salary": Decimal("15000.00"),
    "sales_target": Decimal("500000.00"),
    "sales_amount": Decimal("615230.00"),
    "satisfaction": Decimal("9.4"),
    "compliance": Decimal("0.96"),
    "teamwork": 88,
}

TYPES = """
[policy]
name = "Types"
effective = 2023-09-01

[inputs]
hire_date = "date"
grade = "text"
remote = "bool"
base_salary = "money"
headcount = { type = "integer", default = 1 }

[values]
days = "days_between(hire_date, period.end) + 1"
remote_allowance = { expr = "if remote then 200 else 0", type = "money" }
senior = "grade == 'S'"
pay = { expr = "base_salary * days / period.days + remote_allowance", type = "money" }
"""


@pytest.fixture(scope="module")
def types_plan():
    return hrrules.Policy.from_source(TYPES, "types.toml").plan("2023-09")


def test_decimal_in_decimal_out(sales_plan):
    figures = sales_plan.evaluate(E004)
    assert figures == {
        "kpi": Decimal("109.2"),
        "kpi.grade": "A",
        "commission": Decimal("28913.80"),
        "performance_bonus": Decimal("4914.00"),
        "gross_pay": Decimal("48827.80"),
    }
    # The places are kept as computed: money has its two.
    assert str(figures["commission"]) == "28913.80"
    assert figures["commission"].as_tuple().exponent == -2


def test_text_is_read_as_a_data_cell_is(sales_plan):
    as_text = dict(E004, sales_amount="615,230.00", compliance="96%", teamwork="88")
    assert sales_plan.evaluate(as_text) == sales_plan.evaluate(E004)


def test_decimal_with_an_exponent_is_read_exactly(sales_plan):
    figures = sales_plan.evaluate(dict(E004, sales_target=Decimal("5E+5")))
    assert figures["gross_pay"] == Decimal("48827.80")


def test_float_is_refused(sales_plan):
    with pytest.raises(TypeError, match=r"input `sales_amount`: 615230\.0 is a float.*Decimal"):
        sales_plan.evaluate(dict(E004, sales_amount=615230.0))
    # In a batch too: a float is a bug of the program, not a fact about one employee.
    with pytest.raises(TypeError, match="float"):
        sales_plan.evaluate_many([E004, dict(E004, teamwork=88.0)])


def test_values_no_input_takes_are_type_errors(sales_plan):
    with pytest.raises(TypeError, match="list"):
        sales_plan.evaluate(dict(E004, teamwork=[88]))
    with pytest.raises(TypeError, match="dict"):
        sales_plan.evaluate([("teamwork", 88)])


def test_values_the_policy_refuses_are_input_errors(sales_plan):
    with pytest.raises(hrrules.InputError) as e:
        sales_plan.evaluate(dict(E004, sales_amount="abc"))
    assert e.value.kind == "invalid_input"
    assert e.value.input == "sales_amount"
    assert isinstance(e.value, ValueError)
    with pytest.raises(hrrules.InputError, match="expected money, got `true`"):
        sales_plan.evaluate(dict(E004, base_salary=True))
    with pytest.raises(hrrules.InputError, match="not a finite decimal"):
        sales_plan.evaluate(dict(E004, base_salary=Decimal("NaN")))
    with pytest.raises(hrrules.InputError, match="28 significant digits"):
        sales_plan.evaluate(dict(E004, base_salary=Decimal("0.12345678901234567890123456789012")))


def test_an_unknown_input_names_the_nearest(sales_plan):
    with pytest.raises(hrrules.InputError) as e:
        sales_plan.evaluate(dict(E004, sales_amout=Decimal("1")))
    assert "did you mean `sales_amount`?" in str(e.value)
    # Rows that carry other fields say so.
    figures = sales_plan.evaluate(dict(E004, name="王芳", region="华东"), unknown="ignore")
    assert figures["gross_pay"] == Decimal("48827.80")
    with pytest.raises(ValueError, match="unknown="):
        sales_plan.evaluate(E004, unknown="skip")


def test_none_and_blank_leave_an_input_missing(sales_plan):
    for missing in (None, "", "  "):
        with pytest.raises(hrrules.EvaluationError) as e:
            sales_plan.evaluate(dict(E004, sales_target=missing))
        assert e.value.kind == "missing_input"
        assert "missing input `sales_target`" in e.value.message


def test_dates_bools_text_and_integers(types_plan):
    figures = types_plan.evaluate(
        {
            "hire_date": datetime.date(2023, 9, 11),
            "grade": "S",
            "remote": True,
            "base_salary": Decimal("9000.00"),
            "headcount": 3,
        },
        all=True,
    )
    assert figures["hire_date"] == datetime.date(2023, 9, 11)
    assert type(figures["hire_date"]) is datetime.date
    assert figures["period.end"] == datetime.date(2023, 9, 30)
    assert figures["days"] == Decimal("20")
    assert figures["senior"] is True
    assert figures["remote"] is True
    assert figures["grade"] == "S"
    assert figures["headcount"] == Decimal("3")
    # 9000.00 * 20 / 30 + 200
    assert figures["pay"] == Decimal("6200.00")
    # The same from text, as a data file holds it.
    as_text = types_plan.evaluate(
        {"hire_date": "2023-09-11", "grade": "S", "remote": "true", "base_salary": "9000"},
        all=True,
    )
    assert as_text["pay"] == figures["pay"]
    assert as_text["headcount"] == Decimal("1")  # its default


def test_a_datetime_is_not_a_date(types_plan):
    with pytest.raises(TypeError, match="datetime.date"):
        types_plan.evaluate({"hire_date": datetime.datetime(2023, 9, 11, 8, 0)})


def test_any_mapping_is_a_row(sales_plan):
    class Row:
        def __init__(self, d):
            self.d = d

        def items(self):
            return self.d.items()

    assert sales_plan.evaluate(Row(E004)) == sales_plan.evaluate(E004)
