//! `Plan`: a policy compiled for one month; evaluating one employee, a batch with the
//! interpreter released, data files, explanations.

use super::*;
use hrrules::batch::sources::Notice;
use hrrules::batch::{DataSources, ExplainError};
use hrrules::data::Dataset;
use hrrules::Binding;
#[pymethods]
impl PyPlan {
    /// The pay period, `"2023-09"`.
    #[getter]
    fn period(&self) -> String {
        self.plan.period().to_string()
    }

    /// The shown columns, in order.
    #[getter]
    fn outputs(&self) -> Vec<String> {
        self.plan.outputs().map(str::to_string).collect()
    }

    /// The policy this plan was compiled from.
    #[getter]
    fn policy(&self) -> PyPolicy {
        PyPolicy {
            inner: self.policy.clone(),
        }
    }

    /// Computes one employee. `inputs` maps input names to `Decimal`, `int`, `str` (read as a
    /// data cell: `"85%"`, `"250,000.00"`), `bool` or `datetime.date`; `None` or blank text
    /// leaves an input missing; a `float` is a `TypeError`. Returns `{name: value}` of the
    /// shown columns (every named figure with `all=True`). Raises `InputError` for a value the
    /// policy refuses or a name it has no input for (unless `unknown="ignore"`), and
    /// `EvaluationError` when a formula fails.
    ///
    /// `history`: the employee's earlier months, for `ytd`, `prev` and the income tax
    /// withheld on the year so far: dicts `{"period": "2023-08", "values": {...}}` (the
    /// employee's own; `all=True` figures of earlier months are such values), or with
    /// `employee="P007"` files as `hrrules eval --format jsonl` writes them, or dicts of
    /// several employees with their `employee_id`. Without it, a policy that reads earlier
    /// months starts the year in this month (a `DataWarning`).
    #[pyo3(signature = (inputs, *, all = false, unknown = "error", history = None, employee = None))]
    fn evaluate<'py>(
        &self,
        py: Python<'py>,
        inputs: &Bound<'py, PyAny>,
        all: bool,
        unknown: &str,
        history: Option<&Bound<'py, PyAny>>,
        employee: Option<&str>,
    ) -> PyResult<Bound<'py, PyDict>> {
        let inputs = self.one_row(py, inputs, unknown, (history, employee))?;
        match self.plan.evaluate(&inputs) {
            Ok(e) => figures(py, &e, all),
            Err(e) => Err(raise(errors::eval_error(py, &e))),
        }
    }

    /// Computes a batch of employees, in order: a list of `EmployeeResult`s, each with its
    /// figures or its error (an employee that fails does not stop the others). Each row is
    /// read as `evaluate` reads its inputs; the `key` field (`employee_id`) names the employee
    /// and is not an input. `history`: the earlier months, files or dicts `{"employee_id",
    /// "period", "values"}`, each row's found by its key (as `evaluate_files` reads it). The
    /// rows are read first; then the interpreter is released while the employees are
    /// computed on every core.
    #[pyo3(signature = (rows, *, key = "employee_id", all = false, unknown = "error", history = None))]
    fn evaluate_many<'py>(
        &self,
        py: Python<'py>,
        rows: &Bound<'py, PyAny>,
        key: &str,
        all: bool,
        unknown: &str,
        history: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Vec<Bound<'py, PyAny>>> {
        let reading = RowReading {
            key: Some(key),
            unknown: Unknown::parse(unknown)?,
            also_known: None,
        };
        let rows = read_rows(&self.policy, rows, &reading)?;
        let past = history::history(py, &self.policy, self.plan.period(), key, history, None)?;
        let rows = with_history(rows, past.as_ref(), key);
        let plan = &self.plan;
        let results = py.detach(|| evaluate_rows(plan, &rows));
        let result = errors::class(py, "EmployeeResult")?;
        (rows.iter().zip(&results).enumerate())
            .map(|(i, ((employee, _), r))| {
                let (figures, error) = outcome(py, r, all)?;
                result.call1((employee, figures, error, ("<rows>", i + 1)))
            })
            .collect()
    }

    /// Computes every employee of data files, as `hrrules eval --data ...` does: CSV, JSON
    /// or workbook files joined on `key`. `records`: attendance records files, classified by
    /// the policy's `[attendance]` rules into the `attendance.*` measures (`--records`);
    /// `history`: the earlier months `ytd` and `prev` read, JSON-lines files or folders of
    /// them as `hrrules eval --format jsonl` writes them (`--history`), or the same lines as
    /// dicts (as `evaluate_many` takes them); `mapping`: mapping
    /// files renaming one system's columns (`--mapping`); `encoding`: the CSV files' text
    /// encoding, one name for every file (`"gbk"`) or `{path: name}` (`--encoding`).
    ///
    /// Returns `EmployeeResult`s in the order of the data, then one error result for each
    /// employee with records but no row in the data. Raises `DataError` when a file cannot
    /// be read or joined. What the command line notes on stderr (an input no column feeds,
    /// no history for a policy that reads earlier months) is a `hrrules.DataWarning`. The
    /// interpreter is released while the files are read and the employees computed.
    #[pyo3(signature = (
        data, *, key = "employee_id", all = false, records = Vec::new(), history = None,
        mapping = Vec::new(), encoding = None
    ))]
    #[allow(clippy::too_many_arguments)]
    fn evaluate_files<'py>(
        &self,
        py: Python<'py>,
        data: Vec<PathBuf>,
        key: &str,
        all: bool,
        records: Vec<PathBuf>,
        history: Option<&Bound<'py, PyAny>>,
        mapping: Vec<PathBuf>,
        encoding: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Vec<Bound<'py, PyAny>>> {
        let files = FileSources {
            data,
            key,
            records,
            history,
            mapping,
            encoding,
        };
        let plan = &self.plan;
        let outcomes = self.with_files(py, &files, |_, dataset, binding, _| {
            let mut outcomes = Vec::new();
            hrrules::evaluate_all((plan, binding), dataset.records(), |o| outcomes.push(o));
            if let Some(sheets) = binding.timesheets() {
                let seen = outcomes.iter().map(|o| o.employee.clone()).collect();
                outcomes.extend(hrrules::batch::sources::strangers(sheets, &seen));
            }
            outcomes
        })?;
        let result = errors::class(py, "EmployeeResult")?;
        (outcomes.iter())
            .map(|o| {
                let (figures, error) = outcome(py, &o.result, all)?;
                let row = (&*o.origin.file, o.origin.row);
                result.call1((&o.employee, figures, error, row))
            })
            .collect()
    }

    /// How one employee of data files was paid, as `hrrules explain --data ... --employee
    /// E004 --format json` shows it: `{"employee_id", "row", "period", "figures", "error"}`,
    /// with `"attendance"` (their month, record by record) when `records` are given and
    /// `"population"` (each population figure with their group, computed over the whole
    /// data first) for a policy that has them. Each input's origin is its cell, its records or
    /// the months of history it sums. The files are read as `evaluate_files` reads them.
    /// Raises `DataError` when the employee is not in the data (naming the nearest key) or a
    /// file cannot be read, and the employee's `EvaluationError` when their own inputs cannot
    /// be read.
    #[pyo3(signature = (
        data, employee, names = None, *, key = "employee_id", records = Vec::new(),
        history = None, mapping = Vec::new(), encoding = None
    ))]
    #[allow(clippy::too_many_arguments)]
    fn explain_files<'py>(
        &self,
        py: Python<'py>,
        data: Vec<PathBuf>,
        employee: &str,
        names: Option<Vec<String>>,
        key: &str,
        records: Vec<PathBuf>,
        history: Option<&Bound<'py, PyAny>>,
        mapping: Vec<PathBuf>,
        encoding: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyDict>> {
        let files = FileSources {
            data,
            key,
            records,
            history,
            mapping,
            encoding,
        };
        let explained = self.explained_files(py, files, employee, names)?;
        explain_dict::explained(py, &explained, &self.policy)
    }

    /// The same explanation as the indented tree `hrrules explain --data ...` prints.
    #[pyo3(signature = (
        data, employee, names = None, *, key = "employee_id", records = Vec::new(),
        history = None, mapping = Vec::new(), encoding = None
    ))]
    #[allow(clippy::too_many_arguments)]
    fn explain_files_text<'py>(
        &self,
        py: Python<'py>,
        data: Vec<PathBuf>,
        employee: &str,
        names: Option<Vec<String>>,
        key: &str,
        records: Vec<PathBuf>,
        history: Option<&Bound<'py, PyAny>>,
        mapping: Vec<PathBuf>,
        encoding: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<String> {
        let files = FileSources {
            data,
            key,
            records,
            history,
            mapping,
            encoding,
        };
        let explained = self.explained_files(py, files, employee, names)?;
        let mut text = Vec::new();
        (explained.write_text(&mut text, &self.policy))
            .map_err(|e| pyo3::exceptions::PyOSError::new_err(e.to_string()))?;
        Ok(String::from_utf8_lossy(&text).into_owned())
    }

    /// How one employee's figures were derived: `{"period", "figures": [...], "error"}` as
    /// `hrrules explain --format json` writes it (without the data row), each figure with its
    /// value, formula and place, the names it uses, tier brackets, scorecard metrics and
    /// rounding. `names`: the figures to explain (default: the shown columns).
    /// `history` and `employee` as for `evaluate`.
    #[pyo3(signature = (inputs, names = None, *, unknown = "error", history = None, employee = None))]
    #[allow(clippy::too_many_arguments)]
    fn explain<'py>(
        &self,
        py: Python<'py>,
        inputs: &Bound<'py, PyAny>,
        names: Option<Vec<String>>,
        unknown: &str,
        history: Option<&Bound<'py, PyAny>>,
        employee: Option<&str>,
    ) -> PyResult<Bound<'py, PyDict>> {
        let why = self.explanation(py, inputs, names, unknown, (history, employee))?;
        explain_dict::explanation(py, &why)
    }

    /// The same explanation as an indented tree, as `hrrules explain` prints it.
    #[pyo3(signature = (inputs, names = None, *, unknown = "error", history = None, employee = None))]
    #[allow(clippy::too_many_arguments)]
    fn explain_text(
        &self,
        py: Python<'_>,
        inputs: &Bound<'_, PyAny>,
        names: Option<Vec<String>>,
        unknown: &str,
        history: Option<&Bound<'_, PyAny>>,
        employee: Option<&str>,
    ) -> PyResult<String> {
        let why = self.explanation(py, inputs, names, unknown, (history, employee))?;
        Ok(why.to_string())
    }

    fn __repr__(&self) -> String {
        format!(
            "<hrrules.Plan {:?} for {}>",
            self.policy.meta().name,
            self.plan.period()
        )
    }
}

