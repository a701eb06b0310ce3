//! Errors found while loading a rule file, before any formula is type-checked.

use std::path::PathBuf;

use super::analysis::AnalysisRuleError;
use super::attendance_error::AttendanceRuleError;
use super::decision::DecisionRuleError;
use super::payslip::PayslipRuleError;
use super::source::{PathError, SourceError};
use crate::date::DateError;
use crate::error::{Diagnostic, Span};
use crate::syntax::SyntaxError;
use crate::text::escape_controls;

/// A problem with a rule file found while reading it.
///
/// Each variant's doc names an input that triggers it. Loading collects every one of them
/// (see [`crate::policy::load_path`]); [`PolicyError::diagnostic`] makes each printable.
#[derive(Debug, thiserror::Error)]
pub enum PolicyError {
    /// A rule file that does not exist or cannot be read: `hrrules check missing.toml`,
    /// or `include = ["payroll_cn.toml"]` when there is no such file.
    #[error("cannot read `{path}`: {source}")]
    Unreadable {
        /// The file, as named.
        path: PathBuf,
        /// Why not.
        source: std::io::Error,
        /// The `include` entry that named it, if any.
        include: Option<Span>,
    },

    /// A file that is not UTF-8 text, e.g. one saved as GBK from a Chinese spreadsheet tool.
    #[error("`{path}` is not UTF-8 text: invalid byte at offset {offset}")]
    NotUtf8 {
        /// The file, as named.
        path: PathBuf,
        /// Byte offset of the first byte that is not UTF-8.
        offset: usize,
        /// Where that byte is (the file is kept with the bad bytes replaced).
        span: Span,
    },

    /// A file larger than `Limits::max_file_bytes`: refused before it is parsed.
    #[error("`{path}` is too large: {size} bytes, the limit is {limit}")]
    TooLarge {
        /// The file, as named.
        path: PathBuf,
        /// Its size in bytes.
        size: u64,
        /// The limit.
        limit: usize,
        /// The `include` entry that named it, if any.
        include: Option<Span>,
    },

    /// A root rule file with nothing in it (or only comments).
    #[error("empty rule file: expected a [policy] table")]
    Empty {
        /// The start of the file.
        span: Span,
    },

    /// A root rule file without a `[policy]` table: a file holding only `[inputs]`.
    #[error("missing [policy] table: every rule file starts with `[policy]` and a `name`")]
    MissingPolicy {
        /// The start of the file.
        span: Span,
    },

    /// TOML that does not parse: `name = "unterminated`, a key written twice.
    #[error("TOML syntax: {message}")]
    Toml {
        /// The TOML parser's message.
        message: String,
        /// Where.
        span: Span,
    },

