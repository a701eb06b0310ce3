//! How evaluation results and errors serialize, for an HR product that stores or sends them.
//!
//! - [`Evaluation`] serializes as a map of its shown columns (`[outputs]`, or every value), in
//!   order; [`Evaluation::all_values`] as a map of every named figure (inputs, params, values,
//!   scorecards and their metrics, tiers and their rates), sorted by name. Decimals are strings,
//!   exactly as computed (`"8000.00"`); booleans are booleans; dates are `"2023-09-30"`.
//! - [`EvalError`] serializes as `{"kind": "division_by_zero", "message": "...", "at": {"file":
//!   "sales.toml", "line": 31, "column": 14}}`: `kind` is [`EvalError::kind`], stable across
//!   versions; `message` is the error as printed; `at` is `null` for an error with no place
//!   (a bad input given through the library).

use super::error::EvalError;
use super::run::Evaluation;
use crate::error::Location;
use crate::value::Value;
use serde::ser::{Serialize, SerializeMap, Serializer};

/// Every named figure of an [`Evaluation`], serializable as a map sorted by name. Made by
/// [`Evaluation::all_values`].
#[derive(Clone, Copy, Debug)]
pub struct AllValues<'a>(&'a Evaluation);

impl Evaluation {
    /// Every named figure, to serialize: `serde_json::to_string(&figures.all_values())` gives
    /// `{"base_salary": "12000", "commission": "8000.00", "commission.rate": "0.04", ...}`.
    /// (Serializing the [`Evaluation`] itself gives only the shown columns.)
    pub fn all_values(&self) -> AllValues<'_> {
        AllValues(self)
    }
}

impl Serialize for AllValues<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let all: Vec<(&str, &Value)> = self.0.all();
        let mut map = s.serialize_map(Some(all.len()))?;
        for (name, value) in all {
            map.serialize_entry(name, value)?;
        }
        map.end()
    }
}

impl EvalError {
    /// The kind of error as a stable, machine-readable name: `division_by_zero`, `overflow`,
    /// `inexact`, `too_many_places`, `missing_input`, `out_of_range`, `not_whole`, `no_grade`,
    /// `clamp_bounds`, `internal`, `panicked`, `invalid_input`, `bad_record`, `unknown_name`,
    /// `foreign_inputs`.
    pub fn kind(&self) -> &'static str {
        match self {
            EvalError::DivisionByZero { .. } => "division_by_zero",
            EvalError::Overflow { .. } => "overflow",
            EvalError::Inexact { .. } => "inexact",
            EvalError::TooManyPlaces { .. } => "too_many_places",
            EvalError::MissingInput { .. } => "missing_input",
            EvalError::OutOfRange { .. } => "out_of_range",
            EvalError::NotWhole { .. } => "not_whole",
            EvalError::NoGrade { .. } => "no_grade",
            EvalError::NoRow { .. } => "no_row",
            EvalError::ClampBounds { .. } => "clamp_bounds",
            EvalError::Internal { .. } => "internal",
            EvalError::Panicked => "panicked",
            EvalError::InvalidInput { .. } => "invalid_input",
            EvalError::BadRecord { .. } => "bad_record",
            EvalError::UnknownName { .. } => "unknown_name",
            EvalError::ForeignInputs { .. } => "foreign_inputs",
        }
    }

    /// The place in the rule file the error points at, if it has one.
    pub fn at(&self) -> Option<&Location> {
        match self {
            EvalError::DivisionByZero { at, .. }
            | EvalError::Overflow { at, .. }
            | EvalError::Inexact { at, .. }
            | EvalError::TooManyPlaces { at, .. }
            | EvalError::MissingInput { at, .. }
            | EvalError::OutOfRange { at, .. }
            | EvalError::NotWhole { at, .. }
            | EvalError::NoGrade { at, .. }
            | EvalError::NoRow { at, .. }
            | EvalError::ClampBounds { at, .. } => Some(at),
            EvalError::Internal { .. }
            | EvalError::Panicked
            | EvalError::InvalidInput { .. }
            | EvalError::BadRecord { .. }
            | EvalError::UnknownName { .. }
            | EvalError::ForeignInputs { .. } => None,
        }
    }

    /// Writes `kind`, `message` and `at` into a map being serialized (shared with the
    /// serialization of [`crate::EmployeeError`], which adds the data cell).
    pub(crate) fn serialize_fields<M: SerializeMap>(
        &self,
        map: &mut M,
        message: &str,
    ) -> Result<(), M::Error> {
        map.serialize_entry("kind", self.kind())?;
        map.serialize_entry("message", message)?;
        map.serialize_entry("at", &self.at())
    }
}

/// `{"kind": ..., "message": ..., "at": {"file": ..., "line": ..., "column": ...} or null}`.
impl Serialize for EvalError {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(3))?;
        self.serialize_fields(&mut map, &self.to_string())?;
        map.end()
    }
}