/// What `explain_files` reads: the keyword arguments `evaluate_files` takes.
struct FileSources<'a, 'py> {
    data: Vec<PathBuf>,
    key: &'a str,
    records: Vec<PathBuf>,
    history: Option<&'a Bound<'py, PyAny>>,
    mapping: Vec<PathBuf>,
    encoding: Option<&'a Bound<'py, PyAny>>,
}

impl PyPlan {
    /// Reads `f` as `hrrules eval` reads its options (the data joined through the mappings,
    /// the records classified, the history attached) and runs `then` on the sources, the
    /// data and its binding, all with the interpreter released. What `then` and the reading
    /// note becomes `DataWarning`s; a source that cannot be read, a `DataError`.
    fn with_files<T: Send>(
        &self,
        py: Python<'_>,
        f: &FileSources<'_, '_>,
        then: impl FnOnce(&DataSources, Dataset, &Binding, &mut Vec<Notice>) -> T + Send,
    ) -> PyResult<T> {
        let mut sources = sources::sources(f.key, &f.mapping, f.encoding, &[&f.data, &f.records])?;
        let (policy, period) = (&self.policy, self.plan.period());
        history::attach(py, &mut sources, policy, period, f.history)?;
        let (data, records) = (&f.data, &f.records);
        let mut notices = Vec::new();
        let done = py.detach(|| -> Result<T, SourceError> {
            let dataset = sources.read_data(data, &[policy], &mut notices)?;
            let binding = sources.bind(policy, &dataset, period, records, &mut notices)?;
            Ok(then(&sources, dataset, &binding, &mut notices))
        });
        sources::warn(py, &notices)?;
        done.map_err(|e| sources::error(py, &e))
    }

