//! One rule file's top level: `[policy]` and the dispatch to each table's reader.

use toml::de::DeTable;

use super::analysis;
use super::attendance;
use super::attendance_error::AttendanceRuleError;
use super::calc;
use super::error::PolicyError;
use super::model::{Meta, PolicyDef};
use super::payslip;
use super::tables;
use super::toml_read::{Item, Reader};
use crate::error::{nearest, Span};
use crate::shape;

/// What one file contributes.
#[derive(Default)]
pub(crate) struct FileParts {
    /// Its definitions (and, for the root file, its `[policy]` and `[outputs]`).
    pub def: PolicyDef,
    /// Its `include` entries: the path as written and where.
    pub includes: Vec<(String, Span)>,
}

/// Reads one parsed file. `root` is false for included files, whose `[policy]` is only
/// read for `include` and whose `[outputs]` are ignored.
pub(crate) fn read_file(r: &mut Reader<'_>, doc: &DeTable<'_>, root: bool) -> FileParts {
    let mut parts = FileParts::default();
    parts.def.meta.currency = "CNY".to_string();
    let start = r.span(0..0);
    parts.def.meta.span = start;
    if root && doc.is_empty() {
        r.error(PolicyError::Empty { span: start });
        return parts;
    }
    if root && doc.get("policy").is_none() {
        r.error(PolicyError::MissingPolicy { span: start });
    }
    for (key, item) in doc.iter() {
        let def = &mut parts.def;
        match key.get_ref().as_ref() {
            "policy" => policy(r, item, root, &mut def.meta, &mut parts.includes),
            "inputs" => each_table(r, item, "inputs", |r, t| {
                tables::inputs(r, t, &mut def.inputs)
            }),
            "params" => each_table(r, item, "params", |r, t| {
                tables::params(r, t, &mut def.params)
            }),
            "values" => each_table(r, item, "values", |r, t| {
                tables::values(r, t, &mut def.values)
            }),
            "scorecards" => each_table(r, item, "scorecards", |r, t| {
                calc::scorecards(r, t, &mut def.scorecards)
            }),
            "tiers" => each_table(r, item, "tiers", |r, t| calc::tiers(r, t, &mut def.tiers)),
            "curves" => each_table(r, item, "curves", |r, t| {
                calc::curves(r, t, &mut def.curves)
            }),
            "tables" => each_table(r, item, "tables", |r, t| {
                super::decision::decisions(r, t, &mut def.decisions)
            }),
            "outputs" if root => def.outputs = tables::outputs(r, item),
            "outputs" => {}
            "tests" => tables::tests(r, item, &mut def.tests),
            "attendance" if root => def.attendance = attendance::attendance(r, item),
            "attendance" => r.error(PolicyError::Attendance(AttendanceRuleError::InInclude {
                span: r.at(key),
            })),
            // An included pack's is kept too: the loader uses it when the root has none.
            "payslip" => def.payslip = payslip::payslip(r, item),
            // Like `[payslip]`: the root file's, or an included pack's when it has none.
            "analysis" => def.analysis = analysis::analysis(r, item),
            other => {
                let e = PolicyError::UnknownTable {
                    name: other.to_string(),
                    suggestion: nearest(other, shape::RULE_FILE.names()),
                    span: r.at(key),
                };
                r.error(e);
            }
        }
    }
    parts
}

fn each_table<'i>(
    r: &mut Reader<'_>,
    item: &Item<'i>,
    key: &str,
    read: impl FnOnce(&mut Reader<'_>, &DeTable<'i>),
) {
    if let Some(t) = r.table(item, key) {
        read(r, t);
    }
}

/// `[policy]`.
fn policy(
    r: &mut Reader<'_>,
    item: &Item<'_>,
    root: bool,
    meta: &mut Meta,
    includes: &mut Vec<(String, Span)>,
) {
    let Some(t) = r.table(item, "policy") else {
        return;
    };
    r.check_keys(t, &shape::POLICY, "[policy]");
    if let Some(list) = t.get("include") {
        let expected = "a list of paths like [\"payroll_cn.toml\"]";
        if let Some(list) = r.array(list, "include", expected) {
            for entry in list.iter() {
                if let Some(path) = r.string(entry, "each entry of `include`") {
                    includes.push((path, r.at(entry)));
                }
            }
        }
    }
    if !root {
        return;
    }
    meta.span = r.at(item);
    if let Some(name) = r.required(t, "name", "[policy]", meta.span) {
        meta.name = r.string(name, "name").unwrap_or_default();
    }
    meta.department = r.opt_string(t, "department");
    meta.version = r.opt_string(t, "version");
    if let Some(currency) = t.get("currency").and_then(|c| r.string(c, "currency")) {
        meta.currency = currency;
    }
    if let Some(e) = t.get("effective") {
        meta.effective = r.date(e, "effective").map(|(d, _)| d);
    }
    if let Some((rounding, _)) = t.get("rounding").and_then(|v| r.rounding(v)) {
        meta.rounding = rounding;
    }
    meta.doc = r.opt_string(t, "doc");
}
