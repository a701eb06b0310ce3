//! `history=`: the earlier months `ytd`, `ytd_before`, `prev` and `ytd_months` read, for
//! `evaluate`, `evaluate_many`, `explain` and `diff` as for `evaluate_files`. Either files
//! (JSON lines, or folders of them, as `hrrules eval --format jsonl` writes them) or the same
//! lines as dicts: `{"employee_id": "P007", "period": "2023-08", "values": {...}}`, or with
//! `"error"` for a month that failed. A payroll product keeps last month's results in its
//! own database and hands them back here.

use super::convert::{date_type, decimal_type, key_text};
use super::sources::PYTHON;
use super::{errors, sources};
use hrrules::batch::sources::Notice;
use hrrules::batch::DataSources;
use hrrules::history::{History, PastMonth};
use hrrules::{EmployeeError, EvalError, Inputs, Period};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyString};
use std::collections::HashMap;
use std::path::PathBuf;

/// The history `given` for `policy`'s month, lines naming their employee in the `key`
/// field (`one`: the lines of one employee, named `one` whatever their key field says).
/// `None` when the policy reads no earlier months. Without `given`, a policy that reads
/// earlier months starts everyone's year in this month, and says so (a `DataWarning`, as
/// `hrrules eval` notes it without `--history`).
pub fn history(
    py: Python<'_>,
    policy: &hrrules::Policy,
    period: Period,
    key: &str,
    given: Option<&Bound<'_, PyAny>>,
    one: Option<&str>,
) -> PyResult<Option<History>> {
    let given = given.filter(|g| !g.is_none());
    let (paths, lines) = match given {
        None => (Vec::new(), Vec::new()),
        Some(g) => split(g)?,
    };
    if one.is_some() && !paths.is_empty() {
        return Err(PyTypeError::new_err(
            "history: files hold every employee's months; say whose with employee=\"P007\"",
        ));
    }
    let mut sources = DataSources::new(key);
    sources.spelling = PYTHON;
    sources.history = paths;
    let needs = policy.lookbacks();
    if given.is_some() && sources.history.is_empty() && lines.is_empty() && !needs.is_empty() {
        // `history=[]`: no earlier months, said outright (January, or a new hire).
        return History::from_months([], &needs, period)
            .map(Some)
            .map_err(|e| errors::data_error_text(py, &e.to_string()));
    }
    if !lines.is_empty() {
        let months = (lines.iter())
            .map(|l| past_month(py, l, key, one))
            .collect::<PyResult<Vec<_>>>()?;
        let past = History::from_months(months, &needs, period)
            .map_err(|e| errors::data_error_text(py, &e.to_string()))?;
        if !needs.is_empty() {
            return Ok(Some(past));
        }
        // Said as for files: the policy reads no earlier months.
        sources.past = Some(std::sync::Arc::new(past));
    }
    let mut notices: Vec<Notice> = Vec::new();
    let read = py.detach(|| sources.history_for(policy, period, &mut notices));
    sources::warn(py, &notices)?;
    read.map_err(|e| sources::error(py, &e))
}

/// `sources` with the history `given` for `policy`'s month ([`history`]), read once: as
/// `DataSources::past`, and the files named too, so that an explanation says which files a
/// `ytd` summed.
pub fn attach(
    py: Python<'_>,
    sources: &mut DataSources,
    policy: &hrrules::Policy,
    period: Period,
    given: Option<&Bound<'_, PyAny>>,
) -> PyResult<()> {
    let key = sources.key.clone();
    let Some(past) = history(py, policy, period, &key, given, None)? else {
        return Ok(());
    };
    if let Some(given) = given.filter(|g| !g.is_none()) {
        sources.history = split(given)?.0;
    }
    sources.past = Some(std::sync::Arc::new(past));
    Ok(())
}

