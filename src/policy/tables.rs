//! `[inputs]`, `[params]`, `[values]`, `[outputs]` and `[[tests]]`.
//!
//! A definition with an error (other than an unknown key) is left out of the model and its
//! name recorded as broken, so that the checker does not also call it unknown.

use std::collections::HashMap;

use toml::de::{DeTable, DeValue};

use super::error::PolicyError;
use super::model::{
    DatedValue, Docs, InputDef, Literal, MonthCase, Named, ParamDef, ParamValue, TestDef, ValueDef,
};
use super::toml_read::{bare_number, quoted, Item, Reader};
use crate::date::Date;
use crate::error::Span;
use crate::shape;
use crate::vocab::ValueType;

/// `doc` and `reference` of a table.
pub(crate) fn docs(r: &mut Reader<'_>, table: &DeTable<'_>) -> Docs {
    Docs {
        doc: r.opt_string(table, "doc"),
        reference: r.opt_string(table, "reference"),
    }
}

/// `[inputs]`.
pub(crate) fn inputs(r: &mut Reader<'_>, table: &DeTable<'_>, out: &mut Vec<InputDef>) {
    for (key, item) in table.iter() {
        let Some(name) = r.name(key) else { continue };
        let before = r.mark();
        let input = input(r, &name, item);
        match input {
            Some(i) if r.clean_since(before) => out.push(i),
            _ => r.broken(&name),
        }
    }
}

fn input(r: &mut Reader<'_>, name: &Named, item: &Item<'_>) -> Option<InputDef> {
    let mut def = InputDef {
        name: name.clone(),
        ty: ValueType::Number,
        ty_span: r.at(item),
        doc: None,
        min: None,
        max: None,
        default: None,
        columns: Vec::new(),
    };
    match item.get_ref() {
        DeValue::String(_) => {
            (def.ty, def.ty_span) = r.value_type(item)?;
        }
        DeValue::Table(t) => {
            let place = format!("input `{}`", name.name);
            r.check_keys(t, &shape::INPUT, &place);
            let ty = r.required(t, "type", &place, r.at(item));
            (def.ty, def.ty_span) = r.value_type(ty?)?;
            def.doc = r.opt_string(t, "doc");
            def.min = t
                .get("min")
                .and_then(|v| r.number(v, "min"))
                .map(|n| (n.value, n.span));
            def.max = t
                .get("max")
                .and_then(|v| r.number(v, "max"))
                .map(|n| (n.value, n.span));
            if let Some(v) = t.get("default") {
                def.default = literal(r, v, def.ty).map(|l| (l, r.at(v)));
            }
            if let Some(v) = t.get("columns") {
                def.columns = super::columns::read(r, name, v).unwrap_or_default();
            }
        }
        _ => {
            r.wrong_type(
                item,
                &name.name,
                "a type like \"money\" or a table like { type = \"money\", doc = \"...\" }",
            );
            return None;
        }
    }
    Some(def)
}

/// An input's `default`, read as its type.
fn literal(r: &mut Reader<'_>, item: &Item<'_>, ty: ValueType) -> Option<Literal> {
    use ValueType as T;
    let expected = match ty {
        T::Money | T::Number | T::Percent | T::Integer => {
            return r.number(item, "default").map(|n| match n.percent {
                true => Literal::Percent(n.value),
                false => Literal::Number(n.value),
            })
        }
        T::Date => return r.date(item, "default").map(|(d, _)| Literal::Date(d)),
        T::Bool => match item.get_ref() {
            DeValue::Boolean(b) => return Some(Literal::Bool(*b)),
            DeValue::String(s) if s == "true" || s == "false" => {
                return Some(Literal::Bool(s == "true"))
            }
            _ => "true or false",
        },
        T::Text => match item.get_ref() {
            DeValue::String(s) => return Some(Literal::Text(s.to_string())),
            _ => "a string",
        },
    };
    r.wrong_type(item, "default", expected);
    None
}

