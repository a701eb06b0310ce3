"""Type stubs of the native module ``hrrules._hrrules``."""

import datetime
import os
from decimal import Decimal
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Union, final

from ._types import EmployeeResult, LocatedError

__all__ = ["Policy", "Plan", "check", "check_source", "diff", "diff_files", "__version__"]
__version__: str

#: What an input takes. ``str`` is read as a data cell is (``"85%"``, ``"250,000.00"``);
#: ``None`` or blank text leaves the input missing. A ``float`` is refused with ``TypeError``.
_InputValue = Union[Decimal, int, str, bool, datetime.date, None]
#: What a figure is: every number a ``Decimal``; ``None`` for a missing input.
_FigureValue = Union[Decimal, str, bool, datetime.date, None]
_Path = Union[str, "os.PathLike[str]"]
#: Earlier months: files (JSON lines or folders of them, as ``hrrules eval --format jsonl``
#: writes them), or the same lines as dicts ``{"employee_id", "period", "values"}``.
_History = Union[_Path, Sequence[_Path], Sequence[Mapping[str, Any]], None]

@final
class Policy:
    """A checked policy: rule files that passed every check."""

    @staticmethod
    def load(path: _Path, *, include_roots: Sequence[_Path] = ...) -> "Policy":
        """Loads and checks a rule file and its includes; raises ``RuleError``."""
    @staticmethod
    def from_source(text: str, name: str = "<string>") -> "Policy":
        """Checks rule-file text (``name`` is used in messages); raises ``RuleError``."""
    @property
    def name(self) -> str: ...
    @property
    def effective(self) -> Optional[datetime.date]: ...
    @property
    def currency(self) -> str: ...
    @property
    def default_period(self) -> Optional[str]: ...
    @property
    def inputs(self) -> Dict[str, str]:
        """The inputs read from data, ``{name: type}`` in declaration order."""
    @property
    def outputs(self) -> List[str]: ...
    @property
    def files(self) -> List[str]: ...
    def plan(self, period: Optional[str] = None) -> "Plan":
        """Compiles the policy for ``"YYYY-MM"``; raises ``PlanError``."""
    def check(self) -> List[LocatedError]:
        """The params computed for the default month and the failing ``[[tests]]``."""
    def run_tests(self) -> List[Dict[str, Any]]: ...
    def with_params(self, params: Mapping[str, str]) -> "Policy": ...

@final
class Plan:
    """A policy compiled for one pay period."""

    @property
    def period(self) -> str: ...
    @property
    def outputs(self) -> List[str]: ...
    @property
    def policy(self) -> Policy: ...
    def evaluate(
        self,
        inputs: Mapping[str, _InputValue],
        *,
        all: bool = False,
        unknown: str = "error",
        history: _History = None,
        employee: Optional[str] = None,
    ) -> Dict[str, _FigureValue]:
        """One employee's figures; raises ``InputError`` or ``EvaluationError``. ``history``:
        the employee's earlier months (dicts ``{"period", "values"}``), or files with
        ``employee``."""
    def evaluate_many(
        self,
        rows: Iterable[Mapping[str, _InputValue]],
        *,
        key: str = "employee_id",
        all: bool = False,
        unknown: str = "error",
        history: _History = None,
    ) -> List[EmployeeResult]:
        """Every row's figures or error, in order; the interpreter is released meanwhile."""
    def evaluate_files(
        self,
        data: Sequence[_Path],
        *,
        key: str = "employee_id",
        all: bool = False,
        records: Sequence[_Path] = ...,
        history: _History = None,
        mapping: Sequence[_Path] = ...,
        encoding: Union[str, Mapping[_Path, str], None] = None,
    ) -> List[EmployeeResult]:
        """Every employee of data files joined on ``key``, as ``hrrules eval`` reads them, with
        attendance ``records``, the ``history`` of earlier months, ``mapping`` files and the
        CSV files' ``encoding``; notes come as ``DataWarning``."""
    def explain_files(
        self,
        data: Sequence[_Path],
        employee: str,
        names: Optional[Sequence[str]] = None,
        *,
        key: str = "employee_id",
        records: Sequence[_Path] = ...,
        history: _History = None,
        mapping: Sequence[_Path] = ...,
        encoding: Union[str, Mapping[_Path, str], None] = None,
    ) -> Dict[str, Any]:
        """One employee of data files explained, as ``hrrules explain --format json``."""
    def explain_files_text(
        self,
        data: Sequence[_Path],
        employee: str,
        names: Optional[Sequence[str]] = None,
        *,
        key: str = "employee_id",
        records: Sequence[_Path] = ...,
        history: _History = None,
        mapping: Sequence[_Path] = ...,
        encoding: Union[str, Mapping[_Path, str], None] = None,
    ) -> str: ...
    def explain(
        self,
        inputs: Mapping[str, _InputValue],
        names: Optional[Sequence[str]] = None,
        *,
        unknown: str = "error",
        history: _History = None,
        employee: Optional[str] = None,
    ) -> Dict[str, Any]: ...
    def explain_text(
        self,
        inputs: Mapping[str, _InputValue],
        names: Optional[Sequence[str]] = None,
        *,
        unknown: str = "error",
        history: _History = None,
        employee: Optional[str] = None,
    ) -> str: ...

def check(path: _Path, *, include_roots: Sequence[_Path] = ...) -> List[LocatedError]:
    """Every problem ``hrrules check`` finds in a rule file (empty when none), not raised."""

def check_source(text: str, name: str = "<string>") -> List[LocatedError]: ...
def diff(
    old: Plan,
    new: Plan,
    rows: Iterable[Mapping[str, _InputValue]],
    *,
    key: str = "employee_id",
    names: Sequence[str] = ...,
    by: Optional[str] = None,
    unknown: str = "error",
    history: _History = None,
) -> Dict[str, Any]:
    """What a policy change does to each employee, as ``hrrules diff --format json``."""

def diff_files(
    old: Plan,
    new: Plan,
    data: Sequence[_Path],
    *,
    key: str = "employee_id",
    names: Sequence[str] = ...,
    by: Optional[str] = None,
    records: Sequence[_Path] = ...,
    old_records: Optional[Sequence[_Path]] = None,
    history: _History = None,
    mapping: Sequence[_Path] = ...,
    encoding: Union[str, Mapping[_Path, str], None] = None,
) -> Dict[str, Any]: ...
