//! The tables of a rule file (docs/rules.md, sections 2 to 30).

use super::{optional, required, Holds, Key, Table};
use Holds::*;

/// The value types (`ValueType::ALL`).
pub const TYPES: &[&str] = &[
    "money", "number", "percent", "integer", "bool", "date", "text",
];
/// The rounding modes (`RoundingMode::ALL`).
pub const ROUNDING_MODES: &[&str] = &["half_up", "half_even", "down", "up", "floor", "ceiling"];

const DOC: Key = optional(
    "doc",
    Text,
    "what it is, in the users' words; shown by `hrrules explain`",
);
const REFERENCE: Key = optional(
    "reference",
    Text,
    "the law article, circular or policy clause it implements",
);

/// A whole rule file: its top-level tables.
pub static RULE_FILE: Table = Table {
    title: "a rule file",
    doc: "An hrrules rule file: a department's pay and KPI policy (docs/rules.md).",
    keys: &[
        optional("policy", Table(&POLICY), "name, dates, currency, rounding and includes; required in the file you run (section 3)"),
        optional("attendance", Table(&ATTENDANCE), "attendance rules: calendars, working-hours system, shifts (section 24); only in the root file"),
        optional("inputs", Named(&AnyOf(&[Words(TYPES), Table(&INPUT)])), "per-employee facts read from the data: a type, or a table (section 5)"),
        optional("params", Named(&AnyOf(&[Formula, Table(&PARAM), Tables(&DATED)])), "constants and effective-dated constants (section 6)"),
        optional("values", Named(&AnyOf(&[Formula, Table(&VALUE)])), "named formulas (section 7)"),
        optional("scorecards", Named(&Table(&SCORECARD)), "weighted metrics with optional grade bands (section 10)"),
        optional("tiers", Named(&Table(&TIER)), "bracket tables: commission, tax (section 11)"),
        optional("curves", Named(&Table(&CURVE)), "piecewise-linear curves (section 12)"),
        optional("tables", Named(&Table(&DECISION)), "decision tables (section 28)"),
        optional("outputs", Table(&OUTPUTS), "which results are reported, in which order (section 14)"),
        optional("tests", Tables(&TEST), "worked examples kept next to the rules (section 15)"),
        optional("payslip", Table(&PAYSLIP), "the lines of a payslip in Chinese and English (section 27)"),
        optional("analysis", Table(&ANALYSIS), "what `hrrules analyze` looks at (section 30)"),
    ],
};

/// `[policy]`.
pub static POLICY: Table = Table {
    title: "[policy]",
    doc: "The policy's name, dates, currency, rounding and includes.",
    keys: &[
        optional(
            "name",
            Text,
            "the policy's title, shown by `hrrules check`; required in the file you run",
        ),
        optional("department", Text, "the department it applies to"),
        optional("version", Text, "the policy's version label (\"2023H2\")"),
        optional(
            "effective",
            Date,
            "the first day the policy applies; the default period",
        ),
        optional(
            "currency",
            Text,
            "the currency code of every money value (default \"CNY\")",
        ),
        optional(
            "rounding",
            Table(&ROUNDING),
            "how every named money value is rounded (default 2 places, half_up)",
        ),
        optional(
            "include",
            List(&Text),
            "rule files whose definitions join this one, relative to this file",
        ),
        DOC,
    ],
};

/// `rounding = { places, mode }`.
pub static ROUNDING: Table = Table {
    title: "`rounding`",
    doc: "How a value is rounded: decimal places and a mode.",
    keys: &[
        required(
            "places",
            Whole,
            "decimal places kept, 0 to 28 (2 = fen, 1 = jiao, 0 = yuan)",
        ),
        optional(
            "mode",
            Words(ROUNDING_MODES),
            "half_up (the default), half_even, down, up, floor or ceiling",
        ),
    ],
};

/// An input in its table form.
pub static INPUT: Table = Table {
    title: "an input",
    doc: "A per-employee fact read from the data.",
    keys: &[
        required(
            "type",
            Words(TYPES),
            "money, number, percent, integer, bool, date or text",
        ),
        DOC,
        optional(
            "min",
            Constant,
            "smaller values are an error for that employee (numeric inputs)",
        ),
        optional(
            "max",
            Constant,
            "larger values are an error for that employee (numeric inputs)",
        ),
        optional(
            "default",
            AnyOf(&[Constant, Bool, Date]),
            "used when the column is absent or the cell blank",
        ),
        optional(
            "columns",
            List(&Text),
            "other names the input's column may have in the data (\"销售额\")",
        ),
    ],
};

