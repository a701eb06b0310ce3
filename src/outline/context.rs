//! Where a cursor is in a rule file's text: inside a formula (and under which keys), on a
//! key, or elsewhere. Read by a small scanner of TOML's surface (headers, keys, inline tables,
//! arrays, strings, comments), so it works on a file that does not parse yet, as a file being
//! typed usually does; whether a key holds a formula is the loader's own answer (`shape`).

use crate::shape::{self, Holds, Key};

/// What is at a place in a rule file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Place {
    /// Inside a string that holds a formula: the keys leading to it
    /// (`["scorecards", "kpi", "metrics", "sales", "score"]`) and the byte offset where the
    /// string's text starts.
    Formula {
        /// The keys from the top of the file to the string's own.
        path: Vec<String>,
        /// The byte offset of the string's first character.
        start: usize,
    },
    /// Inside a string that names one of the policy's figures (`show = ["kpi.grade"]`, a
    /// decision table's `inputs`, a payslip line's `name`).
    Name {
        /// The keys from the top of the file to the string's own.
        path: Vec<String>,
        /// The byte offset of the string's first character.
        start: usize,
    },
    /// On a key: the keys from the top of the file down to it, itself last.
    Key {
        /// The keys from the top of the file to this one.
        path: Vec<String>,
    },
    /// Anywhere else (a string that is no formula, a number, a comment, whitespace).
    Other,
}

/// What is at byte `offset` of `text`, a rule file.
pub fn place_at(text: &str, offset: usize) -> Place {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let (header, from) = header_before(text, offset);
    let mut scan = Scanner {
        text: text.as_bytes(),
        at: from,
        offset,
        path: header,
        frames: Vec::new(),
        pending: Vec::new(),
        state: State::Key,
    };
    match scan.run() {
        Found::String(start) => {
            let mut path = scan.path.clone();
            path.extend(scan.pending.iter().cloned());
            match holds(&path) {
                Some(h) if is_formula(&h) => Place::Formula { path, start },
                Some(h) if is_name(&h) => Place::Name { path, start },
                _ => Place::Other,
            }
        }
        Found::Key(key) => {
            let mut path = scan.path.clone();
            path.extend(key);
            Place::Key { path }
        }
        Found::Nothing => Place::Other,
    }
}

/// What a key of a `[[tests]]` table names: an input (a key of `inputs = { ... }`, of the
/// test, a month of it or a member of its team) or any figure (a key of `expect`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TestKey {
    /// A key of `inputs`: an input's name.
    Input,
    /// A key of `expect`: any figure's name.
    Expected,
}

/// Whether the key at `path` (as [`Place::Key`] gives it) names a figure in a test. A bare
/// dotted key being typed (`kpi.` in `expect = { kpi.`) is a table to TOML: its parts follow
/// `expect` in the path.
pub fn test_key(path: &[String]) -> Option<TestKey> {
    let (_, parents) = path.split_last()?;
    let (first, rest) = parents.split_first()?;
    if first != "tests" {
        return None;
    }
    // `months` and `team` may come between: the first `inputs` or `expect` decides.
    rest.iter().find_map(|k| match k.as_str() {
        "inputs" => Some(TestKey::Input),
        "expect" => Some(TestKey::Expected),
        _ => None,
    })
}

/// The shape of the key at `path` in a rule file (`["tiers", "commission", "mode"]`), for
/// its documentation; `None` for a name the consultant chose (a value's name).
pub fn key_shape(path: &[String]) -> Option<&'static Key> {
    let (last, parents) = path.split_last()?;
    let mut holds = Holds::Table(&shape::RULE_FILE);
    for seg in parents {
        holds = step(&holds, seg)?;
    }
    key_in(&holds, last)
}

/// The name under or just before `offset` (letters, digits, `_` and the dots of
/// `kpi.sales`): its byte range.
pub fn dotted_word_at(text: &str, offset: usize) -> Option<(usize, usize)> {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let is_word = |c: char| c.is_alphanumeric() || c == '_' || c == '.';
    let start = text[..offset]
        .char_indices()
        .rev()
        .take_while(|(_, c)| is_word(*c))
        .last()
        .map_or(offset, |(i, _)| i);
    let end = text[offset..]
        .char_indices()
        .find(|(_, c)| !is_word(*c))
        .map_or(text.len(), |(i, _)| offset + i);
    (start < end).then_some((start, end))
}

