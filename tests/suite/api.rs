//! The embedding API as an HR product uses it.

use hrrules::eval::{Recorder, TraceEvent};
use hrrules::{EvalError, Period, Policy, Value};
use rust_decimal::Decimal;
use std::str::FromStr;

const RULES: &str = r#"
[policy]
name = "Production, night shift"
effective = 2024-01-01

[inputs]
base_salary = { type = "money", min = 0 }
night_shifts = { type = "integer", min = 0, max = 31, default = 0 }
overtime_hours = { type = "number", min = 0, max = 36 }
quality_ok = "bool"

[params]
night_allowance = { value = "60", type = "money", doc = "per night shift", reference = "Production Pay Rules 2024 §2.3" }

[tiers.overtime_rate]
on = "overtime_hours"
mode = "flat"
brackets = [ { from = 0, rate = "0%", amount = "1.5" }, { above = 20, rate = "0%", amount = "2" } ]

[tiers.piece]
on = "base_salary"
mode = "marginal"
brackets = [ { from = 0, rate = "1%" }, { from = 5000, rate = "2%" } ]

[values]
hourly = "base_salary / 21.75 / 8"
overtime_pay = "hourly * overtime_hours * overtime_rate"
night_pay = "night_allowance * night_shifts"
quality_bonus = "if quality_ok then 200 else 0"
gross = "base_salary + overtime_pay + night_pay + quality_bonus"
"#;

fn policy() -> Policy {
    Policy::from_source("night.toml", RULES).unwrap_or_else(|e| panic!("{e}"))
}