    /// A mistake in the `[attendance]` table: `hours = "standart"`, `start = "25:00"`.
    #[error(transparent)]
    Attendance(#[from] AttendanceRuleError),

    /// A mistake in an input's `columns`: a blank name, a column listed for two inputs.
    #[error(transparent)]
    Columns(#[from] super::columns::ColumnsRuleError),

    /// A mistake in a `[tables.NAME]` decision table: `hit = "any"`, `amount = "< five"`.
    #[error(transparent)]
    Decision(#[from] DecisionRuleError),

    /// A mistake in the `[payslip]` table: a label left empty, `zh = ""`.
    #[error(transparent)]
    Payslip(#[from] PayslipRuleError),
    /// A mistake in the `[analysis]` table: `against = "others"`, `change = "July"`.
    #[error(transparent)]
    Analysis(#[from] AnalysisRuleError),

    /// A table the rule-file format does not know: `[tier.commission]` for `[tiers.commission]`.
    #[error("unknown table `{name}`")]
    UnknownTable {
        /// The table's name.
        name: String,
        /// The nearest known table.
        suggestion: Option<&'static str>,
        /// Where the name is written.
        span: Span,
    },

    /// A key the table does not know: `wieght = "60%"` in a metric.
    #[error("unknown key `{key}` in {place}")]
    UnknownKey {
        /// The key.
        key: String,
        /// The table it is in, in words ("metric `sales`").
        place: String,
        /// The nearest known key.
        suggestion: Option<&'static str>,
        /// Where the key is written.
        span: Span,
    },

    /// A value of the wrong TOML type: `weight = true`, `brackets = "2%"`.
    #[error("{what} must be {expected}, not {found}")]
    WrongType {
        /// The key in backquotes (`` `weight` ``), or a description ("each entry of `bad`").
        what: String,
        /// What it must be, in words ("a string or number like \"60%\"").
        expected: &'static str,
        /// What it is ("a boolean").
        found: &'static str,
        /// Where the value is written.
        span: Span,
    },

    /// A required key left out: a metric without `score`, a tier without `on`.
    #[error("missing `{key}` in {place}")]
    MissingKey {
        /// The key.
        key: &'static str,
        /// The table it is missing from, in words.
        place: String,
        /// Where the table is written.
        span: Span,
    },

    /// A name that cannot be used in formulas: `2nd_bonus`, `base-salary`, `if`, `period`.
    #[error("`{name}` cannot be a name: {reason}")]
    InvalidName {
        /// The name as written.
        name: String,
        /// Why not.
        reason: &'static str,
        /// Where.
        span: Span,
    },

    /// A type the rule-file format does not know: `type = "mony"`.
    #[error("unknown type `{name}`")]
    UnknownType {
        /// The type as written.
        name: String,
        /// The nearest known type.
        suggestion: Option<&'static str>,
        /// Where.
        span: Span,
    },

    /// A rounding mode that does not exist: `mode = "round_half_up"`.
    #[error("unknown rounding mode `{name}`")]
    UnknownRoundingMode {
        /// The mode as written.
        name: String,
        /// The nearest known mode.
        suggestion: Option<&'static str>,
        /// Where.
        span: Span,
    },

    /// Rounding places outside 0 to 28: `places = -1`, `places = 30`.
    #[error("rounding `places` must be a whole number from 0 to 28, not `{text}`")]
    BadPlaces {
        /// The places as written.
        text: String,
        /// Where.
        span: Span,
    },

    /// A tier mode other than `marginal` or `flat`: `mode = "progressive"`.
    #[error("unknown tier mode `{name}`: expected `marginal` or `flat`")]
    UnknownTierMode {
        /// The mode as written.
        name: String,
        /// The nearest known mode.
        suggestion: Option<&'static str>,
        /// Where.
        span: Span,
    },

    /// A number field that holds no number: `min = "seven"`, `rate = "2 %%"`, `max = nan`.
    #[error("`{key}` must be a number like 7.5 or \"20%\", not `{text}`")]
    BadNumber {
        /// The key.
        key: String,
        /// The value as written.
        text: String,
        /// Where.
        span: Span,
    },

    /// A date field that holds no calendar day: `from = 2023-07-01T08:00:00`,
    /// `from = "2023-02-30"`, `effective = "July"`.
    #[error("`{key}` must be a date like 2023-07-01: {reason}")]
    BadDate {
        /// The key.
        key: String,
        /// What is wrong.
        reason: DateProblem,
        /// Where.
        span: Span,
    },

    /// A bracket with both starts: `{ from = 0, above = 0, rate = "3%" }`.
    #[error("a bracket of tier `{tier}` has both `from` and `above`: give one")]
    BracketBothStarts {
        /// The tier.
        tier: String,
        /// Where the bracket is.
        span: Span,
    },

    /// A bracket with no start: `{ rate = "3%" }`.
    #[error(
        "a bracket of tier `{tier}` has no start: give `from` (at least) or `above` (more than)"
    )]
    BracketNoStart {
        /// The tier.
        tier: String,
        /// Where the bracket is.
        span: Span,
    },

    /// A bracket that pays nothing: `{ from = 0 }`.
    #[error("a bracket of tier `{tier}` has neither `rate` nor `amount`")]
    BracketNoPay {
        /// The tier.
        tier: String,
        /// Where the bracket is.
        span: Span,
    },

    /// A name defined twice: an input `bonus_rate` and a param `bonus_rate`, a value
    /// defined both in a file and in a file it includes, or two spellings that are one name
    /// once Unicode compatibility forms are folded (NFKC): inputs `Ω` (U+2126 OHM SIGN) and
    /// `Ω` (U+03A9), `ｆｕｌｌ` and `full`.
    #[error("{}", duplicate_message(name, first_name))]
    Duplicate {
        /// The name, as written the second time.
        name: String,
        /// The name as written the first time (another spelling of the same name, or the
        /// same text).
        first_name: String,
        /// The second definition.
        span: Span,
        /// The first definition.
        first: Span,
    },

    /// Two entries of an effective-dated param with the same `from`.
    #[error("param `{param}` has two entries from {date}")]
    DuplicateDate {
        /// The param.
        param: String,
        /// The date given twice.
        date: crate::date::Date,
        /// The second entry's `from`.
        span: Span,
        /// The first entry's `from`.
        first: Span,
    },

    /// A file that includes itself, directly or through others: `a.toml` includes `b.toml`
    /// which includes `a.toml`.
    #[error("include cycle: {}", chain.join(" -> "))]
    IncludeCycle {
        /// The files in the cycle, starting and ending with the same file.
        chain: Vec<String>,
        /// The `include` entry that closes the cycle.
        span: Span,
    },

    /// Includes nested deeper than `Limits::max_include_depth`.
    #[error("includes nested more than {limit} deep")]
    IncludeTooDeep {
        /// The limit.
        limit: usize,
        /// The `include` entry that goes too deep.
        span: Span,
    },

    /// An `include` entry that cannot be followed without leaving the policy's folder:
    /// `"/etc/passwd"`, `"../../../../etc/hostname"`, `"C:\\rules\\a.toml"`, `"sub/.."`.
    /// Nothing is read.
    #[error("cannot include `{}`: {reason}", escape_controls(path))]
    IncludeRefused {
        /// The path as written.
        path: String,
        /// Why it names no file in the tree.
        reason: PathError,
        /// The `include` entry.
        span: Span,
    },

    /// An `include` entry whose file may not be read: a link leading outside the policy's
    /// folder, a folder, a FIFO, a device, a link `a.toml -> notes.txt`. Nothing is read.
    #[error("cannot include `{}`: {reason}", escape_controls(path))]
    IncludeNotRuleFile {
        /// The path as written.
        path: String,
        /// Why not.
        reason: SourceError,
        /// The `include` entry.
        span: Span,
    },

    /// A file that is not a rule file: `include = ["/etc/passwd"]` is refused as absolute,
    /// `include = ["notes.txt"]` or `hrrules check /etc/hostname` here. Rule files end in
    /// `.toml`; nothing else is read, so no other file's text ends up in a message.
    #[error(
        "`{}` is not a rule file: rule files end in .toml",
        escape_controls(path)
    )]
    NotRuleFile {
        /// The file, as named.
        path: String,
        /// The `include` entry that named it, if any.
        include: Option<Span>,
    },

    /// A rule file that is not a regular file: `hrrules check /dev/zero`, a FIFO, a folder.
    #[error(
        "cannot read `{}`: it is {kind}, not a regular file",
        escape_controls(path)
    )]
    NotRegular {
        /// The file, as named.
        path: String,
        /// What it is ("a FIFO (named pipe)").
        kind: &'static str,
    },

    /// An `include` in a rule file given as text with no directory to resolve it against.
    #[error("cannot include `{path}`: the rule file was given as text, with no directory")]
    IncludeWithoutBase {
        /// The path as written.
        path: String,
        /// Where.
        span: Span,
    },

    /// More names (inputs, params, values, scorecards, metrics, tiers, curves) than
    /// `Limits::max_names`.
    #[error("too many names: the limit is {limit}")]
    TooManyNames {
        /// The limit.
        limit: usize,
        /// The first name over the limit.
        span: Span,
    },

    /// A formula that does not parse: `score = "sales_amount / "`.
    #[error(transparent)]
    Syntax(#[from] SyntaxError),

    /// A `[[tests]]` entry with both `expect = { ... }` and `expect_error = "..."`: a case
    /// either computes figures or fails.
    #[error("test `{test}` has both `expect` and `expect_error`; a case either computes its figures or fails")]
    TestExpectsBoth {
        /// The test's name.
        test: String,
        /// Where `expect_error` is written.
        span: Span,
    },

    /// A `[[tests]]` entry with neither `expect` nor `expect_error`: it would check nothing.
    #[error(
        "test `{test}` expects nothing: give `expect = {{ ... }}` or `expect_error = \"...\"`"
    )]
    TestExpectsNothing {
        /// The test's name.
        test: String,
        /// Where the test is written.
        span: Span,
    },

    /// A `[[tests]]` entry with `months = [...]` and a top-level `period`, `expect` or
    /// `expect_error`: each month has its own period and expectations.
    #[error("test `{test}` has `months` and `{key}`; in a test of several months each month has its own `period` and `expect`")]
    TestMonthsWith {
        /// The test's name.
        test: String,
        /// The key written beside `months`: `period`, `expect` or `expect_error`.
        key: &'static str,
        /// Where that key's value is written.
        span: Span,
    },

    /// A `[[tests]]` entry with `[[tests.team]]` members and a top-level `inputs`, `expect`,
    /// `expect_error` or `months`: each member has its own inputs and expectations.
    #[error("test `{test}` has `team` and `{key}`; in a team test each `[[tests.team]]` member has its own `inputs` and `expect`")]
    TestTeamWith {
        /// The test's name.
        test: String,
        /// The key written beside `team`: `inputs`, `expect`, `expect_error` or `months`.
        key: &'static str,
        /// Where that key's value is written.
        span: Span,
    },

    /// `team = []`, or a team test whose members all expect nothing: it checks nothing.
    #[error("test `{test}` checks nothing: give a `[[tests.team]]` member `expect = {{ ... }}` or `expect_error = \"...\"`")]
    TestTeamExpectsNothing {
        /// The test's name.
        test: String,
        /// Where `team` is written.
        span: Span,
    },

    /// Two `[[tests.team]]` members with `employee = "E002"`: a key names one employee.
    #[error("test `{test}` has employee \"{employee}\" twice in its team; each member needs its own key")]
    TestTeamDuplicate {
        /// The test's name.
        test: String,
        /// The key given twice.
        employee: String,
        /// Where the second is written.
        span: Span,
    },

    /// `months = []`: a test of no month checks nothing.
    #[error("test `{test}` has `months = []`: give each month as {{ period = \"2023-01\", expect = {{ ... }} }}")]
    TestMonthsEmpty {
        /// The test's name.
        test: String,
        /// Where `months` is written.
        span: Span,
    },

    /// `expect_error = ""`: every error contains the empty text, so it would check nothing.
    #[error("the `expect_error` of test `{test}` is empty: give a part of the error's message, like \"division by zero\"")]
    TestExpectsEmptyError {
        /// The test's name.
        test: String,
        /// Where `expect_error` is written.
        span: Span,
    },

    /// A formula with escapes that does not parse: `expr = "grade == \"A\" and"`. Places
    /// in the value are not places in the file, so the error points at the whole string.
    #[error("{error}")]
    SyntaxInString {
        /// The parser's error.
        error: SyntaxError,
        /// The TOML string holding the formula.
        span: Span,
    },
}

