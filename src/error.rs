//! Source positions and the rendering of located errors.
//!
//! Every expression and every rule-file entry carries a [`Span`]: a byte range in one
//! loaded file. [`Sources`] keeps the files' text so that any error, even one found while
//! paying employee E017, can be printed as `rules/sales.toml:31:14: message`, followed by
//! the line itself and a caret under the place.

use crate::text::escape_controls as escape;
use std::fmt;
use std::sync::Arc;

/// Identifies one file in a [`Sources`] set.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct FileId(pub u32);

/// A byte range in one source file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub struct Span {
    /// The file the range is in.
    pub file: FileId,
    /// First byte.
    pub start: u32,
    /// One past the last byte.
    pub end: u32,
}

impl Span {
    /// A span over `start..end` in `file`.
    pub fn new(file: FileId, start: usize, end: usize) -> Span {
        let clamp = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        Span {
            file,
            start: clamp(start),
            end: clamp(end.max(start)),
        }
    }

    /// The smallest span covering both.
    pub fn to(self, other: Span) -> Span {
        if self.file != other.file {
            return self;
        }
        Span {
            file: self.file,
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }
}

/// One loaded source file: its display name (as given on the command line or to the
/// library) and its text.
#[derive(Debug)]
pub struct SourceFile {
    name: String,
    text: String,
    line_starts: Vec<usize>,
}

impl SourceFile {
    fn new(name: String, text: String) -> SourceFile {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        SourceFile {
            name,
            text,
            line_starts,
        }
    }

    /// The name used in messages.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The whole text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: u32) -> (usize, usize) {
        let offset = (offset as usize).min(self.text.len());
        let line = match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = self.line_starts[line];
        let col = char_count(&self.text, start, offset) + 1;
        (line + 1, col)
    }

    /// The text of a 1-based line, without its line break.
    pub fn line(&self, line: usize) -> &str {
        let Some(&start) = self.line_starts.get(line.wrapping_sub(1)) else {
            return "";
        };
        let end = self
            .line_starts
            .get(line)
            .copied()
            .unwrap_or(self.text.len());
        self.text[start..end].trim_end_matches(['\n', '\r'])
    }
}

fn char_count(text: &str, start: usize, end: usize) -> usize {
    let mut end = end;
    while end > start && !text.is_char_boundary(end) {
        end -= 1;
    }
    text[start..end].chars().count()
}

/// The set of files a policy was loaded from.
#[derive(Debug, Default)]
pub struct Sources {
    files: Vec<SourceFile>,
}

impl Sources {
    /// An empty set.
    pub fn new() -> Sources {
        Sources::default()
    }

    /// Adds a file and returns its id.
    pub fn add(&mut self, name: impl Into<String>, text: impl Into<String>) -> FileId {
        let id = FileId(u32::try_from(self.files.len()).unwrap_or(u32::MAX));
        self.files.push(SourceFile::new(name.into(), text.into()));
        id
    }

    /// The file with this id.
    ///
    /// # Panics
    /// Never for ids returned by [`Sources::add`] on this set; an unknown id is a bug.
    pub fn file(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }

    /// The file with this id, if it exists.
    pub fn get(&self, id: FileId) -> Option<&SourceFile> {
        self.files.get(id.0 as usize)
    }

    /// All files, in the order added.
    pub fn files(&self) -> impl Iterator<Item = (FileId, &SourceFile)> {
        self.files
            .iter()
            .enumerate()
            .map(|(i, f)| (FileId(i as u32), f))
    }

    /// Where a span starts, as `file:line:col`.
    pub fn locate(&self, span: Span) -> Location {
        match self.get(span.file) {
            Some(file) => {
                let (line, col) = file.line_col(span.start);
                Location {
                    file: file.name().to_string(),
                    line,
                    col,
                }
            }
            None => Location {
                file: String::from("<unknown>"),
                line: 0,
                col: 0,
            },
        }
    }
}

/// A resolved place in a rule file: `file:line:col`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub struct Location {
    /// File name as loaded.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters (serialized as `column`).
    #[serde(rename = "column")]
    pub col: usize,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", escape(&self.file), self.line, self.col)
    }
}

/// A located message about a rule file, ready to render.
///
/// Each layer (syntax, policy, check) has its own error type; each converts into
/// diagnostics so that a user sees them all in one format.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// Where the problem is; `None` for problems with no place (a file that can't be read).
    pub span: Option<Span>,
    /// What is wrong, in one line.
    pub message: String,
    /// Further located remarks (the other half of a duplicate, each step of a cycle).
    pub notes: Vec<(Span, String)>,
    /// A suggestion such as "did you mean `sales_amount`?".
    pub help: Option<String>,
}

