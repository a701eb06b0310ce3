//! One employee's classified month as text, for `hrrules explain --records`: each record with
//! what it added to which measure, then the measures' totals.

use crate::attendance::{hours, Attendance, Month, Punch, PunchKind, PunchTime};
use crate::calendar::{weekday, DayKind, WEEKDAYS};
use crate::policy::{HoursSystem, MeasureOf};
use crate::text::escape_controls;
use std::io::{self, Write};

/// Writes `month` as an indented block:
///
/// ```text
/// attendance of P003 in 2023-10: comprehensive hours, 17 working days (136 h standard)
///   punches.csv:12  2023-10-01 sun holiday  night 21:58-06:03  ot_holiday_hours +7.25, night_hours +7.25, shifts.night +1
///   ...
///   totals: hours_worked 190.5, regular_hours 136, ot_workday_hours 12, ...
/// ```
pub fn write_month(out: &mut dyn Write, att: &Attendance, month: &Month) -> io::Result<()> {
    let system = match att.hours() {
        HoursSystem::Standard => "standard hours",
        HoursSystem::Comprehensive => "comprehensive hours",
        HoursSystem::Flexible => "flexible hours",
    };
    let standard = u64::from(month.workdays) * u64::from(att.day_hours()) * 60;
    writeln!(
        out,
        "attendance of {} in {}: {system}, {} working days ({} h standard)",
        escape_controls(&month.employee),
        month.period,
        month.workdays,
        hours(standard)
    )?;
    let name = |of: MeasureOf| {
        (month.measures.iter())
            .find(|m| m.of == of)
            .map_or("?", |m| {
                m.name.strip_prefix("attendance.").unwrap_or(&m.name)
            })
    };
    for p in &month.punches {
        let file = (month.files.get(usize::from(p.at.file))).map_or("?", |f| &**f);
        let day = day_name(att, p.date);
        let what = what(att, p);
        let time = time(p);
        let project = match p.project.and_then(|i| att.projects().nth(usize::from(i))) {
            Some(name) => format!(" [{name}]"),
            None => String::new(),
        };
        let added: Vec<String> = (month.contributions.iter())
            .filter(|c| c.at == p.at)
            .map(|c| {
                format!(
                    "{} +{}",
                    name(c.of),
                    amount(c.of, c.amount, att.day_hours())
                )
            })
            .collect();
        writeln!(
            out,
            "  {}:{}  {} {} {:<8} {:<18} {:<11}{}  {}",
            escape_controls(file),
            p.at.row,
            p.date,
            WEEKDAYS[weekday(p.date)],
            day,
            escape_controls(&what),
            time,
            escape_controls(&project),
            if added.is_empty() {
                "(nothing)".to_string()
            } else {
                added.join(", ")
            }
        )?;
    }
    let totals: Vec<String> = (month.measures.iter())
        .filter_map(|m| {
            let v = month.tally.value(m.of, month.workdays, att.day_hours());
            let zero = v.as_decimal().is_some_and(|d| d.is_zero());
            (!zero || matches!(m.of, MeasureOf::HoursWorked | MeasureOf::RegularHours)).then(|| {
                let n = m.name.strip_prefix("attendance.").unwrap_or(&m.name);
                format!("{n} {v}")
            })
        })
        .collect();
    writeln!(out, "  totals: {}", totals.join(", "))
}

/// `month` as JSON, for `explain --records --format json`: `{"employee", "period", "workdays",
/// "records": [{"file", "row", "date", "day", "what", "time", "project", "added": {measure:
/// amount}}], "totals": {measure: value}}`, every number as a string.
pub fn month_json(att: &Attendance, month: &Month) -> serde_json::Value {
    use serde_json::{json, Map, Value as J};
    let short = |of: MeasureOf| {
        (month.measures.iter())
            .find(|m| m.of == of)
            .map_or_else(|| "?".to_string(), |m| m.name.clone())
    };
    let records: Vec<J> = (month.punches.iter())
        .map(|p| {
            let mut added = Map::new();
            for c in month.contributions.iter().filter(|c| c.at == p.at) {
                let a = amount(c.of, c.amount, att.day_hours());
                let number = a.split(' ').next().unwrap_or("").to_string();
                added.insert(short(c.of), J::String(number));
            }
            json!({
                "file": month.files.get(usize::from(p.at.file)).map(|f| f.to_string()),
                "row": p.at.row,
                "date": p.date.to_string(),
                "day": day_name(att, p.date),
                "what": what(att, p),
                "time": time(p),
                "project": p.project.and_then(|i| att.projects().nth(usize::from(i))),
                "added": added,
            })
        })
        .collect();
    let mut totals = Map::new();
    for m in &month.measures {
        let v = month.tally.value(m.of, month.workdays, att.day_hours());
        totals.insert(m.name.clone(), J::String(v.to_string()));
    }
    json!({
        "employee": month.employee,
        "period": month.period.to_string(),
        "workdays": month.workdays,
        "records": records,
        "totals": totals,
    })
}

fn day_name(att: &Attendance, date: crate::date::Date) -> &'static str {
    match att.day(date) {
        Some(DayKind::Workday) => "workday",
        Some(DayKind::RestDay) => "rest day",
        Some(DayKind::Holiday) => "holiday",
        None => "no calendar",
    }
}

fn what(att: &Attendance, p: &Punch) -> String {
    match p.kind {
        PunchKind::Work => match p.shift.and_then(|s| att.shifts().get(usize::from(s))) {
            Some(s) => s.name.name.clone(),
            None => "work".to_string(),
        },
        PunchKind::Leave(k) => format!("{} leave", k.name()),
        PunchKind::Visit { checked_in: true } => "visit, checked in".to_string(),
        PunchKind::Visit { checked_in: false } => "visit".to_string(),
    }
}

fn time(p: &Punch) -> String {
    match p.time {
        PunchTime::Clock { start, end } => format!("{start}-{end}"),
        PunchTime::Minutes(m) => format!("{} h", hours(u64::from(m))),
        PunchTime::None => String::new(),
    }
}

/// A contribution's amount as the measure shows it: hours for minutes, days for leave, a
/// count otherwise.
fn amount(of: MeasureOf, amount: u64, day_hours: u8) -> String {
    use MeasureOf as M;
    match of {
        M::HoursWorked
        | M::RegularHours
        | M::OtWorkdayHours
        | M::OtRestdayHours
        | M::OtHolidayHours
        | M::NightHours
        | M::ProjectHours(_) => format!("{} h", hours(amount)),
        M::LeaveDays(_) => {
            let day = u64::from(day_hours) * 60;
            let days =
                rust_decimal::Decimal::from(amount) / rust_decimal::Decimal::from(day.max(1));
            format!("{} d", days.round_dp(4).normalize())
        }
        _ => amount.to_string(),
    }
}
