//! `benches/reference.toml` as zen-expression formulas: the general-purpose expression
//! engine a team might embed instead of hrrules. Each formula is compiled once; per
//! employee, a context object holds the params and inputs, each formula is evaluated against
//! it in dependency order, and its result is inserted for the formulas after it.
//!
//! Where the two languages differ, the zen formulas spell out what hrrules does itself:
//! - hrrules rounds every money value to the policy's rounding when it is computed; zen has
//!   no types, so every money formula is wrapped in `round(x, 2)` (zen's `round` is half away
//!   from zero, hrrules' `half_up`; zen has no other rounding mode, so a `half_even` policy
//!   could not be written this way).
//! - Tiers, the scorecard's cap, gate and ratings, and `clamp` become nested `? :` and
//!   `min([..])`/`max([..])`.
//! - zen's `a / 0` is `null`, silently; hrrules reports a division by zero for that employee
//!   naming the formula. `div(a, b, 0)` is written as `b == 0 ? 0 : a / b`.
//! - zen does not check inputs against bounds or types; hrrules does (the bench's inputs are
//!   all valid, so results agree).
//!
//! With those spelled out, zen computes the same decimals (it is built on rust_decimal too):
//! tests/suite/bench_policy.rs checks every figure against hrrules.

use crate::sample::SampleEmployee;
use rust_decimal::Decimal;
use zen_expression::expression::Standard;
use zen_expression::variable::{Variable, VariableMap};
use zen_expression::vm::VM;
use zen_expression::Expression;

/// The params, as context entries.
const PARAMS: [(&str, &str); 20] = [
    ("sales_score_cap", "120"),
    ("min_compliance", "0.80"),
    ("commission_cap", "30000"),
    ("bonus_rate", "0.30"),
    ("workdays_per_month", "21.75"),
    ("hours_per_day", "8"),
    ("overtime_multiplier", "1.50"),
    ("communication_allowance", "300"),
    ("travel_allowance_per_day", "120"),
    ("full_attendance_award", "200"),
    ("heat_allowance", "300"),
    ("si_base_floor", "4494"),
    ("si_base_ceiling", "24042"),
    ("hf_base_floor", "2280"),
    ("hf_base_ceiling", "34500"),
    ("pension_rate", "0.08"),
    ("medical_rate", "0.02"),
    ("unemployment_rate", "0.005"),
    ("housing_fund_rate", "0.07"),
    ("basic_deduction", "5000"),
];