/// The call the cursor is in, inside a formula starting at byte `start`: the function's
/// name and which argument (0-based) the cursor is on. `round(kpi, |` is `("round", 1)`.
pub fn call_at(text: &str, start: usize, offset: usize) -> Option<(&str, usize)> {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let formula = text.get(start.min(offset)..offset)?;
    // Open parentheses, each with the commas met at its depth so far.
    let mut open: Vec<(usize, usize)> = Vec::new();
    let mut quote = None;
    for (i, c) in formula.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '\'' | '"') => quote = Some(c),
            (None, '(') => open.push((i, 0)),
            (None, ')') => {
                open.pop();
            }
            (None, ',') => {
                if let Some(top) = open.last_mut() {
                    top.1 += 1;
                }
            }
            _ => {}
        }
    }
    let &(paren, arg) = open.last()?;
    let before = formula[..paren].trim_end();
    let name_start = before
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_alphanumeric() || *c == '_')
        .last()
        .map(|(i, _)| i)?;
    Some((&before[name_start..], arg))
}

/// The last table header at or before `offset` (`[scorecards.kpi.metrics]`): its keys and
/// the offset where its body starts; the top of the file when there is none.
fn header_before(text: &str, offset: usize) -> (Vec<String>, usize) {
    let mut found = (Vec::new(), 0);
    let mut line_start = 0;
    for line in text[..offset].split_inclusive('\n') {
        let end = line_start + line.len();
        if let Some(keys) = header(line) {
            if end <= offset || !line.ends_with('\n') {
                found = (keys, end.min(offset));
            }
        }
        line_start = end;
    }
    found
}

/// The keys of a header line, `[a.b]` or `[[a.b]]`; `None` for any other line (`[0, 1],` in
/// a list of points is no header).
fn header(line: &str) -> Option<Vec<String>> {
    let t = line.trim();
    let t = t.split_once('#').map_or(t, |(h, _)| h).trim();
    let inner = t.strip_prefix("[[").and_then(|t| t.strip_suffix("]]"));
    let inner = inner.or_else(|| t.strip_prefix('[').and_then(|t| t.strip_suffix(']')))?;
    let ok = |c: char| c.is_alphanumeric() || "_-.\"' ".contains(c);
    if inner.trim().is_empty() || !inner.chars().all(ok) {
        return None;
    }
    Some(inner.split('.').map(|k| unquote(k.trim())).collect())
}

fn unquote(k: &str) -> String {
    k.trim_matches(|c| c == '"' || c == '\'').to_string()
}

/// Where a key's value is: the shape one key further down.
fn step(holds: &Holds, seg: &str) -> Option<Holds> {
    match holds {
        Holds::Table(t) | Holds::Tables(t) => Some(copy(&t.key(seg)?.holds)),
        Holds::Named(h) => Some(copy(h)),
        Holds::List(h) => step(h, seg),
        Holds::AnyOf(hs) => hs.iter().find_map(|h| step(h, seg)),
        _ => None,
    }
}

fn key_in(holds: &Holds, seg: &str) -> Option<&'static Key> {
    match holds {
        Holds::Table(t) | Holds::Tables(t) => t.key(seg),
        Holds::List(h) => key_in(h, seg),
        Holds::AnyOf(hs) => hs.iter().find_map(|h| key_in(h, seg)),
        _ => None,
    }
}

/// A shallow copy: the shapes are statics, so every reference in them is `'static`.
fn copy(h: &'static Holds) -> Holds {
    match h {
        Holds::Table(t) => Holds::Table(t),
        Holds::Tables(t) => Holds::Tables(t),
        Holds::Named(h) => Holds::Named(h),
        Holds::List(h) => Holds::List(h),
        Holds::AnyOf(hs) => Holds::AnyOf(hs),
        Holds::Formula => Holds::Formula,
        Holds::Name => Holds::Name,
        _ => Holds::Any,
    }
}

/// What the value at `path` holds.
fn holds(path: &[String]) -> Option<Holds> {
    let mut holds = Holds::Table(&shape::RULE_FILE);
    for seg in path {
        holds = step(&holds, seg)?;
    }
    Some(holds)
}

fn is_name(h: &Holds) -> bool {
    match h {
        Holds::Name => true,
        Holds::AnyOf(hs) => hs.iter().any(is_name),
        Holds::List(h) => is_name(h),
        _ => false,
    }
}

