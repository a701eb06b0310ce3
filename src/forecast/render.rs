//! The forecast as a table for people and as JSON for tools (decimals as strings).

use super::{Forecast, MonthForecast};
use serde_json::{json, Value as Json};
use std::fmt::Write;

impl Forecast {
    /// A table, one line per month, then a line on how the standard hours were counted.
    pub fn to_table(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "{:<8} {:>8} {:>12} {:>15} {:>13} {:>16} {:>10} {:>10}",
            "month",
            "std_h",
            "hours_needed",
            "hours_available",
            "people_needed",
            "people_available",
            "gap_hours",
            "gap"
        );
        for m in &self.months {
            let _ = writeln!(
                out,
                "{:<8} {:>8} {:>12} {:>15} {:>13} {:>16} {:>10} {:>10}",
                m.month.to_string(),
                m.standard_hours.to_string(),
                m.hours_needed.to_string(),
                m.hours_available.to_string(),
                m.people_needed,
                m.people_available.to_string(),
                m.gap_hours.to_string(),
                gap_words(m)
            );
        }
        let _ = writeln!(out, "\n{}", self.basis());
        if self.rows_outside > 0 {
            let _ = writeln!(
                out,
                "note: {} plan row(s) fall outside the months forecast and are not counted",
                self.rows_outside
            );
        }
        out
    }

    /// JSON: `{"basis": ..., "months": [{"month": "2024-01", "hours_needed": "1000", ...}]}`.
    pub fn to_json(&self) -> Json {
        let months: Vec<Json> = self
            .months
            .iter()
            .map(|m| {
                json!({
                    "month": m.month.to_string(),
                    "standard_hours": m.standard_hours.to_string(),
                    "hours_needed": m.hours_needed.to_string(),
                    "hours_available": m.hours_available.to_string(),
                    "people_needed": m.people_needed,
                    "people_available": m.people_available.to_string(),
                    "gap_hours": m.gap_hours.to_string(),
                    "gap_people": m.gap_people,
                })
            })
            .collect();
        json!({
            "standard_hours": if self.by_calendar { "calendar" } else { "174" },
            "rows_outside": self.rows_outside,
            "months": months,
        })
    }

    fn basis(&self) -> &'static str {
        if self.by_calendar {
            "standard hours: the calendar's working days x 8; gap: + people to hire, - people to spare"
        } else {
            "standard hours: 174 a month (21.75 days x 8, 劳社部发〔2008〕3号); give --calendar for each month's working days; gap: + people to hire, - people to spare"
        }
    }
}

fn gap_words(m: &MonthForecast) -> String {
    match m.gap_people {
        0 => "0".to_string(),
        n if n > 0 => format!("+{n} hire"),
        n => format!("{n} spare"),
    }
}