/// A param in its table form.
pub static PARAM: Table = Table {
    title: "a param",
    doc: "A constant of the policy, the same for every employee in a period.",
    keys: &[
        required(
            "value",
            AnyOf(&[Formula, Tables(&DATED)]),
            "a formula of literals, params and `period`, or an effective-dated list",
        ),
        optional(
            "type",
            Words(TYPES),
            "the param's type; with it, a literal \"30000\" is money",
        ),
        DOC,
        REFERENCE,
    ],
};

/// An entry of an effective-dated param.
pub static DATED: Table = Table {
    title: "an effective-dated entry",
    doc: "A param's value from a date on.",
    keys: &[
        required("from", Date, "the first day this entry applies"),
        required("value", Formula, "the value from that day on"),
        optional("reference", Text, "the circular that set this value"),
    ],
};

/// A value in its table form.
pub static VALUE: Table = Table {
    title: "a value",
    doc: "A named formula.",
    keys: &[
        required("expr", Formula, "the formula"),
        optional(
            "type",
            Words(TYPES),
            "the value's type; the formula must have it",
        ),
        DOC,
        REFERENCE,
        optional(
            "rounding",
            Table(&ROUNDING),
            "how the value is rounded when computed",
        ),
        optional(
            "exclude_failed",
            Bool,
            "population figures over the members whose figures did not fail (section 29.7)",
        ),
    ],
};

/// `[scorecards.NAME]`.
pub static SCORECARD: Table = Table {
    title: "[scorecards.NAME]",
    doc: "Weighted metrics combined into one score, optionally graded.",
    keys: &[
        required("metrics", Named(&Table(&METRIC)), "the metrics, by name"),
        optional(
            "ratings",
            Tables(&RATING),
            "grade bands, in strictly descending `min`",
        ),
        DOC,
        REFERENCE,
    ],
};

/// A metric of a scorecard.
pub static METRIC: Table = Table {
    title: "a metric",
    doc: "One scored part of a scorecard.",
    keys: &[
        required(
            "weight",
            Constant,
            "the metric's share of the total (\"60%\" or 0.6)",
        ),
        required("score", Formula, "the raw score, in points"),
        optional("cap", Formula, "the most the score can be"),
        optional("floor", Formula, "the least the score can be"),
        optional(
            "gate",
            Formula,
            "a condition: when false, the metric scores 0",
        ),
        DOC,
    ],
};

/// A grade band of a scorecard.
pub static RATING: Table = Table {
    title: "a rating",
    doc: "A grade band: the grade from a minimum score on.",
    keys: &[
        required("min", Constant, "the least total score of the grade"),
        required("grade", Text, "the grade (\"A\")"),
    ],
};

/// `[tiers.NAME]`.
pub static TIER: Table = Table {
    title: "[tiers.NAME]",
    doc: "A bracket table applied to a base: commission, income tax, a step bonus.",
    keys: &[
        required("on", Formula, "the base, money or a number"),
        optional("mode", Words(&["marginal", "flat"]), "marginal (the default): each bracket pays on its slice; flat: the bracket reached pays on all"),
        required("brackets", Tables(&BRACKET), "the brackets, starts strictly ascending"),
        optional("cap", Formula, "the most the tier pays"),
        optional("type", Words(TYPES), "the amount's type (type = \"money\" for amounts on a number base)"),
        optional("rounding", Table(&ROUNDING), "how the amount is rounded"),
        DOC,
        REFERENCE,
    ],
};

/// A bracket of a tier.
pub static BRACKET: Table = Table {
    title: "a bracket",
    doc: "Where a bracket starts and what it pays: `from` or `above`, `rate` and/or `amount`.",
    keys: &[
        optional(
            "from",
            Constant,
            "the bracket starts where the base is at least this",
        ),
        optional(
            "above",
            Constant,
            "the bracket starts where the base is more than this",
        ),
        optional("rate", Constant, "the rate paid (\"2%\" or 0.02)"),
        optional(
            "amount",
            Constant,
            "a fixed amount (negative for a quick deduction)",
        ),
    ],
};

/// `[curves.NAME]`.
pub static CURVE: Table = Table {
    title: "[curves.NAME]",
    doc: "A piecewise-linear curve: straight lines between points.",
    keys: &[
        required("on", Formula, "the x, money or a number"),
        required("points", Pairs, "[x, y] pairs, strictly ascending in x"),
        optional(
            "type",
            Words(&["number", "money"]),
            "the type of y (default number)",
        ),
        DOC,
        REFERENCE,
    ],
};

