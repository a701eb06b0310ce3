//! `benches/reference.toml` written by hand in Rust with rust_decimal: what a programmer
//! would write without a rule engine. Plain structs, checked arithmetic, the inputs'
//! bounds checked, every money figure rounded with `round_dp_with_strategy` where the policy
//! rounds it (every named money value, as the rule file says). It must compute exactly what hrrules computes (tests/suite/bench_policy.rs
//! checks it on thousands of generated employees), so it does the same operations in the
//! same order.
//!
//! Shared by the benchmark (benches/engine.rs) and the test suite, through `#[path]`.

use crate::sample::SampleEmployee;
use hrrules::Value;
use rust_decimal::{Decimal, RoundingStrategy};

/// The policy's constants.
struct Params {
    sales_score_cap: Decimal,
    min_compliance: Decimal,
    commission_cap: Decimal,
    bonus_rate: Decimal,
    workdays_per_month: Decimal,
    hours_per_day: Decimal,
    overtime_multiplier: Decimal,
    communication_allowance: Decimal,
    travel_allowance_per_day: Decimal,
    full_attendance_award: Decimal,
    heat_allowance: Decimal,
    si_base_floor: Decimal,
    si_base_ceiling: Decimal,
    hf_base_floor: Decimal,
    hf_base_ceiling: Decimal,
    pension_rate: Decimal,
    medical_rate: Decimal,
    unemployment_rate: Decimal,
    housing_fund_rate: Decimal,
    basic_deduction: Decimal,
}

const PARAMS: Params = Params {
    sales_score_cap: Decimal::from_parts(120, 0, 0, false, 0),
    min_compliance: Decimal::from_parts(80, 0, 0, false, 2),
    commission_cap: Decimal::from_parts(30000, 0, 0, false, 0),
    bonus_rate: Decimal::from_parts(30, 0, 0, false, 2),
    workdays_per_month: Decimal::from_parts(2175, 0, 0, false, 2),
    hours_per_day: Decimal::from_parts(8, 0, 0, false, 0),
    overtime_multiplier: Decimal::from_parts(150, 0, 0, false, 2),
    communication_allowance: Decimal::from_parts(300, 0, 0, false, 0),
    travel_allowance_per_day: Decimal::from_parts(120, 0, 0, false, 0),
    full_attendance_award: Decimal::from_parts(200, 0, 0, false, 0),
    heat_allowance: Decimal::from_parts(300, 0, 0, false, 0),
    si_base_floor: Decimal::from_parts(4494, 0, 0, false, 0),
    si_base_ceiling: Decimal::from_parts(24042, 0, 0, false, 0),
    hf_base_floor: Decimal::from_parts(2280, 0, 0, false, 0),
    hf_base_ceiling: Decimal::from_parts(34500, 0, 0, false, 0),
    pension_rate: Decimal::from_parts(8, 0, 0, false, 2),
    medical_rate: Decimal::from_parts(2, 0, 0, false, 2),
    unemployment_rate: Decimal::from_parts(5, 0, 0, false, 3),
    housing_fund_rate: Decimal::from_parts(7, 0, 0, false, 2),
    basic_deduction: Decimal::from_parts(5000, 0, 0, false, 0),
};

/// Commission brackets: (from, rate, pay of all slices below).
const COMMISSION: [(i64, i64, i64); 3] = [(0, 2, 0), (100_000, 4, 2_000), (300_000, 6, 10_000)];

/// Monthly tax table: (over, rate in percent, quick deduction).
const TAX: [(i64, i64, i64); 7] = [
    (80_000, 45, 15_160),
    (55_000, 35, 7_160),
    (35_000, 30, 4_410),
    (25_000, 25, 2_660),
    (12_000, 20, 1_410),
    (3_000, 10, 210),
    (0, 3, 0),
];

