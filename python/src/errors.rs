//! hrrules' errors as the Python exceptions of `hrrules._types`: located rule-file errors
//! (`RuleError`, `PlanError` with `LocatedError`s), an employee's `EvaluationError` (or
//! `InputError`), a data file's `DataError`.

use hrrules::error::{Diagnostic, Report, Sources};
use hrrules::{EmployeeError, EvalError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyTuple};

/// A class of `hrrules._types`.
pub fn class<'py>(py: Python<'py>, name: &str) -> PyResult<Bound<'py, PyAny>> {
    py.import("hrrules._types")?.getattr(name)
}

/// One diagnostic as a `LocatedError`.
pub fn located<'py>(
    py: Python<'py>,
    d: &Diagnostic,
    sources: &Sources,
) -> PyResult<Bound<'py, PyAny>> {
    let kwargs = PyDict::new(py);
    match d.span {
        Some(span) => {
            let at = sources.locate(span);
            kwargs.set_item("file", at.file)?;
            kwargs.set_item("line", at.line)?;
            kwargs.set_item("column", at.col)?;
        }
        None => {
            kwargs.set_item("file", py.None())?;
            kwargs.set_item("line", py.None())?;
            kwargs.set_item("column", py.None())?;
        }
    }
    kwargs.set_item("message", &d.message)?;
    kwargs.set_item("rendered", d.render(sources))?;
    kwargs.set_item("suggestion", d.help.as_deref())?;
    let note = class(py, "Note")?;
    let notes = d
        .notes
        .iter()
        .map(|(span, text)| {
            let at = sources.locate(*span);
            note.call1((at.file, at.line, at.col, text))
        })
        .collect::<PyResult<Vec<_>>>()?;
    kwargs.set_item("notes", PyTuple::new(py, notes)?)?;
    class(py, "LocatedError")?.call((), Some(&kwargs))
}

/// Every diagnostic of a report, as `LocatedError`s.
pub fn located_all<'py>(py: Python<'py>, report: &Report) -> PyResult<Vec<Bound<'py, PyAny>>> {
    report
        .diagnostics
        .iter()
        .map(|d| located(py, d, &report.sources))
        .collect()
}

/// The exception for an error that stops hrrules before any employee is evaluated.
pub fn error(py: Python<'_>, e: hrrules::Error) -> PyErr {
    match raise(py, e) {
        Ok(err) | Err(err) => err,
    }
}

fn raise(py: Python<'_>, e: hrrules::Error) -> PyResult<PyErr> {
    let exception = match e {
        hrrules::Error::Rules(report) => {
            let errors = located_all(py, &report)?;
            class(py, "RuleError")?.call1((report.to_string(), errors))?
        }
        hrrules::Error::Plan { report, .. } => {
            let errors = located_all(py, &report)?;
            class(py, "PlanError")?.call1((report.to_string(), errors))?
        }
        hrrules::Error::Name(e) => eval_error(py, &e)?,
        hrrules::Error::Data(e) => class(py, "DataError")?.call1((e.to_string(),))?,
    };
    Ok(PyErr::from_value(exception))
}

/// A data file's error, as `DataError`.
pub fn data_error(py: Python<'_>, e: &hrrules::data::DataError) -> PyErr {
    data_error_text(py, &e.to_string())
}

/// A `DataError` with this message: records or history that cannot be read.
pub fn data_error_text(py: Python<'_>, message: &str) -> PyErr {
    match class(py, "DataError").and_then(|c| c.call1((message,))) {
        Ok(exception) => PyErr::from_value(exception),
        Err(err) => err,
    }
}

/// An evaluation error as an `EvaluationError` (an `InputError` for a value the policy
/// refused), not raised: an employee of a batch carries it.
pub fn eval_error<'py>(py: Python<'py>, e: &EvalError) -> PyResult<Bound<'py, PyAny>> {
    let kwargs = PyDict::new(py);
    kwargs.set_item("kind", e.kind())?;
    if let Some(at) = e.at() {
        kwargs.set_item("file", &at.file)?;
        kwargs.set_item("line", at.line)?;
        kwargs.set_item("column", at.col)?;
    }
    let name = match e {
        EvalError::InvalidInput { input, .. } => {
            kwargs.set_item("input", &**input)?;
            "InputError"
        }
        _ => "EvaluationError",
    };
    class(py, name)?.call((e.to_string(),), Some(&kwargs))
}

/// An employee's error from a batch over data files, as an `EvaluationError`: the data cell
/// it is about in `cell`, the rule-file place in `file`, `line` and `column`.
pub fn employee_error<'py>(py: Python<'py>, e: &EmployeeError) -> PyResult<Bound<'py, PyAny>> {
    let simple = |kind: &str| -> PyResult<Bound<'py, PyAny>> {
        let kwargs = PyDict::new(py);
        kwargs.set_item("kind", kind)?;
        class(py, "EvaluationError")?.call((e.to_string(),), Some(&kwargs))
    };
    match e {
        EmployeeError::Eval(inner) => eval_error(py, inner),
        EmployeeError::Input { at, source } => {
            let exception = eval_error(py, source)?;
            // The message names the cell as well as the rule: `sales.csv:5: column ...: ...`.
            exception.setattr("message", e.to_string())?;
            exception.setattr("args", (e.to_string(),))?;
            exception.setattr("cell", (&*at.file, at.row, &*at.column))?;
            Ok(exception)
        }
        EmployeeError::Data(data) => {
            let exception = simple("data")?;
            // A cell that is not a value of its input's type: `"abc"` for money.
            if let hrrules::data::DataError::BadValue { at, .. } = data {
                exception.setattr("cell", (&*at.file, at.row, &*at.column))?;
            }
            Ok(exception)
        }
        EmployeeError::Records(_) => simple("records"),
        EmployeeError::History(_) => simple("history"),
        EmployeeError::Team(_) => simple("team"),
    }
}
