//! CSV output pieces: one line of fields, quoted where needed, and text neutralized so a
//! spreadsheet shows it instead of running it as a formula.

use std::borrow::Cow;
use std::io::{self, Write};

/// Writes one CSV line. Fields with a comma, a quote or a line break are quoted.
pub(super) fn csv_line<'a, W: Write>(
    out: &mut W,
    fields: impl IntoIterator<Item = &'a str>,
) -> io::Result<()> {
    let mut first = true;
    for f in fields {
        if !first {
            out.write_all(b",")?;
        }
        first = false;
        csv_field(out, f)?;
    }
    out.write_all(b"\n")
}

/// Writes one CSV field, quoted if it holds a comma, a quote or a line break.
pub(super) fn csv_field<W: Write>(out: &mut W, f: &str) -> io::Result<()> {
    if f.contains([',', '"', '\n', '\r']) {
        write!(out, "\"{}\"", f.replace('"', "\"\""))
    } else {
        out.write_all(f.as_bytes())
    }
}

/// A text cell as CSV output writes it: text a spreadsheet would run as a formula (it starts
/// with `=`, `+`, `-`, `@`, a tab or a carriage return, or their full-width forms `＝＋－＠`)
/// gets a leading `'`, as OWASP's advice on CSV injection says, so `=HYPERLINK("…")` is shown
/// as text. Text that is a plain number (`-12.50`, `+3`) is left alone: a spreadsheet reads
/// it as that number, not as a formula. Figures are never passed through here.
///
/// ```text
/// =HYPERLINK("http://x")  ->  '=HYPERLINK("http://x")
/// -12.50                  ->  -12.50
/// ```
pub(super) fn neutralize(text: &str) -> Cow<'_, str> {
    let risky = text.starts_with([
        '=', '+', '-', '@', '\t', '\r', '\u{ff1d}', '\u{ff0b}', '\u{ff0d}', '\u{ff20}',
    ]);
    if risky && !plain_number(text) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

/// `-12.50`, `+3`, `7`: an optional sign, ASCII digits, and at most one point between digits.
fn plain_number(text: &str) -> bool {
    let digits = text.strip_prefix(['+', '-']).unwrap_or(text);
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, "0"));
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    all_digits(whole) && all_digits(fraction)
}

#[cfg(test)]
mod tests {
    use super::neutralize;

    #[test]
    fn formulas_get_a_quote_and_numbers_do_not() {
        for (text, shown) in [
            (
                "=HYPERLINK(\"http://x\",\"点击\")",
                "'=HYPERLINK(\"http://x\",\"点击\")",
            ),
            ("+1+2", "'+1+2"),
            ("-1+2", "'-1+2"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("\r=1", "'\r=1"),
            ("＝1+1", "'＝1+1"),
            ("-", "'-"),
            ("-.5", "'-.5"),
            ("-12.50", "-12.50"),
            ("+3", "+3"),
            ("E004", "E004"),
            ("王芳", "王芳"),
            ("", ""),
            ("a=b", "a=b"),
        ] {
            assert_eq!(neutralize(text), shown, "{text:?}");
        }
    }
}