/// One employee's figures.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Payslip {
    pub attainment: Decimal,
    pub kpi_sales: Decimal,
    pub kpi_satisfaction: Decimal,
    pub kpi_compliance: Decimal,
    pub kpi_teamwork: Decimal,
    pub kpi: Decimal,
    pub grade: &'static str,
    pub commission: Decimal,
    pub commission_rate: Decimal,
    pub performance_bonus: Decimal,
    pub daily_wage: Decimal,
    pub hourly_wage: Decimal,
    pub overtime_pay: Decimal,
    pub absence_deduction: Decimal,
    pub full_attendance_bonus: Decimal,
    pub travel_allowance: Decimal,
    pub heat_allowance_due: Decimal,
    pub allowances: Decimal,
    pub gross_pay: Decimal,
    pub contribution_base: Decimal,
    pub housing_fund_base: Decimal,
    pub pension: Decimal,
    pub medical: Decimal,
    pub unemployment: Decimal,
    pub social_insurance: Decimal,
    pub housing_fund: Decimal,
    pub taxable_income: Decimal,
    pub income_tax: Decimal,
    pub income_tax_rate: Decimal,
    pub net_pay: Decimal,
    pub effective_tax_rate: Decimal,
}

impl Payslip {
    /// Every figure with the name the rule file gives it.
    pub fn named(&self) -> Vec<(&'static str, Value)> {
        let d = Value::Number;
        vec![
            ("attainment", d(self.attainment)),
            ("kpi.sales", d(self.kpi_sales)),
            ("kpi.satisfaction", d(self.kpi_satisfaction)),
            ("kpi.compliance", d(self.kpi_compliance)),
            ("kpi.teamwork", d(self.kpi_teamwork)),
            ("kpi", d(self.kpi)),
            ("kpi.grade", Value::from(self.grade)),
            ("commission", d(self.commission)),
            ("commission.rate", d(self.commission_rate)),
            ("performance_bonus", d(self.performance_bonus)),
            ("daily_wage", d(self.daily_wage)),
            ("hourly_wage", d(self.hourly_wage)),
            ("overtime_pay", d(self.overtime_pay)),
            ("absence_deduction", d(self.absence_deduction)),
            ("full_attendance_bonus", d(self.full_attendance_bonus)),
            ("travel_allowance", d(self.travel_allowance)),
            ("heat_allowance_due", d(self.heat_allowance_due)),
            ("allowances", d(self.allowances)),
            ("gross_pay", d(self.gross_pay)),
            ("contribution_base", d(self.contribution_base)),
            ("housing_fund_base", d(self.housing_fund_base)),
            ("pension", d(self.pension)),
            ("medical", d(self.medical)),
            ("unemployment", d(self.unemployment)),
            ("social_insurance", d(self.social_insurance)),
            ("housing_fund", d(self.housing_fund)),
            ("taxable_income", d(self.taxable_income)),
            ("income_tax", d(self.income_tax)),
            ("income_tax.rate", d(self.income_tax_rate)),
            ("net_pay", d(self.net_pay)),
            ("effective_tax_rate", d(self.effective_tax_rate)),
        ]
    }
}

