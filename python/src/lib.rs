//! `hrrules._hrrules`: the native part of the `hrrules` Python package.
//!
//! A `Policy` is loaded and checked once; `policy.plan("2023-09")` compiles it for a month;
//! `plan.evaluate({...})` computes one employee, `plan.evaluate_many(rows)` a batch with the
//! interpreter released while Rust computes. Numbers cross as `decimal.Decimal` through their
//! exact text, never as floats. Rule-file errors raise `RuleError` with every problem located;
//! an employee of a batch whose figures fail carries an `EvaluationError`, and the others are
//! still computed.

mod convert;
mod diff_dict;
mod errors;
mod explain_dict;
mod history;
mod plan;
mod sources;

use convert::{opt_value_to_py, read_row, value_to_py, RowInputs, RowReading, Unknown};
use hrrules::batch::SourceError;
use hrrules::data::{DataError, RowRef};
use hrrules::{EmployeeError, EvalError, Evaluation, Inputs, Period};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyDict;
use std::path::PathBuf;
use std::sync::Arc;

/// A checked policy: rule files that passed every check.
#[pyclass(frozen, module = "hrrules", name = "Policy")]
struct PyPolicy {
    inner: hrrules::Policy,
}

/// A policy compiled for one pay period.
#[pyclass(frozen, module = "hrrules", name = "Plan")]
struct PyPlan {
    policy: hrrules::Policy,
    plan: hrrules::Plan,
}

/// `YYYY-MM`, or `ValueError`.
fn period(text: &str) -> PyResult<Period> {
    text.parse::<Period>()
        .map_err(|e| PyValueError::new_err(format!("period {text:?}: {e}")))
}

#[pymethods]
impl PyPolicy {
    /// Loads and checks a rule file and what it includes. Includes are read from the rule
    /// file's folder and below, and from the folders of `include_roots`.
    #[staticmethod]
    #[pyo3(signature = (path, *, include_roots = Vec::new()))]
    fn load(py: Python<'_>, path: PathBuf, include_roots: Vec<PathBuf>) -> PyResult<PyPolicy> {
        let options =
            (include_roots.into_iter()).fold(hrrules::Policy::options(), |o, r| o.allow_root(r));
        let loaded = py.detach(|| options.load(&path));
        loaded
            .map(|inner| PyPolicy { inner })
            .map_err(|e| errors::error(py, e))
    }

    /// Checks a rule file given as text; `name` is the file name messages use. The text has no
    /// folder, so an `include` in it is an error.
    #[staticmethod]
    #[pyo3(signature = (text, name = "<string>"))]
    fn from_source(py: Python<'_>, text: &str, name: &str) -> PyResult<PyPolicy> {
        hrrules::Policy::from_source(name, text)
            .map(|inner| PyPolicy { inner })
            .map_err(|e| errors::error(py, e))
    }

    /// The policy's `name`.
    #[getter]
    fn name(&self) -> &str {
        &self.inner.meta().name
    }

