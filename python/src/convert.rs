//! Values between Python and hrrules: `decimal.Decimal` for every number (through its text,
//! never a float), `bool`, `str`, `datetime.date`; an employee's inputs from a mapping.

use hrrules::{Date, EvalError, Inputs, Policy, Value};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyString, PyType};
use rust_decimal::Decimal;
use std::sync::Arc;

static DECIMAL: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static DATE: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static DATETIME: PyOnceLock<Py<PyType>> = PyOnceLock::new();

/// `decimal.Decimal`.
pub fn decimal_type(py: Python<'_>) -> PyResult<&Bound<'_, PyType>> {
    DECIMAL.import(py, "decimal", "Decimal")
}

pub fn date_type(py: Python<'_>) -> PyResult<&Bound<'_, PyType>> {
    DATE.import(py, "datetime", "date")
}

fn datetime_type(py: Python<'_>) -> PyResult<&Bound<'_, PyType>> {
    DATETIME.import(py, "datetime", "datetime")
}

/// A decimal as `decimal.Decimal`, from its exact text (`6000.00` keeps its two places).
pub fn decimal_to_py(py: Python<'_>, d: Decimal) -> PyResult<Bound<'_, PyAny>> {
    decimal_type(py)?.call1((d.to_string(),))
}

/// Text that is a decimal as hrrules writes one, as `decimal.Decimal`.
pub fn decimal_text_to_py<'py>(py: Python<'py>, text: &str) -> PyResult<Bound<'py, PyAny>> {
    decimal_type(py)?.call1((text,))
}

/// A date as `datetime.date`.
pub fn date_to_py(py: Python<'_>, d: Date) -> PyResult<Bound<'_, PyAny>> {
    let (y, m, day) = d.ymd();
    date_type(py)?.call1((y, m, day))
}

/// A value as Python holds it: `Decimal`, `bool`, `datetime.date` or `str`.
pub fn value_to_py<'py>(py: Python<'py>, v: &Value) -> PyResult<Bound<'py, PyAny>> {
    match v {
        Value::Number(d) => decimal_to_py(py, *d),
        Value::Bool(b) => Ok(PyBool::new(py, *b).to_owned().into_any()),
        Value::Date(d) => date_to_py(py, *d),
        Value::Text(t) => Ok(PyString::new(py, t).into_any()),
    }
}

/// A value that may be missing (a missing input): `None` then.
pub fn opt_value_to_py<'py>(py: Python<'py>, v: Option<&Value>) -> PyResult<Bound<'py, PyAny>> {
    match v {
        Some(v) => value_to_py(py, v),
        None => Ok(py.None().into_bound(py)),
    }
}

/// What to do with a field of a row that names no input of the policy.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unknown {
    /// The employee's error, naming the nearest input (a misspelt `sales_amout`).
    Error,
    /// Skipped: rows that carry a name or a region beside the inputs.
    Ignore,
}

impl Unknown {
    pub fn parse(text: &str) -> PyResult<Unknown> {
        match text {
            "error" => Ok(Unknown::Error),
            "ignore" => Ok(Unknown::Ignore),
            other => Err(pyo3::exceptions::PyValueError::new_err(format!(
                "unknown={other:?}: expected \"error\" or \"ignore\""
            ))),
        }
    }
}

/// One row read for a policy: its key (when it has the key field) and its inputs, or the
/// error that makes them unusable (an unknown input, a value of the wrong type).
pub struct RowInputs {
    pub key: Option<String>,
    pub inputs: Result<Inputs, EvalError>,
}

/// How a row is read: the key field, what to do with unknown fields, and names known to
/// another policy (the other side of a diff), which are skipped rather than refused.
pub struct RowReading<'a> {
    pub key: Option<&'a str>,
    pub unknown: Unknown,
    pub also_known: Option<&'a Policy>,
}

/// Reads a row (a `dict` or any mapping) into `policy`'s inputs. A float, or a value of a
/// type hrrules has no use for, raises `TypeError` at once: that is a bug of the calling
/// program, not a fact about one employee. Text is read as a data cell is (`"85%"`,
/// `"250,000.00"`); a blank text or `None` leaves the input missing.
pub fn read_row(
    policy: &Policy,
    row: &Bound<'_, PyAny>,
    reading: &RowReading<'_>,
) -> PyResult<RowInputs> {
    let py = row.py();
    let mut inputs = policy.inputs();
    let mut key = None;
    let mut error: Option<EvalError> = None;
    let mut field = |name: &Bound<'_, PyAny>, value: &Bound<'_, PyAny>| -> PyResult<()> {
        let name: String = match name.cast::<PyString>() {
            Ok(s) => s.to_cow()?.into_owned(),
            Err(_) => {
                return Err(PyTypeError::new_err(format!(
                    "a row's field names must be str, not {}",
                    name.get_type().name()?
                )))
            }
        };
        let schema = policy.input_schema();
        if reading.key == Some(name.as_str()) {
            key = key_text(value)?;
            if schema.position(&name).is_none() {
                return Ok(());
            }
        }
        if schema.position(&name).is_none() {
            let elsewhere = reading
                .also_known
                .is_some_and(|p| p.input_schema().position(&name).is_some());
            if reading.unknown == Unknown::Ignore || elsewhere {
                return Ok(());
            }
        }
        let set = set_value(py, &mut inputs, &name, value)?;
        if let (Err(e), None) = (set, &error) {
            error = Some(e);
        }
        Ok(())
    };
    if let Ok(dict) = row.cast::<PyDict>() {
        for (name, value) in dict.iter() {
            field(&name, &value)?;
        }
    } else if row.hasattr("items")? {
        for item in row.call_method0("items")?.try_iter()? {
            let (name, value): (Bound<'_, PyAny>, Bound<'_, PyAny>) = item?.extract()?;
            field(&name, &value)?;
        }
    } else {
        return Err(PyTypeError::new_err(format!(
            "an employee's inputs are a dict (or another mapping) of input names to values, not {}",
            row.get_type().name()?
        )));
    }
    Ok(RowInputs {
        key,
        inputs: match error {
            Some(e) => Err(e),
            None => Ok(inputs),
        },
    })
}

