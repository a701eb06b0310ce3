//! The `[payslip]` table of a rule file: what a payslip shows, line by line, with each line's
//! label in Chinese and in English.
//!
//! ```toml
//! [payslip]
//! title = { zh = "工资条", en = "Payslip" }
//! earnings = [ { name = "base_salary", zh = "基本工资", en = "Base salary" } ]
//! deductions = [ { name = "income_tax", zh = "个人所得税", en = "Income tax" } ]
//! employer = [ { name = "employer_pension", zh = "养老保险 单位", en = "Pension, employer" } ]
//! net = { name = "net_pay", zh = "实发工资", en = "Net pay" }
//! ytd = [ { name = "gross_ytd", zh = "本年累计应发", en = "Gross pay, year to date" } ]
//! bank_account = "bank_account"
//! ```
//!
//! Read here; the checker makes sure every `name` is a figure the policy defines and that
//! `bank_account` is a text input.

use crate::shape;
use toml::de::DeTable;

use super::error::PolicyError;
use super::model::Named;
use super::toml_read::{Item, Reader};
use crate::error::Span;

/// The language of a label.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Lang {
    /// `zh`: Chinese.
    Zh,
    /// `en`: English.
    En,
}

impl Lang {
    /// Its key in the table (`zh`, `en`).
    pub fn key(self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::En => "en",
        }
    }
}

/// A label in both languages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    /// Chinese (`zh`), never empty.
    pub zh: String,
    /// English (`en`), never empty.
    pub en: String,
}

impl Label {
    /// The label in `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
        }
    }
}

/// One line of a payslip: a named figure and its label.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PayslipLine {
    /// The figure shown (an input, param, value, tier, ...) and where it is written.
    pub name: Named,
    /// What the payslip calls it.
    pub label: Label,
}

/// The `[payslip]` table: the sections of a payslip, in the order written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PayslipDef {
    /// `title`.
    pub title: Label,
    /// `earnings`: what is paid (应发项目).
    pub earnings: Vec<PayslipLine>,
    /// `deductions`: what is withheld (扣款项目), shown as the policy stores them.
    pub deductions: Vec<PayslipLine>,
    /// `employer`: the employer's contributions (单位缴纳), for information.
    pub employer: Vec<PayslipLine>,
    /// `net`: what the bank transfers (实发工资).
    pub net: PayslipLine,
    /// `ytd`: year-to-date figures, each a value the policy defines with `ytd(NAME)`.
    pub ytd: Vec<PayslipLine>,
    /// `bank_account`: the text input holding each employee's account, for the bank file.
    pub bank_account: Option<Named>,
    /// Where the table is.
    pub span: Span,
}

impl PayslipDef {
    /// Every line with a name, in the order of the sections.
    pub fn lines(&self) -> impl Iterator<Item = &PayslipLine> {
        (self.earnings.iter())
            .chain(&self.deductions)
            .chain(&self.employer)
            .chain(std::iter::once(&self.net))
            .chain(&self.ytd)
    }
}

/// A mistake in the `[payslip]` table that TOML types alone do not catch.
///
/// Each variant's doc names an input that triggers it; it reaches the caller as
/// [`PolicyError::Payslip`](super::PolicyError::Payslip).
#[derive(Debug, thiserror::Error)]
pub enum PayslipRuleError {
    /// A label with nothing in it: `{ name = "base_salary", zh = "", en = "Base salary" }`,
    /// or `title = { zh = " ", en = "Payslip" }`.
    #[error("{} label of {} is empty: a payslip line needs words in both languages", lang_name(*.lang), line.as_ref().map_or("the payslip title".to_string(), |l| format!("`{l}`")))]
    EmptyLabel {
        /// Which label.
        lang: Lang,
        /// The line's figure, or `None` for the title.
        line: Option<String>,
        /// Where the label is.
        span: Span,
    },
}

fn lang_name(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "the Chinese (`zh`)",
        Lang::En => "the English (`en`)",
    }
}

