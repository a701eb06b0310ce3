//! What can be wrong with a population figure (`sum(x) by team`, `rank(x)`,
//! `allocate(pool, weight)`, `distribute(x, "A" = 20%, ...)`), found before any run.

use super::super::types::Ty;
use rust_decimal::Decimal;

/// A problem with one population figure.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PopulationProblem {
    /// `[params] avg_sales = "avg(sales_amount)"`: a param is one constant for the period.
    #[error("`{func}` is computed over the whole team, so it cannot be part of a param")]
    InParam {
        /// The function.
        func: &'static str,
    },
    /// `round(kpi, 2) by team`: only a population figure is computed per group.
    #[error("`by` groups a population figure (sum, count, avg, rank, allocate, ...); `{func}` is computed per employee")]
    ByNotPopulation {
        /// The function.
        func: String,
    },
    /// `sum(sales) by kpi`: groups are named by text.
    #[error(
        "`by {name}`: employees are grouped by a text input or value, and `{name}` is {found}"
    )]
    GroupNotText {
        /// The name after `by`.
        name: String,
        /// Its type.
        found: Ty,
    },
    /// `sum(department)`: the figure needs money or numbers.
    #[error("`{func}` needs money or a number, found {found}")]
    NotNumeric {
        /// The function.
        func: &'static str,
        /// What the argument is.
        found: Ty,
    },
    /// `allocate(5000, kpi)`: the pool is an amount of money.
    #[error("`allocate` splits a pool of money, and this pool is {found}")]
    PoolNotMoney {
        /// What the pool is.
        found: Ty,
    },
    /// `sum("A" = 20%)`: a labelled argument names a grade of `distribute`.
    #[error("a labelled argument (`\"A\" = 20%`) names a grade of `distribute`{}", match func { Some(f) => format!("; `{f}` takes none"), None => String::new() })]
    Labelled {
        /// The function it was given to, if any.
        func: Option<String>,
    },
    /// `distribute(kpi, 20%, 80%)`: each grade is written `"A" = 20%`.
    #[error("each grade of `distribute` is written as a label and its share: `\"A\" = 20%`")]
    GradeNotLabelled,
    /// `distribute(kpi, "A" = top_share)`: a grade's share is a constant percentage.
    #[error("the share of grade \"{grade}\" must be a constant percentage from 0% to 100%")]
    GradeShare {
        /// The grade.
        grade: String,
    },
    /// `distribute(kpi, "A" = 20%, "A" = 80%)`.
    #[error("grade \"{grade}\" is given twice")]
    GradeTwice {
        /// The grade.
        grade: String,
    },
    /// `distribute(kpi, "" = 100%)`.
    #[error("a grade needs a name: `\"A\" = 20%`")]
    GradeEmpty,
    /// `distribute(kpi, "A" = 20%, "B" = 70%)`: the shares must add up to 100%.
    #[error("the grades' shares add up to {}, not 100%", crate::vocab::percent(*total))]
    SharesSum {
        /// What they add up to, as a fraction.
        total: Decimal,
    },
    /// A team test's member giving a population figure itself:
    /// `inputs = { "allocate(team_pool, kpi) by team" = "4000.00" }` in `[[tests.team]]`
    /// (the team computes it).
    #[error("test \"{test}\" gives `{name}`, which its team computes: in a team test, remove it")]
    GivenInTeamTest {
        /// The test's name.
        test: String,
        /// The population figure given, as written.
        name: String,
    },
}
