//! The China payroll pack (issue 9 item 2): `rules/payroll_cn.toml` with each city file, through
//! the small policies of `tests/fixtures/payroll_cn/` that include them (the pack uses its
//! includer's `gross_pay` and the city's params, so it is checked through them). Each
//! fixture is loaded with `rules/` allowed as an include root, every case must pass, and the
//! snapshot lists the cases with their figures' verdicts.

use hrrules::data::{self, DataFile};
use hrrules::{evaluate_all, Binding, LoadOptions, Period, Policy};
use rust_decimal::Decimal;
use std::collections::BTreeMap;
use std::fmt::Write;
use std::path::Path;

fn load(path: &Path) -> Policy {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    LoadOptions::new()
        .allow_root(root.join("rules"))
        .load(path)
        .unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn payroll_pack_worked_examples() {
    insta::glob!("../fixtures/payroll_cn", "*.toml", |path| {
        let policy = load(path);
        let mut out = String::new();
        let mut failed = String::new();
        for r in hrrules::run_tests(&policy) {
            let verdict = if r.passed() { "ok" } else { "FAIL" };
            writeln!(out, "{verdict} {}", r.name).unwrap();
            if !r.passed() {
                writeln!(
                    failed,
                    "{} ({}): {:?} {:?}",
                    r.name, r.at, r.failures, r.error
                )
                .unwrap();
            }
        }
        assert!(failed.is_empty(), "{}", failed);
        insta::assert_snapshot!(out);
    });
}

/// What history would hold for one employee: the sums of the year's earlier months.
#[derive(Default)]
struct YearSoFar {
    months: u32,
    sums: [Decimal; 4],
}

/// The names the pack sums over the year, in the order of `YearSoFar::sums`.
const SUMMED: [&str; 4] = [
    "comprehensive_wage",
    "special_deductions",
    "additional_deductions",
    "wage_tax",
];

/// The STA example (国家税务总局公告2018年第61号 解读 例1) as four monthly runs of the Shanghai
/// policy, each month's past taken from the figures the months before computed, not typed by
/// hand: E004 withholds 555 / 625 / 1850 / 1850; E011, who claims infant care and elderly
/// support back to January in March, withholds 0 in March (the refund is carried) and 900 in
/// April.
#[test]
fn sta_example_month_after_month() {
    let policy = load(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/payroll_cn/shanghai.toml"),
    );
    // employee, child education, infant care, elderly support, per month (Jan..Apr).
    let declared = [
        ("E004", [("2000", "0", "0"); 4]),
        (
            "E011",
            [
                ("2000", "0", "0"),
                ("2000", "0", "0"),
                ("2000", "12000", "9000"),
                ("2000", "4000", "3000"),
            ],
        ),
    ];
    let mut past: BTreeMap<&str, YearSoFar> = BTreeMap::new();
    let mut out = String::new();
    for (m, month) in ["2023-01", "2023-02", "2023-03", "2023-04"]
        .iter()
        .enumerate()
    {
        let mut csv = String::from(
            "employee_id,monthly_wage,contribution_wage,housing_fund_rate,child_education,infant_care,elderly_support,ytd_months_before",
        );
        for name in SUMMED {
            write!(csv, ",ytd_before({name})").unwrap();
        }
        csv.push('\n');
        for (id, months) in &declared {
            let (child, infant, elderly) = months[m];
            let p = past.entry(id).or_default();
            write!(
                csv,
                "{id},30000,25714.30,7%,{child},{infant},{elderly},{}",
                p.months
            )
            .unwrap();
            for s in p.sums {
                write!(csv, ",{s}").unwrap();
            }
            csv.push('\n');
        }
        let period: Period = month.parse().unwrap();
        let plan = policy.plan(period).unwrap();
        let team = data::join(
            vec![DataFile::from_csv_str(&format!("{month}.csv"), &csv).unwrap()],
            "employee_id",
        )
        .unwrap();
        let binding = Binding::new(&policy, &team);
        evaluate_all((&plan, &binding), team.records(), |o| {
            let e = o
                .result
                .as_ref()
                .unwrap_or_else(|e| panic!("{month} {}: {e}", o.employee));
            let figure = |name: &str| e.get(name).unwrap().to_string();
            writeln!(
                out,
                "{month} {}: cumulative_taxable {} cumulative_tax {} wage_tax {} net_pay {}",
                o.employee,
                figure("cumulative_taxable"),
                figure("cumulative_tax"),
                figure("wage_tax"),
                figure("net_pay")
            )
            .unwrap();
            let p = past.get_mut(o.employee.as_str()).unwrap();
            p.months += 1;
            for (sum, name) in p.sums.iter_mut().zip(SUMMED) {
                *sum += figure(name).parse::<Decimal>().unwrap();
            }
        });
    }
    let taxes = |id: &str| -> Vec<String> {
        (out.lines())
            .filter(|l| l.split_whitespace().nth(1) == Some(&format!("{id}:")))
            .map(|l| {
                l.split("wage_tax ")
                    .nth(1)
                    .unwrap()
                    .split(' ')
                    .next()
                    .unwrap()
                    .to_string()
            })
            .collect()
    };
    assert_eq!(
        taxes("E004"),
        ["555.00", "625.00", "1850.00", "1850.00"],
        "{out}"
    );
    assert_eq!(
        taxes("E011"),
        ["555.00", "625.00", "0.00", "900.00"],
        "{out}"
    );
    insta::assert_snapshot!(out);
}