fn d(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

#[test]
fn inputs_from_rust_values_and_text() {
    let p = policy();
    let plan = p.plan("2024-03".parse().unwrap()).unwrap();
    let mut inputs = p.inputs();
    inputs
        .set("base_salary", d("6525"))
        .unwrap()
        .set("overtime_hours", d("10"))
        .unwrap()
        .set("quality_ok", true)
        .unwrap()
        .set_text("night_shifts", "8")
        .unwrap();
    let e = plan.evaluate(&inputs).unwrap();
    // 6525 / 21.75 / 8 = 37.5 an hour; 10 h × 37.5 × 1.5 = 562.50
    assert_eq!(e.get("hourly").unwrap().to_string(), "37.50");
    assert_eq!(e.get("overtime_pay").unwrap().to_string(), "562.50");
    assert_eq!(e.get("night_pay").unwrap().to_string(), "480.00");
    assert_eq!(e.get("gross").unwrap().to_string(), "7767.50");
    assert_eq!(e.get("night_allowance"), Some(&Value::Number(d("60"))));
}

#[test]
fn inputs_from_serde_records() {
    #[derive(serde::Serialize)]
    struct Row {
        employee_id: &'static str,
        base_salary: &'static str,
        overtime_hours: u32,
        quality_ok: bool,
        night_shifts: Option<u32>,
    }
    let p = policy();
    let plan = p.plan("2024-03".parse().unwrap()).unwrap();
    let row = Row {
        employee_id: "P017",
        base_salary: "6,525.00",
        overtime_hours: 24,
        quality_ok: false,
        night_shifts: None,
    };
    // employee_id names no input: the strict form refuses it, the lenient one returns it.
    let err = p.inputs_from(&row).unwrap_err();
    assert_eq!(
        err.to_string(),
        "input `employee_id`: the policy has no such input"
    );
    let read = p.inputs_from_lenient(&row).unwrap();
    assert_eq!(read.unknown, ["employee_id"]);
    let e = plan.evaluate(&read.inputs).unwrap();
    // above 20 hours: 200%; 24 × 37.5 × 2 = 1800; no night shifts (default 0), no quality bonus
    assert_eq!(e.get("overtime_pay").unwrap().to_string(), "1800.00");
    assert_eq!(e.get("gross").unwrap().to_string(), "8325.00");
    let json = serde_json::to_string(&e).unwrap();
    assert_eq!(
        json,
        r#"{"overtime_rate":"2","piece":"80.50","hourly":"37.50","overtime_pay":"1800.00","night_pay":"0.00","quality_bonus":"0","gross":"8325.00"}"#
    );
}

#[test]
fn wrong_inputs_are_clear_errors() {
    let p = policy();
    let mut inputs = p.inputs();
    let err = inputs.set("base_salery", d("1")).unwrap_err();
    assert_eq!(
        err.to_string(),
        "input `base_salery`: the policy has no such input (did you mean `base_salary`?)"
    );
    let err = inputs.set("quality_ok", d("1")).unwrap_err();
    assert_eq!(
        err.to_string(),
        "input `quality_ok`: expected bool, got `1`"
    );
    let err = inputs.set_text("night_shifts", "2.5").unwrap_err();
    assert!(err.to_string().contains("not a whole number"), "{err}");
}

#[test]
fn evaluation_errors_name_the_value_and_place() {
    let p = policy();
    let plan = p.plan("2024-03".parse().unwrap()).unwrap();
    let mut inputs = p.inputs();
    inputs.set_text("base_salary", "6525").unwrap();
    inputs.set_text("quality_ok", "否").unwrap();
    // overtime_hours is missing and has no default
    let err = plan.evaluate(&inputs).unwrap_err();
    assert_eq!(
        err.to_string(),
        "missing input `overtime_hours`, needed by `overtime_rate` at night.toml:16:7"
    );
    inputs.set_text("overtime_hours", "40").unwrap();
    let err = plan.evaluate(&inputs).unwrap_err();
    assert!(matches!(err, EvalError::OutOfRange { above: true, .. }));
    assert_eq!(
        err.to_string(),
        "input `overtime_hours` is 40, above its max 36 (night.toml:9:52)"
    );
}

#[test]
fn batch_keeps_order_and_every_employee() {
    let p = policy();
    let plan = p.plan("2024-03".parse().unwrap()).unwrap();
    let staff: Vec<_> = (0..500)
        .map(|i| {
            let mut inputs = p.inputs();
            inputs
                .set_text("base_salary", &format!("{}", 5000 + i))
                .unwrap();
            inputs.set_text("quality_ok", "true").unwrap();
            if i % 7 != 0 {
                inputs.set_text("overtime_hours", "2").unwrap();
            }
            inputs
        })
        .collect();
    let mut results = Vec::new();
    hrrules::evaluate_inputs(&plan, &staff, |r| results.push(r));
    assert_eq!(results.len(), 500);
    for (i, r) in results.iter().enumerate() {
        match r {
            Ok(e) => {
                assert_ne!(i % 7, 0);
                assert_eq!(
                    e.get("base_salary").unwrap().to_string(),
                    format!("{}", 5000 + i)
                );
            }
            Err(err) => {
                assert_eq!(i % 7, 0);
                assert!(matches!(err, EvalError::MissingInput { .. }));
            }
        }
    }
}

#[test]
fn plans_evaluate_from_many_threads() {
    let p = policy();
    let plan = std::sync::Arc::new(p.plan("2024-03".parse().unwrap()).unwrap());
    let handles: Vec<_> = (0..4)
        .map(|t| {
            let (plan, p) = (plan.clone(), p.clone());
            std::thread::spawn(move || {
                let mut inputs = p.inputs();
                inputs.set_text("base_salary", "8700").unwrap();
                inputs.set_text("overtime_hours", &t.to_string()).unwrap();
                inputs.set_text("quality_ok", "是").unwrap();
                plan.evaluate(&inputs)
                    .unwrap()
                    .get("gross")
                    .unwrap()
                    .to_string()
            })
        })
        .collect();
    let gross: Vec<String> = handles.into_iter().map(|h| h.join().unwrap()).collect();
    // 8700 / 21.75 / 8 = 50 an hour, × 1.5 per overtime hour
    assert_eq!(gross, ["8900.00", "8975.00", "9050.00", "9125.00"]);
}

#[test]
fn trace_records_each_step_and_tier_slices_explain_marginal_pay() {
    let p = policy();
    let plan = p.plan("2024-03".parse().unwrap()).unwrap();
    let mut inputs = p.inputs();
    inputs.set_text("base_salary", "8000").unwrap();
    inputs.set_text("overtime_hours", "0").unwrap();
    inputs.set_text("quality_ok", "false").unwrap();
    let mut trace = Recorder::default();
    let traced = plan.evaluate_with(&inputs, &mut trace).unwrap();
    let plain = plan.evaluate(&inputs).unwrap();
    assert_eq!(traced.all(), plain.all());
    // hourly is rounded when stored: 8000 / 21.75 / 8 = 45.977... -> 45.98
    assert!(trace.events.iter().any(|e| matches!(e,
        TraceEvent::Computed { exact: Value::Number(x), stored: Value::Number(y), .. }
            if x.round_dp(2) == *y && *y == d("45.98"))));
    assert!(trace.events.iter().any(|e| matches!(
        e,
        TraceEvent::Tier {
            tier: 1,
            bracket: Some(1),
            ..
        }
    )));
    let slices = plan.tier_slices(1, d("8000"));
    assert_eq!(slices.len(), 2);
    assert_eq!((slices[0].width, slices[0].pay), (d("5000"), d("50.00")));
    assert_eq!((slices[1].width, slices[1].pay), (d("3000"), d("60.00")));
    assert_eq!(plain.get("piece").unwrap().to_string(), "110.00");
}

#[test]
fn params_are_chosen_for_the_period() {
    let p = Policy::from_source(
        "rates.toml",
        r#"
[policy]
name = "Rates"
[params]
rate = [{ from = 2024-07-01, value = "3%" }, { from = 2024-01-01, value = "2%" }]
"#,
    )
    .unwrap();
    let june = p.plan(Period::from_str("2024-06").unwrap()).unwrap();
    let july = p.plan(Period::from_str("2024-07").unwrap()).unwrap();
    let rate = |plan: &hrrules::Plan| {
        plan.params()
            .next()
            .map(|(n, v, f)| (n.to_string(), v.to_string(), f.map(|f| f.to_string())))
    };
    assert_eq!(
        rate(&june),
        Some(("rate".into(), "0.02".into(), Some("2024-01-01".into())))
    );
    assert_eq!(
        rate(&july),
        Some(("rate".into(), "0.03".into(), Some("2024-07-01".into())))
    );
    let err = p.plan(Period::from_str("2023-12").unwrap()).unwrap_err();
    let hrrules::Error::Plan { error, report } = err else {
        panic!("expected a plan error");
    };
    assert_eq!(
        error.to_string(),
        "rates.toml:5:1: param `rate` has no value for 2023-12 (its earliest entry is from 2024-01-01)"
    );
    assert!(report.to_string().starts_with(
        "rates.toml:5:1: param `rate` has no value for 2023-12 (its earliest entry is from 2024-01-01)\n  |\n5 | rate = "
    ));
}

/// A product reading a pay month from its own settings learns which check failed; the
/// message is the one `--period` prints.
#[test]
fn periods_from_text_fail_with_a_typed_error() {
    use hrrules::PeriodError;
    assert_eq!(
        Period::from_str("2023-9"),
        Err(PeriodError::NotYearMonth {
            text: "2023-9".into()
        })
    );
    let err = Period::from_str("2023-13").unwrap_err();
    assert_eq!(
        err,
        PeriodError::NoSuchMonth {
            text: "2023-13".into()
        }
    );
    assert_eq!(
        err.to_string(),
        "`2023-13` is not a period (expected YYYY-MM, like 2023-09)"
    );
    let boxed: Box<dyn std::error::Error + Send + Sync> = err.into();
    assert!(boxed.to_string().contains("2023-13"));
}

// ---------------------------------------------------------------------------------------
// records of the host's own types (Policy::inputs_from)

const SALES: &str = r#"
[policy]
name = "Hengkang sales, 2023 H2"
effective = 2023-07-01

[inputs]
sales_amount = "money"
sales_target = "money"
satisfaction = { type = "number", min = 0, max = 10 }
visits = "integer"

[values]
attainment = "sales_amount / sales_target"
commission = "sales_amount * 3%"
"#;

fn sales() -> Policy {
    Policy::from_source("sales.toml", SALES).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn inputs_from_refuses_a_misspelt_field_with_the_nearest_name() {
    #[derive(serde::Serialize)]
    struct CrmRow {
        sales_amout: Decimal,
        sales_target: Decimal,
    }
    let row = CrmRow {
        sales_amout: d("250000.00"),
        sales_target: d("200000"),
    };
    let err = sales().inputs_from(&row).unwrap_err();
    // The same error as set_text gives for the name.
    let by_hand = sales().inputs().set_text("sales_amout", "1").unwrap_err();
    assert_eq!(err, by_hand);
    insta::assert_json_snapshot!(err, @r#"
    {
      "kind": "invalid_input",
      "message": "input `sales_amout`: the policy has no such input (did you mean `sales_amount`?)",
      "at": null
    }
    "#);
}

#[test]
fn inputs_from_lenient_returns_the_fields_that_name_no_input() {
    #[derive(serde::Serialize)]
    struct ErpRow<'a> {
        employee_id: &'a str,
        name: &'a str,
        sales_amout: &'a str,
        sales_target: &'a str,
    }
    let p = sales();
    let row = ErpRow {
        employee_id: "E004",
        name: "王芳",
        sales_amout: "250,000.00",
        sales_target: "200,000.00",
    };
    let read = p.inputs_from_lenient(&row).unwrap();
    assert_eq!(read.unknown, ["employee_id", "name", "sales_amout"]);
    // sales_amount stayed missing: the figure that needs it says so.
    let plan = p.plan("2023-09".parse().unwrap()).unwrap();
    let err = plan.evaluate(&read.inputs).unwrap_err();
    assert_eq!(err.kind(), "missing_input");
}

#[test]
fn inputs_from_reads_numbers_exactly() {
    #[derive(serde::Serialize)]
    struct Row {
        sales_amount: Decimal,
        sales_target: u128,
        satisfaction: f64,
        visits: Option<u8>,
    }
    let p = sales();
    let plan = p.plan("2023-09".parse().unwrap()).unwrap();
    let row = Row {
        // more digits than an f64 holds
        sales_amount: d("123456789012345678.91"),
        sales_target: 123_456_789_012_345_678_901_234,
        satisfaction: 9.1,
        visits: Some(12),
    };
    let e = plan.evaluate(&p.inputs_from(&row).unwrap()).unwrap();
    assert_eq!(
        e.get("sales_amount").unwrap().to_string(),
        "123456789012345678.91"
    );
    assert_eq!(
        e.get("sales_target").unwrap().to_string(),
        "123456789012345678901234"
    );
    // a float by its shortest round-trip text: 9.1, not 9.0999999999999996447...
    assert_eq!(e.get("satisfaction").unwrap().to_string(), "9.1");
    assert_eq!(e.get("visits").unwrap().to_string(), "12");
    // serde_json's arbitrary-precision numbers (and rust_decimal's `serde::arbitrary_precision`)
    // serialize as a struct holding the text: read exactly too.
    struct JsonNumber(&'static str);
    impl serde::Serialize for JsonNumber {
        fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            use serde::ser::SerializeStruct;
            const TOKEN: &str = "$serde_json::private::Number";
            let mut number = s.serialize_struct(TOKEN, 1)?;
            number.serialize_field(TOKEN, self.0)?;
            number.end()
        }
    }
    let map = std::collections::BTreeMap::from([
        ("sales_amount", JsonNumber("98765432109876543.21")),
        ("sales_target", JsonNumber("100")),
    ]);
    let e = plan.evaluate(&p.inputs_from(&map).unwrap()).unwrap();
    assert_eq!(
        e.get("sales_amount").unwrap().to_string(),
        "98765432109876543.21"
    );
    // None leaves an input missing
    let row = Row {
        visits: None,
        ..row
    };
    let e = plan.evaluate(&p.inputs_from(&row).unwrap()).unwrap();
    assert_eq!(e.get("visits"), None);
}

#[test]
fn inputs_from_maps_and_their_mistakes() {
    use std::collections::BTreeMap;
    let p = sales();
    let map: BTreeMap<&str, &str> = [("sales_amount", "19,850.00"), ("visits", "7")].into();
    let inputs = p.inputs_from(&map).unwrap();
    let plan = p.plan("2023-09".parse().unwrap()).unwrap();
    let err = plan.evaluate(&inputs).unwrap_err();
    assert_eq!(err.kind(), "missing_input");

    // Every way a record can be wrong is an error naming the field (or the record).
    #[derive(serde::Serialize)]
    struct Base {
        sales_amount: &'static str,
    }
    #[derive(serde::Serialize)]
    struct Twice {
        #[serde(flatten)]
        base: Base,
        #[serde(flatten)]
        again: Base,
    }
    #[derive(serde::Serialize)]
    struct Nested {
        sales_amount: Vec<u32>,
    }
    #[derive(serde::Serialize)]
    struct Float {
        satisfaction: f64,
    }
    #[derive(serde::Serialize)]
    struct Whole {
        visits: &'static str,
    }
    let errors: Vec<String> = [
        p.inputs_from(&Twice {
            base: Base { sales_amount: "1" },
            again: Base { sales_amount: "2" },
        }),
        p.inputs_from(&Nested {
            sales_amount: vec![1, 2],
        }),
        p.inputs_from(&Float {
            satisfaction: f64::NAN,
        }),
        p.inputs_from(&Whole { visits: "2.5" }),
        p.inputs_from(&vec![1, 2, 3]),
        p.inputs_from(&BTreeMap::from([(1, "x")])),
    ]
    .into_iter()
    .map(|r| r.unwrap_err().to_string())
    .collect();
    insta::assert_debug_snapshot!(errors);
}

// ---------------------------------------------------------------------------------------
// serializing results and errors

#[test]
fn evaluation_serializes_shown_values_and_all_values_on_request() {
    let p = policy();
    let plan = p.plan("2024-03".parse().unwrap()).unwrap();
    let mut inputs = p.inputs();
    inputs
        .set_text("base_salary", "6525")
        .unwrap()
        .set_text("overtime_hours", "24")
        .unwrap()
        .set_text("quality_ok", "true")
        .unwrap();
    let e = plan.evaluate(&inputs).unwrap();
    insta::assert_json_snapshot!("shown_values", e);
    insta::assert_json_snapshot!("all_values", e.all_values());
}

#[test]
fn evaluation_errors_serialize_to_a_stable_shape() {
    let p = sales();
    let plan = p.plan("2023-09".parse().unwrap()).unwrap();
    let mut inputs = p.inputs();
    inputs
        .set_text("sales_amount", "250000")
        .unwrap()
        .set_text("sales_target", "0")
        .unwrap()
        .set_text("satisfaction", "11")
        .unwrap();
    let out_of_range = plan.evaluate(&inputs).unwrap_err();
    inputs.set_text("satisfaction", "9").unwrap();
    let division = plan.evaluate(&inputs).unwrap_err();
    let bad_record = p.inputs_from(&[1, 2]).unwrap_err();
    let cell = hrrules::data::CellRef {
        file: "crm_2023-09.json".into(),
        row: 4,
        column: "satisfaction".into(),
    };
    let employee_errors = [
        hrrules::EmployeeError::Eval(division.clone()),
        hrrules::EmployeeError::Input {
            at: cell,
            source: Box::new(out_of_range.clone()),
        },
    ];
    insta::assert_json_snapshot!((division, out_of_range, bad_record, employee_errors));
}

#[test]
fn outcomes_of_a_whole_file_serialize_with_their_rows_and_errors() {
    // The bad rows of the example company: a `19.85万` cell, a target of 0, satisfaction 11.
    // (Integration tests run in the crate root, so paths stay relative.)
    let policy = Policy::load("rules/sales_2023h2.toml").unwrap();
    let plan = policy.plan("2023-09".parse().unwrap()).unwrap();
    let files = ["bad_rows.csv", "bad_crm.json", "hr_2023-09.csv"]
        .map(|f| hrrules::data::open(&std::path::Path::new("examples/data").join(f)).unwrap());
    let data = hrrules::data::join(files.into(), "employee_id").unwrap();
    let binding = hrrules::Binding::new(&policy, &data).unwrap();
    let mut outcomes = Vec::new();
    hrrules::evaluate_all((&plan, &binding), data.records(), |o| {
        if ["E004", "E021", "E036", "E040"].contains(&o.employee.as_str()) {
            outcomes.push(o);
        }
    });
    insta::assert_json_snapshot!(outcomes);
}

mod properties {
    use super::*;
    use proptest::prelude::*;
    use std::collections::BTreeMap;

    fn decimal() -> impl Strategy<Value = Decimal> {
        (any::<i64>(), 0u32..=10).prop_map(|(n, scale)| Decimal::new(n, scale))
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

        /// Every decimal and integer a record holds arrives exactly.
        #[test]
        fn records_give_numbers_exactly(amount in decimal(), target in any::<u64>(), visits in any::<i32>()) {
            #[derive(serde::Serialize)]
            struct Row {
                sales_amount: Decimal,
                sales_target: u64,
                visits: i32,
            }
            let p = sales();
            let plan = p.plan("2023-09".parse().unwrap()).unwrap();
            let inputs = p.inputs_from(&Row { sales_amount: amount, sales_target: target, visits }).unwrap();
            // a target of 0 would fail `attainment`: evaluate with at least 1
            let mut with_target = inputs.clone();
            with_target.set("sales_target", Decimal::from(target.max(1))).unwrap();
            let e = plan.evaluate(&with_target).unwrap();
            prop_assert_eq!(e.get("sales_amount"), Some(&Value::Number(amount)));
            prop_assert_eq!(e.get("visits"), Some(&Value::Number(Decimal::from(visits))));
        }

        /// A field is either an input or reported: refused by the strict form, listed by the
        /// lenient one; never dropped.
        #[test]
        fn no_field_is_dropped(keys in proptest::collection::btree_set("[a-z_]{1,14}", 0..6)) {
            let p = sales();
            let record: BTreeMap<&str, &str> = keys.iter().map(|k| (k.as_str(), "1")).collect();
            let known = ["sales_amount", "sales_target", "satisfaction", "visits"];
            let unknown: Vec<&str> = keys.iter().map(String::as_str).filter(|k| !known.contains(k)).collect();
            let lenient = p.inputs_from_lenient(&record).unwrap();
            prop_assert_eq!(&lenient.unknown, &unknown);
            let strict = p.inputs_from(&record);
            match unknown.first() {
                Some(first) => {
                    let err = strict.unwrap_err();
                    prop_assert!(
                        err.to_string().starts_with(&format!("input `{first}`: the policy has no such input")),
                        "{}", err
                    );
                }
                None => prop_assert!(strict.is_ok()),
            }
        }
    }
}
