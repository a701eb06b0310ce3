//! One workbook cell, as calamine hands it over, to the text a CSV cell of the same sheet
//! would hold (or the problem that stands for it).

use super::date::{self, Epoch};
use super::number::number_text;
use super::problem::{ErrorValue, SheetProblem};
use calamine::{CellErrorType, Data, DataRef, ExcelDateTime, ExcelDateTimeType};

/// A cell's content, converted.
#[derive(Debug)]
pub(super) enum Content {
    /// An empty cell, or text that is only whitespace: missing, never zero.
    Blank,
    /// A text cell, trimmed: the only kind a header row is made of.
    Text(String),
    /// A number, date or boolean, as text: `1234.5`, `2023-09-30`, `true`.
    Value(String),
    /// A cell that holds no value, with the text shown in its place (`#DIV/0!`).
    Problem(String, SheetProblem),
    /// A text cell longer than the cell and header limits: its length in bytes (the text is
    /// not kept).
    TooLong(u64),
}

impl Content {
    /// Bytes of text the cell keeps.
    pub(super) fn text_len(&self) -> usize {
        match self {
            Content::Blank | Content::TooLong(_) => 0,
            Content::Text(t) | Content::Value(t) | Content::Problem(t, _) => t.len(),
        }
    }
}

/// A cell of an `.xlsx` sheet, streamed.
pub(super) fn from_ref(value: &DataRef<'_>, max_bytes: usize) -> Content {
    match value {
        DataRef::Int(i) => Content::Value(i.to_string()),
        DataRef::Float(f) => float(*f),
        DataRef::String(s) => text(s, max_bytes),
        DataRef::SharedString(s) => text(s, max_bytes),
        DataRef::Bool(b) => Content::Value(b.to_string()),
        DataRef::DateTime(d) => date_time(d),
        DataRef::DateTimeIso(s) => iso_value(date::iso_date_text(s)),
        DataRef::DurationIso(s) => iso_value(date::iso_duration_text(s)),
        DataRef::Error(e) => error(e),
        DataRef::Empty => Content::Blank,
    }
}

/// A cell of an `.xls` or `.ods` sheet.
pub(super) fn from_data(value: &Data, max_bytes: usize) -> Content {
    match value {
        Data::Int(i) => Content::Value(i.to_string()),
        Data::Float(f) => float(*f),
        Data::String(s) => text(s, max_bytes),
        Data::Bool(b) => Content::Value(b.to_string()),
        Data::DateTime(d) => date_time(d),
        Data::DateTimeIso(s) => iso_value(date::iso_date_text(s)),
        Data::DurationIso(s) => iso_value(date::iso_duration_text(s)),
        Data::Error(e) => error(e),
        Data::Empty => Content::Blank,
    }
}

/// A value's text, blank when there is none (a date value of spaces in a damaged file).
fn iso_value(text: String) -> Content {
    if text.is_empty() {
        Content::Blank
    } else {
        Content::Value(text)
    }
}

fn text(s: &str, max_bytes: usize) -> Content {
    let s = s.trim();
    if s.len() > max_bytes {
        Content::TooLong(s.len() as u64)
    } else if s.is_empty() {
        Content::Blank
    } else {
        Content::Text(s.to_string())
    }
}

fn float(f: f64) -> Content {
    match number_text(f) {
        Some(text) => Content::Value(text),
        None => Content::Problem(f.to_string(), SheetProblem::NotFinite),
    }
}

fn date_time(d: &ExcelDateTime) -> Content {
    let serial = d.as_f64();
    if d.is_duration() {
        return match date::duration_text(serial) {
            Some(text) => Content::Value(text),
            None => out_of_range(serial),
        };
    }
    // calamine keeps the workbook's date system inside the value; a value built for the
    // 1904 system from the same serial is equal to it exactly when the workbook uses 1904.
    let epoch = if *d == ExcelDateTime::new(serial, ExcelDateTimeType::DateTime, true) {
        Epoch::Excel1904
    } else {
        Epoch::Excel1900
    };
    match date::date_text(serial, epoch) {
        Some(text) => Content::Value(text),
        None => out_of_range(serial),
    }
}

fn out_of_range(serial: f64) -> Content {
    let text = number_text(serial).unwrap_or_else(|| serial.to_string());
    Content::Problem(text.clone(), SheetProblem::DateOutOfRange { serial: text })
}

fn error(e: &CellErrorType) -> Content {
    let value = match e {
        CellErrorType::Div0 => ErrorValue::DivideByZero,
        CellErrorType::NA => ErrorValue::NotAvailable,
        CellErrorType::Name => ErrorValue::Name,
        CellErrorType::Null => ErrorValue::Null,
        CellErrorType::Num => ErrorValue::Number,
        CellErrorType::Ref => ErrorValue::Reference,
        CellErrorType::Value => ErrorValue::Value,
        CellErrorType::GettingData => ErrorValue::GettingData,
    };
    Content::Problem(value.as_str().to_string(), SheetProblem::ErrorValue(value))
}
