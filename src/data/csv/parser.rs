//! A strict CSV tokenizer (RFC 4180, as Excel writes it) that knows exactly where each record
//! starts, never stores more than its limits, and reports what a lenient reader would hide.
//!
//! - A record ends at `\n`, `\r\n` or a lone `\r` outside quotes; each such line end starts a
//!   new row (Excel's row numbers: a quoted cell spanning lines is still one row).
//! - A cell starting with `"` is quoted until a `"` that is not doubled. A quote never closed
//!   is a [`Failure::UnclosedQuote`], never a cell swallowing the rest of the file.
//! - A quote inside an unquoted cell, or text after a closing quote, is kept as text and
//!   flagged on the field ([`Field::stray`]).
//! - A quoted cell spanning lines and holding as many commas as the header has separators
//!   is flagged on the record ([`Fields::merged`]): a quote is probably missing or misplaced,
//!   and rows were merged into it.
//! - Bytes past the cell or row limit are counted but not stored.

use std::io::BufRead;

/// Why a record could not be read.
#[derive(Debug)]
pub(crate) enum Failure {
    /// Reading failed.
    Io(std::io::Error),
    /// The input ended inside a quoted cell, which opened on `row` in field `field`.
    UnclosedQuote { row: u64, field: usize, lines: u64 },
    /// The record is longer than the caller's abort limit (used for the header).
    TooLong { row: u64 },
}

/// One field of a record.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Field {
    start: usize,
    end: usize,
    /// Its full length in bytes, stored or not.
    pub(crate) len: u64,
    /// `Some(after_close)` for a stray quote: `true` for text after a closing quote
    /// (`"ab"cd`), `false` for a quote inside an unquoted cell (`5" screen`).
    pub(crate) stray: Option<bool>,
    /// Line breaks inside the field (it is quoted).
    pub(crate) lines: u64,
}

/// Rows swallowed by a quoted cell, by the look of it: it spans lines and holds at least as
/// many commas as the header has separators.
#[derive(Clone, Debug)]
pub(crate) struct Merged {
    /// The field.
    pub(crate) field: usize,
    /// Lines it spans.
    pub(crate) lines: u64,
    /// Commas in it.
    pub(crate) commas: usize,
    /// Its second line.
    pub(crate) second: String,
}

/// A record: its fields' bytes (up to the limits) and what was noticed while reading it.
#[derive(Debug, Default)]
pub(crate) struct Fields {
    /// The row it starts on.
    pub(crate) row: u64,
    bytes: Vec<u8>,
    fields: Vec<Field>,
    /// Its full length in bytes, stored or not.
    pub(crate) len: u64,
    /// A quoted cell that seems to hold whole rows.
    pub(crate) merged: Option<Merged>,
}

impl Fields {
    /// Number of fields.
    pub(crate) fn len(&self) -> usize {
        self.fields.len()
    }

    /// Field `i`: its stored bytes and its description.
    pub(crate) fn get(&self, i: usize) -> Option<(&[u8], &Field)> {
        let field = self.fields.get(i)?;
        Some((self.bytes.get(field.start..field.end)?, field))
    }

    /// The stored bytes of every field, one after another (for a line read at once, with the
    /// commas between them).
    pub(crate) fn stored(&self) -> &[u8] {
        &self.bytes
    }

    /// Field `i`: where its bytes are in [`Fields::stored`], and its description.
    pub(crate) fn span(&self, i: usize) -> Option<(usize, usize, &Field)> {
        let field = self.fields.get(i)?;
        Some((field.start, field.end, field))
    }

    /// Every field's stored bytes.
    pub(crate) fn iter(&self) -> impl Iterator<Item = &[u8]> {
        self.fields
            .iter()
            .map(|f| self.bytes.get(f.start..f.end).unwrap_or_default())
    }

