//! What can be wrong with one workbook cell, and the workbook formats: the typed parts of
//! the data layer's errors that only workbooks have.

use std::fmt;

/// The format of a workbook file, chosen by its extension.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum WorkbookFormat {
    /// Office Open XML: `.xlsx`, and `.xlsm` (with macros, which are never run).
    Xlsx,
    /// The binary format of Excel 97-2003: `.xls`.
    Xls,
    /// OpenDocument spreadsheet (LibreOffice, WPS): `.ods`.
    Ods,
}

impl WorkbookFormat {
    /// The format of a file with this extension (without the dot, in any case): `xlsx`,
    /// `xlsm`, `xls` or `ods`.
    pub fn from_extension(extension: &str) -> Option<WorkbookFormat> {
        match extension.to_ascii_lowercase().as_str() {
            "xlsx" | "xlsm" => Some(WorkbookFormat::Xlsx),
            "xls" => Some(WorkbookFormat::Xls),
            "ods" => Some(WorkbookFormat::Ods),
            _ => None,
        }
    }
}

/// `an Excel (.xlsx)`, as in "cannot read the file as an Excel (.xlsx) workbook".
impl fmt::Display for WorkbookFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            WorkbookFormat::Xlsx => "an Excel (.xlsx)",
            WorkbookFormat::Xls => "an Excel 97-2003 (.xls)",
            WorkbookFormat::Ods => "an OpenDocument (.ods)",
        })
    }
}

/// An error value a spreadsheet shows in a cell instead of a value, usually the result of a
/// formula that failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ErrorValue {
    /// `#DIV/0!`: `=B7/C7` with C7 zero or empty.
    DivideByZero,
    /// `#N/A`: a lookup (`VLOOKUP`) that found nothing.
    NotAvailable,
    /// `#VALUE!`: `="abc"*2`, a value of the wrong type.
    Value,
    /// `#REF!`: a formula whose cell was deleted.
    Reference,
    /// `#NAME?`: a misspelt function or name, `=SUMM(B2:B9)`.
    Name,
    /// `#NUM!`: `=SQRT(-1)`, a number out of range.
    Number,
    /// `#NULL!`: `=SUM(B2:B4 D2:D4)`, ranges that do not meet.
    Null,
    /// `#DATA!` (`#GETTING_DATA`): a value still being fetched when the file was saved.
    GettingData,
}

impl ErrorValue {
    /// The error as the spreadsheet shows it: `#DIV/0!`.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorValue::DivideByZero => "#DIV/0!",
            ErrorValue::NotAvailable => "#N/A",
            ErrorValue::Value => "#VALUE!",
            ErrorValue::Reference => "#REF!",
            ErrorValue::Name => "#NAME?",
            ErrorValue::Number => "#NUM!",
            ErrorValue::Null => "#NULL!",
            ErrorValue::GettingData => "#DATA!",
        }
    }

    /// What usually causes it, for a message.
    fn cause(self) -> &'static str {
        match self {
            ErrorValue::DivideByZero => "a formula divides by zero or by an empty cell",
            ErrorValue::NotAvailable => "a lookup found no value",
            ErrorValue::Value => "a formula got a value of the wrong type",
            ErrorValue::Reference => "a formula refers to a cell that was deleted",
            ErrorValue::Name => "a formula uses a name or function the spreadsheet does not know",
            ErrorValue::Number => "a formula's number is out of range",
            ErrorValue::Null => "a formula's ranges do not meet",
            ErrorValue::GettingData => "the value was still being fetched when the file was saved",
        }
    }
}

/// What is wrong with one workbook cell. Like a CSV cell's problem, it fails an employee only
/// where the column feeds an input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SheetProblem {
    /// The cell holds an error value, e.g. `#DIV/0!`.
    ErrorValue(ErrorValue),
    /// A date cell whose serial number is no day the spreadsheet can show: negative, or past
    /// 9999-12-31 (`3000000` formatted as a date).
    DateOutOfRange {
        /// The serial number, as its text.
        serial: String,
    },
    /// A number cell holding an infinity or NaN, which no spreadsheet writes (a damaged or
    /// hand-made file).
    NotFinite,
}

impl fmt::Display for SheetProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SheetProblem::ErrorValue(e) => write!(
                f,
                "the cell holds the error {} ({}); correct it in the workbook, or clear the cell",
                e.as_str(),
                e.cause()
            ),
            SheetProblem::DateOutOfRange { serial } => write!(
                f,
                "the date cell's serial number {serial} is not a day the spreadsheet can show (it is before the workbook's first day, or after 9999-12-31)"
            ),
            SheetProblem::NotFinite => {
                f.write_str("the number cell holds no number (an infinity or NaN)")
            }
        }
    }
}
