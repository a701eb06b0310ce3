//! The TOML rule-file model: tables, includes, effective-dated params.
//!
//! [`load_path`] and [`load_str`] read a rule file and the files it includes into a
//! [`PolicyDef`], collecting every [`PolicyError`] on the way rather than stopping at the
//! first. Formulas are parsed here (spans point into the `.toml` file); names, types and
//! orderings are checked later, by the checker.

mod analysis;
mod analysis_args;
mod attendance;
mod attendance_error;
mod calc;
mod columns;
mod decision;
mod error;
mod file;
mod fs;
mod load;
mod measures;
pub mod model;
mod names;
mod part;
mod payslip;
mod set;
mod source;
mod tables;
mod team_tests;
mod toml_read;

pub use analysis::{Against, AnalysisDef, AnalysisRuleError, CompareDef};
pub use analysis_args::{apply_analysis_args, AnalysisArgs};
pub use attendance::{
    AttendanceDef, CalendarRef, ClockWindow, HoursSystem, PunchMode, PunchRounding, RecordsRule,
    Shift,
};
pub use attendance_error::AttendanceRuleError;
pub use columns::ColumnsRuleError;
pub use decision::{Bound, Condition, DecisionDef, DecisionRuleError, HitPolicy, RowDef};
pub use error::{DateProblem, PolicyError};
pub use fs::FsSource;
pub use load::{load_part, load_path, load_path_in, load_source, load_str, load_str_with, Loaded};
pub use measures::{Measure, MeasureOf};
pub use model::*;
pub use part::LoadedFiles;
pub use payslip::{Label, Lang, PayslipDef, PayslipLine, PayslipRuleError};
pub use set::{set_params, SetError, SetParam, SET_SOURCE};
pub use source::{MemorySource, PathError, RulePath, RuleSource, SourceError};
/// The TOML type of a value in words, for the calendar reader's messages too.
pub(crate) use toml_read::found as toml_type;
