//! A diff as a dict, shaped as `hrrules diff --format json` writes it: `employees` in input
//! order, `totals`, `only_old`, `only_new`, `by`, `winners`, `losers`; decimals as
//! `decimal.Decimal`.

use crate::convert::{decimal_to_py, opt_value_to_py};
use hrrules::diff::{Change, Diff, EmployeeDiff, Mover, Total};
use hrrules::Value;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};
use rust_decimal::Decimal;

/// The whole diff, the key column named `key`.
pub fn diff<'py>(py: Python<'py>, diff: &Diff, key: &str) -> PyResult<Bound<'py, PyDict>> {
    let out = PyDict::new(py);
    let employees = (diff.employees.iter())
        .map(|e| employee(py, e, key))
        .collect::<PyResult<Vec<_>>>()?;
    out.set_item("employees", PyList::new(py, employees)?)?;
    let totals = PyDict::new(py);
    for t in &diff.totals {
        totals.set_item(&t.name, total(py, t)?)?;
    }
    out.set_item("totals", totals)?;
    out.set_item("only_old", &diff.columns.only_old)?;
    out.set_item("only_new", &diff.columns.only_new)?;
    out.set_item("by", diff.by.as_deref())?;
    let movers = |m: &[Mover]| -> PyResult<Bound<'py, PyList>> {
        let items = (m.iter())
            .map(|m| mover(py, m, key))
            .collect::<PyResult<Vec<_>>>()?;
        PyList::new(py, items)
    };
    out.set_item("winners", movers(&diff.winners)?)?;
    out.set_item("losers", movers(&diff.losers)?)?;
    Ok(out)
}

fn dec<'py>(py: Python<'py>, d: Option<Decimal>) -> PyResult<Bound<'py, PyAny>> {
    match d {
        Some(d) => decimal_to_py(py, d),
        None => Ok(py.None().into_bound(py)),
    }
}

fn employee<'py>(py: Python<'py>, e: &EmployeeDiff, key: &str) -> PyResult<Bound<'py, PyDict>> {
    let out = PyDict::new(py);
    out.set_item(key, &e.employee)?;
    let changes = PyDict::new(py);
    for c in &e.changes {
        changes.set_item(&c.name, change(py, c)?)?;
    }
    out.set_item("changes", changes)?;
    let values = |vs: &[(String, Option<Value>)]| -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        for (name, v) in vs {
            d.set_item(name, opt_value_to_py(py, v.as_ref())?)?;
        }
        Ok(d)
    };
    if !e.only_old.is_empty() {
        out.set_item("only_old", values(&e.only_old)?)?;
    }
    if !e.only_new.is_empty() {
        out.set_item("only_new", values(&e.only_new)?)?;
    }
    match &e.error {
        None => out.set_item("error", py.None())?,
        Some(f) => {
            let sides = PyDict::new(py);
            sides.set_item("old", f.old.as_ref().map(ToString::to_string))?;
            sides.set_item("new", f.new.as_ref().map(ToString::to_string))?;
            out.set_item("error", sides)?;
        }
    }
    Ok(out)
}

fn change<'py>(py: Python<'py>, c: &Change) -> PyResult<Bound<'py, PyDict>> {
    let out = PyDict::new(py);
    out.set_item("old", opt_value_to_py(py, c.old.as_ref())?)?;
    out.set_item("new", opt_value_to_py(py, c.new.as_ref())?)?;
    out.set_item("delta", dec(py, c.delta)?)?;
    out.set_item("percent", dec(py, c.percent)?)?;
    Ok(out)
}

fn total<'py>(py: Python<'py>, t: &Total) -> PyResult<Bound<'py, PyDict>> {
    let out = PyDict::new(py);
    out.set_item("old", dec(py, t.old)?)?;
    out.set_item("new", dec(py, t.new)?)?;
    out.set_item("delta", dec(py, t.delta)?)?;
    out.set_item("percent", dec(py, t.percent)?)?;
    out.set_item("up", t.up)?;
    out.set_item("down", t.down)?;
    out.set_item("same", t.same)?;
    Ok(out)
}

fn mover<'py>(py: Python<'py>, m: &Mover, key: &str) -> PyResult<Bound<'py, PyDict>> {
    let out = PyDict::new(py);
    out.set_item(key, &m.employee)?;
    out.set_item("old", decimal_to_py(py, m.old)?)?;
    out.set_item("new", decimal_to_py(py, m.new)?)?;
    out.set_item("delta", decimal_to_py(py, m.delta)?)?;
    out.set_item("percent", dec(py, m.percent)?)?;
    Ok(out)
}
