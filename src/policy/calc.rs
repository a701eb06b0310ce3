//! `[scorecards.NAME]`, `[tiers.NAME]` and `[curves.NAME]`.
//!
//! Only the shape is read here; orderings, weight sums and types are the checker's.

use crate::shape;
use toml::de::{DeTable, DeValue};

use super::error::PolicyError;
use super::model::{
    BracketDef, CurveDef, CurvePoint, MetricDef, Named, RatingDef, ScorecardDef, TierDef,
};
use super::tables::docs;
use super::toml_read::{Item, Reader};
use crate::error::nearest;
use crate::vocab::TierMode;

const TIER_MODES: [&str; 2] = ["marginal", "flat"];

/// Calls `read` for each `NAME = { ... }` of a `[scorecards]`, `[tiers]` or `[curves]`
/// table, keeping what it returns when nothing but unknown keys went wrong.
fn each<T>(
    r: &mut Reader<'_>,
    table: &DeTable<'_>,
    out: &mut Vec<T>,
    mut read: impl FnMut(&mut Reader<'_>, Named, &Item<'_>, &DeTable<'_>) -> Option<T>,
) {
    for (key, item) in table.iter() {
        let Some(name) = r.name(key) else { continue };
        let Some(t) = r.table(item, &name.name) else {
            r.broken(&name);
            continue;
        };
        let before = r.mark();
        match read(r, name.clone(), item, t) {
            Some(def) if r.clean_since(before) => out.push(def),
            _ => r.broken(&name),
        }
    }
}

/// `[scorecards]`.
pub(crate) fn scorecards(r: &mut Reader<'_>, table: &DeTable<'_>, out: &mut Vec<ScorecardDef>) {
    each(r, table, out, |r, name, item, t| {
        let place = format!("scorecard `{}`", name.name);
        r.check_keys(t, &shape::SCORECARD, &place);
        let docs = docs(r, t);
        let mut ratings = Vec::new();
        if let Some(list) = t.get("ratings") {
            let list = r.array(list, "ratings", "a list like [{ min = 90, grade = \"A\" }]");
            for band in list.map(|l| l.iter()).into_iter().flatten() {
                ratings.extend(rating(r, &name, band));
            }
        }
        let metrics = r.required(t, "metrics", &place, r.at(item))?;
        let metrics_table = r.table(metrics, "metrics")?;
        let mut list = Vec::new();
        for (key, item) in metrics_table.iter() {
            let Some(metric_name) = r.name(key) else {
                continue;
            };
            list.extend(metric(r, metric_name, item));
        }
        Some(ScorecardDef {
            name,
            metrics: list,
            ratings,
            docs,
        })
    });
}

fn metric(r: &mut Reader<'_>, name: Named, item: &Item<'_>) -> Option<MetricDef> {
    let place = format!("metric `{}`", name.name);
    let t = r.table(item, &name.name)?;
    r.check_keys(t, &shape::METRIC, &place);
    let span = r.at(item);
    let weight = r.required(t, "weight", &place, span);
    let weight = weight.and_then(|w| match w.get_ref() {
        DeValue::String(_) | DeValue::Integer(_) | DeValue::Float(_) => r.number(w, "weight"),
        _ => {
            r.wrong_type(w, "weight", "a string or number like \"60%\"");
            None
        }
    });
    let score = r.required(t, "score", &place, span);
    let score = score.and_then(|s| r.formula(s, "score"));
    let cap = t.get("cap").and_then(|v| r.formula(v, "cap"));
    let floor = t.get("floor").and_then(|v| r.formula(v, "floor"));
    let gate = t.get("gate").and_then(|v| r.formula(v, "gate"));
    let doc = r.opt_string(t, "doc");
    let weight = weight?;
    Some(MetricDef {
        name,
        weight: (weight.value, weight.span),
        score: score?,
        cap,
        floor,
        gate,
        doc,
    })
}

fn rating(r: &mut Reader<'_>, scorecard: &Named, band: &Item<'_>) -> Option<RatingDef> {
    let place = format!("a rating of scorecard `{}`", scorecard.name);
    let t = r.table(band, "each rating")?;
    r.check_keys(t, &shape::RATING, &place);
    let span = r.at(band);
    let min = r.required(t, "min", &place, span);
    let min = min.and_then(|m| r.number(m, "min"));
    let grade = r.required(t, "grade", &place, span);
    let grade = grade.and_then(|g| r.string(g, "grade"));
    Some(RatingDef {
        min: min?.value,
        grade: grade?,
        span,
    })
}

/// `[tiers]`.
pub(crate) fn tiers(r: &mut Reader<'_>, table: &DeTable<'_>, out: &mut Vec<TierDef>) {
    each(r, table, out, |r, name, item, t| {
        let place = format!("tier `{}`", name.name);
        r.check_keys(t, &shape::TIER, &place);
        let span = r.at(item);
        let on = r.required(t, "on", &place, span);
        let on = on.and_then(|v| r.formula(v, "on"));
        let mode = match t.get("mode") {
            None => Some(TierMode::Marginal),
            Some(m) => tier_mode(r, m),
        };
        let mut brackets = Vec::new();
        let list = r.required(t, "brackets", &place, span);
        let list = list.and_then(|l| r.array(l, "brackets", "a list of { from, rate } tables"));
        for b in list.map(|l| l.iter()).into_iter().flatten() {
            brackets.extend(bracket(r, &name, b));
        }
        let cap = t.get("cap").and_then(|v| r.formula(v, "cap"));
        let ty = t.get("type").and_then(|v| r.value_type(v));
        let rounding = t.get("rounding").and_then(|v| r.rounding(v));
        let docs = docs(r, t);
        Some(TierDef {
            name,
            on: on?,
            mode: mode?,
            brackets,
            cap,
            ty,
            rounding,
            docs,
        })
    });
}

fn tier_mode(r: &mut Reader<'_>, item: &Item<'_>) -> Option<TierMode> {
    let name = r.string(item, "mode")?;
    match name.as_str() {
        "marginal" => Some(TierMode::Marginal),
        "flat" => Some(TierMode::Flat),
        _ => {
            let suggestion = nearest(&name, TIER_MODES);
            r.error(PolicyError::UnknownTierMode {
                name,
                suggestion,
                span: r.at(item),
            });
            None
        }
    }
}

fn bracket(r: &mut Reader<'_>, tier: &Named, item: &Item<'_>) -> Option<BracketDef> {
    let place = format!("a bracket of tier `{}`", tier.name);
    let t = r.table(item, "each bracket")?;
    r.check_keys(t, &shape::BRACKET, &place);
    let span = r.at(item);
    let from = t.get("from").map(|v| r.number(v, "from"));
    let above = t.get("above").map(|v| r.number(v, "above"));
    let rate = t.get("rate").map(|v| r.number(v, "rate"));
    let amount = t.get("amount").map(|v| r.number(v, "amount"));
    let tier = tier.name.clone();
    let (start, inclusive) = match (from, above) {
        (Some(n), None) => (n?, true),
        (None, Some(n)) => (n?, false),
        (Some(_), Some(_)) => {
            r.error(PolicyError::BracketBothStarts { tier, span });
            return None;
        }
        (None, None) => {
            r.error(PolicyError::BracketNoStart { tier, span });
            return None;
        }
    };
    if rate.is_none() && amount.is_none() {
        r.error(PolicyError::BracketNoPay { tier, span });
        return None;
    }
    // given but unreadable: already reported
    let rate = match rate {
        Some(n) => Some(n?.value),
        None => None,
    };
    let amount = match amount {
        Some(n) => Some(n?.value),
        None => None,
    };
    Some(BracketDef {
        start: start.value,
        inclusive,
        rate,
        amount,
        span,
    })
}

/// `[curves]`.
pub(crate) fn curves(r: &mut Reader<'_>, table: &DeTable<'_>, out: &mut Vec<CurveDef>) {
    each(r, table, out, |r, name, item, t| {
        let place = format!("curve `{}`", name.name);
        r.check_keys(t, &shape::CURVE, &place);
        let span = r.at(item);
        let on = r.required(t, "on", &place, span);
        let on = on.and_then(|v| r.formula(v, "on"));
        let expected = "a list of [x, y] pairs like [[\"80%\", \"50\"], [\"100%\", \"100\"]]";
        let list = r.required(t, "points", &place, span);
        let list = list.and_then(|l| r.array(l, "points", expected));
        let mut points = Vec::new();
        for p in list.map(|l| l.iter()).into_iter().flatten() {
            let pair = match p.get_ref() {
                DeValue::Array(a) if a.len() == 2 => a,
                _ => {
                    r.wrong_type(p, "each point", "a pair like [\"80%\", \"50\"]");
                    continue;
                }
            };
            let (Some(x), Some(y)) = (pair.first(), pair.get(1)) else {
                continue;
            };
            let x = r.number(x, "x");
            let y = r.number(y, "y");
            if let (Some(x), Some(y)) = (x, y) {
                points.push(CurvePoint {
                    x: x.value,
                    y: y.value,
                    span: r.at(p),
                });
            }
        }
        let ty = t.get("type").and_then(|v| r.value_type(v));
        let docs = docs(r, t);
        Some(CurveDef {
            name,
            on: on?,
            points,
            ty,
            docs,
        })
    });
}
