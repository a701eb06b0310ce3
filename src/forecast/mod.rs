//! R&D headcount forecast: from a project plan (project, month, hours needed) and each
//! engineer's capacity, the hours and people needed per month against today's team.
//!
//! Everything is exact decimals (this is planning, not statistics). A month's standard hours
//! are its working days × 8 when a calendar of that year is given (the China 2024 calendar
//! has 18 working days in February 2024: 144 hours), and 174 hours otherwise: 21.75 days × 8, the
//! monthly pay-computation days of 劳社部发〔2008〕3号 ((365 − 104 rest days) / 12). The same
//! notice puts the average *working* days at 20.83 a month (166.64 hours), since the 21.75
//! include the paid statutory holidays: a calendar gives the exact month.
//!
//! An engineer's hours in a month are the standard hours × FTE (or their own
//! `hours_per_month`) × allocation × the share of the month's working days (calendar days
//! without a calendar) between `available_from` and `available_until`.
//!
//! ```
//! use hrrules::forecast::{forecast, Capacity, Engineer, PlanRow};
//! use rust_decimal::Decimal;
//!
//! let plan = vec![PlanRow { project: "knee_gen3".into(), month: "2024-01".parse()?, hours_needed: Decimal::from(400) }];
//! let team = vec![Engineer { employee: "R002".into(), capacity: Capacity::Fte(Decimal::ONE), allocation: Decimal::ONE, available_from: None, available_until: None }];
//! let f = forecast(&plan, &team, "2024-01".parse()?, 1, &[])?;
//! assert_eq!(f.months[0].people_needed, 3);       // 400 / 174 = 2.3 -> 3
//! assert_eq!(f.months[0].gap_people, 2);          // 400 - 174 = 226 hours: 2 to hire
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod error;
mod read;
mod render;
pub(crate) mod sheet;

pub use error::ForecastError;
pub use read::{read_capacity, read_plan};

use crate::calendar::{Calendar, DayKind};
use crate::date::days_in_month;
use crate::{Date, Period};
use rust_decimal::Decimal;

/// The standard hours of a month without a calendar: 21.75 days × 8 (劳社部发〔2008〕3号).
pub const DEFAULT_MONTHLY_HOURS: Decimal = Decimal::from_parts(174, 0, 0, false, 0);

/// One row of the project plan.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlanRow {
    /// The project (`knee_gen3`).
    pub project: String,
    /// The month.
    pub month: Period,
    /// Engineering hours the project needs that month.
    pub hours_needed: Decimal,
}

/// How much of a month an engineer can work, before allocation and availability.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Capacity {
    /// A share of full time (1 = full time, 0.8 = four days a week) of the standard hours.
    Fte(Decimal),
    /// A fixed number of hours a month.
    Hours(Decimal),
}

/// One engineer of today's team.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Engineer {
    /// The employee id.
    pub employee: String,
    /// Full-time share or hours.
    pub capacity: Capacity,
    /// The share of the capacity given to the planned projects (0 to 1).
    pub allocation: Decimal,
    /// First day available (a return from leave); `None` = already.
    pub available_from: Option<Date>,
    /// Last day available (a contract's end); `None` = open.
    pub available_until: Option<Date>,
}

/// The forecast: one line per month.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Forecast {
    /// The months, in order.
    pub months: Vec<MonthForecast>,
    /// Whether the standard hours came from calendars (else 174 a month).
    pub by_calendar: bool,
    /// Plan rows outside the months forecast (ignored).
    pub rows_outside: usize,
}

/// One month of the forecast.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MonthForecast {
    /// The month.
    pub month: Period,
    /// The month's standard hours of one full-time engineer.
    pub standard_hours: Decimal,
    /// Hours the plan needs, all projects.
    pub hours_needed: Decimal,
    /// Hours today's team can give the projects, to 2 places.
    pub hours_available: Decimal,
    /// People needed: hours needed / standard hours, rounded up.
    pub people_needed: i64,
    /// Today's team in full-time people: hours available / standard hours, to 2 places.
    pub people_available: Decimal,
    /// Hours needed − hours available.
    pub gap_hours: Decimal,
    /// Full-time people to hire (positive: gap hours / standard hours, rounded up) or that
    /// could be spared (negative: whole people the spare hours cover, rounded down).
    pub gap_people: i64,
}

