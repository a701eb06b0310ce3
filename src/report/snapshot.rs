//! A batch of results as stable text, for snapshot tests (`insta::assert_snapshot!`).
//!
//! An HR product that embeds hrrules pins its customers' policies the way hrrules pins its
//! own: evaluate a known team, render the results with [`Snapshot`], and keep the text under
//! review. When a consultant changes the rule file, the snapshot test fails and `cargo insta
//! review` shows, employee by employee, each figure that moved, old line above new.
//!
//! The text is made for line diffs: one employee per block, one figure per line, so a changed
//! figure changes one line; each line's alignment depends only on the names shown, never on
//! the other figures, so a commission that grows a digit does not move its neighbours.
//!
//! ```text
//! E004
//!   kpi                109.2
//!   kpi.grade          A
//!   commission         28913.80
//!
//! E036
//!   error: division by zero in `kpi.sales` at rules/sales_2023h2.toml:64:10: `sales_target` is 0
//!
//! 2 employees: 1 computed, 1 failed
//! ```

use crate::batch::Outcome;
use crate::error::display_width;
use crate::eval::Evaluation;
use crate::text::escape_controls;
use std::fmt;

/// In which order a [`Snapshot`] lists its employees.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SnapshotOrder {
    /// As they were added: the order of the data, for outcomes of
    /// [`evaluate_all`](crate::evaluate_all).
    #[default]
    Input,
    /// By key (`E004` before `E009`), employees with the same key in the order added: for
    /// results that come in no fixed order (a product's own database, a hash map).
    Key,
}

/// One employee's block.
#[derive(Clone, Debug)]
struct Block {
    key: String,
    /// The shown figures as `(name, text)`, or the error's text.
    body: Result<Vec<(String, String)>, String>,
}

/// A batch of results rendered as stable, aligned text for a snapshot test: each employee's
/// key, then every shown figure (the plan's `[outputs]`, or those chosen with
/// [`Plan::showing`](crate::Plan::showing)) printed with `Display` (`28913.80`, `0.06`, `A`,
/// `2023-09-30`; a missing input as `(missing)`), or the employee's located error; then a count.
///
/// The text is made for line diffs: one employee per block, one figure per line, so a changed
/// figure changes one line, and a line's alignment depends only on the names shown, so a
/// commission that grows a digit does not move its neighbours. When a consultant changes the
/// rule file, the snapshot test fails and `cargo insta review` shows each figure that moved,
/// old line above new.
///
/// ```
/// use hrrules::report::{Snapshot, SnapshotOrder};
/// let policy = hrrules::Policy::from_source("p.toml", r#"
/// [policy]
/// name = "p"
/// [inputs]
/// sales = "money"
/// target = "money"
/// [values]
/// attainment = "sales / target * 100"
/// "#)?;
/// let plan = policy.plan("2023-09".parse()?)?;
/// let mut snapshot = Snapshot::new(SnapshotOrder::Key);
/// for (id, sales, target) in [("E009", "400000", "0"), ("E004", "615230", "500000")] {
///     let mut inputs = policy.inputs();
///     inputs.set_text("sales", sales)?.set_text("target", target)?;
///     match plan.evaluate(&inputs) {
///         Ok(figures) => snapshot.push_evaluation(id, &figures),
///         Err(e) => snapshot.push_error(id, &e),
///     }
/// }
/// assert_eq!(snapshot.to_string(), "\
/// E004
///   attainment  123.046
///
/// E009
///   error: division by zero in `attainment` at p.toml:8:15: `target` is 0
///
/// 2 employees: 1 computed, 1 failed
/// ");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, Default)]
pub struct Snapshot {
    order: SnapshotOrder,
    blocks: Vec<Block>,
}

impl Snapshot {
    /// An empty snapshot listing employees in `order`.
    pub fn new(order: SnapshotOrder) -> Snapshot {
        Snapshot {
            order,
            blocks: Vec::new(),
        }
    }

    /// Adds one employee's outcome: its figures or its error (naming the data file, row and
    /// column, or the place in the rule file).
    pub fn push(&mut self, outcome: &Outcome) {
        match &outcome.result {
            Ok(figures) => self.push_evaluation(&outcome.employee, figures),
            Err(e) => self.push_error(&outcome.employee, e),
        }
    }

    /// Adds one employee's shown figures, for results computed with
    /// [`Plan::evaluate`](crate::Plan::evaluate) on the product's own records.
    pub fn push_evaluation(&mut self, employee: &str, figures: &Evaluation) {
        let shown = figures
            .outputs()
            .map(|(name, value)| {
                let text = match value {
                    Some(v) => v.to_string(),
                    None => String::from("(missing)"),
                };
                (escape_controls(name).into_owned(), escape_lines(&text))
            })
            .collect();
        self.blocks.push(Block {
            key: escape_controls(employee).into_owned(),
            body: Ok(shown),
        });
    }