    /// The `effective` date, or `None`.
    #[getter]
    fn effective<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let effective = self.inner.meta().effective.map(hrrules::Value::Date);
        opt_value_to_py(py, effective.as_ref())
    }

    /// The `currency` (default `CNY`).
    #[getter]
    fn currency(&self) -> &str {
        &self.inner.meta().currency
    }

    /// The period used when none is given: the month of `effective` (`"2023-07"`), or `None`.
    #[getter]
    fn default_period(&self) -> Option<String> {
        self.inner.default_period().map(|p| p.to_string())
    }

    /// The inputs read from data, `{name: type}` in declaration order (`"money"`,
    /// `"number"`, `"percent"`, `"integer"`, `"bool"`, `"date"`, `"text"`).
    #[getter]
    fn inputs<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let out = PyDict::new(py);
        let schema = self.inner.input_schema();
        for (i, (name, ty, _)) in schema.iter().enumerate() {
            let from_data = schema.measure(i).is_none()
                && schema.lookback(i).is_none()
                && !schema.is_population(i);
            if from_data {
                out.set_item(name, ty.name())?;
            }
        }
        Ok(out)
    }

    /// The shown columns (`[outputs]`), in order.
    #[getter]
    fn outputs(&self) -> Vec<String> {
        self.inner.outputs().map(str::to_string).collect()
    }

    /// The rule files the policy was loaded from, as named in messages.
    #[getter]
    fn files(&self) -> Vec<String> {
        let sources = self.inner.sources();
        sources.files().map(|(_, f)| f.name().to_string()).collect()
    }

    /// Compiles the policy for a period (`"2023-09"`; default: the month of `effective`).
    /// Raises `PlanError` when the rules cannot be applied to that month.
    #[pyo3(signature = (period = None))]
    fn plan(&self, py: Python<'_>, period: Option<&str>) -> PyResult<PyPlan> {
        let month = match period {
            Some(text) => self::period(text)?,
            None => self.inner.default_period().ok_or_else(|| {
                PyValueError::new_err(
                    "the policy has no `effective` date; give a period, \"YYYY-MM\"",
                )
            })?,
        };
        let plan = self.inner.plan(month).map_err(|e| errors::error(py, e))?;
        Ok(PyPlan {
            policy: self.inner.clone(),
            plan,
        })
    }

    /// What `hrrules check` and `hrrules test` would still find in a loaded policy, as a list
    /// of `LocatedError`s (empty when there is nothing): the params computed for the month of
    /// `effective`, and each `[[tests]]` case that fails, at the place of the test.
    fn check<'py>(&self, py: Python<'py>) -> PyResult<Vec<Bound<'py, PyAny>>> {
        check_policy(py, &self.inner)
    }

    /// Runs the `[[tests]]` kept in the rule files: one dict per case, `{"name", "file",
    /// "line", "column", "passed", "failures", "error", "explanation"}`.
    fn run_tests<'py>(&self, py: Python<'py>) -> PyResult<Vec<Bound<'py, PyDict>>> {
        let results = py.detach(|| hrrules::run_tests(&self.inner));
        results.iter().map(|r| test_result(py, r)).collect()
    }

    /// The same policy with params replaced by formulas, checked as if written in the rule
    /// file: `policy.with_params({"commission_cap": "35000"})`. Raises `RuleError`.
    fn with_params(&self, py: Python<'_>, params: &Bound<'_, PyDict>) -> PyResult<PyPolicy> {
        let sets = (params.iter())
            .map(|(k, v)| Ok((k.extract::<String>()?, v.extract::<String>()?)))
            .collect::<PyResult<Vec<_>>>()?;
        self.inner
            .with_params(&sets)
            .map(|inner| PyPolicy { inner })
            .map_err(|e| errors::error(py, e))
    }

    fn __repr__(&self) -> String {
        format!("<hrrules.Policy {:?}>", self.inner.meta().name)
    }
}

/// An exception object raised, or the error making it.
fn raise(made: PyResult<Bound<'_, PyAny>>) -> PyErr {
    match made {
        Ok(exception) => PyErr::from_value(exception),
        Err(e) => e,
    }
}

/// An evaluation's figures: the shown columns, or every named figure sorted by name.
fn figures<'py>(py: Python<'py>, e: &Evaluation, all: bool) -> PyResult<Bound<'py, PyDict>> {
    let out = PyDict::new(py);
    if all {
        for (name, v) in e.all() {
            out.set_item(name, value_to_py(py, v)?)?;
        }
    } else {
        for (name, v) in e.outputs() {
            out.set_item(name, opt_value_to_py(py, v)?)?;
        }
    }
    Ok(out)
}

/// One employee's result as `(figures, error)`, one of them `None`.
fn outcome<'py>(
    py: Python<'py>,
    r: &Result<Evaluation, EmployeeError>,
    all: bool,
) -> PyResult<(Bound<'py, PyAny>, Bound<'py, PyAny>)> {
    let none = || py.None().into_bound(py);
    Ok(match r {
        Ok(e) => (figures(py, e, all)?.into_any(), none()),
        Err(e) => (none(), errors::employee_error(py, e)?),
    })
}

/// One row read for a policy: its key, and its inputs or why they cannot be used.
type Row = (Option<String>, Result<Inputs, EvalError>);

/// One row ready to compute: its key, and its inputs with its earlier months, or why there
/// are none.
type Ready = (Option<String>, Result<Inputs, EmployeeError>);

