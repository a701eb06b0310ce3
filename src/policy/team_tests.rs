//! A team test's `[[tests.team]]` members: several employees evaluated together, so that
//! the population figures of the policy (`allocate(team_pool, kpi) by team`) are computed
//! over them.

use crate::shape;
use toml::de::DeTable;

use super::error::PolicyError;
use super::model::{TeamMember, TestDef};
use super::tables::cases;
use super::toml_read::{Item, Reader};

/// A test's `team`: `[[tests.team]]` tables (or `team = [{ employee = "E001", ... }]`).
pub(super) fn team(r: &mut Reader<'_>, item: &Item<'_>, place: &str, out: &mut Vec<TeamMember>) {
    let Some(list) = r.array(item, "team", "a list of [[tests.team]] members") else {
        return;
    };
    for (k, entry) in list.iter().enumerate() {
        let Some(m) = r.table(entry, "each member of `team`") else {
            continue;
        };
        let span = r.at(entry);
        let place = format!("member {} of {place}", k + 1);
        let employee = r.required(m, "employee", &place, span);
        let Some(employee) = employee.and_then(|e| Some((r.string(e, "employee")?, r.at(e))))
        else {
            continue;
        };
        let mut member = TeamMember {
            employee,
            inputs: Vec::new(),
            expect: Vec::new(),
            expect_error: None,
            span,
        };
        if let Some(table) = m.get("inputs").and_then(|i| r.table(i, "inputs")) {
            cases(r, table, "", None, &mut member.inputs);
        }
        if let Some(table) = m.get("expect").and_then(|e| r.table(e, "expect")) {
            cases(r, table, "", None, &mut member.expect);
        }
        member.expect_error = m
            .get("expect_error")
            .and_then(|e| Some((r.string(e, "expect_error")?, r.at(e))));
        r.check_keys(m, &shape::MEMBER, &place);
        out.push(member);
    }
}

/// A team test has no top-level `inputs`, `expect`, `expect_error` or `months`; its
/// members have distinct keys, each expects figures or an error (not both, and not an empty
/// error), and at least one expects something.
pub(super) fn expectations(r: &mut Reader<'_>, t: &DeTable<'_>, test: &TestDef) {
    for key in ["inputs", "expect", "expect_error", "months"] {
        if let Some(item) = t.get(key) {
            r.error(PolicyError::TestTeamWith {
                test: test.name.clone(),
                key,
                span: r.at(item),
            });
        }
    }
    for (i, m) in test.team.iter().enumerate() {
        let (key, span) = &m.employee;
        if test.team[..i].iter().any(|o| o.employee.0 == *key) {
            r.error(PolicyError::TestTeamDuplicate {
                test: test.name.clone(),
                employee: key.clone(),
                span: *span,
            });
        }
        match &m.expect_error {
            Some((_, span)) if !m.expect.is_empty() => r.error(PolicyError::TestExpectsBoth {
                test: format!("{}, {key}", test.name),
                span: *span,
            }),
            Some((text, span)) if text.trim().is_empty() => {
                r.error(PolicyError::TestExpectsEmptyError {
                    test: format!("{}, {key}", test.name),
                    span: *span,
                })
            }
            _ => {}
        }
    }
    let expects = |m: &TeamMember| !m.expect.is_empty() || m.expect_error.is_some();
    if !test.team.iter().any(expects) {
        let span = t.get("team").map_or(test.span, |item| r.at(item));
        r.error(PolicyError::TestTeamExpectsNothing {
            test: test.name.clone(),
            span,
        });
    }
}
