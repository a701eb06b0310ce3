//! A cheap look at a formula's characters before the grammar sees it.
//!
//! The grammar and the tree builder recurse once per level of nesting, so nesting must be
//! bounded before they run. This scan reads the text once, without recursion, and keeps
//! a count of the levels that are open at each point:
//!
//! - each open parenthesis (of a group or a call),
//! - each prefix operator (`-`, `not`) still waiting for its operand, including those
//!   waiting for a parenthesis to close (`-(-(-(a)))` is six levels),
//! - every `if` so far (an `if` nests until its `else` branch ends, which a flat scan
//!   cannot see; counting them all is stricter, and no sane formula has dozens),
//!
//! and rejects the formula as soon as that count passes the limit. It also bounds chains of
//! binary operators, which nest without any parenthesis: operators are left-associative, so
//! `a + a + ... + a` with `k` operators is a tree `k + 1` levels deep. For each precedence
//! class (`or`, `and`, comparisons, `+ -`, `* /`) the scan counts the operators of one run at
//! the current parenthesis level — a run ends at an operator of lower precedence, a comma or
//! a keyword — and such a run is a lower bound of the depth, so a formula rejected here
//! would be rejected by the tree builder too, only after parsing all of it. A 600 KB chain
//! is refused after its 64th operator instead of being parsed whole.
//!
//! It also finds strings without a closing quote, so that they can be reported at the quote.

use super::error::SyntaxError;
use crate::error::{FileId, Span};

/// Where the formula is: for absolute spans.
#[derive(Clone, Copy)]
pub(crate) struct Origin {
    pub file: FileId,
    pub offset: usize,
}

impl Origin {
    /// The span of `start..end`, positions in the formula.
    pub fn span(self, start: usize, end: usize) -> Span {
        Span::new(
            self.file,
            self.offset.saturating_add(start),
            self.offset.saturating_add(end),
        )
    }
}

/// Characters that continue a word, for finding keywords (the grammar's rules are at
/// least this strict where it matters: a word this scan misreads cannot nest).
fn is_word_char(c: char) -> bool {
    c == '_' || c.is_alphanumeric()
}

/// The levels open at one point of the scan; see the module docs.
#[derive(Default)]
struct Nesting {
    /// For each open parenthesis, the prefix operators waiting outside it.
    parens: Vec<usize>,
    /// Sum of `parens`.
    waiting_outside: usize,
    /// Prefix operators waiting at the current level.
    waiting: usize,
    /// `if`s so far.
    ifs: usize,
    /// Whether the last token ends an operand, so that a `-` after it is subtraction.
    after_operand: bool,
    /// Binary operators in the current run of each precedence class, at this level.
    runs: [usize; CLASSES],
    /// `runs` of the levels outside each open parenthesis.
    outer_runs: Vec<[usize; CLASSES]>,
}

/// Precedence classes of binary operators, loosest first: `or`, `and`, comparisons,
/// `+ -`, `* /`.
const CLASSES: usize = 5;
const OR: usize = 0;
const AND: usize = 1;
const COMPARE: usize = 2;
const ADD: usize = 3;
const MUL: usize = 4;

impl Nesting {
    fn levels(&self) -> usize {
        self.parens.len() + self.waiting_outside + self.waiting + self.ifs
    }

    /// A binary operator of precedence class `class`: one more level in its run, which
    /// ends the runs of tighter classes. Returns the depth this proves (see the module docs).
    fn binary(&mut self, class: usize) -> usize {
        self.waiting = 0;
        self.after_operand = false;
        self.runs[class] += 1;
        for tighter in self.runs.iter_mut().skip(class + 1) {
            *tighter = 0;
        }
        self.waiting_outside + self.runs[class] + 1
    }

    /// A comma or a keyword: every run at this level ends.
    fn separator(&mut self) {
        self.runs = [0; CLASSES];
        self.other();
    }

    fn open(&mut self) {
        self.outer_runs.push(self.runs);
        self.runs = [0; CLASSES];
        self.parens.push(self.waiting);
        self.waiting_outside += self.waiting;
        self.waiting = 0;
        self.after_operand = false;
    }

