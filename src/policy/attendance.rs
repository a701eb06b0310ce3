//! The `[attendance]` table of a rule file: calendars, the working-hours system, the night
//! window, punch rounding, lateness tolerance and `[attendance.shifts.NAME]`.
//!
//! Read and checked here; the calendar files it names are read (confined like includes) by
//! the loader and parsed by the stage that joins policy and calendars.

use crate::shape;
use toml::de::{DeTable, DeValue};

use super::attendance_error::AttendanceRuleError as A;
use super::error::PolicyError;
use super::model::Named;
use super::toml_read::{Item, Reader};
use crate::error::{nearest, FileId, Span};
use crate::vocab::ClockTime;

const SYSTEMS: [&str; 3] = ["standard", "comprehensive", "flexible"];
const MODES: [&str; 3] = ["down", "up", "nearest"];
const RECORDS: [&str; 2] = ["required", "optional"];

/// Whether every employee must have attendance records for the period (`records`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RecordsRule {
    /// `"required"` (the default): an employee with no record in the period is an error row.
    Required,
    /// `"optional"`: an employee with no record gets zero for every measure but
    /// `attendance.workdays` (office staff, sales on the road).
    Optional,
}

/// The working-hours system of the policy (工时制度), or of one employee (`hours_from`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum HoursSystem {
    /// 标准工时: hours over `day_hours` on a working day are workday overtime; work on a rest
    /// day is rest-day overtime; on a statutory holiday, holiday overtime.
    Standard,
    /// 综合计算工时: the period's hours beyond its working days x `day_hours` are workday
    /// overtime; statutory-holiday work is always holiday overtime; weekends are ordinary.
    Comprehensive,
    /// 不定时: no overtime except work on a statutory holiday.
    Flexible,
}

impl HoursSystem {
    /// Every system, with its name in rule files and data.
    pub const ALL: [(&'static str, HoursSystem); 3] = [
        ("standard", HoursSystem::Standard),
        ("comprehensive", HoursSystem::Comprehensive),
        ("flexible", HoursSystem::Flexible),
    ];

    /// Its position in [`HoursSystem::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }

    /// Its name.
    pub fn name(self) -> &'static str {
        HoursSystem::ALL[self.index()].0
    }

    /// The system a data cell names: `standard`, `comprehensive`, `flexible` (any case) or
    /// the names on a labour contract, 标准工时, 综合计算工时 (综合工时), 不定时工时 (不定时).
    pub fn from_text(text: &str) -> Option<HoursSystem> {
        let t = text.trim();
        let lower = t.to_ascii_lowercase();
        if let Some((_, h)) = HoursSystem::ALL.iter().find(|(n, _)| *n == lower) {
            return Some(*h);
        }
        match t {
            "标准工时" | "标准工时制" => Some(HoursSystem::Standard),
            "综合计算工时" | "综合工时" | "综合计算工时制" => {
                Some(HoursSystem::Comprehensive)
            }
            "不定时工时" | "不定时" | "不定时工作制" => Some(HoursSystem::Flexible),
            _ => None,
        }
    }
}

/// Which way punches are rounded to the step.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PunchMode {
    /// Towards the earlier time.
    Down,
    /// Towards the later time.
    Up,
    /// To the nearest step, halves up.
    Nearest,
}

/// `punch_rounding = { minutes = 15, mode = "down" }`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct PunchRounding {
    /// The step, dividing 60.
    pub minutes: u16,
    /// The direction.
    pub mode: PunchMode,
}

/// A window of the day between two clock times; it crosses midnight when `end < start`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ClockWindow {
    /// When it starts.
    pub start: ClockTime,
    /// When it ends; never equal to `start`.
    pub end: ClockTime,
}

impl ClockWindow {
    /// Its length in minutes (1 to 1439).
    pub fn minutes(&self) -> u16 {
        self.start.minutes_until(self.end)
    }

