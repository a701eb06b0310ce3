"""The exceptions and result types of hrrules, made by the native module ``hrrules._hrrules``."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Tuple


@dataclass(frozen=True)
class Note:
    """A located remark attached to an error: the other half of a duplicate, a step of a cycle."""

    file: str
    line: int
    column: int
    message: str


@dataclass(frozen=True)
class LocatedError:
    """One problem in a rule file, as ``hrrules check`` reports it.

    ``rendered`` is the text the command line prints: ``file:line:col: message``, the line of the
    rule file with a caret under the place, then notes and help. ``suggestion`` is the help line
    (``did you mean `kpi`?``) when there is one. ``file``, ``line`` and ``column`` are ``None`` for
    a problem with no place (a file that cannot be read).
    """

    file: Optional[str]
    line: Optional[int]
    column: Optional[int]
    message: str
    rendered: str
    suggestion: Optional[str] = None
    notes: Tuple[Note, ...] = field(default=())

    def __str__(self) -> str:
        return self.rendered.rstrip("\n")


class HrrulesError(Exception):
    """The base of every error hrrules raises."""


class RuleError(HrrulesError):
    """The rule files are wrong. ``errors`` holds every problem found, each located.

    ``file``, ``line``, ``column`` and ``message`` are those of the first problem; ``str(e)``
    is the whole report as the command line prints it.
    """

    def __init__(self, rendered: str, errors: List[LocatedError]):
        super().__init__(rendered)
        self.rendered = rendered
        self.errors = list(errors)
        first = self.errors[0] if self.errors else None
        self.file = first.file if first else None
        self.line = first.line if first else None
        self.column = first.column if first else None
        self.message = first.message if first else rendered
        self.suggestion = first.suggestion if first else None


class PlanError(RuleError):
    """The rules cannot be applied to the period asked for: a param with no value for it, or a
    param formula that fails (``rate = "1 / 0"``)."""


class DataError(HrrulesError):
    """A data file cannot be read or joined (a bad row is reported with its employee instead)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class DataWarning(UserWarning):
    """What ``hrrules eval`` notes on stderr while reading data files: an input no column
    feeds, a mapping entry that maps nothing, a CSV file's encoding found from its bytes, no
    ``history=`` for a policy that reads earlier months (every employee then starts the year).
    Turn it into an error with ``warnings.simplefilter("error", hrrules.DataWarning)``.
    """


class EvaluationError(HrrulesError):
    """Why one employee's figures could not be computed.

    ``kind`` is a stable machine-readable name (``division_by_zero``, ``missing_input``,
    ``out_of_range``, ``invalid_input``, ``data``, ...); ``message`` is the error as the command
    line prints it; ``file``, ``line`` and ``column`` locate it in the rule file when it has a
    place; ``cell`` is ``(file, row, column)`` of the data cell when the error is about one;
    ``input`` names the input an ``invalid_input`` error is about.
    """

    def __init__(
        self,
        message: str,
        kind: str,
        file: Optional[str] = None,
        line: Optional[int] = None,
        column: Optional[int] = None,
        cell: Optional[Tuple[str, int, Optional[str]]] = None,
        input: Optional[str] = None,
    ):
        super().__init__(message)
        self.message = message
        self.kind = kind
        self.file = file
        self.line = line
        self.column = column
        self.cell = cell
        self.input = input

    @property
    def rendered(self) -> str:
        """The error as the command line prints it (the same as ``message``)."""
        return self.message


class InputError(EvaluationError, ValueError):
    """A value given for an input that the policy has no input for, or that does not fit the
    input's type (``"abc"`` for money). ``kind`` is ``invalid_input``."""


@dataclass(frozen=True)
class EmployeeResult:
    """One employee of a batch: the figures, or the error that stopped them.

    ``employee`` is the key (``employee_id``) when the row has one; ``row`` is the row's place,
    ``(file, row)`` for data files, ``("<rows>", index + 1)`` for rows given by Python.
    """

    employee: Optional[str]
    figures: Optional[Dict[str, Any]]
    error: Optional[EvaluationError]
    row: Optional[Tuple[str, int]] = None

    @property
    def ok(self) -> bool:
        """Whether the figures were computed."""
        return self.error is None

    def unwrap(self) -> Dict[str, Any]:
        """The figures, or raise the employee's error."""
        if self.error is not None:
            raise self.error
        assert self.figures is not None
        return self.figures


# Shown as `hrrules.RuleError` (where the package exports them), not `hrrules._types.RuleError`.
for _cls in (Note, LocatedError, HrrulesError, RuleError, PlanError, DataError, EvaluationError,
             InputError, EmployeeResult):
    _cls.__module__ = "hrrules"
del _cls