/// `[params]`.
pub(crate) fn params(r: &mut Reader<'_>, table: &DeTable<'_>, out: &mut Vec<ParamDef>) {
    for (key, item) in table.iter() {
        let Some(name) = r.name(key) else { continue };
        let before = r.mark();
        let param = param(r, &name, item);
        match param {
            Some(p) if r.clean_since(before) => out.push(p),
            _ => r.broken(&name),
        }
    }
}

fn param(r: &mut Reader<'_>, name: &Named, item: &Item<'_>) -> Option<ParamDef> {
    let mut def = ParamDef {
        name: name.clone(),
        ty: None,
        value: ParamValue::Dated(Vec::new()),
        docs: Docs::default(),
    };
    match item.get_ref() {
        DeValue::Table(t) => {
            let place = format!("param `{}`", name.name);
            let value = r.required(t, "value", &place, r.at(item));
            def.ty = t.get("type").and_then(|v| r.value_type(v));
            def.docs = docs(r, t);
            r.check_keys(t, &shape::PARAM, &place);
            def.value = param_value(r, name, value?)?;
        }
        _ => def.value = param_value(r, name, item)?,
    }
    Some(def)
}

fn param_value(r: &mut Reader<'_>, name: &Named, item: &Item<'_>) -> Option<ParamValue> {
    let DeValue::Array(list) = item.get_ref() else {
        if let DeValue::Table(_) = item.get_ref() {
            r.wrong_type(
                item,
                &name.name,
                "a formula or a list of { from, value } entries",
            );
            return None;
        }
        return r.formula(item, &name.name).map(ParamValue::Constant);
    };
    if list.is_empty() {
        r.error(PolicyError::WrongType {
            what: quoted(&name.name),
            expected: "a formula or a list of { from = DATE, value = \"EXPR\" } entries",
            found: "an empty list",
            span: r.at(item),
        });
        return None;
    }
    let place = format!("an entry of param `{}`", name.name);
    let mut entries = Vec::new();
    let mut seen: HashMap<Date, Span> = HashMap::new();
    for entry in list.iter() {
        let Some(t) = r.table(entry, &format!("each entry of `{}`", name.name)) else {
            continue;
        };
        let span = r.at(entry);
        let from = r.required(t, "from", &place, span);
        let from = from.and_then(|v| r.date(v, "from"));
        let value = r.required(t, "value", &place, span);
        let value = value.and_then(|v| r.formula(v, "value"));
        let reference = r.opt_string(t, "reference");
        r.check_keys(t, &shape::DATED, &place);
        let (Some((from, from_span)), Some(value)) = (from, value) else {
            continue;
        };
        if let Some(first) = seen.get(&from) {
            r.error(PolicyError::DuplicateDate {
                param: name.name.clone(),
                date: from,
                span: from_span,
                first: *first,
            });
        } else {
            seen.insert(from, from_span);
        }
        entries.push(DatedValue {
            from,
            from_span,
            value,
            reference,
        });
    }
    Some(ParamValue::Dated(entries))
}

/// `[values]`.
pub(crate) fn values(r: &mut Reader<'_>, table: &DeTable<'_>, out: &mut Vec<ValueDef>) {
    for (key, item) in table.iter() {
        let Some(name) = r.name(key) else { continue };
        let before = r.mark();
        let value = value(r, &name, item);
        match value {
            Some(v) if r.clean_since(before) => out.push(v),
            _ => r.broken(&name),
        }
    }
}