/// Computes the forecast for `months` months from `from`. `calendars` are official
/// calendars (one per year); when given, every month forecast must be in one of them.
pub fn forecast(
    plan: &[PlanRow],
    team: &[Engineer],
    from: Period,
    months: u32,
    calendars: &[Calendar],
) -> Result<Forecast, ForecastError> {
    if months == 0 || months > 120 {
        return Err(ForecastError::Months { months });
    }
    let periods = successive(from, months);
    let mut out = Vec::new();
    for &month in &periods {
        let days = month_days(month, calendars)?;
        let standard_hours = days.standard_hours();
        let hours_needed: Decimal = plan
            .iter()
            .filter(|r| r.month == month)
            .map(|r| r.hours_needed)
            .sum();
        let hours_available: Decimal = team
            .iter()
            .map(|e| engineer_hours(e, month, &days, standard_hours))
            .sum::<Decimal>()
            .round_dp(2);
        out.push(month_line(
            month,
            standard_hours,
            hours_needed,
            hours_available,
        ));
    }
    let rows_outside = plan.iter().filter(|r| !periods.contains(&r.month)).count();
    Ok(Forecast {
        months: out,
        by_calendar: !calendars.is_empty(),
        rows_outside,
    })
}

fn month_line(
    month: Period,
    standard_hours: Decimal,
    needed: Decimal,
    available: Decimal,
) -> MonthForecast {
    let whole = |d: Decimal| i64::try_from(d).unwrap_or(i64::MAX);
    let gap_hours = needed - available;
    let gap_people = if gap_hours > Decimal::ZERO {
        whole((gap_hours / standard_hours).ceil())
    } else {
        -whole((-gap_hours / standard_hours).floor())
    };
    MonthForecast {
        month,
        standard_hours,
        hours_needed: needed,
        hours_available: available,
        people_needed: whole((needed / standard_hours).ceil()),
        people_available: (available / standard_hours).round_dp(2),
        gap_hours,
        gap_people,
    }
}

/// The months from `from`, `n` of them.
fn successive(from: Period, n: u32) -> Vec<Period> {
    let (mut y, mut m) = {
        let (y, m, _) = from.start().ymd();
        (y, m)
    };
    let mut out = Vec::new();
    for _ in 0..n {
        out.push(Period::month(y, m).expect("a month"));
        m += 1;
        if m == 13 {
            m = 1;
            y += 1;
        }
    }
    out
}

/// How a month's days count: by a calendar's working days, or by calendar days.
enum MonthDays<'c> {
    Calendar(&'c Calendar, u32),
    Plain,
}

impl MonthDays<'_> {
    fn standard_hours(&self) -> Decimal {
        match self {
            MonthDays::Calendar(_, workdays) => Decimal::from(*workdays * 8),
            MonthDays::Plain => DEFAULT_MONTHLY_HOURS,
        }
    }
}

fn month_days(month: Period, calendars: &[Calendar]) -> Result<MonthDays<'_>, ForecastError> {
    if calendars.is_empty() {
        return Ok(MonthDays::Plain);
    }
    calendars
        .iter()
        .find_map(|c| c.workdays(month).map(|w| MonthDays::Calendar(c, w)))
        .ok_or(ForecastError::NoCalendar {
            period: month,
            year: month.start().year(),
        })
}

/// An engineer's hours for the projects in `month`.
fn engineer_hours(e: &Engineer, month: Period, days: &MonthDays<'_>, standard: Decimal) -> Decimal {
    let first = e
        .available_from
        .map_or(month.start(), |d| d.max(month.start()));
    let last = e
        .available_until
        .map_or(month.end(), |d| d.min(month.end()));
    if last < first {
        return Decimal::ZERO;
    }
    let share = match days {
        MonthDays::Calendar(_, 0) => Decimal::ZERO,
        MonthDays::Calendar(c, workdays) => {
            let worked = dates(first, last)
                .filter(|d| c.day(*d) == Some(DayKind::Workday))
                .count();
            Decimal::from(worked as u64) / Decimal::from(*workdays)
        }
        MonthDays::Plain => {
            let (y, m, _) = month.start().ymd();
            let days = first.days_until(last) + 1;
            Decimal::from(days) / Decimal::from(days_in_month(y, m))
        }
    };
    let hours = match e.capacity {
        Capacity::Fte(fte) => standard * fte,
        Capacity::Hours(h) => h,
    };
    hours * e.allocation * share
}

/// The days from `first` to `last`, both in one month.
fn dates(first: Date, last: Date) -> impl Iterator<Item = Date> {
    let (y, m, d0) = first.ymd();
    let d1 = last.ymd().2;
    (d0..=d1).filter_map(move |d| Date::from_ymd(y, m, d))
}