fn is_formula(h: &Holds) -> bool {
    match h {
        Holds::Formula => true,
        Holds::AnyOf(hs) => hs.iter().any(is_formula),
        Holds::List(h) => is_formula(h),
        _ => false,
    }
}

enum Found {
    String(usize),
    Key(Vec<String>),
    Nothing,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    /// A key may start here.
    Key,
    /// After `=` or in a list: a value may start here.
    Value,
    /// A value has been read.
    After,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Frame {
    /// `{ ... }`, with the length of `path` before it.
    Table(usize),
    /// `[ ... ]`, with the length of `path` before it.
    List(usize),
}

struct Scanner<'t> {
    text: &'t [u8],
    at: usize,
    offset: usize,
    path: Vec<String>,
    frames: Vec<Frame>,
    pending: Vec<String>,
    state: State,
}

impl Scanner<'_> {
    fn run(&mut self) -> Found {
        while self.at < self.offset {
            let c = self.text[self.at];
            match c {
                b'\n' => {
                    if self.frames.is_empty() {
                        self.state = State::Key;
                        self.pending.clear();
                    }
                    self.at += 1;
                }
                b' ' | b'\t' | b'\r' => self.at += 1,
                b'#' => self.skip_line(),
                b'"' | b'\'' if self.state != State::Key => {
                    if let Some(start) = self.string() {
                        return Found::String(start);
                    }
                    self.state = State::After;
                }
                b'{' if self.state == State::Value => {
                    self.frames.push(Frame::Table(self.path.len()));
                    self.path.append(&mut self.pending);
                    self.state = State::Key;
                    self.at += 1;
                }
                b'[' if self.state == State::Value => {
                    self.frames.push(Frame::List(self.path.len()));
                    self.path.append(&mut self.pending);
                    self.at += 1;
                }
                b'}' | b']' => {
                    if let Some(Frame::Table(n) | Frame::List(n)) = self.frames.pop() {
                        self.path.truncate(n);
                    }
                    self.state = State::After;
                    self.at += 1;
                }
                b',' => {
                    self.state = match self.frames.last() {
                        Some(Frame::Table(_)) => State::Key,
                        _ => State::Value,
                    };
                    self.pending.clear();
                    self.at += 1;
                }
                b'=' => {
                    self.state = State::Value;
                    self.at += 1;
                }
                _ if self.state == State::Key => {
                    if let Some(key) = self.key() {
                        return Found::Key(key);
                    }
                }
                _ => self.skip_bare(),
            }
        }
        match self.state {
            // The cursor at the end of a key being typed.
            State::Key => self.key_ending_here().map_or(Found::Nothing, Found::Key),
            _ => Found::Nothing,
        }
    }

    fn skip_line(&mut self) {
        while self.at < self.text.len() && self.text[self.at] != b'\n' {
            self.at += 1;
        }
    }

    /// Reads a string from its opening quote; `Some(start)` when the cursor is inside it.
    fn string(&mut self) -> Option<usize> {
        let q = self.text[self.at];
        let triple = self.text[self.at..].starts_with(&[q, q, q]);
        self.at += if triple { 3 } else { 1 };
        let start = self.at;
        loop {
            if self.at >= self.offset {
                // The cursor is inside (or the string runs to it unterminated).
                return Some(start);
            }
            let c = self.text[self.at];
            if c == b'\\' && q == b'"' {
                self.at += 2;
                continue;
            }
            if c == b'\n' && !triple {
                return None;
            }
            if c == q && (!triple || self.text[self.at..].starts_with(&[q, q, q])) {
                self.at += if triple { 3 } else { 1 };
                return None;
            }
            self.at += 1;
        }
    }

    /// Reads a (dotted, maybe quoted) key up to its `=`; `Some(keys)` when the cursor is on
    /// it. Otherwise the keys wait in `pending` for their value.
    fn key(&mut self) -> Option<Vec<String>> {
        let mut keys = Vec::new();
        loop {
            let start = self.at;
            let quoted = matches!(self.text.get(self.at), Some(b'"' | b'\''));
            if quoted {
                let q = self.text[self.at];
                self.at += 1;
                while self.at < self.text.len()
                    && self.text[self.at] != q
                    && self.text[self.at] != b'\n'
                {
                    self.at += 1;
                }
                self.at = (self.at + 1).min(self.text.len());
            } else {
                while self.at < self.text.len() && is_bare(self.text[self.at]) {
                    self.at += 1;
                }
            }
            let word = String::from_utf8_lossy(&self.text[start..self.at]).into_owned();
            keys.push(unquote(&word));
            if self.at >= self.offset && self.offset >= start {
                return Some(keys);
            }
            while self.at < self.offset && matches!(self.text[self.at], b' ' | b'\t') {
                self.at += 1;
            }
            if self.at < self.offset && self.text[self.at] == b'.' {
                self.at += 1;
                while self.at < self.offset && matches!(self.text[self.at], b' ' | b'\t') {
                    self.at += 1;
                }
                continue;
            }
            if self.at == start {
                // Not a key at all: step over the character.
                self.at += 1;
            }
            self.pending = keys;
            self.state = State::After;
            return None;
        }
    }

    /// The key the cursor is in, at its start or end, where a key may start.
    fn key_ending_here(&self) -> Option<Vec<String>> {
        let mut start = self.offset;
        while start > 0 && is_bare(self.text[start - 1]) {
            start -= 1;
        }
        let mut end = self.offset;
        while end < self.text.len() && is_bare(self.text[end]) {
            end += 1;
        }
        (start < end).then(|| vec![String::from_utf8_lossy(&self.text[start..end]).into_owned()])
    }

    /// Steps over a bare value (a number, a date, `true`).
    fn skip_bare(&mut self) {
        self.at += 1;
        while self.at < self.offset && !b",}]\n#".contains(&self.text[self.at]) {
            self.at += 1;
        }
        self.state = State::After;
    }
}

