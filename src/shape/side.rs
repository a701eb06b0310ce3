//! The files beside the rules: calendars (docs/rules.md section 23) and mapping files
//! (section 17.5).

use super::{optional, required, Holds, Table};
use Holds::*;

/// A calendar file: one `[calendar]` table.
pub static CALENDAR_FILE: Table = Table {
    title: "a calendar file",
    doc: "An official working calendar for one year: holidays, adjusted rest days and make-up working days (docs/rules.md section 23).",
    keys: &[required("calendar", Table(&CALENDAR_TABLE), "the calendar")],
};

/// `[calendar]`.
pub static CALENDAR_TABLE: Table = Table {
    title: "[calendar]",
    doc: "One year's official calendar.",
    keys: &[
        required("name", Text, "the calendar's name"),
        required(
            "year",
            Whole,
            "the year it covers, 1 to 9999; every date must be in it",
        ),
        optional(
            "reference",
            Text,
            "the notice it follows (国办发明电〔2022〕16号)",
        ),
        optional(
            "weekend",
            List(&Words(&["mon", "tue", "wed", "thu", "fri", "sat", "sun"])),
            "the days of the usual weekend (default [\"sat\", \"sun\"])",
        ),
        optional(
            "holidays",
            Tables(&HOLIDAY),
            "statutory holidays (work on them is paid 300%)",
        ),
        optional(
            "rest_days",
            List(&Date),
            "weekdays freed by an adjustment (调休放假)",
        ),
        optional(
            "workdays",
            List(&Date),
            "make-up working days on weekend days (调休上班)",
        ),
    ],
};

/// A statutory holiday.
pub static HOLIDAY: Table = Table {
    title: "a holiday",
    doc: "A statutory holiday: its date and name.",
    keys: &[
        required("date", Date, "the day, YYYY-MM-DD"),
        required("name", Text, "its name (国庆节 National Day)"),
    ],
};

/// A mapping file: one `[columns]` table.
pub static MAPPING_FILE: Table = Table {
    title: "a mapping file",
    doc: "One system's export mapped to the policy's inputs: column as exported = name the policy reads (docs/rules.md section 17.5).",
    keys: &[required("columns", Named(&Text), "\"column as the export writes it\" = \"input, one of an input's columns, or the key column\"")],
};
