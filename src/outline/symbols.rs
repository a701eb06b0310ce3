//! The names a loaded policy defines, read from its model (so they exist while the policy
//! has errors), typed from the checker's result when it checks.

use super::Symbol;
use crate::check::{Checked, Symbol as Sym, Ty};
use crate::error::{Sources, Span};
use crate::eval::SlotKind;
use crate::policy::{ParamValue, PolicyDef, TierMode};
use crate::syntax::Expr;
use crate::vocab::Docs;
use rust_decimal::Decimal;
use std::collections::HashMap;

/// Every name written in a formula of `def` or in its `[outputs] show`, with its place, in
/// the order of the definitions.
pub(super) fn uses(def: &PolicyDef) -> Vec<(String, Span)> {
    let mut out = Vec::new();
    for e in crate::check::formulas(def) {
        e.walk(|x| {
            if let crate::syntax::ExprKind::Name(n) = &x.kind {
                out.push((n.clone(), x.span));
            }
        });
    }
    for n in def.outputs.iter().flatten() {
        out.push((n.name.clone(), n.span));
    }
    // The keys of the tests' `inputs` and `expect`: of the test, its months, its team.
    for t in &def.tests {
        let months = t.months.iter().map(|m| (&m.inputs, &m.expect));
        let team = t.team.iter().map(|m| (&m.inputs, &m.expect));
        for (inputs, expect) in [(&t.inputs, &t.expect)]
            .into_iter()
            .chain(months)
            .chain(team)
        {
            for (n, _) in inputs.iter().chain(expect) {
                out.push((n.name.clone(), n.span));
            }
        }
    }
    out
}

/// Every name `def` defines, in the order of its tables.
pub(super) fn collect(
    def: &PolicyDef,
    sources: &Sources,
    checked: Option<&Checked>,
) -> Vec<Symbol> {
    let mut out = Symbols {
        sources,
        types: types(checked),
        list: Vec::new(),
    };
    for i in &def.inputs {
        let mut s = out.add(&i.name.name, SlotKind::Input, Some(i.name.span));
        s.ty = Some(i.ty.name().to_string());
        s.doc.clone_from(&i.doc);
        out.push(s);
    }
    for p in &def.params {
        let mut s = out.add(&p.name.name, SlotKind::Param, Some(p.name.span));
        out.docs(&mut s, &p.docs);
        match &p.value {
            ParamValue::Constant(e) => s.formula = out.text(e),
            ParamValue::Dated(entries) => {
                let latest = entries.iter().max_by_key(|d| d.from);
                s.formula = latest.and_then(|d| out.text(&d.value));
                let dates: Vec<String> = entries.iter().map(|d| d.from.to_string()).collect();
                s.detail = Some(format!("effective-dated: from {}", dates.join(", ")));
                if s.reference.is_none() {
                    s.reference = latest.and_then(|d| d.reference.clone());
                }
            }
        }
        if s.ty.is_none() {
            s.ty = p.ty.map(|(t, _)| t.name().to_string());
        }
        out.push(s);
    }
    for v in &def.values {
        let mut s = out.add(&v.name.name, SlotKind::Value, Some(v.name.span));
        out.docs(&mut s, &v.docs);
        s.formula = out.text(&v.expr);
        if s.ty.is_none() {
            s.ty = v.ty.map(|(t, _)| t.name().to_string());
        }
        out.push(s);
    }
    scorecards(def, &mut out);
    tiers(def, &mut out);
    for c in &def.curves {
        let mut s = out.add(&c.name.name, SlotKind::Curve, Some(c.name.span));
        out.docs(&mut s, &c.docs);
        s.formula = out.text(&c.on);
        s.detail = Some(format!("a curve of {} points on this base", c.points.len()));
        out.push(s);
    }
    for d in &def.decisions {
        for (o, ty) in &d.outputs {
            let name = format!("{}.{}", d.name.name, o.name);
            let mut s = out.add(&name, SlotKind::TableOut, Some(o.span));
            out.docs(&mut s, &d.docs);
            s.ty.get_or_insert_with(|| ty.name().to_string());
            s.detail = Some(format!("an output of decision table `{}`", d.name.name));
            out.push(s);
        }
    }
    if let Some(a) = &def.attendance {
        for m in a.measures() {
            let mut s = out.add(&m.name, SlotKind::Measure, Some(m.span));
            s.ty.get_or_insert_with(|| m.ty.name().to_string());
            s.doc = Some(m.doc);
            out.push(s);
        }
    }
    for (name, ty, doc) in [
        ("period.start", "date", "the first day of the pay period"),
        ("period.end", "date", "the last day of the pay period"),
        (
            "period.days",
            "number",
            "the calendar days of the pay period",
        ),
    ] {
        let mut s = out.add(name, SlotKind::Period, None);
        s.ty = Some(ty.to_string());
        s.doc = Some(doc.to_string());
        out.push(s);
    }
    out.list
}