    /// Whether every field is blank (whitespace only): an empty line, or `,,,,` below an
    /// Excel export. A field that is not UTF-8 or holds a NUL byte is not blank.
    pub(crate) fn is_blank(&self) -> bool {
        // As `str::trim` sees whitespace (a vertical tab too), without decoding ASCII.
        self.iter().all(|f| {
            if f.is_ascii() {
                f.iter().all(|&b| char::from(b).is_whitespace())
            } else {
                std::str::from_utf8(f).is_ok_and(|t| t.trim().is_empty())
            }
        })
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    /// At the start of a field.
    Start,
    /// In an unquoted field (or the rest of a quoted one after a stray quote).
    Unquoted,
    /// Inside quotes.
    Quoted,
    /// Just after a quote inside quotes: a doubled quote or the closing one. Anything but a
    /// quote, a comma or a line end after it (a space too) is a stray quote.
    QuoteInQuoted,
}

/// The field being read.
#[derive(Default)]
struct Current {
    start: usize,
    len: u64,
    stray: Option<bool>,
    lines: u64,
    /// The last byte inside quotes was `\r` (so a `\n` after it is the same line break).
    prev_cr: bool,
    /// The last byte inside quotes was a line break.
    after_break: bool,
    /// Commas inside quotes.
    commas: usize,
    /// Where the field's second line starts in the stored bytes.
    line_start: usize,
}

/// Limits for one record.
#[derive(Clone, Copy, Debug)]
pub(crate) struct RecordLimits {
    /// Longest field stored.
    pub(crate) cell: usize,
    /// Longest record stored.
    pub(crate) row: usize,
    /// Stop reading (with [`Failure::TooLong`]) past this many bytes.
    pub(crate) abort: u64,
}

/// Reads records one by one from a byte stream.
pub(crate) struct Parser {
    input: Box<dyn BufRead + Send>,
    /// The row the next record starts on.
    row: u64,
    /// Cells in the header, once known: a line inside a quoted cell with `width - 1` commas
    /// looks like a row.
    pub(crate) width: Option<usize>,
}

impl Parser {
    /// A parser at row 1 of `input`.
    pub(crate) fn new(input: Box<dyn BufRead + Send>) -> Parser {
        Parser {
            input,
            row: 1,
            width: None,
        }
    }

    /// Reads the next record into `out`; `false` at the end of the input.
    pub(crate) fn read(&mut self, out: &mut Fields, limits: RecordLimits) -> Result<bool, Failure> {
        out.row = self.row;
        out.bytes.clear();
        out.fields.clear();
        out.len = 0;
        out.merged = None;
        if self.plain_line(out, limits)? {
            return Ok(true);
        }
        let row_like_commas = self.width.filter(|&w| w >= 3).map(|w| w - 1);
        let mut state = State::Start;
        let mut cur = Current::default();
        let mut started = false;
        loop {
            let buf = match self.input.fill_buf() {
                Ok(buf) => buf,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(Failure::Io(e)),
            };
            if buf.is_empty() {
                return match state {
                    State::Quoted => Err(Failure::UnclosedQuote {
                        row: out.row,
                        field: out.fields.len(),
                        lines: cur.lines - u64::from(cur.after_break),
                    }),
                    State::Start if !started => Ok(false),
                    _ => {
                        finish_field(out, &mut cur, row_like_commas);
                        Ok(true)
                    }
                };
            }
            started = true;
            let (i, end) = scan(buf, &mut state, out, &mut cur, limits, row_like_commas);
            self.input.consume(i);
            if out.len > limits.abort {
                return Err(Failure::TooLong { row: out.row });
            }
            if let Some(terminator) = end {
                if terminator == b'\r' {
                    self.skip_lf().map_err(Failure::Io)?;
                }
                self.row += 1;
                return Ok(true);
            }
        }
    }

    /// The common record quickly: a whole line already in the buffer, without a quote, no
    /// longer than a cell may be (so nothing is cut). Its bytes are stored at once and its
    /// fields found by the commas; `false` (nothing consumed) for any other record, which
    /// [`scan`] reads byte run by byte run.
    fn plain_line(&mut self, out: &mut Fields, limits: RecordLimits) -> Result<bool, Failure> {
        let buf = loop {
            match self.input.fill_buf() {
                Ok(buf) => break buf,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(Failure::Io(e)),
            }
        };
        let Some(n) = memchr::memchr2(b'\n', b'\r', buf) else {
            return Ok(false);
        };
        let (Some(line), Some(&terminator)) = (buf.get(..n), buf.get(n)) else {
            return Ok(false);
        };
        if n > limits.cell.min(limits.row) || memchr::memchr(b'"', line).is_some() {
            return Ok(false);
        }
        out.bytes.extend_from_slice(line);
        let field = |start: usize, end: usize| Field {
            start,
            end,
            len: (end - start) as u64,
            stray: None,
            lines: 0,
        };
        let mut start = 0;
        commas(line, |i| {
            out.fields.push(field(start, i));
            start = i + 1;
        });
        out.fields.push(field(start, n));
        out.len = (n + 1 - out.fields.len()) as u64;
        self.input.consume(n + 1);
        if terminator == b'\r' {
            self.skip_lf().map_err(Failure::Io)?;
        }
        self.row += 1;
        Ok(true)
    }