impl PayslipRuleError {
    /// Where the problem is.
    pub fn span(&self) -> Span {
        match self {
            PayslipRuleError::EmptyLabel { span, .. } => *span,
        }
    }
}

/// Reads `[payslip]`; `None` when it is unusable (every problem is reported).
pub(crate) fn payslip(r: &mut Reader<'_>, item: &Item<'_>) -> Option<PayslipDef> {
    let t = r.table(item, "payslip")?;
    let span = r.at(item);
    let before = r.mark();
    r.check_keys(t, &shape::PAYSLIP, "[payslip]");
    let title = r
        .required(t, "title", "[payslip]", span)
        .and_then(|l| label(r, l, None));
    let section = |r: &mut Reader<'_>, key: &'static str| match t.get(key) {
        Some(list) => lines(r, list, key),
        None => Some(Vec::new()),
    };
    let earnings = section(r, "earnings");
    let deductions = section(r, "deductions");
    let employer = section(r, "employer");
    let ytd = section(r, "ytd");
    let net = r
        .required(t, "net", "[payslip]", span)
        .and_then(|n| line(r, n, "net"));
    let bank_account = t.get("bank_account").and_then(|b| {
        let name = r.string(b, "bank_account")?;
        Some(Named {
            name,
            span: r.at(b),
        })
    });
    let def = PayslipDef {
        title: title?,
        earnings: earnings?,
        deductions: deductions?,
        employer: employer?,
        net: net?,
        ytd: ytd?,
        bank_account,
        span,
    };
    r.clean_since(before).then_some(def)
}

/// `[{ name = ..., zh = ..., en = ... }, ...]`.
fn lines(r: &mut Reader<'_>, item: &Item<'_>, key: &'static str) -> Option<Vec<PayslipLine>> {
    let expected = "a list of lines like [{ name = \"base_salary\", zh = \"基本工资\", en = \"Base salary\" }]";
    let list = r.array(item, key, expected)?;
    let mut out = Vec::new();
    let mut ok = true;
    for entry in list.iter() {
        match line(r, entry, key) {
            Some(l) => out.push(l),
            None => ok = false,
        }
    }
    ok.then_some(out)
}

/// `{ name = "base_salary", zh = "基本工资", en = "Base salary" }`.
fn line(r: &mut Reader<'_>, item: &Item<'_>, key: &str) -> Option<PayslipLine> {
    let t = r.table(item, key)?;
    let at = r.at(item);
    r.check_keys(t, &shape::LINE, &format!("a line of `{key}`"));
    let name_item = r.required(t, "name", "a payslip line", at)?;
    let name = Named {
        name: r.string(name_item, "name")?,
        span: r.at(name_item),
    };
    let label = labels(r, t, at, Some(&name.name))?;
    Some(PayslipLine { name, label })
}

/// `title = { zh = "工资条", en = "Payslip" }`.
fn label(r: &mut Reader<'_>, item: &Item<'_>, line: Option<&str>) -> Option<Label> {
    let t = r.table(item, "title")?;
    let at = r.at(item);
    r.check_keys(t, &shape::LABEL, "`title`");
    labels(r, t, at, line)
}

/// The `zh` and `en` keys of a line or the title, each a string with something in it.
fn labels(r: &mut Reader<'_>, t: &DeTable<'_>, at: Span, line: Option<&str>) -> Option<Label> {
    let one = |r: &mut Reader<'_>, lang: Lang| {
        let item = r.required(t, lang.key(), "a payslip label", at)?;
        let text = r.string(item, lang.key())?;
        if text.trim().is_empty() {
            let span = r.at(item);
            r.error(PolicyError::Payslip(PayslipRuleError::EmptyLabel {
                lang,
                line: line.map(str::to_string),
                span,
            }));
            return None;
        }
        Some(text)
    };
    let zh = one(r, Lang::Zh);
    let en = one(r, Lang::En);
    Some(Label { zh: zh?, en: en? })
}