/// The formulas, in dependency order. Names with a dot in the rule file use `_` here.
pub const FORMULAS: [(&str, &str); 31] = [
    ("attainment", "sales_target == 0 ? 0 : sales_amount / sales_target"),
    ("kpi_sales", "min([attainment * 100, sales_score_cap])"),
    ("kpi_satisfaction", "satisfaction * 10"),
    ("kpi_compliance", "compliance >= min_compliance ? compliance * 100 : 0"),
    ("kpi_teamwork", "teamwork"),
    (
        "kpi",
        "kpi_sales * 0.60 + kpi_satisfaction * 0.20 + kpi_compliance * 0.10 + kpi_teamwork * 0.10",
    ),
    (
        "kpi_grade",
        "kpi >= 90 ? 'A' : kpi >= 75 ? 'B' : kpi >= 60 ? 'C' : 'D'",
    ),
    (
        "commission",
        "round(min([sales_amount >= 300000 ? 10000 + (sales_amount - 300000) * 0.06 \
         : sales_amount >= 100000 ? 2000 + (sales_amount - 100000) * 0.04 \
         : sales_amount * 0.02, commission_cap]), 2)",
    ),
    (
        "commission_rate",
        "sales_amount >= 300000 ? 0.06 : sales_amount >= 100000 ? 0.04 : 0.02",
    ),
    (
        "performance_bonus",
        "kpi_grade != 'D' ? round(base_salary * bonus_rate * kpi / 100, 2) : 0",
    ),
    ("daily_wage", "round(base_salary / workdays_per_month, 2)"),
    (
        "hourly_wage",
        "round(base_salary / workdays_per_month / hours_per_day, 2)",
    ),
    (
        "overtime_pay",
        "round(hourly_wage * overtime_hours * overtime_multiplier, 2)",
    ),
    ("absence_deduction", "round(daily_wage * absence_days, 2)"),
    (
        "full_attendance_bonus",
        "absence_days == 0 ? full_attendance_award : 0",
    ),
    (
        "travel_allowance",
        "round(travel_allowance_per_day * travel_days, 2)",
    ),
    (
        "heat_allowance_due",
        "period_month >= 6 and period_month <= 9 ? heat_allowance : 0",
    ),
    (
        "allowances",
        "communication_allowance + travel_allowance + heat_allowance_due + full_attendance_bonus",
    ),
    (
        "gross_pay",
        "base_salary + commission + performance_bonus + overtime_pay + allowances - absence_deduction",
    ),
    (
        "contribution_base",
        "min([max([contribution_wage, si_base_floor]), si_base_ceiling])",
    ),
    (
        "housing_fund_base",
        "min([max([contribution_wage, hf_base_floor]), hf_base_ceiling])",
    ),
    ("pension", "round(contribution_base * pension_rate, 2)"),
    ("medical", "round(contribution_base * medical_rate, 2)"),
    ("unemployment", "round(contribution_base * unemployment_rate, 2)"),
    ("social_insurance", "pension + medical + unemployment"),
    ("housing_fund", "round(housing_fund_base * housing_fund_rate, 0)"),
    (
        "taxable_income",
        "round(max([gross_pay - social_insurance - housing_fund - basic_deduction - special_deductions, 0]), 2)",
    ),
    (
        "income_tax",
        "round(taxable_income > 80000 ? taxable_income * 0.45 - 15160 \
         : taxable_income > 55000 ? taxable_income * 0.35 - 7160 \
         : taxable_income > 35000 ? taxable_income * 0.30 - 4410 \
         : taxable_income > 25000 ? taxable_income * 0.25 - 2660 \
         : taxable_income > 12000 ? taxable_income * 0.20 - 1410 \
         : taxable_income > 3000 ? taxable_income * 0.10 - 210 \
         : taxable_income * 0.03, 2)",
    ),
    (
        "income_tax_rate",
        "taxable_income > 80000 ? 0.45 : taxable_income > 55000 ? 0.35 \
         : taxable_income > 35000 ? 0.30 : taxable_income > 25000 ? 0.25 \
         : taxable_income > 12000 ? 0.20 : taxable_income > 3000 ? 0.10 : 0.03",
    ),
    (
        "net_pay",
        "gross_pay - social_insurance - housing_fund - income_tax",
    ),
    (
        "effective_tax_rate",
        "gross_pay == 0 ? 0 : round(income_tax / gross_pay, 4)",
    ),
];

/// The reference policy compiled for zen-expression.
pub struct ZenPolicy {
    formulas: Vec<(&'static str, Expression<Standard>)>,
    base: VariableMap,
}

impl ZenPolicy {
    /// Compiles every formula for a period in month `month`.
    pub fn new(month: u32) -> ZenPolicy {
        let formulas = FORMULAS
            .iter()
            .map(|(name, src)| {
                let expr = zen_expression::compile_expression(src)
                    .unwrap_or_else(|e| panic!("zen formula `{name}`: {e:?}"));
                (*name, expr)
            })
            .collect();
        let mut base = VariableMap::with_capacity(PARAMS.len() + 12 + FORMULAS.len());
        for (name, value) in PARAMS {
            let d: Decimal = value.parse().unwrap_or_default();
            base.insert_str(name, Variable::Number(d));
        }
        base.insert_str("period_month", Variable::Number(Decimal::from(month)));
        ZenPolicy { formulas, base }
    }

    /// Evaluates one employee: the context object with every param, input and figure.
    pub fn evaluate(&self, e: &SampleEmployee, vm: &mut VM) -> Result<Variable, String> {
        let mut map = self.base.clone();
        for (name, value) in e.fields() {
            map.insert_str(name, Variable::Number(value));
        }
        let context = Variable::from_object(map);
        for (name, expr) in &self.formulas {
            let value = expr
                .evaluate_with(context.clone(), vm)
                .map_err(|err| format!("{name}: {err:?}"))?;
            context.dot_insert(name, value);
        }
        Ok(context)
    }
}