/// Files (`str` or path-like) or month lines (dicts), not both.
#[allow(clippy::type_complexity)]
fn split<'py>(given: &Bound<'py, PyAny>) -> PyResult<(Vec<PathBuf>, Vec<Bound<'py, PyDict>>)> {
    if is_path(given)? {
        return Ok((vec![given.extract()?], Vec::new()));
    }
    let (mut paths, mut lines) = (Vec::new(), Vec::new());
    let items = given.try_iter().map_err(|_| {
        PyTypeError::new_err(
            "history: give files (paths), or the months as dicts {employee_id, period, values}",
        )
    })?;
    for item in items {
        let item = item?;
        if let Ok(line) = item.cast::<PyDict>() {
            lines.push(line.clone());
        } else if is_path(&item)? {
            paths.push(item.extract()?);
        } else {
            return Err(PyTypeError::new_err(format!(
                "history: a {} is neither a file nor a month (a dict)",
                item.get_type().name()?
            )));
        }
    }
    if !paths.is_empty() && !lines.is_empty() {
        return Err(PyTypeError::new_err(
            "history: give files or months as dicts, not both",
        ));
    }
    Ok((paths, lines))
}

fn is_path(value: &Bound<'_, PyAny>) -> PyResult<bool> {
    Ok(value.is_instance_of::<PyString>() || value.hasattr("__fspath__")?)
}

/// One month line: its employee (the `key` field, or `one`), `period` and `values` (or
/// `error`).
fn past_month(
    py: Python<'_>,
    line: &Bound<'_, PyDict>,
    key: &str,
    one: Option<&str>,
) -> PyResult<PastMonth> {
    let field = |name: &str| line.get_item(name);
    let employee = match one {
        Some(one) => one.to_string(),
        None => field(key)?
            .map(|k| key_text(&k))
            .transpose()?
            .flatten()
            .ok_or_else(|| {
                PyTypeError::new_err(format!("history: a month without its `{key}`: {line}"))
            })?,
    };
    let period: String = match field("period")? {
        Some(p) => p.extract()?,
        None => {
            return Err(PyTypeError::new_err(format!(
                "history: a month without its `period`: {line}"
            )))
        }
    };
    let period: Period = super::period(&period)?;
    let values = match (field("values")?, field("error")?) {
        (_, Some(error)) if !error.is_none() => Err(error.str()?.to_cow()?.into_owned()),
        (Some(values), _) => {
            let values = values.cast::<PyDict>().map_err(|_| {
                PyTypeError::new_err("history: a month's `values` must be a dict of name to value")
            })?;
            let mut texts = HashMap::new();
            for (name, value) in values.iter() {
                let name: String = name.extract()?;
                if let Some(text) = value_text(py, &name, &value)? {
                    texts.insert(name, text);
                }
            }
            Ok(texts)
        }
        _ => {
            return Err(PyTypeError::new_err(format!(
                "history: a month with neither `values` nor `error`: {line}"
            )))
        }
    };
    Ok(PastMonth {
        employee,
        period,
        values,
        at: None,
    })
}

/// A figure of a month as the history's text: a `Decimal` or `int` as its exact digits, a
/// `bool` as `true`/`false`, a date as `YYYY-MM-DD`, text as it is; `None` for `None`. A
/// `float` is a `TypeError`, as it is for an input.
fn value_text(py: Python<'_>, name: &str, value: &Bound<'_, PyAny>) -> PyResult<Option<String>> {
    if value.is_none() {
        return Ok(None);
    }
    if let Ok(s) = value.cast::<PyString>() {
        return Ok(Some(s.to_cow()?.into_owned()));
    }
    if let Ok(b) = value.cast::<PyBool>() {
        return Ok(Some(b.is_true().to_string()));
    }
    if value.is_instance_of::<PyInt>() {
        return Ok(Some(value.str()?.to_cow()?.into_owned()));
    }
    if value.is_instance(decimal_type(py)?)? {
        return Ok(Some(value.call_method1("__format__", ("f",))?.extract()?));
    }
    if value.is_instance(date_type(py)?)? {
        return Ok(Some(value.call_method0("isoformat")?.extract()?));
    }
    let what = if value.is_instance_of::<PyFloat>() {
        "a float cannot hold money exactly; give a decimal.Decimal or a str".to_string()
    } else {
        format!("a {} cannot be a figure", value.get_type().name()?)
    };
    Err(PyTypeError::new_err(format!(
        "history: `{name}` = {}: {what}",
        value.repr()?
    )))
}

/// `inputs` with `employee`'s earlier months filled in (as given when there is no history).
pub fn fill(
    history: Option<&History>,
    employee: &str,
    inputs: Result<Inputs, EvalError>,
) -> Result<Inputs, EmployeeError> {
    let mut inputs = inputs?;
    if let Some(h) = history {
        h.fill(employee, &mut inputs)?;
    }
    Ok(inputs)
}