/// `[tables.NAME]`, a decision table.
pub static DECISION: Table = Table {
    title: "[tables.NAME]",
    doc: "A decision table: outputs picked by matching rows of conditions.",
    keys: &[
        optional("hit", Words(&["first", "unique", "collect"]), "first (the default): the first matching row; unique: at most one may match; collect: every matching row"),
        required("inputs", List(&Name), "the names the rows test"),
        required("outputs", Named(&Words(TYPES)), "each output's name and type"),
        required("rows", Tables(&DECISION_ROW), "the rows, in order"),
        optional("default", Named(&Any), "the outputs when no row matches"),
        DOC,
        REFERENCE,
    ],
};

/// A row of a decision table.
pub static DECISION_ROW: Table = Table {
    title: "a row",
    doc: "A decision table's row: conditions and the outputs they give.",
    keys: &[
        required(
            "when",
            Named(&Any),
            "conditions on some of the table's inputs (\"< 5000\", [\"travel\", \"meal\"])",
        ),
        required("then", Named(&Any), "every output's value"),
    ],
};

/// `[outputs]`.
pub static OUTPUTS: Table = Table {
    title: "[outputs]",
    doc: "Which results are reported, in which order.",
    keys: &[required(
        "show",
        List(&Name),
        "the columns reported, in order",
    )],
};

/// A `[[tests]]` entry.
pub static TEST: Table = Table {
    title: "[[tests]]",
    doc: "A worked example: one imaginary employee's inputs and the figures expected.",
    keys: &[
        required("name", Text, "what the test shows"),
        optional(
            "period",
            Month,
            "the period evaluated, \"YYYY-MM\" (default: the month of policy.effective)",
        ),
        optional(
            "inputs",
            Named(&Any),
            "each input as a data file would hold it",
        ),
        optional("expect", Named(&Any), "the expected results, by name"),
        optional(
            "expect_error",
            Text,
            "the case must fail with an error containing this text",
        ),
        optional(
            "months",
            Tables(&MONTH),
            "monthly cases run in order, each the history of the next (section 15.1)",
        ),
        optional(
            "team",
            Tables(&MEMBER),
            "several employees evaluated together (section 29.9)",
        ),
    ],
};

/// A month of a `months` test.
pub static MONTH: Table = Table {
    title: "a month",
    doc: "One month of a test run month after month.",
    keys: &[
        required("period", Month, "the month, \"YYYY-MM\""),
        optional("inputs", Named(&Any), "this month's inputs over the test's"),
        optional("expect", Named(&Any), "this month's expected results"),
    ],
};

/// A member of a team test.
pub static MEMBER: Table = Table {
    title: "[[tests.team]]",
    doc: "One employee of a team test.",
    keys: &[
        required("employee", Text, "the member's key"),
        optional("inputs", Named(&Any), "the member's inputs"),
        optional("expect", Named(&Any), "the member's expected results"),
        optional(
            "expect_error",
            Text,
            "the member's evaluation must fail with this text",
        ),
    ],
};

/// `[attendance]`.
pub static ATTENDANCE: Table = Table {
    title: "[attendance]",
    doc: "Attendance rules: calendars, the working-hours system, night window, shifts.",
    keys: &[
        required(
            "calendars",
            List(&Text),
            "the official calendars, one per year (\"calendars/cn-2023.toml\")",
        ),
        optional(
            "hours_from",
            Name,
            "a text input holding each employee's own working-hours system",
        ),
        optional(
            "projects",
            List(&Text),
            "the projects time may be booked to",
        ),
        optional(
            "records",
            Words(&["required", "optional"]),
            "required (the default): an employee without records is an error row",
        ),
        optional(
            "hours",
            Words(&["standard", "comprehensive", "flexible"]),
            "the working-hours system (default standard)",
        ),
        optional(
            "day_hours",
            Whole,
            "the standard hours of a working day, 1 to 24 (default 8)",
        ),
        optional("night", Table(&WINDOW), "the night window, clock times"),
        optional(
            "punch_rounding",
            Table(&PUNCH_ROUNDING),
            "punches rounded to a step of minutes",
        ),
        optional(
            "late_tolerance_minutes",
            Whole,
            "minutes after a shift's start not counted as late, 0 to 240",
        ),
        optional("shifts", Named(&Table(&SHIFT)), "the shifts, by name"),
    ],
};

