//! The embedding API: load and check a policy once, then evaluate employees.

use crate::attendance::Attendance;
use crate::check::{self, Checked};
use crate::date::Period;
use crate::error::{Diagnostic, FileId, Report, Sources, Span};
use crate::eval::{InputSchema, Inputs, Plan, PlanError};
use crate::limits::Limits;
use crate::policy::{self, Meta, PolicyDef, PolicyError, RulePath, RuleSource, TestDef};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Everything that can stop hrrules before any employee is evaluated.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The rule files are wrong: every problem found, located.
    #[error("{0}")]
    Rules(Report),
    /// The rules cannot be applied to the period asked for (a param with no value for it, a
    /// param formula that fails): the error, and the report that locates it.
    #[error("{report}")]
    Plan {
        /// What is wrong.
        error: Box<PlanError>,
        /// The error, located and ready to print.
        report: Report,
    },
    /// A figure asked for by name that the policy does not define: [`Policy::explain`] with
    /// `comission` where the tier is `commission` ([`EvalError::UnknownName`], with the
    /// nearest name).
    ///
    /// [`EvalError::UnknownName`]: crate::eval::EvalError::UnknownName
    #[error("{0}")]
    Name(crate::eval::EvalError),
    /// A data file cannot be read at all (each bad row is reported with its employee instead).
    #[error("{0}")]
    Data(#[from] crate::data::DataError),
}

/// A checked policy, ready to be compiled for a period and evaluated.
///
/// Cheap to clone; `Send + Sync`.
#[derive(Clone, Debug)]
pub struct Policy {
    checked: Arc<Checked>,
    schema: Arc<InputSchema>,
    /// `[attendance]` with its calendars, when the policy has one.
    attendance: Option<Arc<Attendance>>,
    /// What it was checked from, kept to check it again.
    origin: Arc<Origin>,
}

/// What a policy was checked from, kept to check it again with params replaced
/// ([`Policy::with_params`]) or one of its files on its own (for that file's tests).
#[derive(Debug)]
struct Origin {
    /// The policy as loaded.
    def: PolicyDef,
    /// Each file read from a source, with its path there.
    paths: Vec<(FileId, RulePath)>,
    /// The limits it was loaded under, which a replacement or a part is read under too.
    limits: Limits,
}

impl Policy {
    /// Loads and checks a rule file (and what it includes). Includes are read only from
    /// the rule file's folder and the folders below it (see [`LoadOptions::allow_root`]
    /// for more), and only regular `.toml` files.
    pub fn load(path: impl AsRef<Path>) -> Result<Policy, Error> {
        Policy::load_with(path, &Limits::default())
    }

    /// Loads and checks a rule file under custom limits.
    pub fn load_with(path: impl AsRef<Path>, limits: &Limits) -> Result<Policy, Error> {
        LoadOptions::new().limits(*limits).load(path)
    }

    /// Checks a rule file held in memory. `name` is used in messages. The text has no
    /// folder, so an `include` in it is reported as an error (load from a path, or give
    /// includes with [`LoadOptions::from_source`]).
    pub fn from_source(name: &str, text: &str) -> Result<Policy, Error> {
        LoadOptions::new().from_source(name, text, None)
    }

    /// Loads and checks the rule file `root` of `source` and what it includes, all from
    /// `source`: an HR product's own store or a [`MemorySource`](crate::policy::MemorySource).
    /// The file system is not touched (unless the source does).
    pub fn from_sources(source: &dyn RuleSource, root: &str) -> Result<Policy, Error> {
        LoadOptions::new().load_from(source, root)
    }

    /// Options for loading: limits, extra folders for includes.
    pub fn options() -> LoadOptions {
        LoadOptions::new()
    }

    /// The checked model (for the editor's outline).
    pub(crate) fn checked(&self) -> &Checked {
        &self.checked
    }