    /// Whether it runs past midnight into the next day.
    pub fn crosses_midnight(&self) -> bool {
        self.end < self.start
    }
}

/// `[attendance.shifts.NAME]`: a shift belongs to the day it starts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Shift {
    /// Its name and where it is declared.
    pub name: Named,
    /// `start` and `end`.
    pub window: ClockWindow,
    /// `break_minutes`: unpaid, shorter than the shift.
    pub break_minutes: u16,
}

impl Shift {
    /// The minutes paid: the shift less its break.
    pub fn paid_minutes(&self) -> u16 {
        self.window.minutes() - self.break_minutes
    }
}

/// One entry of `calendars`, and the file read for it (none when it could not be read).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CalendarRef {
    /// The path as written.
    pub path: String,
    /// Where it is written.
    pub span: Span,
    /// The file's text among the policy's sources, once read.
    pub file: Option<FileId>,
}

/// The `[attendance]` table, checked (calendar files not yet parsed).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AttendanceDef {
    /// `calendars`, in the order written.
    pub calendars: Vec<CalendarRef>,
    /// `projects`: the names time may be booked to, in the order written.
    pub projects: Vec<Named>,
    /// `records`, `required` when not given.
    pub records: RecordsRule,
    /// `hours`, `standard` when not given.
    pub hours: HoursSystem,
    /// `hours_from`: a text input naming each employee's own system (综合计算工时 is approved
    /// per position), `hours` for those without one.
    pub hours_from: Option<Named>,
    /// `day_hours`, 1 to 24, default 8.
    pub day_hours: u8,
    /// `night`.
    pub night: Option<ClockWindow>,
    /// `punch_rounding`.
    pub punch_rounding: Option<PunchRounding>,
    /// `late_tolerance_minutes`, default 0.
    pub late_tolerance_minutes: u16,
    /// `[attendance.shifts.NAME]`, in the order written.
    pub shifts: Vec<Shift>,
    /// Where the table is.
    pub span: Span,
}

/// Reads `[attendance]`; `None` when it is not a table or the calendars list is unusable.
pub(crate) fn attendance(r: &mut Reader<'_>, item: &Item<'_>) -> Option<AttendanceDef> {
    let t = r.table(item, "attendance")?;
    let span = r.at(item);
    r.check_keys(t, &shape::ATTENDANCE, "[attendance]");
    let calendars = r
        .required(t, "calendars", "[attendance]", span)
        .and_then(|c| calendars(r, c))
        .unwrap_or_default();
    let projects = match t.get("projects") {
        Some(p) => projects(r, p),
        None => Some(Vec::new()),
    };
    let records = match t.get("records") {
        Some(h) => choice(r, h, "records", &RECORDS)
            .map(|i| [RecordsRule::Required, RecordsRule::Optional][i]),
        None => Some(RecordsRule::Required),
    };
    let hours = match t.get("hours") {
        Some(h) => choice(r, h, "hours", &SYSTEMS).map(|i| {
            [
                HoursSystem::Standard,
                HoursSystem::Comprehensive,
                HoursSystem::Flexible,
            ][i]
        }),
        None => Some(HoursSystem::Standard),
    };
    let hours_from = t.get("hours_from").and_then(|h| {
        let name = r.string(h, "hours_from")?;
        Some(Named {
            name,
            span: r.at(h),
        })
    });
    let day_hours = opt_int(r, t, "day_hours", 1, 24, 8);
    let night = t.get("night").and_then(|n| window(r, n, "night"));
    if let Some(w) = night.filter(|w| w.start == w.end) {
        let end = t.get("night").and_then(|n| sub_span(r, n, "end"));
        r.error(PolicyError::Attendance(A::EmptyNight {
            time: w.start,
            span: end.unwrap_or(span),
        }));
    }
    let punch_rounding = t.get("punch_rounding").and_then(|p| rounding(r, p));
    let late = opt_int(r, t, "late_tolerance_minutes", 0, 240, 0);
    let mut shifts = Vec::new();
    if let Some(s) = t.get("shifts").and_then(|s| r.table(s, "shifts")) {
        for (key, item) in s.iter() {
            let name = r.name(key);
            if let Some(shift) = r.table(item, "a shift").and_then(|t| shift(r, t, name?)) {
                shifts.push(shift);
            }
        }
    }
    Some(AttendanceDef {
        calendars,
        projects: projects?,
        records: records?,
        hours: hours?,
        hours_from,
        day_hours: u8::try_from(day_hours?).ok()?,
        night: night.filter(|w| w.start != w.end),
        punch_rounding: punch_rounding.flatten(),
        late_tolerance_minutes: u16::try_from(late?).ok()?,
        shifts,
        span,
    })
}

