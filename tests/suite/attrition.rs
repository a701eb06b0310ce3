//! The attrition model (src/analysis/): every case of tests/fixtures/attrition, a folder of
//! `data.csv` and `spec.toml` (its `[analysis.attrition]`), fitted and printed as `hrrules
//! attrition` prints it; `err_*` cases print the refusal or the located error.

use hrrules::analysis::attrition::{fit, AttritionSpec};
use std::path::Path;

#[test]
fn attrition_fixtures() {
    insta::glob!("../fixtures/attrition", "*/spec.toml", |path| {
        let dir = path.parent().unwrap();
        let name = dir.file_name().unwrap().to_string_lossy().to_string();
        let rel = Path::new("tests/fixtures/attrition").join(&name);
        let spec_name = rel.join("spec.toml").display().to_string();
        let text = std::fs::read_to_string(path).unwrap();
        let fitted = AttritionSpec::from_rules(&spec_name, &text).and_then(|spec| {
            let spec = spec.expect("spec.toml has [analysis.attrition]");
            fit(&rel.join("data.csv"), &spec)
        });
        let out = match fitted {
            Ok(model) => {
                assert!(!name.starts_with("err_"), "{name} should be refused");
                model.to_table(5)
            }
            Err(e) => {
                assert!(name.starts_with("err_"), "{name} failed: {e}");
                format!("error: {e}")
            }
        };
        insta::assert_snapshot!(out);
    });
}

/// The known sign: leavers are paid below the band, so pay_vs_band lowers the odds of leaving
/// (odds ratio below 1), and the model tells leaving months apart better than chance.
#[test]
fn clean_fit_finds_the_sign() {
    let spec = AttritionSpec::new(vec!["pay_vs_band".into(), "noise".into()]);
    let model = fit(
        Path::new("tests/fixtures/attrition/clean_fit/data.csv"),
        &spec,
    )
    .unwrap();
    let pay = &model.coefficients[0];
    assert!(pay.per_sd < -0.5, "{pay:?}");
    assert!(pay.odds_ratio < 1.0);
    assert!(model.cv_auc > 0.7, "AUC {}", model.cv_auc);
    assert!(model.coefficients[1].per_sd.abs() < pay.per_sd.abs());
}

/// The example company's history: falling attainment and pay below the band raise the risk,
/// leave and complaints too, as the generator of examples/risk/ drew them.
#[test]
fn example_company_signs_are_sensible() {
    let text = std::fs::read_to_string("examples/risk/model.toml").unwrap();
    let spec = AttritionSpec::from_rules("model.toml", &text)
        .unwrap()
        .unwrap();
    let model = fit(Path::new("examples/risk/employee_months.csv"), &spec).unwrap();
    let sign = |f: &str| {
        model
            .coefficients
            .iter()
            .find(|c| c.feature == f)
            .unwrap()
            .per_sd
            .signum()
    };
    assert_eq!(
        sign("attainment_change_3m"),
        -1.0,
        "falling attainment raises risk"
    );
    assert_eq!(sign("pay_vs_band"), -1.0, "pay below the band raises risk");
    assert_eq!(sign("leave_days_12m"), 1.0);
    assert_eq!(sign("complaints_3m"), 1.0);
    assert!(model.cv_auc > 0.6, "AUC {}", model.cv_auc);
    assert!(model.leavers >= 10);
}
