//! The functions formulas may call, with their signatures and a line each: what an editor
//! completes and shows on hover (docs/rules.md 13.6, 25 and 29). A test keeps the list equal
//! to the checker's own.

/// A function of the expression language.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Function {
    /// Its name in formulas.
    pub name: &'static str,
    /// How it is called, with its result: `clamp(x, lo, hi) → money or number`.
    pub signature: &'static str,
    /// What it does, in a line.
    pub doc: &'static str,
}

const fn f(name: &'static str, signature: &'static str, doc: &'static str) -> Function {
    Function {
        name,
        signature,
        doc,
    }
}

/// Every function, by name.
pub const FUNCTIONS: &[Function] = &[
    f(
        "abs",
        "abs(x) → money or number",
        "the value without its sign",
    ),
    f(
        "allocate",
        "allocate(pool, weight) by GROUP → money",
        "the member's part of `pool`, in proportion to `weight`, to the cent (population figure)",
    ),
    f(
        "avg",
        "avg(x) by GROUP → x's type",
        "the group's mean of `x` (population figure)",
    ),
    f(
        "ceil",
        "ceil(x) → money or number",
        "the whole number toward +∞",
    ),
    f(
        "clamp",
        "clamp(x, lo, hi) → money or number",
        "x held between lo and hi",
    ),
    f(
        "count",
        "count() by GROUP → integer",
        "how many members the group has (population figure)",
    ),
    f(
        "days_between",
        "days_between(from, to) → number",
        "days from `from` to `to`, negative if `to` is earlier",
    ),
    f(
        "distribute",
        "distribute(x, \"A\" = 20%, \"B\" = 70%, ...) by GROUP → text",
        "forced distribution: the best grades to the highest `x` (population figure)",
    ),
    f(
        "div",
        "div(a, b, default) → a / b",
        "a / b, or `default` when b is 0",
    ),
    f(
        "floor",
        "floor(x) → money or number",
        "the whole number toward −∞",
    ),
    f("max", "max(a, ...) → money, number or date", "the largest"),
    f(
        "max_of",
        "max_of(x) by GROUP → x's type",
        "the group's greatest `x` (population figure)",
    ),
    f(
        "median",
        "median(x) by GROUP → x's type",
        "the group's middle `x` (population figure)",
    ),
    f("min", "min(a, ...) → money, number or date", "the smallest"),
    f(
        "min_of",
        "min_of(x) by GROUP → x's type",
        "the group's least `x` (population figure)",
    ),
    f(
        "month",
        "month(date) → number",
        "the month of a date, 1 to 12",
    ),
    f(
        "percentile",
        "percentile(x) by GROUP → percent",
        "the share of the rest of the group with a lower `x` (population figure)",
    ),
    f(
        "prev",
        "prev(name, months_back, default) → name's type",
        "the figure of an earlier month, from the history (section 25)",
    ),
    f(
        "rank",
        "rank(x) by GROUP → integer",
        "1 for the highest `x`; ties share the best rank (population figure)",
    ),
    f(
        "round",
        "round(x, places, \"mode\") → x's type",
        "x rounded to `places` (0 to 28), half_up unless a mode is given",
    ),
    f(
        "sum",
        "sum(x) by GROUP → x's type",
        "the group's total of `x` (population figure)",
    ),
    f(
        "tier",
        "tier(TIER, base) → the tier's amount",
        "a tier's brackets on another base, without cap or rounding",
    ),
    f("year", "year(date) → number", "the year of a date"),
    f(
        "ytd",
        "ytd(name) → name's type",
        "the year to date of a figure, this month included (section 25)",
    ),
    f(
        "ytd_before",
        "ytd_before(name) → name's type",
        "the year to date of a figure before this month (section 25)",
    ),
    f(
        "ytd_months",
        "ytd_months() → integer",
        "months of the year paid so far, this one included (section 25)",
    ),
];

impl Function {
    /// The parameters as the signature names them: `["x", "places", "\"mode\""]`.
    pub fn parameters(&self) -> Vec<&'static str> {
        let inner = self
            .signature
            .split_once('(')
            .and_then(|(_, rest)| rest.rsplit_once(')'))
            .map_or("", |(args, _)| args);
        inner
            .split(", ")
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .collect()
    }
}

/// The function named `name`.
pub fn function(name: &str) -> Option<&'static Function> {
    FUNCTIONS.iter().find(|f| f.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_is_the_checkers() {
        let mut checker: Vec<&str> = crate::check::builtin_names().collect();
        checker.extend(crate::vocab::PopFunc::ALL.iter().map(|(n, _)| *n));
        checker.sort_unstable();
        let listed: Vec<&str> = FUNCTIONS.iter().map(|f| f.name).collect();
        assert_eq!(listed, checker);
        assert!(FUNCTIONS
            .iter()
            .all(|f| f.signature.starts_with(&format!("{}(", f.name))));
        assert_eq!(
            function("round").unwrap().parameters(),
            ["x", "places", "\"mode\""]
        );
        assert!(function("count").unwrap().parameters().is_empty());
    }
}
