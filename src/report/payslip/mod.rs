//! Payslips: one employee's figures laid out by the policy's `[payslip]` table, as text a
//! person hands out ([`write_text`]), as a printable HTML page ([`write_html`]), and the
//! bank transfer file of a whole run ([`BankFile`]).
//!
//! Every figure is the stored value printed with `Display`: nothing is added up or rounded
//! here. Deductions are shown as the policy stores them (positive amounts), under their own
//! heading. Text from the data (an employee's name) is escaped for where it goes.

mod bank;
mod html;
mod text;

pub use bank::BankFile;
pub use html::write_html;
pub use text::write_text;

use crate::date::Period;
use crate::eval::Evaluation;
use crate::policy::{Label, Lang, PayslipDef, PayslipLine};
use crate::text::escape_controls;
use std::borrow::Cow;

/// Which labels a payslip shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Languages {
    /// Chinese only.
    Zh,
    /// English only.
    En,
    /// Chinese, then English (the default).
    #[default]
    Both,
}

impl Languages {
    /// The languages shown, in order.
    fn langs(self) -> &'static [Lang] {
        match self {
            Languages::Zh => &[Lang::Zh],
            Languages::En => &[Lang::En],
            Languages::Both => &[Lang::Zh, Lang::En],
        }
    }

    /// A label in these languages, joined by a space.
    fn label(self, label: &Label) -> String {
        let parts: Vec<&str> = self.langs().iter().map(|l| label.get(*l)).collect();
        parts.join(" ")
    }

    /// A fixed heading (`zh`, `en`) in these languages.
    fn heading(self, zh: &str, en: &str) -> String {
        self.label(&Label {
            zh: zh.to_string(),
            en: en.to_string(),
        })
    }
}

/// One employee's payslip: the layout, who, when, and the figures.
#[derive(Clone, Copy, Debug)]
pub struct Slip<'a> {
    /// The policy's `[payslip]` table.
    pub layout: &'a PayslipDef,
    /// The company or policy name shown at the top (the policy's `name`).
    pub company: &'a str,
    /// The currency of the figures (the policy's `currency`).
    pub currency: &'a str,
    /// The pay period.
    pub period: Period,
    /// The employee's id (the key column).
    pub employee: &'a str,
    /// The employee's name, from the data's `name` column when it has one.
    pub name: Option<&'a str>,
    /// The employee's computed figures.
    pub figures: &'a Evaluation,
}

/// Shown for a line whose figure has no value (an input the employee's data leaves blank).
const MISSING: &str = "—";

/// The fixed headings: (`zh`, `en`).
const EARNINGS: (&str, &str) = ("应发项目", "Earnings");
const DEDUCTIONS: (&str, &str) = ("扣款项目", "Deductions");
const EMPLOYER: (&str, &str) = (
    "单位缴纳（不从工资中扣除）",
    "Employer contributions (not deducted from pay)",
);
const YTD: (&str, &str) = ("本年累计", "Year to date");
const EMPLOYEE: (&str, &str) = ("员工", "Employee");
const PERIOD: (&str, &str) = ("工资所属期", "Pay period");
const CURRENCY: (&str, &str) = ("币种", "Currency");

impl Slip<'_> {
    /// The figure of a line as printed, control characters escaped.
    fn figure(&self, line: &PayslipLine) -> Cow<'static, str> {
        match self.figures.get(&line.name.name) {
            Some(v) => Cow::Owned(escape_controls(&v.to_string()).into_owned()),
            None => Cow::Borrowed(MISSING),
        }
    }

    /// The sections with lines, in order: heading and lines (the net line is apart).
    fn sections(&self) -> Vec<((&'static str, &'static str), &[PayslipLine])> {
        let l = self.layout;
        [
            (EARNINGS, &l.earnings[..]),
            (DEDUCTIONS, &l.deductions[..]),
            (EMPLOYER, &l.employer[..]),
            (YTD, &l.ytd[..]),
        ]
        .into_iter()
        .filter(|(_, lines)| !lines.is_empty())
        .collect()
    }

    /// `E004 张伟`, or the id alone.
    fn who(&self) -> String {
        match self.name {
            Some(n) => format!("{} {}", self.employee, n),
            None => self.employee.to_string(),
        }
    }
}