fn scorecards(def: &PolicyDef, out: &mut Symbols<'_>) {
    for c in &def.scorecards {
        let mut s = out.add(&c.name.name, SlotKind::Score, Some(c.name.span));
        out.docs(&mut s, &c.docs);
        let parts: Vec<String> = c
            .metrics
            .iter()
            .map(|m| format!("{} {}", m.name.name, percent(m.weight.0)))
            .collect();
        s.detail = Some(format!("weighted score: {}", parts.join(" + ")));
        out.push(s);
        for m in &c.metrics {
            let name = format!("{}.{}", c.name.name, m.name.name);
            let mut s = out.add(&name, SlotKind::Metric, Some(m.name.span));
            s.doc.clone_from(&m.doc);
            s.formula = out.text(&m.score);
            let mut detail = format!("weight {} of `{}`", percent(m.weight.0), c.name.name);
            if let Some(cap) = m.cap.as_ref().and_then(|e| out.text(e)) {
                detail.push_str(&format!(", capped at {cap}"));
            }
            if let Some(floor) = m.floor.as_ref().and_then(|e| out.text(e)) {
                detail.push_str(&format!(", floor {floor}"));
            }
            s.detail = Some(detail);
            out.push(s);
        }
        if !c.ratings.is_empty() {
            let name = format!("{}.grade", c.name.name);
            let mut s = out.add(&name, SlotKind::Grade, Some(c.name.span));
            s.ty.get_or_insert_with(|| "text".to_string());
            let bands: Vec<String> = c
                .ratings
                .iter()
                .map(|r| format!("{} from {}", r.grade, r.min.normalize()))
                .collect();
            s.detail = Some(format!(
                "the grade of `{}`: {}",
                c.name.name,
                bands.join(", ")
            ));
            out.push(s);
        }
    }
}

fn tiers(def: &PolicyDef, out: &mut Symbols<'_>) {
    for t in &def.tiers {
        let mut s = out.add(&t.name.name, SlotKind::Tier, Some(t.name.span));
        out.docs(&mut s, &t.docs);
        s.formula = out.text(&t.on);
        let mode = match t.mode {
            TierMode::Marginal => "marginal",
            TierMode::Flat => "flat",
        };
        s.detail = Some(format!(
            "a {mode} tier of {} brackets on this base",
            t.brackets.len()
        ));
        if s.ty.is_none() {
            s.ty = t.ty.map(|(t, _)| t.name().to_string());
        }
        out.push(s);
        for (part, kind, what) in [
            (
                "rate",
                SlotKind::TierRate,
                "the rate of the bracket reached",
            ),
            (
                "amount",
                SlotKind::TierAmount,
                "the fixed amount of the bracket reached",
            ),
        ] {
            let name = format!("{}.{part}", t.name.name);
            let mut s = out.add(&name, kind, Some(t.name.span));
            s.doc = Some(format!("{what} in `{}`", t.name.name));
            out.push(s);
        }
    }
}

/// `0.6` as `60%`.
fn percent(fraction: Decimal) -> String {
    format!("{}%", (fraction * Decimal::ONE_HUNDRED).normalize())
}

struct Symbols<'a> {
    sources: &'a Sources,
    types: HashMap<String, String>,
    list: Vec<Symbol>,
}

impl Symbols<'_> {
    /// A symbol with its checked type, if any; the caller fills the rest and pushes it.
    fn add(&self, name: &str, kind: SlotKind, span: Option<Span>) -> Symbol {
        Symbol {
            name: name.to_string(),
            kind,
            ty: self.types.get(name).cloned(),
            doc: None,
            reference: None,
            formula: None,
            detail: None,
            span,
        }
    }

    fn push(&mut self, mut s: Symbol) {
        // Some kinds have one type whatever the policy says.
        let fixed = match s.kind {
            SlotKind::Score | SlotKind::Metric | SlotKind::TierRate => Some("number"),
            SlotKind::Grade => Some("text"),
            _ => None,
        };
        if s.ty.is_none() {
            s.ty = fixed.map(str::to_string);
        }
        if !self.list.iter().any(|o| o.name == s.name) {
            self.list.push(s);
        }
    }

    fn docs(&self, s: &mut Symbol, docs: &Docs) {
        s.doc.clone_from(&docs.doc);
        s.reference.clone_from(&docs.reference);
    }

    /// A formula's text as written.
    fn text(&self, e: &Expr) -> Option<String> {
        let file = self.sources.get(e.span.file)?;
        let text = file
            .text()
            .get(e.span.start as usize..e.span.end as usize)?;
        Some(text.to_string())
    }
}

/// Each checked name's type, in words.
fn types(checked: Option<&Checked>) -> HashMap<String, String> {
    let Some(c) = checked else {
        return HashMap::new();
    };
    let mut out = HashMap::new();
    for (name, sym) in &c.names {
        let ty = match sym {
            Sym::Input(i) => c.inputs.get(*i).map(|i| i.ty.name().to_string()),
            _ => c.types.get(sym).and_then(|t| word(*t, is_percent(c, *sym))),
        };
        if let Some(ty) = ty {
            out.insert(name.to_string(), ty);
        }
    }
    out
}

/// A checked type in the rule file's own words (`type = "money"`).
fn word(t: Ty, percent: bool) -> Option<String> {
    let w = match t {
        Ty::Money => "money",
        Ty::Number | Ty::Flex if percent => "percent",
        Ty::Number | Ty::Flex => "number",
        Ty::Bool => "bool",
        Ty::Date => "date",
        Ty::Text => "text",
        Ty::Error => return None,
    };
    Some(w.to_string())
}

/// Whether a value is declared a percentage.
fn is_percent(c: &Checked, sym: Sym) -> bool {
    matches!(sym, Sym::Value(i) if c.values.get(i).is_some_and(|v| v.percent))
}
