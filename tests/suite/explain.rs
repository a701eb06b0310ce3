//! `Plan::explain`: each `tests/fixtures/explain/*.toml` is a policy whose `[[tests]]` cases
//! are employees; the names a case's `expect` lists are the figures explained (all shown
//! columns when it lists none). The snapshots hold the text tree and the JSON of every case,
//! `err_*` fixtures an employee whose evaluation fails.

use hrrules::{Period, Policy};
use std::fmt::Write;

#[test]
fn explain_fixtures() {
    insta::glob!("../fixtures/explain", "*.toml", |path| {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let policy = Policy::load(path).unwrap_or_else(|e| panic!("{name}:\n{e}"));
        let (mut text, mut json) = (String::new(), Vec::new());
        let mut failed = false;
        for t in policy.tests() {
            let period: Period = match &t.period {
                Some((p, _)) => p.parse().unwrap(),
                None => policy.default_period().unwrap(),
            };
            let mut inputs = policy.inputs();
            for (n, v) in &t.inputs {
                inputs.set_text(&n.name, v).unwrap();
            }
            let names: Vec<&str> = t.expect.iter().map(|(n, _)| n.name.as_str()).collect();
            let why = policy.explain(period, &inputs, &names).unwrap();
            failed |= why.error.is_some();
            writeln!(text, "## {}\n{why}", t.name).unwrap();
            json.push(serde_json::json!({ "case": t.name, "explanation": why }));
        }
        assert_eq!(failed, name.starts_with("err_"), "{name}");
        // Locations relative to the fixtures folder, the same on every machine.
        let dir = format!("{}/", path.parent().unwrap().display());
        insta::assert_snapshot!("text", text.replace(&dir, ""));
        let json = serde_json::to_string_pretty(&json).unwrap();
        insta::assert_snapshot!("json", json.replace(&dir, ""));
    });
}

fn e004() -> (Policy, hrrules::Inputs) {
    let policy = Policy::load("rules/sales_2023h2.toml").unwrap();
    let mut inputs = policy.inputs();
    for (n, v) in [
        ("base_salary", "15000.00"),
        ("sales_target", "500000.00"),
        ("sales_amount", "615230.00"),
        ("satisfaction", "9.4"),
        ("compliance", "96%"),
        ("teamwork", "88"),
    ] {
        inputs.set_text(n, v).unwrap();
    }
    (policy, inputs)
}

#[test]
fn an_unknown_name_suggests_the_nearest() {
    let (policy, inputs) = e004();
    let period = "2023-09".parse().unwrap();
    let err = policy.explain(period, &inputs, &["comission"]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "the policy has no figure `comission` (did you mean `commission`?)"
    );
}

#[test]
fn a_traced_slot_is_named_by_the_plan() {
    let (policy, inputs) = e004();
    let plan = policy.plan("2023-09".parse().unwrap()).unwrap();
    let mut trace = hrrules::eval::Recorder::default();
    plan.evaluate_with(&inputs, &mut trace).unwrap();
    let computed: Vec<&str> = trace
        .events
        .iter()
        .filter_map(|e| match e {
            hrrules::eval::TraceEvent::Computed { slot, .. } => plan.slot_name(*slot),
            _ => None,
        })
        .collect();
    assert_eq!(
        computed,
        ["kpi", "performance_bonus", "commission", "gross_pay"]
    );
    assert_eq!(plan.slot_kind(0), Some(hrrules::eval::SlotKind::Input));
    assert_eq!(plan.slot_name(usize::MAX), None);
}

#[test]
fn inputs_of_another_policy_are_a_typed_error() {
    let (policy, _) = e004();
    let other = Policy::from_source(
        "other.toml",
        "[policy]\nname = \"other\"\n[inputs]\nheadcount = \"integer\"\n",
    )
    .unwrap();
    let plan = policy.plan("2023-09".parse().unwrap()).unwrap();
    let err = plan.evaluate(&other.inputs()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "these inputs were built for another policy: it declares 6 inputs, they hold 1"
    );
    // explained, it is the explanation's error, with nothing computed
    let why = plan
        .explain(&other.inputs(), &["commission"], &|_| None)
        .unwrap();
    assert_eq!(why.error, Some(err));
    assert_eq!(why.figures[0].value, None);
}

/// A rule file is untrusted: a chain of 5,000 values (each the one before plus 1) explained
/// from its end would be a tree 5,000 levels deep, deep enough to overflow a stack when it is
/// built, printed, serialized or dropped. The tree stops `DEEPEST` levels below the figure,
/// naming what it does not expand; run on a thread with a small stack to show the bound.
#[test]
fn a_long_chain_of_values_is_explained_to_a_bounded_depth() {
    let mut text = String::from(
        "[policy]\nname = \"chain\"\n[inputs]\nstart = \"number\"\n[values]\nv0 = \"start + 1\"\n",
    );
    for i in 1..5_000 {
        writeln!(text, "v{i} = \"v{} + 1\"", i - 1).unwrap();
    }
    let policy = Policy::from_source("chain.toml", &text).unwrap();
    let mut inputs = policy.inputs();
    inputs.set_text("start", "0").unwrap();
    let period: Period = "2023-09".parse().unwrap();
    let (rendered, json) = std::thread::Builder::new()
        .stack_size(1 << 20)
        .spawn(move || {
            let e = policy.explain(period, &inputs, &["v4999"]).unwrap();
            (e.to_string(), serde_json::to_string(&e).unwrap())
        })
        .unwrap()
        .join()
        .unwrap();
    let deepest = hrrules::eval::DEEPEST;
    assert!(rendered.starts_with("v4999 = 5000  value"), "{rendered}");
    let last = format!("v{} = {}", 4999 - deepest, 5000 - deepest);
    assert!(rendered.contains(&last), "{rendered}");
    let stop = format!(
        "uses `v{}` (not expanded: the tree stops {deepest} levels deep; explain them on their own)",
        4998 - deepest
    );
    assert!(rendered.contains(&stop), "{rendered}");
    assert!(!rendered.contains(&format!("v{} =", 4998 - deepest)));
    assert!(json.contains(&format!("\"not_expanded\":[\"v{}\"]", 4998 - deepest)));
}