    /// One employee of data files explained, or the exception to raise.
    fn explained_files(
        &self,
        py: Python<'_>,
        f: FileSources<'_, '_>,
        employee: &str,
        names: Option<Vec<String>>,
    ) -> PyResult<hrrules::batch::Explained> {
        let names = names.unwrap_or_default();
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        let (policy, plan, records) = (&self.policy, &self.plan, &f.records);
        let explained = self.with_files(py, &f, |sources, dataset, binding, notices| {
            let found = (dataset, binding);
            sources.explain(policy, plan, found, records, employee, &names, notices)
        })?;
        explained.map_err(|e| match e {
            ExplainError::Employee(e) => raise(errors::employee_error(py, &e)),
            ExplainError::Names(e) => raise(errors::eval_error(py, &e)),
            ExplainError::NoEmployee { .. } => errors::data_error_text(py, &e.to_string()),
            ExplainError::Records(e) => errors::data_error(py, &e),
        })
    }

    /// One employee's inputs from a dict, with their earlier months from `history` (files
    /// need the `employee` they are read for), or the error as the exception to raise.
    fn one_row(
        &self,
        py: Python<'_>,
        inputs: &Bound<'_, PyAny>,
        unknown: &str,
        (history, employee): (Option<&Bound<'_, PyAny>>, Option<&str>),
    ) -> PyResult<Inputs> {
        let reading = RowReading {
            key: None,
            unknown: Unknown::parse(unknown)?,
            also_known: None,
        };
        let row = read_row(&self.policy, inputs, &reading)?;
        let inputs = row.inputs.map_err(|e| raise(errors::eval_error(py, &e)))?;
        // Without `employee`, the months given are this employee's whatever they say.
        let unnamed = "(this employee)";
        let one = employee.is_none().then_some(unnamed);
        let key = "employee_id";
        let past = history::history(py, &self.policy, self.plan.period(), key, history, one)?;
        let employee = employee.unwrap_or(unnamed);
        history::fill(past.as_ref(), employee, Ok(inputs))
            .map_err(|e| raise(errors::employee_error(py, &e)))
    }

    fn explanation(
        &self,
        py: Python<'_>,
        inputs: &Bound<'_, PyAny>,
        names: Option<Vec<String>>,
        unknown: &str,
        past: (Option<&Bound<'_, PyAny>>, Option<&str>),
    ) -> PyResult<hrrules::eval::Explanation> {
        let inputs = self.one_row(py, inputs, unknown, past)?;
        let names = names.unwrap_or_default();
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        self.plan
            .explain(&inputs, &names, &|_| None)
            .map_err(|e| raise(errors::eval_error(py, &e)))
    }
}