/// Why an employee could not be paid.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PayError {
    /// An input outside its bounds.
    OutOfRange(&'static str),
    /// A figure too large for a decimal.
    Overflow(&'static str),
}

fn money(x: Decimal) -> Decimal {
    x.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

fn pct(p: i64) -> Decimal {
    Decimal::new(p, 2)
}

/// Checked arithmetic that names the figure being computed when it overflows.
trait Checked: Sized {
    fn add(self, o: Decimal, what: &'static str) -> Result<Decimal, PayError>;
    fn sub(self, o: Decimal, what: &'static str) -> Result<Decimal, PayError>;
    fn mul(self, o: Decimal, what: &'static str) -> Result<Decimal, PayError>;
    fn div(self, o: Decimal, what: &'static str) -> Result<Decimal, PayError>;
}

impl Checked for Decimal {
    fn add(self, o: Decimal, what: &'static str) -> Result<Decimal, PayError> {
        self.checked_add(o).ok_or(PayError::Overflow(what))
    }
    fn sub(self, o: Decimal, what: &'static str) -> Result<Decimal, PayError> {
        self.checked_sub(o).ok_or(PayError::Overflow(what))
    }
    fn mul(self, o: Decimal, what: &'static str) -> Result<Decimal, PayError> {
        self.checked_mul(o).ok_or(PayError::Overflow(what))
    }
    fn div(self, o: Decimal, what: &'static str) -> Result<Decimal, PayError> {
        self.checked_div(o).ok_or(PayError::Overflow(what))
    }
}

fn check_range(
    x: Decimal,
    lo: Decimal,
    hi: Option<Decimal>,
    what: &'static str,
) -> Result<(), PayError> {
    if x < lo || hi.is_some_and(|h| x > h) {
        return Err(PayError::OutOfRange(what));
    }
    Ok(())
}

fn validate(e: &SampleEmployee) -> Result<(), PayError> {
    let zero = Decimal::ZERO;
    check_range(e.base_salary, zero, None, "base_salary")?;
    check_range(e.sales_target, zero, None, "sales_target")?;
    check_range(e.sales_amount, zero, None, "sales_amount")?;
    check_range(e.satisfaction, zero, Some(Decimal::TEN), "satisfaction")?;
    check_range(e.compliance, zero, Some(Decimal::ONE), "compliance")?;
    check_range(e.teamwork, zero, Some(Decimal::ONE_HUNDRED), "teamwork")?;
    check_range(
        e.overtime_hours,
        zero,
        Some(Decimal::from(36)),
        "overtime_hours",
    )?;
    check_range(
        e.absence_days,
        zero,
        Some(Decimal::new(2175, 2)),
        "absence_days",
    )?;
    check_range(e.travel_days, zero, Some(Decimal::from(31)), "travel_days")?;
    if !e.travel_days.fract().is_zero() {
        return Err(PayError::OutOfRange("travel_days"));
    }
    check_range(e.contribution_wage, zero, None, "contribution_wage")?;
    check_range(e.special_deductions, zero, None, "special_deductions")
}

/// Computes one employee's pay for a period in month `month` (1 to 12).
pub fn pay(e: &SampleEmployee, month: u32) -> Result<Payslip, PayError> {
    let p = &PARAMS;
    validate(e)?;

    // KPI scorecard.
    let attainment = if e.sales_target.is_zero() {
        Decimal::ZERO
    } else {
        e.sales_amount.div(e.sales_target, "attainment")?
    };
    let kpi_sales = attainment
        .mul(Decimal::ONE_HUNDRED, "kpi.sales")?
        .min(p.sales_score_cap);
    let kpi_satisfaction = e.satisfaction.mul(Decimal::TEN, "kpi.satisfaction")?;
    let kpi_compliance = if e.compliance >= p.min_compliance {
        e.compliance.mul(Decimal::ONE_HUNDRED, "kpi.compliance")?
    } else {
        Decimal::ZERO
    };
    let kpi_teamwork = e.teamwork;
    let kpi = kpi_sales
        .mul(pct(60), "kpi")?
        .add(kpi_satisfaction.mul(pct(20), "kpi")?, "kpi")?
        .add(kpi_compliance.mul(pct(10), "kpi")?, "kpi")?
        .add(kpi_teamwork.mul(pct(10), "kpi")?, "kpi")?;
    let grade = if kpi >= Decimal::from(90) {
        "A"
    } else if kpi >= Decimal::from(75) {
        "B"
    } else if kpi >= Decimal::from(60) {
        "C"
    } else {
        "D"
    };

    // Commission: marginal brackets, capped.
    let (from, rate, below) = COMMISSION
        .iter()
        .rev()
        .find(|(from, _, _)| e.sales_amount >= Decimal::from(*from))
        .copied()
        .unwrap_or((0, 0, 0));
    let commission_rate = pct(rate);
    let commission = money(
        e.sales_amount
            .sub(Decimal::from(from), "commission")?
            .mul(commission_rate, "commission")?
            .add(Decimal::from(below), "commission")?
            .min(p.commission_cap),
    );

    let performance_bonus = if grade != "D" {
        money(
            e.base_salary
                .mul(p.bonus_rate, "performance_bonus")?
                .mul(kpi, "performance_bonus")?
                .div(Decimal::ONE_HUNDRED, "performance_bonus")?,
        )
    } else {
        Decimal::ZERO
    };

    // Working time.
    let daily_wage = money(e.base_salary.div(p.workdays_per_month, "daily_wage")?);
    let hourly_wage = money(
        e.base_salary
            .div(p.workdays_per_month, "hourly_wage")?
            .div(p.hours_per_day, "hourly_wage")?,
    );
    let overtime_pay = money(
        hourly_wage
            .mul(e.overtime_hours, "overtime_pay")?
            .mul(p.overtime_multiplier, "overtime_pay")?,
    );
    let absence_deduction = money(daily_wage.mul(e.absence_days, "absence_deduction")?);

    // Allowances.
    let full_attendance_bonus = money(if e.absence_days.is_zero() {
        p.full_attendance_award
    } else {
        Decimal::ZERO
    });
    let travel_allowance = money(
        p.travel_allowance_per_day
            .mul(e.travel_days, "travel_allowance")?,
    );
    let heat_allowance_due = money(if (6..=9).contains(&month) {
        p.heat_allowance
    } else {
        Decimal::ZERO
    });
    let allowances = money(
        p.communication_allowance
            .add(travel_allowance, "allowances")?
            .add(heat_allowance_due, "allowances")?
            .add(full_attendance_bonus, "allowances")?,
    );

    let gross_pay = money(
        e.base_salary
            .add(commission, "gross_pay")?
            .add(performance_bonus, "gross_pay")?
            .add(overtime_pay, "gross_pay")?
            .add(allowances, "gross_pay")?
            .sub(absence_deduction, "gross_pay")?,
    );

    // Social insurance and housing fund.
    let contribution_base = money(
        e.contribution_wage
            .max(p.si_base_floor)
            .min(p.si_base_ceiling),
    );
    let housing_fund_base = money(
        e.contribution_wage
            .max(p.hf_base_floor)
            .min(p.hf_base_ceiling),
    );
    let pension = money(contribution_base.mul(p.pension_rate, "pension")?);
    let medical = money(contribution_base.mul(p.medical_rate, "medical")?);
    let unemployment = money(contribution_base.mul(p.unemployment_rate, "unemployment")?);
    let social_insurance = money(
        pension
            .add(medical, "social_insurance")?
            .add(unemployment, "social_insurance")?,
    );
    let housing_fund = housing_fund_base
        .mul(p.housing_fund_rate, "housing_fund")?
        .round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero);

    // Income tax: flat table with quick deductions.
    let taxable_income = money(
        gross_pay
            .sub(social_insurance, "taxable_income")?
            .sub(housing_fund, "taxable_income")?
            .sub(p.basic_deduction, "taxable_income")?
            .sub(e.special_deductions, "taxable_income")?
            .max(Decimal::ZERO),
    );
    let (rate, quick) = TAX
        .iter()
        .find(|(over, _, _)| *over == 0 || taxable_income > Decimal::from(*over))
        .map(|&(_, rate, quick)| (rate, quick))
        .unwrap_or((0, 0));
    let income_tax_rate = pct(rate);
    let income_tax = money(
        taxable_income
            .mul(income_tax_rate, "income_tax")?
            .sub(Decimal::from(quick), "income_tax")?,
    );

    let net_pay = money(
        gross_pay
            .sub(social_insurance, "net_pay")?
            .sub(housing_fund, "net_pay")?
            .sub(income_tax, "net_pay")?,
    );
    let effective_tax_rate = if gross_pay.is_zero() {
        Decimal::ZERO
    } else {
        income_tax
            .div(gross_pay, "effective_tax_rate")?
            .round_dp_with_strategy(4, RoundingStrategy::MidpointAwayFromZero)
    };

    Ok(Payslip {
        attainment,
        kpi_sales,
        kpi_satisfaction,
        kpi_compliance,
        kpi_teamwork,
        kpi,
        grade,
        commission,
        commission_rate,
        performance_bonus,
        daily_wage,
        hourly_wage,
        overtime_pay,
        absence_deduction,
        full_attendance_bonus,
        travel_allowance,
        heat_allowance_due,
        allowances,
        gross_pay,
        contribution_base,
        housing_fund_base,
        pension,
        medical,
        unemployment,
        social_insurance,
        housing_fund,
        taxable_income,
        income_tax,
        income_tax_rate,
        net_pay,
        effective_tax_rate,
    })
}
