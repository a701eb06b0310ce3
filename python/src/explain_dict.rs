//! An explanation as a dict, shaped as `hrrules explain --format json` writes it, with every
//! decimal a `decimal.Decimal`, every value as [`value_to_py`] gives it and dates as
//! `datetime.date`.

use crate::convert::{date_to_py, decimal_text_to_py, opt_value_to_py, value_to_py};
use hrrules::eval::{Derivation, Explanation};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString, PyTuple};

/// `{"period": "2023-09", "figures": [...], "error": None or "message"}`.
pub fn explanation<'py>(py: Python<'py>, why: &Explanation) -> PyResult<Bound<'py, PyDict>> {
    let out = PyDict::new(py);
    out.set_item("period", &why.period)?;
    let figures = why
        .figures
        .iter()
        .map(|d| derivation(py, d))
        .collect::<PyResult<Vec<_>>>()?;
    out.set_item("figures", PyList::new(py, figures)?)?;
    out.set_item("error", why.error.as_ref().map(ToString::to_string))?;
    Ok(out)
}

/// One employee of data files explained: `{"employee_id", "row", "period", "figures",
/// "error"}` and, where there are any, `"attendance"` and `"population"`, as `hrrules explain
/// --format json` writes them. The figures are typed as [`explanation`] types them; the
/// attendance month and the population figures are the command line's JSON (their numbers
/// as exact text).
pub fn explained<'py>(
    py: Python<'py>,
    e: &hrrules::batch::Explained,
    policy: &hrrules::Policy,
) -> PyResult<Bound<'py, PyDict>> {
    let out = pythonize::pythonize(py, &e.json(policy))?.cast_into::<PyDict>()?;
    let figures = (e.why.figures.iter())
        .map(|d| derivation(py, d))
        .collect::<PyResult<Vec<_>>>()?;
    out.set_item("figures", PyList::new(py, figures)?)?;
    Ok(out)
}

/// One derivation: serialized as the library serializes it (the same fields, in the same
/// order, the same ones left out), then the values typed: `value` and a decision table's
/// tested values as values, `from` as a date, the decimals of the work (tier, curve, metric,
/// total, grade, rounding) as `Decimal`s.
fn derivation<'py>(py: Python<'py>, d: &Derivation) -> PyResult<Bound<'py, PyDict>> {
    let serialized = pythonize::pythonize(py, d)?;
    let dict = serialized.cast_into::<PyDict>()?;
    type_fields(py, &dict, d)?;
    Ok(dict)
}

fn type_fields<'py>(py: Python<'py>, dict: &Bound<'py, PyDict>, d: &Derivation) -> PyResult<()> {
    dict.set_item("value", opt_value_to_py(py, d.value.as_ref())?)?;
    if let Some(from) = d.from {
        dict.set_item("from", date_to_py(py, from)?)?;
    }
    for work in ["tier", "curve", "metric", "total", "grade", "rounding"] {
        if let Some(v) = dict.get_item(work)? {
            dict.set_item(work, decimals(py, &v, None)?)?;
        }
    }
    if let (Some(row), Some(work)) = (dict.get_item("row")?, &d.row) {
        if let Ok(tested) = row.get_item("tested") {
            let tested = tested.cast_into::<PyList>()?;
            for (i, t) in work.tested.iter().enumerate() {
                tested
                    .get_item(i)?
                    .set_item("value", value_to_py(py, &t.value)?)?;
            }
        }
    }
    if let Some(uses) = dict.get_item("uses")? {
        let uses = uses.cast_into::<PyList>()?;
        for (i, child) in d.uses.iter().enumerate() {
            let item = uses.get_item(i)?.cast_into::<PyDict>()?;
            type_fields(py, &item, child)?;
        }
    }
    Ok(())
}

/// The text fields of a piece of work: a tier's and a rounding's `mode`, a grade's `grade`.
/// Every other text in the work is a decimal.
const TEXT_FIELDS: [&str; 2] = ["mode", "grade"];

/// `v` with each text leaf a `Decimal`, but for the [`TEXT_FIELDS`] of a dict.
fn decimals<'py>(
    py: Python<'py>,
    v: &Bound<'py, PyAny>,
    field: Option<&str>,
) -> PyResult<Bound<'py, PyAny>> {
    if let Ok(s) = v.cast::<PyString>() {
        if field.is_some_and(|f| TEXT_FIELDS.contains(&f)) {
            return Ok(v.clone());
        }
        return decimal_text_to_py(py, &s.to_cow()?);
    }
    if let Ok(dict) = v.cast::<PyDict>() {
        let out = PyDict::new(py);
        for (k, item) in dict.iter() {
            let name = k.cast::<PyString>()?.to_cow()?.into_owned();
            out.set_item(&k, decimals(py, &item, Some(&name))?)?;
        }
        return Ok(out.into_any());
    }
    if let Ok(list) = v.cast::<PyList>() {
        let items = (list.iter())
            .map(|item| decimals(py, &item, None))
            .collect::<PyResult<Vec<_>>>()?;
        return Ok(PyList::new(py, items)?.into_any());
    }
    if let Ok(tuple) = v.cast::<PyTuple>() {
        let items = (tuple.iter())
            .map(|item| decimals(py, &item, None))
            .collect::<PyResult<Vec<_>>>()?;
        return Ok(PyTuple::new(py, items)?.into_any());
    }
    Ok(v.clone())
}