/// The rows with each employee's earlier months from `past`, found by the `key` field (as
/// given when the policy reads no earlier months). With history, a row without a key is an
/// error: its months cannot be found, and starting its year afresh would be a silent guess.
fn with_history(rows: Vec<Row>, past: Option<&hrrules::history::History>, key: &str) -> Vec<Ready> {
    (rows.into_iter())
        .map(|(employee, inputs)| {
            let ready = match (&employee, past) {
                (Some(e), _) => history::fill(past, e, inputs),
                (None, None) => inputs.map_err(EmployeeError::Eval),
                (None, Some(_)) => Err(EmployeeError::Eval(EvalError::InvalidInput {
                    input: Arc::from(key),
                    message: format!(
                        "the row has no `{key}`, so its earlier months cannot be found"
                    ),
                })),
            };
            (employee, ready)
        })
        .collect()
}

/// Every row of `rows` read for `policy`, each with its key (the row's number when it has
/// none), before anything is computed.
fn read_rows(
    policy: &hrrules::Policy,
    rows: &Bound<'_, PyAny>,
    reading: &RowReading<'_>,
) -> PyResult<Vec<Row>> {
    let mut out = Vec::new();
    for row in rows.try_iter()? {
        let RowInputs { key, inputs } = read_row(policy, &row?, reading)?;
        out.push((key, inputs));
    }
    Ok(out)
}

/// Each employee's figures with `plan`, in order, on every core. A row whose inputs could
/// not be read is a failed member of the population figures (`rank(kpi)`, `allocate(pool,
/// kpi)`), as a row with a bad cell is for `hrrules eval`; an employee without a key is named
/// by their row's number there.
fn evaluate_rows(plan: &hrrules::Plan, rows: &[Ready]) -> Vec<Result<Evaluation, EmployeeError>> {
    if plan.passes() > 0 {
        let team: Vec<(String, Result<Inputs, EmployeeError>)> = (rows.iter().enumerate())
            .map(|(i, (key, inputs))| {
                let key = key.clone().unwrap_or_else(|| format!("#{}", i + 1));
                (key, inputs.clone())
            })
            .collect();
        return hrrules::evaluate_team_members(plan, &team).0;
    }
    let mut computed: Vec<Result<Evaluation, EmployeeError>> = Vec::with_capacity(rows.len());
    let usable = rows.iter().filter_map(|(_, inputs)| inputs.as_ref().ok());
    hrrules::evaluate_inputs(plan, usable, |r| {
        computed.push(r.map_err(EmployeeError::Eval))
    });
    let mut computed = computed.into_iter();
    (rows.iter())
        .map(|(_, inputs)| match inputs {
            Ok(_) => (computed.next()).unwrap_or(Err(EmployeeError::Eval(EvalError::Panicked))),
            Err(e) => Err(e.clone()),
        })
        .collect()
}

/// `Policy.check`: the params computed for the default month, and the failing tests.
fn check_policy<'py>(
    py: Python<'py>,
    policy: &hrrules::Policy,
) -> PyResult<Vec<Bound<'py, PyAny>>> {
    let mut out = Vec::new();
    if let Some(month) = policy.default_period() {
        if let Err(hrrules::Error::Plan { report, .. }) = policy.plan(month) {
            out.extend(errors::located_all(py, &report)?);
        }
    }
    let results = py.detach(|| hrrules::run_tests(policy));
    for r in results.iter().filter(|r| !r.passed()) {
        let failures: Vec<String> = r.failures.iter().map(ToString::to_string).collect();
        let message = format!("test `{}` failed: {}", r.name, failures.join("; "));
        let mut rendered = format!("{}: test `{}` failed\n", r.at, r.name);
        for f in &failures {
            rendered.push_str(&format!("  - {f}\n"));
        }
        let kwargs = PyDict::new(py);
        kwargs.set_item("file", &r.at.file)?;
        kwargs.set_item("line", r.at.line)?;
        kwargs.set_item("column", r.at.col)?;
        kwargs.set_item("message", message)?;
        kwargs.set_item("rendered", rendered)?;
        out.push(errors::class(py, "LocatedError")?.call((), Some(&kwargs))?);
    }
    Ok(out)
}

/// One `[[tests]]` result as a dict.
fn test_result<'py>(py: Python<'py>, r: &hrrules::TestResult) -> PyResult<Bound<'py, PyDict>> {
    let out = PyDict::new(py);
    out.set_item("name", &r.name)?;
    out.set_item("file", &r.at.file)?;
    out.set_item("line", r.at.line)?;
    out.set_item("column", r.at.col)?;
    out.set_item("passed", r.passed())?;
    let failures: Vec<String> = r.failures.iter().map(ToString::to_string).collect();
    out.set_item("failures", failures)?;
    out.set_item("error", r.error.as_deref())?;
    out.set_item("explanation", r.explanation.as_deref())?;
    Ok(out)
}