    pub(crate) fn finish(loaded: policy::Loaded, limits: &Limits) -> Result<Policy, Error> {
        let policy::Loaded {
            def,
            sources,
            errors,
            broken,
            paths,
        } = loaded;
        let causes = check::Causes::new(&errors, &broken);
        let origin = Origin {
            def,
            paths,
            limits: *limits,
        };
        Policy::check(origin, Arc::new(sources), &errors, &causes)
    }

    /// Checks a loaded model; `errors` are the problems already found in loading it, and
    /// `causes` what later errors may follow from (folded under their cause).
    fn check(
        origin: Origin,
        sources: Arc<Sources>,
        errors: &[PolicyError],
        causes: &check::Causes,
    ) -> Result<Policy, Error> {
        let (attendance, attendance_errors) = match origin.def.attendance.clone() {
            Some(def) => match Attendance::build(def, &sources) {
                Ok(a) => (Some(Arc::new(a)), Vec::new()),
                Err(e) => (None, e),
            },
            None => (None, Vec::new()),
        };
        match check::check(&origin.def, &causes.broken_names(), sources.clone()) {
            Ok(c) if errors.is_empty() && attendance_errors.is_empty() => {
                let schema = Arc::new(InputSchema::new(&c.inputs));
                Ok(Policy {
                    checked: Arc::new(c),
                    schema,
                    attendance,
                    origin: Arc::new(origin),
                })
            }
            result => {
                let mut loaded: Vec<Diagnostic> =
                    errors.iter().map(PolicyError::diagnostic).collect();
                loaded.extend(attendance_errors.iter().map(|e| e.diagnostic()));
                let checked = result.err().unwrap_or_default();
                Err(Error::Rules(Report {
                    diagnostics: check::fold(loaded, causes, &checked),
                    sources,
                }))
            }
        }
    }

    /// The `[policy]` table.
    pub fn meta(&self) -> &Meta {
        &self.checked.meta
    }

    /// The declared inputs.
    pub fn input_schema(&self) -> &Arc<InputSchema> {
        &self.schema
    }

    /// An empty set of inputs for one employee, to fill with [`Inputs::set`].
    pub fn inputs(&self) -> Inputs {
        Inputs::new(self.schema.clone())
    }

    /// Reads one employee's inputs from a record of the host's own type: a struct or map
    /// (`#[derive(Serialize)]`) whose fields are named like the inputs, each a single value.
    ///
    /// Every field must name an input: a misspelt `sales_amout` is the error
    /// [`Inputs::set_text`] gives, with the nearest name (use [`Policy::inputs_from_lenient`]
    /// for records that also carry other fields). Values are read from their exact text, as
    /// data cells are: integers, `Decimal`s and strings exactly; floating-point fields by their
    /// shortest round-trip text, so give money as `Decimal` or text. `None` leaves an input
    /// missing; a field given twice is an error.
    ///
    /// ```
    /// # let policy = hrrules::Policy::from_source("p.toml", "[policy]\nname = \"p\"\n[inputs]\nsales_amount = \"money\"\n").unwrap();
    /// #[derive(serde::Serialize)]
    /// struct Row { sales_amout: rust_decimal::Decimal }
    /// let err = policy.inputs_from(&Row { sales_amout: 250_000.into() }).unwrap_err();
    /// assert_eq!(
    ///     err.to_string(),
    ///     "input `sales_amout`: the policy has no such input (did you mean `sales_amount`?)"
    /// );
    /// ```
    pub fn inputs_from<T: serde::Serialize + ?Sized>(
        &self,
        record: &T,
    ) -> Result<Inputs, crate::eval::EvalError> {
        crate::eval::record::read(self.schema.clone(), record, false).map(|r| r.inputs)
    }

    /// Like [`Policy::inputs_from`], but a field that names no input is returned in
    /// [`LenientInputs::unknown`](crate::eval::LenientInputs) instead of refused: for records
    /// that carry an `employee_id` or a name beside the inputs. Check the list: a misspelt
    /// input is in it too.
    pub fn inputs_from_lenient<T: serde::Serialize + ?Sized>(
        &self,
        record: &T,
    ) -> Result<crate::eval::LenientInputs, crate::eval::EvalError> {
        crate::eval::record::read(self.schema.clone(), record, true)
    }