    /// Adds one employee whose figures could not be computed, with the error as printed.
    pub fn push_error(&mut self, employee: &str, error: &dyn fmt::Display) {
        self.blocks.push(Block {
            key: escape_controls(employee).into_owned(),
            body: Err(escape_lines(&error.to_string())),
        });
    }

    /// The blocks in the order asked for.
    fn ordered(&self) -> Vec<&Block> {
        let mut blocks: Vec<&Block> = self.blocks.iter().collect();
        if self.order == SnapshotOrder::Key {
            blocks.sort_by(|a, b| a.key.cmp(&b.key));
        }
        blocks
    }
}

/// Control characters escaped line by line; the line breaks of a message kept, each
/// continuation line indented under the first.
fn escape_lines(text: &str) -> String {
    let lines: Vec<_> = text.lines().map(escape_controls).collect();
    lines.join("\n    ")
}

impl fmt::Display for Snapshot {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let failed = self.blocks.iter().filter(|b| b.body.is_err()).count();
        for block in self.ordered() {
            writeln!(f, "{}", block.key)?;
            match &block.body {
                Ok(shown) => {
                    let width = shown.iter().map(|(n, _)| display_width(n)).max();
                    for (name, text) in shown {
                        let pad = width.unwrap_or(0) - display_width(name);
                        let line = format!("  {name}{:pad$}  {text}", "");
                        writeln!(f, "{}", line.trim_end())?;
                    }
                }
                Err(message) => writeln!(f, "  error: {message}")?,
            }
            writeln!(f)?;
        }
        let count = self.blocks.len();
        writeln!(
            f,
            "{count} employee{}: {} computed, {failed} failed",
            if count == 1 { "" } else { "s" },
            count - failed,
        )
    }
}

impl<'a> FromIterator<&'a Outcome> for Snapshot {
    /// Outcomes in input order ([`SnapshotOrder::Input`]).
    fn from_iter<I: IntoIterator<Item = &'a Outcome>>(outcomes: I) -> Snapshot {
        let mut snapshot = Snapshot::new(SnapshotOrder::Input);
        snapshot.extend(outcomes);
        snapshot
    }
}

impl<'a> Extend<&'a Outcome> for Snapshot {
    fn extend<I: IntoIterator<Item = &'a Outcome>>(&mut self, outcomes: I) {
        for o in outcomes {
            self.push(o);
        }
    }
}

impl Extend<Outcome> for Snapshot {
    fn extend<I: IntoIterator<Item = Outcome>>(&mut self, outcomes: I) {
        for o in outcomes {
            self.push(&o);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty() {
        assert_eq!(
            Snapshot::new(SnapshotOrder::Key).to_string(),
            "0 employees: 0 computed, 0 failed\n"
        );
    }

    #[test]
    fn sorted_by_key_keeps_ties_in_order_and_escapes() {
        let mut s = Snapshot::new(SnapshotOrder::Key);
        s.push_error("E040", &"second\nline");
        s.push_error("E004", &"first E004");
        s.push_error("E004", &"second E004");
        s.push_error("E\u{1b}[31m", &"bad\u{7}");
        assert_eq!(
            s.to_string(),
            "E004\n  error: first E004\n\nE004\n  error: second E004\n\n\
             E040\n  error: second\n    line\n\nE\\u{1b}[31m\n  error: bad\\u{7}\n\n\
             4 employees: 0 computed, 4 failed\n"
        );
    }

    #[test]
    fn names_aligned_by_display_width() {
        let policy = crate::Policy::from_source(
            "p.toml",
            "[policy]\nname = \"p\"\n[inputs]\n\"销售额\" = \"money\"\nbonus = \"money\"\n\
             [outputs]\nshow = [\"销售额\", \"bonus\"]\n",
        )
        .unwrap();
        let plan = policy.plan("2023-09".parse().unwrap()).unwrap();
        let mut inputs = policy.inputs();
        inputs.set_text("销售额", "1000").unwrap();
        let figures = plan.evaluate(&inputs).unwrap();
        let mut s = Snapshot::default();
        s.push_evaluation("E004", &figures);
        assert_eq!(
            s.to_string(),
            "E004\n  销售额  1000\n  bonus   (missing)\n\n1 employee: 1 computed, 0 failed\n"
        );
    }
}