/// A window of clock times.
pub static WINDOW: Table = Table {
    title: "a window",
    doc: "From a clock time to another; an end before the start crosses midnight.",
    keys: &[
        required("start", Clock, "\"HH:MM\""),
        required("end", Clock, "\"HH:MM\""),
    ],
};

/// `punch_rounding`.
pub static PUNCH_ROUNDING: Table = Table {
    title: "`punch_rounding`",
    doc: "Punches rounded to a step of minutes.",
    keys: &[
        required("minutes", Whole, "the step, dividing 60"),
        optional(
            "mode",
            Words(&["down", "up", "nearest"]),
            "down (the default), up or nearest",
        ),
    ],
};

/// `[attendance.shifts.NAME]`.
pub static SHIFT: Table = Table {
    title: "a shift",
    doc: "A shift: its clock times and unpaid break.",
    keys: &[
        required("start", Clock, "\"HH:MM\""),
        required(
            "end",
            Clock,
            "\"HH:MM\"; before the start, the shift crosses midnight",
        ),
        optional("break_minutes", Whole, "unpaid break, minutes (default 0)"),
    ],
};

/// `[payslip]`.
pub static PAYSLIP: Table = Table {
    title: "[payslip]",
    doc: "The lines of a payslip, labelled in Chinese and English.",
    keys: &[
        required("title", Table(&LABEL), "the payslip's heading"),
        optional(
            "earnings",
            Tables(&LINE),
            "what is paid (应发项目), in order",
        ),
        optional("deductions", Tables(&LINE), "what is withheld (扣款项目)"),
        optional(
            "employer",
            Tables(&LINE),
            "the employer's contributions (单位缴纳)",
        ),
        required("net", Table(&LINE), "what the bank transfers (实发工资)"),
        optional("ytd", Tables(&LINE), "year-to-date lines (本年累计)"),
        optional(
            "bank_account",
            Text,
            "the text input holding each employee's account",
        ),
    ],
};

/// A payslip line.
pub static LINE: Table = Table {
    title: "a payslip line",
    doc: "A figure and its labels.",
    keys: &[
        required("name", Name, "any figure the policy defines"),
        required("zh", Text, "the Chinese label"),
        required("en", Text, "the English label"),
    ],
};

/// A label in two languages.
pub static LABEL: Table = Table {
    title: "`title`",
    doc: "A label in Chinese and English.",
    keys: &[
        required("zh", Text, "the Chinese label"),
        required("en", Text, "the English label"),
    ],
};

/// `[analysis]`.
pub static ANALYSIS: Table = Table {
    title: "[analysis]",
    doc: "What `hrrules analyze` looks at.",
    keys: &[
        optional(
            "period_column",
            Text,
            "the data column holding each row's month, YYYY-MM",
        ),
        optional("correlate", List(&Name), "figures correlated pairwise"),
        optional("change", Month, "the first month under the new policy"),
        optional("trends", List(&Name), "figures averaged month by month"),
        optional(
            "compare",
            Tables(&COMPARE),
            "groups of rows against a baseline",
        ),
        optional(
            "attrition",
            Table(&ATTRITION),
            "the columns `hrrules attrition --rules` fits (section 31)",
        ),
    ],
};

/// `[analysis.attrition]`.
pub static ATTRITION: Table = Table {
    title: "[analysis.attrition]",
    doc: "The columns of the attrition model (`hrrules attrition --rules FILE`); the command line wins.",
    keys: &[
        required("features", List(&Text), "the feature columns, at least one"),
        optional("left", Text, "the outcome column (default \"left\")"),
        optional("key", Text, "the employee column (default \"employee_id\")"),
        optional("period", Text, "the month column (default \"period\")"),
    ],
};

/// `[[analysis.compare]]`.
pub static COMPARE: Table = Table {
    title: "[[analysis.compare]]",
    doc: "A group of rows against a baseline.",
    keys: &[
        required("name", Text, "the comparison's name"),
        required("where", Formula, "a condition in the policy's own language"),
        optional(
            "against",
            Words(&["everyone", "rest"]),
            "the baseline: everyone (the default) or the rest",
        ),
        required("measures", List(&Name), "the figures compared"),
    ],
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vocab::{RoundingMode, ValueType};

    #[test]
    fn the_words_are_the_vocabulary() {
        let types: Vec<&str> = ValueType::ALL.iter().map(|(n, _)| *n).collect();
        assert_eq!(types, TYPES);
        let modes: Vec<&str> = RoundingMode::ALL.iter().map(|(n, _)| *n).collect();
        assert_eq!(modes, ROUNDING_MODES);
    }
}