    /// Whether input `i` (by position in [`Policy::input_schema`]) has a `default`.
    pub(crate) fn input_has_default(&self, i: usize) -> bool {
        self.checked
            .inputs
            .get(i)
            .is_some_and(|d| d.default.is_some())
    }

    /// The other names input `name`'s data column may have: its `columns = [...]` in the
    /// order written (none for an input without them, or for a name that is no input).
    pub fn input_columns(&self, name: &str) -> impl Iterator<Item = &str> {
        let def = self.origin.def.inputs.iter().find(|d| d.name.name == name);
        def.into_iter()
            .flat_map(|d| d.columns.iter().map(|c| c.name.as_str()))
    }

    /// What the policy's formulas read from earlier months (`ytd`, `ytd_before`, `prev`,
    /// `ytd_months`), each once, with the type of the figure read: what history must give.
    pub fn lookbacks(&self) -> Vec<(crate::vocab::Lookback, crate::vocab::ValueType)> {
        let mut out: Vec<(crate::vocab::Lookback, crate::vocab::ValueType)> = Vec::new();
        for input in &self.checked.inputs {
            if let Some(l) = &input.lookback {
                if !out.iter().any(|(k, _)| k == l) {
                    out.push((l.clone(), input.ty));
                }
            }
        }
        out
    }

    /// The shown columns, in order.
    pub fn outputs(&self) -> impl Iterator<Item = &str> {
        self.checked.outputs.iter().map(|(n, _)| &**n)
    }

    /// The period used when none is given: the month of `policy.effective`.
    pub fn default_period(&self) -> Option<Period> {
        self.checked.meta.effective.map(Period::containing)
    }

    /// Compiles the policy for one period (params chosen by date, constants folded).
    pub fn plan(&self, period: Period) -> Result<Plan, Error> {
        Plan::compile(&self.checked, period).map_err(|error| Error::Plan {
            report: Report {
                diagnostics: vec![error.diagnostic()],
                sources: self.checked.sources.clone(),
            },
            error: Box::new(error),
        })
    }

    /// Computes one employee's figures for `period` and explains how the figures `names` (all
    /// the shown columns when empty) were derived, each with everything it depends on: see
    /// [`Plan::explain`], which also takes where each input's value came from.
    ///
    /// ```
    /// use hrrules::{Period, Policy};
    /// let policy = Policy::load("rules/sales_2023h2.toml")?;
    /// let mut e004 = policy.inputs();
    /// e004.set_text("base_salary", "15000")?.set_text("sales_target", "500000")?
    ///     .set_text("sales_amount", "615230.00")?.set_text("satisfaction", "9.4")?
    ///     .set_text("compliance", "96%")?.set_text("teamwork", "88")?;
    /// let why = policy.explain("2023-09".parse::<Period>()?, &e004, &["commission"])?;
    /// let text = why.to_string();
    /// assert!(text.contains("bracket 3 from 300000: 315230.00 × 6% = 18913.8000"), "{text}");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn explain(
        &self,
        period: Period,
        inputs: &Inputs,
        names: &[&str],
    ) -> Result<crate::eval::Explanation, Error> {
        let plan = self.plan(period)?;
        plan.explain(inputs, names, &|_| None).map_err(Error::Name)
    }

    /// The `[[tests]]` of the rule file and its includes.
    pub fn tests(&self) -> &[TestDef] {
        &self.checked.tests
    }

    /// The `[payslip]` table (the root file's, or an included pack's when the root has
    /// none), its names checked; `None` when the policy has none.
    pub fn payslip(&self) -> Option<&crate::policy::PayslipDef> {
        self.checked.payslip.as_ref()
    }

    /// The `[analysis]` table (the root file's, or an included pack's when the root has
    /// none), its names and conditions checked; `None` when the policy has none.
    pub fn analysis(&self) -> Option<&crate::policy::AnalysisDef> {
        self.checked.analysis.as_ref()
    }

    /// The files the policy was loaded from.
    pub fn sources(&self) -> &Arc<Sources> {
        &self.checked.sources
    }

    /// The `[attendance]` rules with their calendars, checked; `None` when the policy has
    /// none. Nothing evaluates with them yet: the `attendance.*` measures come next.
    pub fn attendance(&self) -> Option<&Attendance> {
        self.attendance.as_deref()
    }
}