    fn close(&mut self) {
        if let Some(outside) = self.parens.pop() {
            self.waiting_outside -= outside;
        }
        self.runs = self.outer_runs.pop().unwrap_or_default();
        self.waiting = 0;
        self.after_operand = true;
    }

    fn prefix(&mut self) {
        self.waiting += 1;
        self.after_operand = false;
    }

    /// An operator or keyword that is not a prefix: no level opens or closes.
    fn other(&mut self) {
        self.waiting = 0;
        self.after_operand = false;
    }

    fn operand(&mut self) {
        self.waiting = 0;
        self.after_operand = true;
    }
}

/// The length of `-MM-DD` (one or more digits each) at the start of `rest`, or 0.
fn date_rest(rest: &str) -> usize {
    let b = rest.as_bytes();
    let digits = |from: usize| {
        b.iter()
            .skip(from)
            .take_while(|c| c.is_ascii_digit())
            .count()
    };
    if b.first() != Some(&b'-') {
        return 0;
    }
    let month = digits(1);
    if month == 0 || b.get(1 + month) != Some(&b'-') {
        return 0;
    }
    let day = digits(2 + month);
    if day == 0 {
        return 0;
    }
    2 + month + day
}

/// Checks nesting and string quotes; see the module docs.
pub(crate) fn prescan(text: &str, max_depth: usize, at: Origin) -> Result<(), SyntaxError> {
    let mut nest = Nesting::default();
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let mut len = c.len_utf8();
        let mut chain = 0;
        match c {
            ' ' | '\t' | '\r' | '\n' => continue,
            '(' => nest.open(),
            ')' => nest.close(),
            '-' | '+' if nest.after_operand => chain = nest.binary(ADD),
            '-' => nest.prefix(),
            '*' | '/' => chain = nest.binary(MUL),
            '=' | '!' | '<' | '>' => {
                if chars.next_if(|&(_, n)| n == '=').is_some() {
                    len += 1;
                }
                chain = nest.binary(COMPARE);
            }
            ',' => nest.separator(),
            // inside numbers and dotted names
            '.' | '%' => {}
            '"' | '\'' => {
                let mut closed = false;
                while let Some((_, s)) = chars.next() {
                    if s == '\\' {
                        chars.next();
                    } else if s == c {
                        closed = true;
                        break;
                    }
                }
                if !closed {
                    return Err(SyntaxError::UnclosedString {
                        span: at.span(i, i + 1),
                    });
                }
                nest.operand();
            }
            c if is_word_char(c) => {
                while let Some(&(j, w)) = chars.peek() {
                    if !is_word_char(w) {
                        break;
                    }
                    len = j + w.len_utf8() - i;
                    chars.next();
                }
                let word = text.get(i..i + len).unwrap_or("");
                if word.len() == 4 && word.bytes().all(|b| b.is_ascii_digit()) {
                    // a date `2023-07-01` is one operand, not two subtractions
                    let rest = date_rest(text.get(i + len..).unwrap_or(""));
                    while chars.next_if(|&(j, _)| j < i + len + rest).is_some() {}
                    len += rest;
                }
                match text.get(i..i + len) {
                    Some("not") => nest.prefix(),
                    Some("if") => {
                        nest.ifs += 1;
                        nest.other();
                    }
                    Some("and") => chain = nest.binary(AND),
                    Some("or") => chain = nest.binary(OR),
                    Some("then" | "elif" | "else") => nest.separator(),
                    _ => nest.operand(),
                }
            }
            _ => nest.other(),
        }
        if nest.levels() > max_depth || chain > max_depth {
            return Err(SyntaxError::TooDeep {
                limit: max_depth,
                span: at.span(i, i + len),
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scan(text: &str) -> Result<(), SyntaxError> {
        prescan(
            text,
            3,
            Origin {
                file: FileId(0),
                offset: 10,
            },
        )
    }

    #[test]
    fn bounds_parentheses() {
        assert!(scan("(((a)))").is_ok());
        assert!(scan("((a)) + ((b)) + (((c)))").is_ok());
        let err = scan("((((a))))").unwrap_err();
        assert_eq!(
            err,
            SyntaxError::TooDeep {
                limit: 3,
                span: Span::new(FileId(0), 13, 14)
            }
        );
        // parentheses in strings do not count
        assert!(scan("\"((((\" + '))))(((('").is_ok());
    }

    #[test]
    fn bounds_ifs_and_prefix_runs() {
        assert!(scan("if a then b else if c then d else e").is_ok());
        assert!(scan("if a then 1 elif b then 2 elif c then 3 elif d then 4 else 5").is_ok());
        assert!(
            scan("if a then if b then if c then if d then 1 else 2 else 3 else 4 else 5").is_err()
        );
        assert!(scan("- - -a").is_ok());
        assert!(scan("- - - -a").is_err());
        assert!(scan("not not - not a").is_err());
        // words that start with a keyword are names
        assert!(scan("not notes - notes").is_ok());
        assert!(scan("- - iffy + iffy").is_ok());
        // a run is broken by an operand
        assert!(scan("-a - -b - -c").is_ok());
    }

    #[test]
    fn counts_prefix_operators_waiting_outside_parentheses() {
        assert!(scan("-(-a)").is_ok());
        assert!(scan("-(-(a))").is_err());
        assert!(scan("not (not -a)").is_err());
        // subtraction is not a prefix operator
        assert!(scan("a - (b - (c - (d)))").is_ok());
        assert!(scan("2023-07-01 - (x - (y))").is_ok());
        assert!(scan("f(x) - -(y)").is_ok());
        // once a parenthesis closes, what waited outside it is done
        assert!(scan("-(a) + -(-(d))").is_err());
        assert!(scan("-(a) + -(-d)").is_ok());
    }

    #[test]
    fn counts_every_if() {
        assert!(scan("(if a then b else c) + (if a then b else c)").is_ok());
        assert!(scan("((if a then b else c))").is_ok());
        assert!(scan("((if a then b else (c)))").is_err());
        assert!(scan("if a then 1 else 2 + if b then 1 else 2 + if c then 1 else 2").is_ok());
        assert!(scan("if a then 1 else 2 + if b then 1 else 2 + if c then (1) else 2").is_err());
    }

    #[test]
    fn bounds_chains_of_binary_operators() {
        // limit 3: a chain of 3 operands is 3 levels deep, 4 operands are 4
        assert!(scan("a + b - c").is_ok());
        assert!(scan("a + b - c + d").is_err());
        assert!(scan("a * b / c * d").is_err());
        assert!(scan("a and b and c and d").is_err());
        assert!(scan("a or b or c or d").is_err());
        // tighter operators between do not end a run; looser ones do
        assert!(scan("a + b * c + d + e").is_err());
        assert!(scan("a * b + c * d + e * f").is_ok());
        assert!(scan("a + b and c + d and e + f").is_ok());
        // a group is one operand; inside it a new run starts
        assert!(scan("(a + b) + (c + d) + e").is_ok());
        assert!(scan("f(a + b, c + d, e + g)").is_ok());
        assert!(scan("(a) + (b) + (c) + (d)").is_err());
        // `<=` is one operator; subtraction after an operand, not a prefix
        assert!(scan("a <= b + c").is_ok());
        // a date is one operand
        assert!(scan("2023-07-01 - 2023-7-1 - d").is_ok());
        assert!(scan("2023-07-01 - 2023-7-1 - d - e").is_err());
        assert!(scan("if a then b + c else d + e").is_ok());
        // the error points at the operator that proves the depth
        assert_eq!(
            scan("a + b + c + d"),
            Err(SyntaxError::TooDeep {
                limit: 3,
                span: Span::new(FileId(0), 20, 21)
            })
        );
    }

    #[test]
    fn finds_unclosed_strings() {
        assert_eq!(
            scan("grade == \"A"),
            Err(SyntaxError::UnclosedString {
                span: Span::new(FileId(0), 19, 20)
            })
        );
        assert!(scan(r#"'it\'s' + "say \"hi\"""#).is_ok());
        assert!(scan(r#""ends with backslash\"#).is_err());
    }
}