/// Why a date field of a rule file holds no calendar day.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DateProblem {
    /// A TOML date that is no day of the calendar: `from = 2023-02-30`.
    #[error("no such day in the calendar")]
    NoSuchDay,
    /// A TOML date with a time of day: `from = 2023-07-01T08:00:00`.
    #[error("a date only, without a time of day")]
    WithTime,
    /// A TOML time of day without a date: `from = 08:00:00`.
    #[error("a date, not a time of day")]
    TimeOnly,
    /// A string that is not a date: `effective = "July"`, `from = "2023-02-30"`.
    #[error(transparent)]
    Text(#[from] DateError),
}

/// "`x` is defined twice", or for two spellings of one name, both with their code points.
fn duplicate_message(name: &str, first: &str) -> String {
    let name_e = escape_controls(name);
    if name == first {
        return format!("`{name_e}` is defined twice");
    }
    format!(
        "`{name_e}`{} is defined twice: it is the same name as `{}`{} (names are compared \
         after Unicode compatibility normalization, NFKC)",
        code_points(name),
        escape_controls(first),
        code_points(first)
    )
}

/// ` (U+2126)`: the code points of a name's characters beyond ASCII, so that two names that
/// look alike can be told apart; at most 8, then `…`.
fn code_points(name: &str) -> String {
    let wide: Vec<String> = name
        .chars()
        .filter(|c| !c.is_ascii())
        .map(|c| format!("U+{:04X}", c as u32))
        .collect();
    match wide.len() {
        0 => String::new(),
        n if n > 8 => format!(" ({} …)", wide[..8].join(" ")),
        _ => format!(" ({})", wide.join(" ")),
    }
}