fn is_bare(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c == b'-'
}

#[cfg(test)]
mod tests {
    use super::*;

    const SALES: &str = r#"[policy]
name = "Sales"  # the title

[inputs]
sales_amount = "money"

[values]
bonus = "sales_amount * 2%"
pay = { expr = "base_salary + bonus", doc = "gross" }

[scorecards.kpi.metrics]
sales = { weight = "60%", score = "sales_amount / sales_target * 100", cap = "120" }

[tiers.commission]
on = "sales_amount"
brackets = [
  { from = 0, rate = "2%" },
]
"#;

    fn at(marker: &str, plus: usize) -> Place {
        let i = SALES.find(marker).unwrap() + plus;
        place_at(SALES, i)
    }

    fn formula(path: &[&str]) -> Place {
        Place::Formula {
            path: path.iter().map(|s| s.to_string()).collect(),
            start: 0,
        }
    }

    fn path_of(p: Place) -> Place {
        match p {
            Place::Formula { path, .. } => Place::Formula { path, start: 0 },
            other => other,
        }
    }

    #[test]
    fn formulas_are_found_under_their_keys() {
        assert_eq!(
            path_of(at("sales_amount * 2%", 3)),
            formula(&["values", "bonus"])
        );
        assert_eq!(
            path_of(at("base_salary + bonus", 0)),
            formula(&["values", "pay", "expr"])
        );
        assert_eq!(
            path_of(at("sales_amount / sales_target", 14)),
            formula(&["scorecards", "kpi", "metrics", "sales", "score"])
        );
        assert_eq!(
            path_of(at("\"120\"", 2)),
            formula(&["scorecards", "kpi", "metrics", "sales", "cap"])
        );
        assert_eq!(
            path_of(at("on = \"sales_amount\"", 7)),
            formula(&["tiers", "commission", "on"])
        );
        let Place::Formula { start, .. } = at("sales_amount * 2%", 3) else {
            panic!()
        };
        assert_eq!(start, SALES.find("sales_amount * 2%").unwrap());
    }

    #[test]
    fn names_in_lists_are_names() {
        let text = "[outputs]\nshow = [\"kpi\", \"kpi.gr";
        let Place::Name { path, .. } = place_at(text, text.len()) else {
            panic!("{:?}", place_at(text, text.len()))
        };
        assert_eq!(path, ["outputs", "show"]);
    }

    #[test]
    fn other_strings_are_not_formulas() {
        assert_eq!(at("\"Sales\"", 2), Place::Other);
        assert_eq!(at("\"money\"", 2), Place::Other);
        assert_eq!(at("\"gross\"", 2), Place::Other);
        assert_eq!(at("\"60%\"", 2), Place::Other);
        assert_eq!(at("the title", 2), Place::Other);
        assert_eq!(at("\"2%\" }", 1), Place::Other);
    }