impl Diagnostic {
    /// A diagnostic at `span`.
    pub fn new(span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            span: Some(span),
            message: message.into(),
            notes: Vec::new(),
            help: None,
        }
    }

    /// A diagnostic with no place.
    pub fn unlocated(message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            span: None,
            message: message.into(),
            notes: Vec::new(),
            help: None,
        }
    }

    /// The name the help suggests instead of the one written, when it is a "did you mean
    /// `NAME`?": what an editor offers as a quick fix.
    pub fn suggestion(&self) -> Option<&str> {
        let help = self.help.as_deref()?;
        let rest = help.strip_prefix("did you mean `")?;
        let (name, tail) = rest.split_once('`')?;
        tail.starts_with('?').then_some(name)
    }

    /// Adds a help line.
    pub fn with_help(mut self, help: Option<String>) -> Diagnostic {
        self.help = help;
        self
    }

    /// Adds a located note.
    pub fn with_note(mut self, span: Span, note: impl Into<String>) -> Diagnostic {
        self.notes.push((span, note.into()));
        self
    }

    /// Renders as `file:line:col: message`, the line, a caret, then notes and help. Control
    /// characters from the rule file (in a name, a file name, a line) are shown escaped.
    pub fn render(&self, sources: &Sources) -> String {
        let mut out = String::new();
        match self.span {
            Some(span) => {
                out.push_str(&format!(
                    "{}: {}\n",
                    sources.locate(span),
                    escape(&self.message)
                ));
                snippet(&mut out, sources, span);
            }
            None => out.push_str(&format!("error: {}\n", escape(&self.message))),
        }
        for (span, note) in &self.notes {
            out.push_str(&format!(
                "  note: {}: {}\n",
                sources.locate(*span),
                escape(note)
            ));
            snippet(&mut out, sources, *span);
        }
        if let Some(help) = &self.help {
            out.push_str(&format!("  help: {}\n", escape(help)));
        }
        out
    }
}

/// Appends the line of `span` with carets under it. Control characters in the line are shown
/// escaped (`\u{1b}`), so that a rule file cannot drive the terminal; carets stay under the
/// place, an escaped character taking the width of its escape.
fn snippet(out: &mut String, sources: &Sources, span: Span) {
    let Some(file) = sources.get(span.file) else {
        return;
    };
    let (line, col) = file.line_col(span.start);
    let text = file.line(line);
    let (end_line, end_col) = file.line_col(span.end);
    let chars: Vec<char> = text.chars().take(200).collect();
    let shown: String = chars.iter().map(|c| shown_char(*c)).collect();
    let gutter = line.to_string();
    let pad = " ".repeat(gutter.len());
    out.push_str(&format!("{pad} |\n{gutter} | {shown}\n"));
    // Carets go under the place as a terminal shows it: wide (CJK) characters take two columns.
    let before = chars.iter().take(col.saturating_sub(1));
    let lead: String = before
        .map(|&c| match c {
            '\t' => "\t".to_string(),
            c => " ".repeat(shown_width(c)),
        })
        .collect();
    let width: usize = if end_line == line && end_col > col {
        let marked = chars.iter().skip(col.saturating_sub(1)).take(end_col - col);
        marked.map(|&c| shown_width(c)).sum()
    } else {
        0
    };
    out.push_str(&format!("{pad} | {lead}{}\n", "^".repeat(width.max(1))));
}

/// A character of a source line as the snippet shows it.
fn shown_char(c: char) -> String {
    crate::text::escape_controls(c.encode_utf8(&mut [0; 4])).into_owned()
}

/// Columns a character of a source line takes as the snippet shows it.
fn shown_width(c: char) -> usize {
    display_width(&shown_char(c))
}

/// How many diagnostics a [`Report`] shows. Each shows a line of its file, so a hostile file
/// with a hundred thousand errors on one long line would otherwise take minutes to print.
pub const MAX_SHOWN: usize = 100;

/// Every problem found in a set of rule files, with the files to show them against.
///
/// `Display` prints each diagnostic in full, separated by blank lines, followed by a count;
/// past [`MAX_SHOWN`] diagnostics it says how many more there are instead.
#[derive(Debug, Clone)]
pub struct Report {
    /// The problems, in the order found (by file, then position).
    pub diagnostics: Vec<Diagnostic>,
    /// The files they point into.
    pub sources: Arc<Sources>,
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.diagnostics.iter().take(MAX_SHOWN).enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{}", d.render(&self.sources))?;
        }
        let n = self.diagnostics.len();
        if n > MAX_SHOWN {
            write!(f, "\n... and {} more", n - MAX_SHOWN)?;
        }
        write!(f, "\n{n} error{} found", if n == 1 { "" } else { "s" })
    }
}

impl std::error::Error for Report {}