/// Checks a rule file as `hrrules check` does, without raising: a list of `LocatedError`s,
/// empty when the file is fine. Also runs its `[[tests]]` (see `Policy.check`).
#[pyfunction]
#[pyo3(signature = (path, *, include_roots = Vec::new()))]
fn check<'py>(
    py: Python<'py>,
    path: PathBuf,
    include_roots: Vec<PathBuf>,
) -> PyResult<Vec<Bound<'py, PyAny>>> {
    let options =
        (include_roots.into_iter()).fold(hrrules::Policy::options(), |o, r| o.allow_root(r));
    let loaded = py.detach(|| options.load(&path));
    checked(py, loaded)
}

/// Checks rule-file text as `check` checks a file; `name` is the file name messages use.
#[pyfunction]
#[pyo3(signature = (text, name = "<string>"))]
fn check_source<'py>(py: Python<'py>, text: &str, name: &str) -> PyResult<Vec<Bound<'py, PyAny>>> {
    checked(py, hrrules::Policy::from_source(name, text))
}

fn checked<'py>(
    py: Python<'py>,
    loaded: Result<hrrules::Policy, hrrules::Error>,
) -> PyResult<Vec<Bound<'py, PyAny>>> {
    match loaded {
        Ok(policy) => check_policy(py, &policy),
        Err(hrrules::Error::Rules(report)) | Err(hrrules::Error::Plan { report, .. }) => {
            errors::located_all(py, &report)
        }
        Err(e) => Err(errors::error(py, e)),
    }
}

/// What a policy change does to each employee, as `hrrules diff --format json` reports it:
/// `old` and `new` are plans (of two policies, or of one for two months), `rows` the
/// employees (each read for both policies as `Plan.evaluate_many` reads it; a field that is
/// an input of either policy is not unknown). `names`: the figures to compare (default: the
/// shown columns of both); `by`: the figure ranking winners and losers (default: the last
/// shown number); `history`: the earlier months, as `Plan.evaluate_many` reads them, for
/// both sides.
#[pyfunction]
#[pyo3(signature = (
    old, new, rows, *, key = "employee_id", names = Vec::new(), by = None, unknown = "error",
    history = None
))]
#[allow(clippy::too_many_arguments)]
fn diff<'py>(
    py: Python<'py>,
    old: &Bound<'py, PyPlan>,
    new: &Bound<'py, PyPlan>,
    rows: &Bound<'py, PyAny>,
    key: &str,
    names: Vec<String>,
    by: Option<String>,
    unknown: &str,
    history: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyDict>> {
    let (old, new) = (old.get(), new.get());
    let unknown = Unknown::parse(unknown)?;
    let reading = |other| RowReading {
        key: Some(key),
        unknown,
        also_known: Some(other),
    };
    let (old_reading, new_reading) = (reading(&new.policy), reading(&old.policy));
    let rows: Vec<Bound<'py, PyAny>> = rows.try_iter()?.collect::<PyResult<_>>()?;
    let mut old_rows = Vec::with_capacity(rows.len());
    let mut new_rows = Vec::with_capacity(rows.len());
    for row in &rows {
        let o = read_row(&old.policy, row, &old_reading)?;
        let n = read_row(&new.policy, row, &new_reading)?;
        old_rows.push((o.key, o.inputs));
        new_rows.push((n.key, n.inputs));
    }
    let old_past = history::history(py, &old.policy, old.plan.period(), key, history, None)?;
    let new_past = history::history(py, &new.policy, new.plan.period(), key, history, None)?;
    let old_rows = with_history(old_rows, old_past.as_ref(), key);
    let new_rows = with_history(new_rows, new_past.as_ref(), key);
    let compared = py.detach(
        || -> Result<hrrules::diff::Diff, hrrules::diff::DiffError> {
            let columns = hrrules::diff::Columns::new(&old.plan, &new.plan, &names)?;
            let mut comparison = hrrules::diff::Comparison::new(columns, by.as_deref())?;
            let old_results = evaluate_rows(&old.plan, &old_rows);
            let new_results = evaluate_rows(&new.plan, &new_rows);
            let file: Arc<str> = Arc::from("<rows>");
            let employees = (old_rows.iter().zip(old_results.iter().zip(&new_results)))
                .enumerate()
                .map(|(i, ((employee, _), (a, b)))| {
                    let origin = RowRef {
                        file: file.clone(),
                        row: i as u64 + 1,
                    };
                    let employee = employee.clone().unwrap_or_default();
                    comparison.employee(&employee, &origin, a, b)
                })
                .collect();
            let columns = comparison.columns().clone();
            let summary = comparison.finish();
            Ok(hrrules::diff::Diff {
                columns,
                employees,
                totals: summary.totals,
                by: summary.by,
                winners: summary.winners,
                losers: summary.losers,
            })
        },
    );
    let compared = compared.map_err(|e| PyValueError::new_err(e.to_string()))?;
    diff_dict::diff(py, &compared, key)
}

