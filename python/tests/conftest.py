"""Shared fixtures: the repository's rule files and example data, and the `hrrules` command
line the Python results are compared with."""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path
from typing import Any, Dict, List

import pytest

import hrrules

ROOT = Path(__file__).resolve().parents[2]
SALES = "rules/sales_2023h2.toml"
SALES_2022 = "rules/sales_2022.toml"
# The README's Quick start: ERP, CRM and HR exports of September 2023.
DATA = [
    "examples/data/sales_2023-09.csv",
    "examples/data/crm_2023-09.json",
    "examples/data/hr_2023-09.csv",
]
SCORES = "examples/data/scores_2023-09.csv"


# Every test runs in the repository's root, so that file names read as the CLI shows them.
os.chdir(ROOT)


def cli_path() -> str:
    """The `hrrules` binary: $HRRULES_BIN (set by .ci/run), else a built one in target/."""
    given = os.environ.get("HRRULES_BIN")
    if given:
        return given
    for profile in ("debug", "release"):
        built = ROOT / "target" / profile / "hrrules"
        if built.is_file():
            return str(built)
    found = shutil.which("hrrules")
    if found:
        return found
    if os.environ.get("CI"):
        pytest.fail("no hrrules binary: set HRRULES_BIN (cargo build first)")
    pytest.skip("no hrrules binary: set HRRULES_BIN or run cargo build")


@pytest.fixture(scope="session")
def cli():
    """Runs the `hrrules` command line in the repository's root and parses its JSON output
    (numbers as Decimal: the CLI writes decimals as strings anyway)."""

    def run(*args: str, ok_codes=(0,), lines: bool = False, raw: bool = False) -> Any:
        done = subprocess.run(
            [cli_path(), *args], cwd=ROOT, capture_output=True, text=True, check=False,
            encoding="utf-8",
        )
        assert done.returncode in ok_codes, done.stderr
        if raw:
            return done.stdout
        parse = lambda text: json.loads(text, parse_float=Decimal, parse_int=Decimal)
        if lines:
            return [parse(line) for line in done.stdout.splitlines()]
        return parse(done.stdout)

    return run


@pytest.fixture(scope="session")
def sales_policy() -> hrrules.Policy:
    return hrrules.Policy.load(SALES)


@pytest.fixture(scope="session")
def sales_plan(sales_policy: hrrules.Policy) -> hrrules.Plan:
    return sales_policy.plan("2023-09")


def plain(value: Any) -> Any:
    """A result as the CLI's JSON writes it: every Decimal as its exact text (`6000.00`),
    dates as `YYYY-MM-DD`; dicts, lists and tuples through."""
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, int):
        return format(Decimal(value), "f")
    raise AssertionError(f"unexpected {type(value).__name__} in a result: {value!r}")


def numbers_are_decimals(value: Any) -> None:
    """No float anywhere in a result."""
    assert not isinstance(value, float), value
    if isinstance(value, dict):
        for v in value.values():
            numbers_are_decimals(v)
    elif isinstance(value, (list, tuple)):
        for v in value:
            numbers_are_decimals(v)


def read_rows(*files: str) -> List[Dict[str, Any]]:
    """The example exports read with Python's own csv and json modules and joined on
    employee_id, as a payroll script would: CSV cells stay text, JSON numbers are Decimals."""
    joined: Dict[str, Dict[str, Any]] = {}
    for name in files:
        path = ROOT / name
        if name.endswith(".json"):
            with open(path, encoding="utf-8") as f:
                rows = json.load(f, parse_float=Decimal)
        else:
            with open(path, newline="", encoding="utf-8") as f:
                rows = list(csv.DictReader(f))
        for row in rows:
            joined.setdefault(row["employee_id"], {}).update(row)
    return list(joined.values())