/// Columns a character takes in a terminal: 2 for CJK and full-width forms, else 1.
pub fn char_width(c: char) -> usize {
    let c = c as u32;
    let wide = (0x1100..=0x115F).contains(&c)
        || (0x2E80..=0xA4CF).contains(&c)
        || (0xAC00..=0xD7A3).contains(&c)
        || (0xF900..=0xFAFF).contains(&c)
        || (0xFE30..=0xFE4F).contains(&c)
        || (0xFF00..=0xFF60).contains(&c)
        || (0xFFE0..=0xFFE6).contains(&c)
        // CJK extension planes: rare characters in personal names, like 𠮷
        || (0x20000..=0x3FFFD).contains(&c);
    if wide {
        2
    } else {
        1
    }
}

/// Columns a string takes in a terminal.
pub fn display_width(s: &str) -> usize {
    s.chars().map(char_width).sum()
}

/// The nearest of `candidates` to `name`, for "did you mean" suggestions.
///
/// Uses edit distance with a threshold relative to the name's length; returns `None` when
/// nothing is close enough to be a plausible typo.
pub fn nearest<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let mut best: Option<(usize, &'a str)> = None;
    let len = name.chars().count();
    for cand in candidates {
        if cand == name {
            continue;
        }
        let cand_len = cand.chars().count();
        let limit = (len.max(cand_len) / 3).max(1);
        let containment = name.len() >= 3 && (cand.contains(name) || name.contains(cand));
        // The distance is at least the difference in (compared) lengths: skip the quadratic
        // comparison when that alone rules the candidate out.
        if !containment && len.min(64).abs_diff(cand_len.min(64)) > limit {
            continue;
        }
        let d = edit_distance(name, cand);
        if (d <= limit || containment)
            && best.is_none_or(|(bd, bc)| d < bd || (d == bd && cand < bc))
        {
            best = Some((d, cand));
        }
    }
    best.map(|(_, c)| c)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().take(64).collect();
    let b: Vec<char> = b.chars().take(64).collect();
    let w = b.len() + 1;
    let mut d = vec![0usize; (a.len() + 1) * w];
    for i in 0..=a.len() {
        for j in 0..=b.len() {
            d[i * w + j] = if i == 0 {
                j
            } else if j == 0 {
                i
            } else {
                let cost = usize::from(a[i - 1] != b[j - 1]);
                let mut v = (d[(i - 1) * w + j] + 1)
                    .min(d[i * w + j - 1] + 1)
                    .min(d[(i - 1) * w + j - 1] + cost);
                // a transposition is one step, so that `wieght` is close to `weight`
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    v = v.min(d[(i - 2) * w + j - 2] + 1);
                }
                v
            };
        }
    }
    d[a.len() * w + b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_typos() {
        let names = ["weight", "score", "cap", "floor", "gate"];
        assert_eq!(nearest("wieght", names), Some("weight"));
        assert_eq!(nearest("sore", names), Some("score"));
        assert_eq!(nearest("zzzzzz", names), None);
    }

    #[test]
    fn carets_line_up_under_chinese_text() {
        let mut s = Sources::new();
        let text = "夜班津贴 = \"基本工资 * x\"\n";
        let id = s.add("r.toml", text);
        let start = text.find('x').unwrap();
        let d = Diagnostic::new(Span::new(id, start, start + 1), "unknown name `x`");
        let rendered = d.render(&s);
        let lines: Vec<&str> = rendered.lines().collect();
        // `夜班津贴 = "基本工资 * ` is 8 wide characters (16 columns) and 7 narrow ones: 23.
        assert_eq!(lines[3], format!("  | {}^", " ".repeat(23)));
    }

    #[test]
    fn control_characters_are_escaped_and_carets_stay_under_the_place() {
        let mut s = Sources::new();
        let text = "# \u{1b}[2J\u{7}\nx = \"\u{1b}[31m + bb\"\n";
        let id = s.add("r\u{1b}.toml", text);
        let start = text.find("bb").unwrap();
        let d = Diagnostic::new(Span::new(id, start, start + 2), "unknown name `b\u{1b}b`")
            .with_note(Span::new(id, 2, 3), "a \u{9b}note");
        assert_eq!(
            d.render(&s),
            "r\\u{1b}.toml:2:14: unknown name `b\\u{1b}b`\n  |\n2 | x = \"\\u{1b}[31m + bb\"\n  |                   ^^\n  \
             note: r\\u{1b}.toml:1:3: a \\u{9b}note\n  |\n1 | # \\u{1b}[2J\\u{7}\n  |   ^^^^^^\n"
        );
    }

    #[test]
    fn renders_caret_under_place() {
        let mut s = Sources::new();
        let id = s.add("r.toml", "[values]\nx = \"a + bb\"\n");
        let d = Diagnostic::new(Span::new(id, 19, 21), "unknown name `bb`")
            .with_help(Some("did you mean `b`?".into()));
        assert_eq!(
            d.render(&s),
            "r.toml:2:11: unknown name `bb`\n  |\n2 | x = \"a + bb\"\n  |           ^^\n  help: did you mean `b`?\n"
        );
    }
}