impl PolicyError {
    /// Where the problem is, when it has a place.
    pub fn span(&self) -> Option<Span> {
        self.diagnostic().span
    }

    /// The error as a located diagnostic (unlocated only for files that could not be read).
    pub fn diagnostic(&self) -> Diagnostic {
        use PolicyError as E;
        let message = self.to_string();
        let did_you_mean = |s: &Option<&'static str>| s.map(|s| format!("did you mean `{s}`?"));
        match self {
            E::NotRegular { .. } => Diagnostic::unlocated(message),
            E::Unreadable { include, .. }
            | E::TooLarge { include, .. }
            | E::NotRuleFile { include, .. } => match include {
                Some(span) => Diagnostic::new(*span, message),
                None => Diagnostic::unlocated(message),
            },
            E::UnknownTable {
                suggestion, span, ..
            } => {
                Diagnostic::new(*span, message).with_help(did_you_mean(suggestion).or_else(|| {
                    Some(
                        "the tables are [policy], [inputs], [params], [values], [scorecards.NAME], \
                         [tiers.NAME], [curves.NAME], [outputs], [[tests]], [attendance], [payslip] and [analysis]"
                            .into(),
                    )
                }))
            }
            E::UnknownKey {
                suggestion, span, ..
            }
            | E::UnknownType {
                suggestion, span, ..
            }
            | E::UnknownRoundingMode {
                suggestion, span, ..
            }
            | E::UnknownTierMode {
                suggestion, span, ..
            } => Diagnostic::new(*span, message).with_help(did_you_mean(suggestion)),
            E::Duplicate { span, first, .. } => {
                Diagnostic::new(*span, message).with_note(*first, "first defined here")
            }
            E::DuplicateDate { span, first, .. } => {
                Diagnostic::new(*span, message).with_note(*first, "first entry from that date")
            }
            E::Syntax(e) => e.diagnostic(),
            E::Attendance(e) => e.diagnostic(),
            E::Columns(e) => e.diagnostic(),
            E::Decision(e) => e.diagnostic(),
            E::Payslip(e) => Diagnostic::new(e.span(), message),
            E::Analysis(e) => e.diagnostic(),
            E::MissingPolicy { span } => Diagnostic::new(*span, message).with_help(Some(
                "a building block meant for `include` has no [policy] table; check the policy \
                 file that includes it"
                    .into(),
            )),
            E::NotUtf8 { span, .. }
            | E::Empty { span }
            | E::InvalidName { span, .. }
            | E::SyntaxInString { span, .. }
            | E::Toml { span, .. }
            | E::WrongType { span, .. }
            | E::MissingKey { span, .. }
            | E::BadPlaces { span, .. }
            | E::BadNumber { span, .. }
            | E::BadDate { span, .. }
            | E::BracketBothStarts { span, .. }
            | E::BracketNoStart { span, .. }
            | E::BracketNoPay { span, .. }
            | E::IncludeCycle { span, .. }
            | E::IncludeTooDeep { span, .. }
            | E::IncludeWithoutBase { span, .. }
            | E::IncludeRefused { span, .. }
            | E::IncludeNotRuleFile { span, .. }
            | E::TooManyNames { span, .. }
            | E::TestExpectsBoth { span, .. }
            | E::TestExpectsNothing { span, .. }
            | E::TestMonthsWith { span, .. }
            | E::TestTeamWith { span, .. }
            | E::TestTeamExpectsNothing { span, .. }
            | E::TestTeamDuplicate { span, .. }
            | E::TestMonthsEmpty { span, .. }
            | E::TestExpectsEmptyError { span, .. } => Diagnostic::new(*span, message),
        }
    }
}