fn calendars(r: &mut Reader<'_>, item: &Item<'_>) -> Option<Vec<CalendarRef>> {
    let expected = "a list of calendar files like [\"calendars/cn-2023.toml\"]";
    let list = r.array(item, "calendars", expected)?;
    let mut out = Vec::new();
    for entry in list.iter() {
        if let Some(path) = r.string(entry, "each entry of `calendars`") {
            out.push(CalendarRef {
                path,
                span: r.at(entry),
                file: None,
            });
        }
    }
    Some(out)
}

/// `projects = ["knee_gen3", "spine_cage"]`: each a name (it becomes part of the measure
/// `attendance.project_hours.NAME`), none twice.
fn projects(r: &mut Reader<'_>, item: &Item<'_>) -> Option<Vec<Named>> {
    let expected = "a list of project names like [\"knee_gen3\", \"spine_cage\"]";
    let list = r.array(item, "projects", expected)?;
    let mut out: Vec<Named> = Vec::new();
    for entry in list.iter() {
        let Some(name) = r.string(entry, "each entry of `projects`") else {
            continue;
        };
        let span = r.at(entry);
        if let Some(reason) = super::toml_read::name_problem(&name) {
            r.error(PolicyError::Attendance(A::BadProject {
                name,
                reason,
                span,
            }));
            continue;
        }
        if let Some(first) = out.iter().find(|p| p.name == name) {
            let first = first.span;
            r.error(PolicyError::Attendance(A::ProjectTwice {
                name,
                span,
                first,
            }));
            continue;
        }
        out.push(Named { name, span });
    }
    Some(out)
}