fn value(r: &mut Reader<'_>, name: &Named, item: &Item<'_>) -> Option<ValueDef> {
    let DeValue::Table(t) = item.get_ref() else {
        return Some(ValueDef {
            name: name.clone(),
            expr: r.formula(item, &name.name)?,
            ty: None,
            rounding: None,
            exclude_failed: false,
            docs: Docs::default(),
        });
    };
    let place = format!("value `{}`", name.name);
    let expr = r.required(t, "expr", &place, r.at(item));
    let expr = expr.and_then(|e| r.formula(e, "expr"));
    let ty = t.get("type").and_then(|v| r.value_type(v));
    let rounding = t.get("rounding").and_then(|v| r.rounding(v));
    let exclude_failed = match t.get("exclude_failed") {
        Some(v) => r.boolean(v, "exclude_failed").unwrap_or(false),
        None => false,
    };
    let docs = docs(r, t);
    r.check_keys(t, &shape::VALUE, &place);
    Some(ValueDef {
        name: name.clone(),
        expr: expr?,
        ty,
        rounding,
        exclude_failed,
        docs,
    })
}

/// `[outputs]`: `show = [...]`.
pub(crate) fn outputs(r: &mut Reader<'_>, item: &Item<'_>) -> Option<Vec<Named>> {
    let table = r.table(item, "outputs")?;
    r.check_keys(table, &shape::OUTPUTS, "[outputs]");
    let show = r.required(table, "show", "[outputs]", r.at(item))?;
    let list = r.array(
        show,
        "show",
        "a list of names like [\"kpi\", \"gross_pay\"]",
    )?;
    let mut names = Vec::new();
    for entry in list.iter() {
        if let Some(name) = r.string(entry, "each entry of `show`") {
            names.push(Named {
                name,
                span: r.at(entry),
            });
        }
    }
    Some(names)
}

/// `[[tests]]`.
pub(crate) fn tests(r: &mut Reader<'_>, item: &Item<'_>, out: &mut Vec<TestDef>) {
    let Some(list) = r.array(item, "tests", "a list of [[tests]] tables") else {
        return;
    };
    for entry in list.iter() {
        let Some(t) = r.table(entry, "each test") else {
            continue;
        };
        let span = r.at(entry);
        let before = r.mark();
        let name = r.required(t, "name", "[[tests]]", span);
        let name = name.and_then(|n| r.string(n, "name"));
        let place = match &name {
            Some(n) => format!("test `{n}`"),
            None => "[[tests]]".to_string(),
        };
        let period = t
            .get("period")
            .and_then(|p| Some((r.string(p, "period")?, r.at(p))));
        let mut test = TestDef {
            name: name.unwrap_or_default(),
            period,
            inputs: Vec::new(),
            expect: Vec::new(),
            expect_error: None,
            months: Vec::new(),
            team: Vec::new(),
            span,
        };
        if let Some(i) = t.get("inputs") {
            if let Some(table) = r.table(i, "inputs") {
                cases(r, table, "", None, &mut test.inputs);
            }
        }
        if let Some(e) = t.get("expect") {
            if let Some(table) = r.table(e, "expect") {
                cases(r, table, "", None, &mut test.expect);
            }
        }
        test.expect_error = t
            .get("expect_error")
            .and_then(|e| Some((r.string(e, "expect_error")?, r.at(e))));
        if let Some(m) = t.get("months") {
            months(r, m, &place, &mut test.months);
        }
        if let Some(m) = t.get("team") {
            super::team_tests::team(r, m, &place, &mut test.team);
        }
        r.check_keys(t, &shape::TEST, &place);
        // Only for a test otherwise well written: `expcet = ...` is reported once, as a typo.
        let known = t.iter().all(|(k, _)| shape::TEST.has(k.get_ref().as_ref()));
        if known && r.clean_since(before) {
            expectations(r, t, &test);
        }
        if r.clean_since(before) {
            out.push(test);
        }
    }
}