// What-if: the same policy with params replaced (`hrrules diff RULES --set NAME=EXPR`).
impl Policy {
    /// The same policy with some params replaced by formulas, checked as if the consultant
    /// had written them: `("commission_cap", "40000")`, `("bonus_rate", "25%")`.
    ///
    /// Each pair is shown in messages as its own source `--set`, holding `NAME=EXPR` as
    /// typed, so a caret points into it. A name that is not a param (with the nearest param
    /// suggested), a param set twice, a formula that does not parse, and a formula of
    /// another type than the param's (money given `25%`) are [`Error::Rules`]. A dated param
    /// replaced takes the one value for every period. The policy itself is unchanged.
    ///
    /// ```
    /// use hrrules::{Period, Policy};
    /// let policy = Policy::load("rules/sales_2023h2.toml")?;
    /// // 800000 of sales pays 40000 before the 30000 cap.
    /// let commission = |p: &Policy| -> Result<String, Box<dyn std::error::Error>> {
    ///     let mut rep = p.inputs();
    ///     rep.set_text("base_salary", "15000")?.set_text("sales_target", "400000")?
    ///         .set_text("sales_amount", "800000")?.set_text("satisfaction", "8.5")?
    ///         .set_text("compliance", "100%")?.set_text("teamwork", "90")?;
    ///     let figures = p.plan("2023-09".parse::<Period>()?)?.evaluate(&rep)?;
    ///     Ok(figures.get("commission").unwrap().to_string())
    /// };
    /// let what_if = policy.with_params(&[("commission_cap".into(), "35000".into())])?;
    /// assert_eq!(commission(&policy)?, "30000.00");
    /// assert_eq!(commission(&what_if)?, "35000.00");
    ///
    /// let err = policy.with_params(&[("commission_cap".into(), "25%".into())]).unwrap_err();
    /// assert!(err.to_string().starts_with(
    ///     "--set:1:16: param `commission_cap` is declared money but its formula gives a number"
    /// ), "{err}");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_params(&self, sets: &[(String, String)]) -> Result<Policy, Error> {
        let mut sources = Sources::new();
        for (_, file) in self.checked.sources.files() {
            sources.add(file.name(), file.text());
        }
        let mut def = self.origin.def.clone();
        let ty_of = |i: usize| {
            let name = &self.origin.def.params.get(i)?.name.name;
            let param = self.checked.params.iter().find(|p| &*p.name == name)?;
            value_type(param.ty)
        };
        let limits = &self.origin.limits;
        let set = policy::set_params(&mut def, &mut sources, sets, ty_of, limits);
        let set = match set {
            Ok(set) => set,
            Err(errors) => {
                return Err(Error::Rules(Report {
                    diagnostics: errors.iter().map(|e| e.diagnostic()).collect(),
                    sources: Arc::new(sources),
                }))
            }
        };
        let replaced: Vec<Replaced> = set
            .iter()
            .map(|s| Replaced {
                name: def.params[s.param].name.name.clone(),
                declared: def.params[s.param].name.span,
                set: s.formula,
            })
            .collect();
        let origin = Origin {
            def,
            paths: self.origin.paths.clone(),
            limits: *limits,
        };
        let causes = check::Causes::default();
        let checked = Policy::check(origin, Arc::new(sources), &[], &causes);
        checked.map_err(|e| match e {
            Error::Rules(mut report) => {
                report
                    .diagnostics
                    .iter_mut()
                    .for_each(|d| note_replaced(d, &replaced));
                Error::Rules(report)
            }
            other => other,
        })
    }
}