/// The index in `options` of the string at `item`, reporting an unknown one.
fn choice(
    r: &mut Reader<'_>,
    item: &Item<'_>,
    key: &'static str,
    options: &[&'static str],
) -> Option<usize> {
    let text = r.string(item, key)?;
    if let Some(i) = options.iter().position(|o| *o == text) {
        return Some(i);
    }
    let suggestion = nearest(&text.to_lowercase(), options.iter().copied());
    let span = r.at(item);
    r.error(PolicyError::Attendance(if key == "hours" {
        A::UnknownHours {
            text,
            suggestion,
            span,
        }
    } else if key == "records" {
        A::UnknownRecordsRule {
            text,
            suggestion,
            span,
        }
    } else {
        A::UnknownPunchMode {
            text,
            suggestion,
            span,
        }
    }));
    None
}

/// A whole number in `min..=max`.
fn int(r: &mut Reader<'_>, item: &Item<'_>, key: &'static str, min: i64, max: i64) -> Option<i64> {
    let DeValue::Integer(i) = item.get_ref() else {
        r.wrong_type(item, key, "a whole number");
        return None;
    };
    let value = i64::from_str_radix(i.as_str(), i.radix()).unwrap_or_else(|_| {
        if i.as_str().starts_with('-') {
            i64::MIN
        } else {
            i64::MAX
        }
    });
    if (min..=max).contains(&value) {
        return Some(value);
    }
    let span = r.at(item);
    r.error(PolicyError::Attendance(A::OutOfRange {
        key,
        value,
        min,
        max,
        span,
    }));
    None
}

fn opt_int(
    r: &mut Reader<'_>,
    t: &DeTable<'_>,
    key: &'static str,
    min: i64,
    max: i64,
    default: i64,
) -> Option<i64> {
    match t.get(key) {
        Some(item) => int(r, item, key, min, max),
        None => Some(default),
    }
}

fn clock(r: &mut Reader<'_>, item: &Item<'_>, key: &'static str) -> Option<ClockTime> {
    let text = r.string(item, key)?;
    match text.parse() {
        Ok(t) => Some(t),
        Err(problem) => {
            let span = r.at(item);
            r.error(PolicyError::Attendance(A::BadClock {
                key,
                text,
                problem,
                span,
            }));
            None
        }
    }
}

/// Where `key` of the table `item` is written.
fn sub_span(r: &Reader<'_>, item: &Item<'_>, key: &str) -> Option<Span> {
    match item.get_ref() {
        DeValue::Table(t) => t.get(key).map(|v| r.at(v)),
        _ => None,
    }
}

/// `{ start = "HH:MM", end = "HH:MM" }` (zero length is left to the caller).
fn window(r: &mut Reader<'_>, item: &Item<'_>, key: &str) -> Option<ClockWindow> {
    let t = r.table(item, key)?;
    r.check_keys(t, &shape::WINDOW, &format!("`{key}`"));
    let at = r.at(item);
    let start = r
        .required(t, "start", key, at)
        .and_then(|s| clock(r, s, "start"));
    let end = r
        .required(t, "end", key, at)
        .and_then(|e| clock(r, e, "end"));
    Some(ClockWindow {
        start: start?,
        end: end?,
    })
}

fn rounding(r: &mut Reader<'_>, item: &Item<'_>) -> Option<Option<PunchRounding>> {
    let t = r.table(item, "punch_rounding")?;
    r.check_keys(t, &shape::PUNCH_ROUNDING, "`punch_rounding`");
    let at = r.at(item);
    let minutes = r
        .required(t, "minutes", "`punch_rounding`", at)
        .and_then(|m| {
            let v = int(r, m, "minutes", 1, 60)?;
            if 60 % v != 0 {
                let span = r.at(m);
                r.error(PolicyError::Attendance(A::RoundingNotDividing {
                    minutes: v,
                    span,
                }));
                return None;
            }
            u16::try_from(v).ok()
        });
    let mode = match t.get("mode") {
        Some(m) => choice(r, m, "mode", &MODES)
            .map(|i| [PunchMode::Down, PunchMode::Up, PunchMode::Nearest][i]),
        None => Some(PunchMode::Down),
    };
    Some(Some(PunchRounding {
        minutes: minutes?,
        mode: mode?,
    }))
}

fn shift(r: &mut Reader<'_>, t: &DeTable<'_>, name: Named) -> Option<Shift> {
    r.check_keys(t, &shape::SHIFT, &format!("shift `{}`", name.name));
    let at = name.span;
    let start = r
        .required(t, "start", "a shift", at)
        .and_then(|s| clock(r, s, "start"));
    let end_item = r.required(t, "end", "a shift", at);
    let end = end_item.and_then(|e| clock(r, e, "end"));
    let brk = opt_int(r, t, "break_minutes", 0, 1439, 0);
    let window = ClockWindow {
        start: start?,
        end: end?,
    };
    if window.start == window.end {
        let span = end_item.map_or(at, |e| r.at(e));
        r.error(PolicyError::Attendance(A::EmptyShift {
            shift: name.name,
            time: window.start,
            span,
        }));
        return None;
    }
    let break_minutes = u16::try_from(brk?).ok()?;
    if break_minutes >= window.minutes() {
        let span = t.get("break_minutes").map_or(at, |b| r.at(b));
        r.error(PolicyError::Attendance(A::BreakTooLong {
            shift: name.name,
            break_minutes,
            shift_minutes: window.minutes(),
            span,
        }));
        return None;
    }
    Some(Shift {
        name,
        window,
        break_minutes,
    })
}