/// The key field's value as text (`"E004"`, or `17` as `"17"`); `None` for `None`.
pub fn key_text(value: &Bound<'_, PyAny>) -> PyResult<Option<String>> {
    if value.is_none() {
        return Ok(None);
    }
    if let Ok(s) = value.cast::<PyString>() {
        return Ok(Some(s.to_cow()?.into_owned()));
    }
    if value.is_instance_of::<PyInt>() && !value.is_instance_of::<PyBool>() {
        return Ok(Some(value.str()?.to_cow()?.into_owned()));
    }
    Err(PyTypeError::new_err(format!(
        "the key field must be a str or an int, not {}",
        value.get_type().name()?
    )))
}

/// Sets one input from a Python value. The outer `PyResult` is a `TypeError` for a value no
/// input can take; the inner one is the policy's refusal (no such input, wrong type, text
/// that is not a number).
fn set_value(
    py: Python<'_>,
    inputs: &mut Inputs,
    name: &str,
    value: &Bound<'_, PyAny>,
) -> PyResult<Result<(), EvalError>> {
    let done = |r: Result<&mut Inputs, EvalError>| Ok(r.map(drop));
    if value.is_none() {
        return done(inputs.set_text(name, ""));
    }
    if let Ok(s) = value.cast::<PyString>() {
        return done(inputs.set_text(name, &s.to_cow()?));
    }
    if let Ok(b) = value.cast::<PyBool>() {
        return done(inputs.set(name, Value::Bool(b.is_true())));
    }
    if value.is_instance_of::<PyInt>() {
        let text = value.str()?.to_cow()?.into_owned();
        return done(match Decimal::from_str_exact(&text) {
            Ok(d) => inputs.set(name, Value::Number(d)),
            Err(_) => Err(invalid(
                name,
                format!("{text} is beyond what an exact decimal holds (28 digits)"),
            )),
        });
    }
    if value.is_instance_of::<PyFloat>() {
        return Err(PyTypeError::new_err(format!(
            "input `{name}`: {} is a float, and a float cannot hold money exactly; \
             give a decimal.Decimal or a str (Decimal(\"{}\") or \"{}\")",
            value.repr()?,
            value.str()?,
            value.str()?
        )));
    }
    if value.is_instance(decimal_type(py)?)? {
        // `f` writes the exact digits without an exponent (`1E+3` as `1000`).
        let text: String = value.call_method1("__format__", ("f",))?.extract()?;
        return done(match Decimal::from_str_exact(&text) {
            Ok(d) => inputs.set(name, Value::Number(d)),
            Err(_) => Err(invalid(
                name,
                format!(
                    "Decimal({}) is not a finite decimal of at most 28 significant digits",
                    value.str()?
                ),
            )),
        });
    }
    if value.is_instance(datetime_type(py)?)? {
        return Err(PyTypeError::new_err(format!(
            "input `{name}`: give a datetime.date, not a datetime.datetime ({})",
            value.repr()?
        )));
    }
    if value.is_instance(date_type(py)?)? {
        let (y, m, d): (i32, u32, u32) = (
            value.getattr("year")?.extract()?,
            value.getattr("month")?.extract()?,
            value.getattr("day")?.extract()?,
        );
        return done(match Date::from_ymd(y, m, d) {
            Some(date) => inputs.set(name, Value::Date(date)),
            None => Err(invalid(
                name,
                format!("{y:04}-{m:02}-{d:02} is not a date hrrules can hold"),
            )),
        });
    }
    Err(PyTypeError::new_err(format!(
        "input `{name}`: a value of type {} cannot be an input; give a decimal.Decimal, int, \
         str, bool or datetime.date",
        value.get_type().name()?
    )))
}

fn invalid(name: &str, message: String) -> EvalError {
    EvalError::InvalidInput {
        input: Arc::from(name),
        message,
    }
}