    #[test]
    fn keys_are_found_with_their_tables() {
        let key = |p: &[&str]| Place::Key {
            path: p.iter().map(|s| s.to_string()).collect(),
        };
        assert_eq!(
            at("weight", 2),
            key(&["scorecards", "kpi", "metrics", "sales", "weight"])
        );
        assert_eq!(
            at("rate =", 1),
            key(&["tiers", "commission", "brackets", "rate"])
        );
        assert_eq!(at("name =", 0), key(&["policy", "name"]));
        let doc = key_shape(&["scorecards", "kpi", "metrics", "sales", "weight"].map(String::from));
        assert!(doc.unwrap().doc.contains("100%") || !doc.unwrap().doc.is_empty());
        assert!(key_shape(&["values".to_string(), "bonus".to_string()]).is_none());
    }

    #[test]
    fn keys_of_tests_are_found_as_typed() {
        let key = |p: &[&str]| Place::Key {
            path: p.iter().map(|s| s.to_string()).collect(),
        };
        let end = |text: &str| place_at(text, text.len());
        let t = "[[tests]]\nname = \"a\"\n";
        assert_eq!(
            end(&format!("{t}inputs = {{ base_salary = \"1\", sales")),
            key(&["tests", "inputs", "sales"])
        );
        assert_eq!(
            end(&format!("{t}expect = {{ \"kpi.sa")),
            key(&["tests", "expect", "kpi.sa"])
        );
        assert_eq!(
            end(&format!(
                "{t}months = [ {{ period = \"2023-01\", expect = {{ gross"
            )),
            key(&["tests", "months", "expect", "gross"])
        );
        assert_eq!(
            end(&format!(
                "{t}[[tests.team]]\nemployee = \"E1\"\ninputs = {{ kp"
            )),
            key(&["tests", "team", "inputs", "kp"])
        );
        let done = format!("{t}expect = {{ \"kpi.sales\" = \"1\" }}");
        let inside = done.find("sales").unwrap();
        assert_eq!(
            place_at(&done, inside),
            key(&["tests", "expect", "kpi.sales"])
        );
        let path = |p: &[&str]| p.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            test_key(&path(&["tests", "team", "inputs", "kp"])),
            Some(TestKey::Input)
        );
        assert_eq!(
            test_key(&path(&["tests", "expect", "kpi"])),
            Some(TestKey::Expected)
        );
        assert_eq!(
            test_key(&path(&["tests", "expect", "kpi", ""])),
            Some(TestKey::Expected)
        );
        assert_eq!(test_key(&path(&["tests", "name"])), None);
        assert_eq!(test_key(&path(&["values", "inputs", "x"])), None);
    }

    #[test]
    fn a_string_being_typed_is_a_formula_too() {
        let text = "[values]\nbonus = \"kpi.";
        assert_eq!(
            path_of(place_at(text, text.len())),
            formula(&["values", "bonus"])
        );
        let text = "[values]\nbonus = { expr = \"kpi.sa";
        assert_eq!(
            path_of(place_at(text, text.len())),
            formula(&["values", "bonus", "expr"])
        );
    }

    #[test]
    fn calls_and_their_arguments() {
        let f = "round(kpi * max(a, b), 2, 'half_up')";
        let at = |marker: &str| call_at(f, 0, f.find(marker).unwrap());
        assert_eq!(at("kpi"), Some(("round", 0)));
        assert_eq!(at("b)"), Some(("max", 1)));
        assert_eq!(at(" 2"), Some(("round", 1)));
        assert_eq!(at("half"), Some(("round", 2)));
        assert_eq!(call_at(f, 0, 3), None);
        assert_eq!(call_at("x + (a, b", 0, 9), None);
    }

    #[test]
    fn words_with_dots() {
        let text = "x = \"kpi.sales * 2\"";
        let i = text.find("sales").unwrap();
        assert_eq!(dotted_word_at(text, i + 2), Some((5, 14)));
        assert_eq!(dotted_word_at(text, 9), Some((5, 14)));
        assert_eq!(dotted_word_at("\"  \"", 2), None);
    }

    proptest::proptest! {
        /// Any text, any offset (mid-character too): an answer, never a panic.
        #[test]
        fn never_panics(text in "(\\PC|[\\[\\]{}=\"'#.,\n ])*", at in 0usize..400) {
            let _ = place_at(&text, at);
            let _ = dotted_word_at(&text, at);
        }
    }
}