// The policy `hrrules analyze` evaluates.
impl Policy {
    /// This policy with the command line's analysis settings (`args`) put into its
    /// `[analysis]` (each from a source of its own, `--correlate`, `--compare`, ..., so a wrong
    /// name in one is reported with a caret), checked; then each comparison's `where` is
    /// computed as a hidden boolean value, `compare(1)`, `compare(2)`, ... in the order of
    /// [`AnalysisDef::compare`](crate::policy::AnalysisDef::compare), for every employee.
    pub fn for_analysis(&self, args: &crate::policy::AnalysisArgs) -> Result<Policy, Error> {
        let mut sources = Sources::new();
        for (_, file) in self.checked.sources.files() {
            sources.add(file.name(), file.text());
        }
        let mut def = self.origin.def.clone();
        let limits = self.origin.limits;
        let applied = policy::apply_analysis_args(&mut def, &mut sources, args, &limits);
        let errors = applied.err().unwrap_or_default();
        let sources = Arc::new(sources);
        let causes = check::Causes::default();
        let origin = |def| Origin {
            def,
            paths: self.origin.paths.clone(),
            limits,
        };
        // Checked once as given, so a `where` that is not a condition is reported as such.
        Policy::check(origin(def.clone()), sources.clone(), &errors, &causes)?;
        let compare = def.analysis.as_ref().map_or(&[][..], |a| &a.compare);
        let values: Vec<policy::ValueDef> = (compare.iter().enumerate())
            .map(|(i, c)| policy::ValueDef {
                name: policy::Named {
                    name: check::compare_value(i),
                    span: c.condition.span,
                },
                expr: c.condition.clone(),
                ty: Some((crate::vocab::ValueType::Bool, c.condition.span)),
                rounding: None,
                exclude_failed: false,
                docs: Default::default(),
            })
            .collect();
        def.values.extend(values);
        Policy::check(origin(def), sources, &[], &causes)
    }
}

// A file of the policy on its own, for its `[[tests]]` (see `crate::testing`).
impl Policy {
    /// The included file `file` and what it includes, checked as a policy of its own under
    /// this policy's `[policy]` settings: what that file's `[[tests]]` run against. `None`
    /// for the root file (the policy itself) and a file not read from a source.
    pub(crate) fn part(&self, file: FileId) -> Option<Result<Policy, Error>> {
        // The root file is the first loaded.
        if file == FileId(0) {
            return None;
        }
        let (_, path) = self.origin.paths.iter().find(|(id, _)| *id == file)?;
        let files = policy::LoadedFiles::new(&self.checked.sources, &self.origin.paths);
        let limits = &self.origin.limits;
        let loaded = policy::load_part(&files, path, &self.origin.def.meta, limits);
        Some(Policy::finish(loaded, limits))
    }
}

/// A param replaced by a what-if, for the notes on errors it leads to.
struct Replaced {
    name: String,
    /// Where the rule file declares it.
    declared: Span,
    /// Where its replacing formula is.
    set: Span,
}

/// Ties an error to what-ifs: one in a `--set` formula points at the param's declaration.
/// The policy checked before, so an error elsewhere follows from the replacements: one at a
/// replaced param's declaration (a cycle) points at the `--set` that made it, any other at
/// every `--set`.
fn note_replaced(d: &mut Diagnostic, replaced: &[Replaced]) {
    let Some(span) = d.span else { return };
    if let Some(r) = replaced.iter().find(|r| r.set.file == span.file) {
        d.notes
            .push((r.declared, format!("`{}` is declared here", r.name)));
        return;
    }
    let places: Vec<Span> = std::iter::once(span)
        .chain(d.notes.iter().map(|(s, _)| *s))
        .collect();
    let named: Vec<&Replaced> = replaced
        .iter()
        .filter(|r| places.contains(&r.declared))
        .collect();
    let cause = if named.is_empty() {
        replaced.iter().collect()
    } else {
        named
    };
    for r in cause {
        d.notes.push((r.set, format!("`{}` is set here", r.name)));
    }
}

