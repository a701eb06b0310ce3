"""hrrules: HR policy as code, with exact decimals.

A department's policy (KPI weights, commission tiers, payroll rules) is a TOML rule file with
formulas. ``Policy.load`` checks it once; ``policy.plan("2023-09")`` compiles it for a month;
``plan.evaluate({...})`` computes one employee and ``plan.evaluate_many(rows)`` a batch. Every
number goes in and comes out as ``decimal.Decimal`` (a ``float`` is refused).

>>> from decimal import Decimal
>>> import hrrules
>>> plan = hrrules.Policy.load("rules/sales_2023h2.toml").plan("2023-09")
>>> plan.evaluate({"base_salary": Decimal("15000"), "sales_target": Decimal("500000"),
...                "sales_amount": Decimal("615230.00"), "satisfaction": Decimal("9.4"),
...                "compliance": "96%", "teamwork": 88})["gross_pay"]
Decimal('48827.80')
"""

from ._hrrules import Plan, Policy, __version__, check, check_source, diff, diff_files
from ._types import (
    DataError,
    DataWarning,
    EmployeeResult,
    EvaluationError,
    HrrulesError,
    InputError,
    LocatedError,
    Note,
    PlanError,
    RuleError,
)

__all__ = [
    "DataError",
    "DataWarning",
    "EmployeeResult",
    "EvaluationError",
    "HrrulesError",
    "InputError",
    "LocatedError",
    "Note",
    "Plan",
    "PlanError",
    "Policy",
    "RuleError",
    "__version__",
    "check",
    "check_source",
    "diff",
    "diff_files",
]