/// A test's `months`: `[{ period = "2023-01", inputs = { ... }, expect = { ... } }, ...]`.
fn months(r: &mut Reader<'_>, item: &Item<'_>, place: &str, out: &mut Vec<MonthCase>) {
    let Some(list) = r.array(item, "months", "a list of monthly cases") else {
        return;
    };
    for (k, entry) in list.iter().enumerate() {
        let Some(m) = r.table(entry, "each month") else {
            continue;
        };
        let span = r.at(entry);
        let place = format!("month {} of {place}", k + 1);
        let period = r.required(m, "period", &place, span);
        let Some(period) = period.and_then(|p| Some((r.string(p, "period")?, r.at(p)))) else {
            continue;
        };
        let mut month = MonthCase {
            period,
            inputs: Vec::new(),
            expect: Vec::new(),
            span,
        };
        if let Some(table) = m.get("inputs").and_then(|i| r.table(i, "inputs")) {
            cases(r, table, "", None, &mut month.inputs);
        }
        if let Some(table) = m.get("expect").and_then(|e| r.table(e, "expect")) {
            cases(r, table, "", None, &mut month.expect);
        }
        r.check_keys(m, &shape::MONTH, &place);
        out.push(month);
    }
}

/// A test expects figures (`expect`) or an error (`expect_error`): one of them, not both.
/// A test with `months` has neither: each month has its own `expect` (and `period`).
fn expectations(r: &mut Reader<'_>, t: &DeTable<'_>, test: &TestDef) {
    if t.get("team").is_some() {
        return super::team_tests::expectations(r, t, test);
    }
    if let Some(months) = t.get("months") {
        for key in ["period", "expect", "expect_error"] {
            if let Some(item) = t.get(key) {
                r.error(PolicyError::TestMonthsWith {
                    test: test.name.clone(),
                    key,
                    span: r.at(item),
                });
            }
        }
        if test.months.is_empty() {
            r.error(PolicyError::TestMonthsEmpty {
                test: test.name.clone(),
                span: r.at(months),
            });
        }
        return;
    }
    let (expect, error) = (t.get("expect"), t.get("expect_error"));
    match (expect, error) {
        (Some(_), Some(e)) => r.error(PolicyError::TestExpectsBoth {
            test: test.name.clone(),
            span: r.at(e),
        }),
        (None, None) => r.error(PolicyError::TestExpectsNothing {
            test: test.name.clone(),
            span: test.span,
        }),
        _ => {}
    }
    if let Some((text, span)) = &test.expect_error {
        if text.trim().is_empty() {
            r.error(PolicyError::TestExpectsEmptyError {
                test: test.name.clone(),
                span: *span,
            });
        }
    }
}

/// A test's `inputs` or `expect`: names to the text a data file would hold. Dotted keys
/// (`kpi.grade = "A"`, which TOML reads as nested tables) become dotted names.
pub(super) fn cases(
    r: &mut Reader<'_>,
    table: &DeTable<'_>,
    prefix: &str,
    prefix_span: Option<Span>,
    out: &mut Vec<(Named, String)>,
) {
    for (key, item) in table.iter() {
        let key_span = r.at(key);
        let span = prefix_span.map_or(key_span, |p| p.to(key_span));
        let name = match prefix {
            "" => key.get_ref().to_string(),
            p => format!("{p}.{}", key.get_ref()),
        };
        let text = match item.get_ref() {
            DeValue::String(s) => s.to_string(),
            DeValue::Boolean(b) => b.to_string(),
            DeValue::Integer(i) if i.radix() == 10 => i.as_str().to_string(),
            DeValue::Float(f) if !f.as_str().contains(['e', 'E']) => f.as_str().to_string(),
            v @ (DeValue::Integer(_) | DeValue::Float(_)) => match bare_number(v) {
                Some(d) => d.to_string(),
                None => {
                    r.number(item, &name);
                    continue;
                }
            },
            DeValue::Datetime(_) => match r.date(item, &name) {
                Some((d, _)) => d.to_string(),
                None => continue,
            },
            DeValue::Table(t) => {
                cases(r, t, &name, Some(span), out);
                continue;
            }
            DeValue::Array(_) => {
                r.wrong_type(item, &name, "a string, number or boolean");
                continue;
            }
        };
        out.push((Named { name, span }, text));
    }
}