/// The declared type that keeps a replaced param's checked type; `None` for a bare number
/// (which takes the type its uses need) or a param already in error.
fn value_type(ty: check::Ty) -> Option<crate::policy::ValueType> {
    use crate::policy::ValueType as V;
    match ty {
        check::Ty::Money => Some(V::Money),
        check::Ty::Number => Some(V::Number),
        check::Ty::Bool => Some(V::Bool),
        check::Ty::Date => Some(V::Date),
        check::Ty::Text => Some(V::Text),
        check::Ty::Flex | check::Ty::Error => None,
    }
}

/// How to load a policy: the limits, and the folders includes may be read from.
///
/// ```
/// use hrrules::{Limits, LoadOptions, Policy};
///
/// // Includes may come from the policy's folder and from a shared folder of building blocks.
/// let policy = Policy::options()
///     .allow_root("rules/common")
///     .limits(Limits { max_include_depth: 4, ..Limits::default() })
///     .load("rules/sales_2023h2.toml")?;
/// assert_eq!(policy.meta().currency, "CNY");
///
/// // An include that leaves the policy's folder is an error at its place; nothing is read.
/// let text = "[policy]\nname = \"x\"\ninclude = [\"../../etc/hostname.toml\"]\n";
/// let files = hrrules::policy::MemorySource::new([("x.toml", text)]);
/// let err = LoadOptions::new().load_from(&files, "x.toml").unwrap_err().to_string();
/// assert!(err.contains("x.toml:3:12: cannot include `../../etc/hostname.toml`: it leaves the policy's folder"), "{err}");
/// # Ok::<(), hrrules::Error>(())
/// ```
#[derive(Clone, Debug, Default)]
pub struct LoadOptions {
    pub(crate) limits: Limits,
    roots: Vec<PathBuf>,
}

impl LoadOptions {
    /// Default limits, includes from the rule file's own folder only.
    pub fn new() -> LoadOptions {
        LoadOptions::default()
    }

    /// Loads under these limits.
    pub fn limits(mut self, limits: Limits) -> LoadOptions {
        self.limits = limits;
        self
    }

    /// Lets includes also read rule files under `dir` (a shared `packs/` folder), named like
    /// any other include: relative to the including file (`../packs/social_cn.toml`).
    pub fn allow_root(mut self, dir: impl Into<PathBuf>) -> LoadOptions {
        self.roots.push(dir.into());
        self
    }

    /// Loads and checks the rule file at `path` and what it includes, from disk.
    pub fn load(&self, path: impl AsRef<Path>) -> Result<Policy, Error> {
        let loaded = policy::load_path_in(path.as_ref(), &self.roots, &self.limits);
        Policy::finish(loaded, &self.limits)
    }

    /// Loads and checks the rule file `root` of `source` and what it includes, from
    /// `source` only (the extra folders of [`LoadOptions::allow_root`] do not apply).
    pub fn load_from(&self, source: &dyn RuleSource, root: &str) -> Result<Policy, Error> {
        let loaded = policy::load_source(source, root, &self.limits);
        Policy::finish(loaded, &self.limits)
    }

    /// Checks a rule file given as text, named `name` in messages, reading its includes
    /// from `includes` as if the text were at the top of it; with `None`, an include is an
    /// error.
    pub fn from_source(
        &self,
        name: &str,
        text: &str,
        includes: Option<&dyn RuleSource>,
    ) -> Result<Policy, Error> {
        let loaded = policy::load_str_with(name, text, includes, &self.limits);
        Policy::finish(loaded, &self.limits)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_send_sync<T: Send + Sync>() {}

    #[test]
    fn policy_and_plan_are_send_sync() {
        assert_send_sync::<Policy>();
        assert_send_sync::<Plan>();
    }
}