/// `diff` over data files, as `hrrules diff OLD NEW --data ...` reads them: both sides
/// evaluate the same employees, joined on `key`. `records`, `history` (files or month dicts),
/// `mapping` and `encoding` are read as `Plan.evaluate_files` reads them; `old_records`, when given, are
/// the old side's records instead (`--old-records`).
#[pyfunction]
#[pyo3(signature = (
    old, new, data, *, key = "employee_id", names = Vec::new(), by = None,
    records = Vec::new(), old_records = None, history = None, mapping = Vec::new(),
    encoding = None
))]
#[allow(clippy::too_many_arguments)]
fn diff_files<'py>(
    py: Python<'py>,
    old: &Bound<'py, PyPlan>,
    new: &Bound<'py, PyPlan>,
    data: Vec<PathBuf>,
    key: &str,
    names: Vec<String>,
    by: Option<String>,
    records: Vec<PathBuf>,
    old_records: Option<Vec<PathBuf>>,
    history: Option<&Bound<'py, PyAny>>,
    mapping: Vec<PathBuf>,
    encoding: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyDict>> {
    let old_records = old_records.unwrap_or_else(|| records.clone());
    let files: [&[PathBuf]; 3] = [&data, &records, &old_records];
    let sources = sources::sources(key, &mapping, encoding, &files)?;
    let (old, new) = (old.get(), new.get());
    let (o, n) = (old.plan.period(), new.plan.period());
    // Each side's policy reads its own earlier months (of its own names, for its own month).
    let mut old_sources = sources.clone();
    history::attach(py, &mut old_sources, &old.policy, o, history)?;
    let mut new_sources = sources;
    history::attach(py, &mut new_sources, &new.policy, n, history)?;
    let mut notices = Vec::new();
    let compared = py.detach(|| -> Result<hrrules::diff::Diff, DiffFailure> {
        let policies = [&old.policy, &new.policy];
        let dataset = new_sources.read_data(&data, &policies, &mut notices)?;
        let (old_side, new_side) = (&old_sources, &new_sources);
        let old_binding = old_side.bind(&old.policy, &dataset, o, &old_records, &mut notices)?;
        let new_binding = new_side.bind(&new.policy, &dataset, n, &records, &mut notices)?;
        hrrules::diff::compare_all(
            (&old.plan, &old_binding),
            (&new.plan, &new_binding),
            &names,
            by.as_deref(),
            dataset.records(),
        )
        .map_err(DiffFailure::Names)
    });
    // One policy on both sides says the same things twice.
    let mut said = std::collections::HashSet::new();
    notices.retain(|n| said.insert(n.clone()));
    sources::warn(py, &notices)?;
    let compared = compared.map_err(|e| match e {
        DiffFailure::Sources(e) => sources::error(py, &e),
        DiffFailure::Names(e) => PyValueError::new_err(e.to_string()),
    })?;
    diff_dict::diff(py, &compared, key)
}

/// Why `diff_files` compared nothing.
enum DiffFailure {
    Sources(SourceError),
    Names(hrrules::diff::DiffError),
}

impl From<SourceError> for DiffFailure {
    fn from(e: SourceError) -> DiffFailure {
        DiffFailure::Sources(e)
    }
}

impl From<DataError> for DiffFailure {
    fn from(e: DataError) -> DiffFailure {
        DiffFailure::Sources(e.into())
    }
}

/// The native module: `hrrules/__init__.py` re-exports it.
#[pymodule]
fn _hrrules(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyPolicy>()?;
    m.add_class::<PyPlan>()?;
    m.add_function(wrap_pyfunction!(check, m)?)?;
    m.add_function(wrap_pyfunction!(check_source, m)?)?;
    m.add_function(wrap_pyfunction!(diff, m)?)?;
    m.add_function(wrap_pyfunction!(diff_files, m)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
