//! Text shared by every stage: how names are compared, and how text from a rule file or a
//! data file is quoted in a message.
//!
//! A leaf module: it uses nothing else of hrrules, so every stage may use it.

use std::borrow::Cow;
use std::fmt;
use unicode_normalization::UnicodeNormalization;

/// The form in which two names (inputs, params, values, data columns) are compared: Unicode
/// compatibility normalization (NFKC). `Ω` (U+2126 OHM SIGN) and `Ω` (U+03A9), or full-width
/// `ｆｕｌｌ` and `full`, are one name.
///
/// ```
/// use hrrules::text::name_key;
/// assert_eq!(name_key("ｆｕｌｌ"), "full");
/// assert_eq!(name_key("\u{2126}"), name_key("\u{3a9}"));
/// assert_eq!(name_key("sales_amount"), "sales_amount");
/// ```
pub fn name_key(name: &str) -> Cow<'_, str> {
    if name.is_ascii() {
        Cow::Borrowed(name)
    } else {
        let normalized: String = name.nfkc().collect();
        if normalized == name {
            Cow::Borrowed(name)
        } else {
            Cow::Owned(normalized)
        }
    }
}

/// Longest text, in characters, that a message repeats in full; longer text is cut.
pub const QUOTE_CHARS: usize = 60;

/// User text (a cell, a header, a name) as a message quotes it: in double quotes, with every
/// character that cannot be seen escaped as Rust writes it (`"\u{feff}1"`, `"1\u{a0}000"`,
/// `"a\tb"`), so that a byte-order mark, a no-break space or a terminal escape sequence shows
/// in the message and cannot act on the terminal; text over [`QUOTE_CHARS`] characters is cut
/// to its first 60, followed by its length.
///
/// ```
/// use hrrules::text::Quoted;
/// assert_eq!(Quoted("19.85万").to_string(), "\"19.85万\"");
/// assert_eq!(Quoted("a\u{1b}[31mb").to_string(), "\"a\\u{1b}[31mb\"");
/// assert_eq!(Quoted("\u{feff}1\u{a0}000").to_string(), "\"\\u{feff}1\\u{a0}000\"");
/// let long = "9".repeat(200);
/// assert_eq!(Quoted(&long).to_string(), format!("\"{}…\" (200 characters)", "9".repeat(60)));
/// ```
#[derive(Clone, Copy, Debug)]
pub struct Quoted<'a>(pub &'a str);

impl fmt::Display for Quoted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0.char_indices().nth(QUOTE_CHARS) {
            None => write!(f, "{:?}", self.0),
            Some((cut, _)) => {
                let head = format!("{:?}", &self.0[..cut]);
                let open = head.strip_suffix('"').unwrap_or(&head);
                let n = self.0.chars().count();
                write!(f, "{open}…\" ({n} characters)")
            }
        }
    }
}

/// Text with its control characters escaped as Rust writes them (`\n`, `\u{1b}` for ESC), for
/// printing to a terminal: a policy's name, a source line in a snippet, a cell in a table.
/// Other text, Chinese included, is unchanged; tabs are kept.
///
/// ```
/// use hrrules::text::escape_controls;
/// assert_eq!(escape_controls("恒康骨科"), "恒康骨科");
/// assert_eq!(escape_controls("\u{1b}]0;pwned\u{7}"), "\\u{1b}]0;pwned\\u{7}");
/// assert_eq!(escape_controls("乙班\n(借调)"), "乙班\\n(借调)");
/// ```
pub fn escape_controls(text: &str) -> Cow<'_, str> {
    if !text.chars().any(needs_escape) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if needs_escape(c) {
            match c {
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                _ => out.extend(c.escape_unicode()),
            }
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Control characters (C0, DEL, C1) other than the tab, and the bidirectional overrides that
/// can make a line read differently from what it holds.
fn needs_escape(c: char) -> bool {
    (c.is_control() && c != '\t') || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_escapes_quotes_and_controls() {
        assert_eq!(Quoted("say \"hi\"\n").to_string(), "\"say \\\"hi\\\"\\n\"");
    }

    #[test]
    fn exactly_sixty_characters_are_not_cut() {
        let s = "万".repeat(60);
        assert_eq!(Quoted(&s).to_string(), format!("\"{s}\""));
    }

    #[test]
    fn bidi_overrides_are_escaped() {
        assert_eq!(escape_controls("a\u{202e}b"), "a\\u{202e}b");
    }
}