    /// After a `\r` ending a record: a `\n` right after it belongs to the same line end.
    fn skip_lf(&mut self) -> std::io::Result<()> {
        let buf = loop {
            match self.input.fill_buf() {
                Ok(buf) => break buf,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        };
        if buf.first() == Some(&b'\n') {
            self.input.consume(1);
        }
        Ok(())
    }
}

/// Calls `each` with the position of every comma in `line`, in order. Cells are short, so
/// this looks at eight bytes at a time (a byte-per-step loop or a vectorized search per cell
/// cost several times more in a million-row file).
fn commas(line: &[u8], mut each: impl FnMut(usize)) {
    const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;
    const COMMAS: u64 = 0x2C2C_2C2C_2C2C_2C2C;
    let mut chunks = line.chunks_exact(8);
    let mut base = 0;
    for chunk in &mut chunks {
        let Ok(bytes) = <[u8; 8]>::try_from(chunk) else {
            break;
        };
        // A zero byte of `x` is a comma; its top bit is set in `found`, exactly (no carry
        // crosses from one byte to the next).
        let x = u64::from_le_bytes(bytes) ^ COMMAS;
        let mut found = !(((x & LOW7) + LOW7) | x | LOW7);
        while found != 0 {
            each(base + (found.trailing_zeros() / 8) as usize);
            found &= found - 1;
        }
        base += 8;
    }
    for (i, &b) in chunks.remainder().iter().enumerate() {
        if b == b',' {
            each(base + i);
        }
    }
}

/// Reads `buf` from the start in `state` until a record ends (returning its terminator) or
/// the buffer does; returns the bytes consumed.
fn scan(
    buf: &[u8],
    state: &mut State,
    out: &mut Fields,
    cur: &mut Current,
    limits: RecordLimits,
    row_like_commas: Option<usize>,
) -> (usize, Option<u8>) {
    let mut i = 0;
    let mut end = None;
    while i < buf.len() && end.is_none() {
        let Some(&b) = buf.get(i) else { break };
        match *state {
            State::Start if b == b'"' => {
                *state = State::Quoted;
                i += 1;
            }
            State::Start => *state = State::Unquoted,
            State::Unquoted => {
                let rest = buf.get(i..).unwrap_or_default();
                let run = rest
                    .iter()
                    .position(|&c| matches!(c, b',' | b'\n' | b'\r' | b'"'))
                    .unwrap_or(rest.len());
                push(out, cur, rest.get(..run).unwrap_or_default(), limits);
                i += run;
                match buf.get(i) {
                    Some(b'"') => {
                        cur.stray.get_or_insert(false);
                        push(out, cur, b"\"", limits);
                        i += 1;
                    }
                    Some(b',') => {
                        finish_field(out, cur, row_like_commas);
                        *state = State::Start;
                        i += 1;
                    }
                    Some(&c @ (b'\n' | b'\r')) => {
                        finish_field(out, cur, row_like_commas);
                        end = Some(c);
                        i += 1;
                    }
                    _ => {}
                }
            }
            State::Quoted => {
                let rest = buf.get(i..).unwrap_or_default();
                let run = rest
                    .iter()
                    .position(|&c| matches!(c, b'"' | b'\n' | b'\r'))
                    .unwrap_or(rest.len());
                let text = rest.get(..run).unwrap_or_default();
                cur.commas += text.iter().filter(|&&c| c == b',').count();
                if run > 0 {
                    cur.prev_cr = false;
                    cur.after_break = false;
                }
                push(out, cur, text, limits);
                i += run;
                match buf.get(i) {
                    Some(b'"') => {
                        *state = State::QuoteInQuoted;
                        i += 1;
                    }
                    Some(&c @ (b'\n' | b'\r')) => {
                        if !(c == b'\n' && cur.prev_cr) {
                            line_break(cur);
                        }
                        cur.prev_cr = c == b'\r';
                        cur.after_break = true;
                        push(out, cur, &[c], limits);
                        if cur.lines == 1 {
                            cur.line_start = out.bytes.len();
                        }
                        i += 1;
                    }
                    _ => {}
                }
            }
            State::QuoteInQuoted if b == b'"' => {
                push(out, cur, b"\"", limits);
                cur.prev_cr = false;
                cur.after_break = false;
                *state = State::Quoted;
                i += 1;
            }
            State::QuoteInQuoted => match b {
                b',' | b'\n' | b'\r' => *state = State::Unquoted,
                _ => {
                    cur.stray = Some(true);
                    *state = State::Unquoted;
                }
            },
        }
    }
    (i, end)
}

/// Stores `bytes` in the current field, as far as the limits allow; counts them all.
fn push(out: &mut Fields, cur: &mut Current, bytes: &[u8], limits: RecordLimits) {
    let n = bytes.len() as u64;
    let in_field = usize::try_from(cur.len).unwrap_or(usize::MAX);
    let room = limits
        .cell
        .saturating_sub(in_field)
        .min(limits.row.saturating_sub(out.bytes.len()));
    out.bytes
        .extend_from_slice(bytes.get(..room.min(bytes.len())).unwrap_or_default());
    cur.len += n;
    out.len += n;
}

/// A line break inside quotes.
fn line_break(cur: &mut Current) {
    cur.lines += 1;
}

fn finish_field(out: &mut Fields, cur: &mut Current, row_like_commas: Option<usize>) {
    // A cell spanning lines that holds a row's worth of commas: rows merged by a quote
    // missing or misplaced. (When a wrong quote closes a cell opened rows earlier and the row
    // still has the header's number of cells, the cell swallowed exactly that many commas.)
    let row_like = cur.lines > 0 && row_like_commas.is_some_and(|n| cur.commas >= n);
    if row_like && out.merged.is_none() {
        let second = out.bytes.get(cur.line_start..).unwrap_or_default();
        let second = String::from_utf8_lossy(second);
        let second = second.trim_start_matches(['\r', '\n']);
        let second = second.split(['\r', '\n']).next().unwrap_or_default();
        out.merged = Some(Merged {
            field: out.fields.len(),
            lines: cur.lines + 1,
            commas: cur.commas,
            second: second.to_string(),
        });
    }
    out.fields.push(Field {
        start: cur.start,
        end: out.bytes.len(),
        len: cur.len,
        stray: cur.stray,
        lines: cur.lines,
    });
    *cur = Current {
        start: out.bytes.len(),
        line_start: out.bytes.len(),
        ..Current::default()
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    fn records(text: &[u8], width: Option<usize>) -> Vec<Result<(u64, Vec<String>), String>> {
        let mut parser = Parser::new(Box::new(std::io::Cursor::new(text.to_vec())));
        parser.width = width;
        let limits = RecordLimits {
            cell: 8,
            row: 20,
            abort: u64::MAX,
        };
        let mut out = Fields::default();
        let mut all = Vec::new();
        loop {
            match parser.read(&mut out, limits) {
                Ok(true) => all.push(Ok((
                    out.row,
                    out.iter()
                        .map(|f| String::from_utf8_lossy(f).into_owned())
                        .collect(),
                ))),
                Ok(false) => break,
                Err(e) => {
                    all.push(Err(format!("{e:?}")));
                    break;
                }
            }
        }
        all
    }

    #[test]
    fn line_ends_and_rows() {
        let got = records(b"a,b\r\n\"x\ny\",2\rc,\"\"\"\"\n\nd", None);
        let rows: Vec<_> = got.into_iter().map(Result::unwrap).collect();
        assert_eq!(
            rows,
            vec![
                (1, vec!["a".into(), "b".into()]),
                (2, vec!["x\ny".into(), "2".into()]),
                (3, vec!["c".into(), "\"".into()]),
                (4, vec!["".into()]),
                (5, vec!["d".into()]),
            ]
        );
    }

    #[test]
    fn unclosed_quote_is_a_failure() {
        let got = records(b"h,m,n\nE1,1,\"oops\nE2,2,x\n", None);
        assert!(
            matches!(got.last(), Some(Err(e)) if e.contains("UnclosedQuote { row: 2, field: 2, lines: 1 }"))
        );
    }

    #[test]
    fn commas_found_eight_bytes_at_a_time_as_one_by_one() {
        let line: Vec<u8> = (0..=255u8)
            .chain(b",,-,\x01,\xAC,\x2D,".iter().copied())
            .collect();
        for start in 0..line.len() {
            let part = line.get(start..).unwrap_or_default();
            let mut found = Vec::new();
            commas(part, |i| found.push(i));
            let expected: Vec<usize> = (part.iter().enumerate())
                .filter(|(_, &b)| b == b',')
                .map(|(i, _)| i)
                .collect();
            assert_eq!(found, expected);
        }
    }

    #[test]
    fn limits_store_a_prefix() {
        let got = records(b"0123456789abc,x\n", None);
        assert_eq!(got, vec![Ok((1, vec!["01234567".into(), "x".into()]))]);
    }
}
