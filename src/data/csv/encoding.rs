//! Which text encoding a CSV file is in: named by the caller, or found from its first bytes.
//!
//! The rule (docs/rules.md, section 17.4): a byte-order mark decides; else a file whose
//! first [`SNIFF_BYTES`] are UTF-8 is UTF-8; else, if they are GB18030 (which includes GBK,
//! the default of Chinese Excel) and not mostly UTF-8, it is GB18030; else it is UTF-8 with
//! broken bytes. A forced encoding wins, but a byte-order mark of
//! another encoding, or text that is plainly UTF-8 when another encoding is forced, is an
//! error, never garbled text.

use std::fmt;

/// How many bytes from the start of a CSV file are looked at to tell UTF-8 from GB18030.
pub(crate) const SNIFF_BYTES: usize = 64 * 1024;

/// A text encoding a CSV file can be read in.
///
/// ```
/// use hrrules::data::Encoding;
/// assert_eq!(Encoding::Gbk.to_string(), "GBK");
/// assert_eq!(Encoding::from_label("utf-16le"), Some(Encoding::Utf16Le));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Encoding {
    /// UTF-8, with or without a byte-order mark (`EF BB BF`). Read as it is, never copied
    /// to be transcoded.
    Utf8,
    /// GBK, as Chinese Excel and many HR systems save "CSV". Decoded as GB18030, which
    /// includes it (so a GB18030-only character in a "GBK" file is read too).
    Gbk,
    /// GB18030, the national standard that includes GBK.
    Gb18030,
    /// UTF-16, little-endian (Excel's "Unicode text"); byte-order mark `FF FE`.
    Utf16Le,
    /// UTF-16, big-endian; byte-order mark `FE FF`.
    Utf16Be,
}

impl Encoding {
    /// Every encoding, in the order the docs list them.
    pub const ALL: [Encoding; 5] = [
        Encoding::Utf8,
        Encoding::Gbk,
        Encoding::Gb18030,
        Encoding::Utf16Le,
        Encoding::Utf16Be,
    ];

    /// The encoding a label names, in any case: `utf-8` (or `utf8`), `gbk`, `gb18030`,
    /// `utf-16le`, `utf-16be` (or without the dash); `None` for anything else.
    pub fn from_label(label: &str) -> Option<Encoding> {
        let label = label.trim().to_ascii_lowercase().replace('-', "");
        Encoding::ALL
            .into_iter()
            .find(|e| e.label().replace('-', "") == label)
    }

    /// The label `--encoding` takes: `utf-8`, `gbk`, `gb18030`, `utf-16le`, `utf-16be`.
    pub fn label(self) -> &'static str {
        match self {
            Encoding::Utf8 => "utf-8",
            Encoding::Gbk => "gbk",
            Encoding::Gb18030 => "gb18030",
            Encoding::Utf16Le => "utf-16le",
            Encoding::Utf16Be => "utf-16be",
        }
    }

    /// The byte-order mark at the start of `bytes`, if any, and its length.
    pub(crate) fn from_bom(bytes: &[u8]) -> Option<(Encoding, usize)> {
        if bytes.starts_with(b"\xEF\xBB\xBF") {
            Some((Encoding::Utf8, 3))
        } else if bytes.starts_with(b"\xFF\xFE") {
            Some((Encoding::Utf16Le, 2))
        } else if bytes.starts_with(b"\xFE\xFF") {
            Some((Encoding::Utf16Be, 2))
        } else {
            None
        }
    }

    /// The decoder's table; `None` for UTF-8, which is read as it is.
    pub(crate) fn decoder(self) -> Option<&'static encoding_rs::Encoding> {
        match self {
            Encoding::Utf8 => None,
            Encoding::Gbk | Encoding::Gb18030 => Some(encoding_rs::GB18030),
            Encoding::Utf16Le => Some(encoding_rs::UTF_16LE),
            Encoding::Utf16Be => Some(encoding_rs::UTF_16BE),
        }
    }
}

/// `UTF-8`, `GBK`, `GB18030`, `UTF-16LE`, `UTF-16BE`.
impl fmt::Display for Encoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.label().to_ascii_uppercase())
    }
}

/// How a file is to be read: its encoding, and how many bytes of byte-order mark to skip.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Detected {
    pub(crate) encoding: Encoding,
    pub(crate) bom: usize,
}

/// What in a file's first bytes contradicts the encoding it was to be read in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Contradiction {
    /// A byte-order mark of this other encoding.
    Bom(Encoding),
    /// Text that is plainly UTF-8: valid, with characters beyond ASCII and no NUL byte. (Read
    /// as GBK it would be garbled without an error: UTF-8's bytes are mostly valid GBK.)
    Utf8,
}

/// The encoding of a file that starts with `prefix` (its first [`SNIFF_BYTES`], or all of
/// it when shorter), `forced` or found by the rule above; or what contradicts `forced`.
pub(crate) fn detect(prefix: &[u8], forced: Option<Encoding>) -> Result<Detected, Contradiction> {
    let bom = Encoding::from_bom(prefix);
    let detected = |encoding, bom| Ok(Detected { encoding, bom });
    match (forced, bom) {
        (Some(forced), Some((found, len))) if found == forced => detected(forced, len),
        (Some(_), Some((found, _))) => Err(Contradiction::Bom(found)),
        (Some(Encoding::Utf8), None) => detected(Encoding::Utf8, 0),
        (Some(_), None) if plainly_utf8(prefix) => Err(Contradiction::Utf8),
        (Some(forced), None) => detected(forced, 0),
        (None, Some((found, len))) => detected(found, len),
        (None, None) if utf8_start(prefix) || !gb18030_start(prefix) => detected(Encoding::Utf8, 0),
        (None, None) => detected(Encoding::Gb18030, 0),
    }
}

/// Whether `prefix` (not UTF-8) is GB18030 text rather than UTF-8 with some broken bytes: it
/// is valid GB18030 (but for a character cut at its end), and fewer of its characters beyond
/// ASCII are valid UTF-8 than there are runs of bytes that are not. (About one GBK character
/// in ten is also a valid UTF-8 character; a UTF-8 export with a broken byte is mostly valid
/// UTF-8.) When in doubt the file is UTF-8: its broken cells are then errors of their own,
/// never text garbled into other characters.
fn gb18030_start(prefix: &[u8]) -> bool {
    let (mut valid, mut broken) = (0usize, 0usize);
    for chunk in prefix.utf8_chunks() {
        valid += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        broken += usize::from(!chunk.invalid().is_empty());
    }
    if valid >= broken {
        return false;
    }
    let mut decoder = encoding_rs::GB18030.new_decoder_without_bom_handling();
    let mut scratch = [0u8; 16 * 1024];
    let mut rest = prefix;
    loop {
        let (result, read, _) =
            decoder.decode_to_utf8_without_replacement(rest, &mut scratch, false);
        rest = rest.get(read..).unwrap_or_default();
        match result {
            encoding_rs::DecoderResult::InputEmpty => return true,
            encoding_rs::DecoderResult::OutputFull => {}
            encoding_rs::DecoderResult::Malformed(..) => return false,
        }
    }
}

/// Whether `prefix` is UTF-8, but for a character cut at its end.
fn utf8_start(prefix: &[u8]) -> bool {
    match std::str::from_utf8(prefix) {
        Ok(_) => true,
        Err(e) => e.error_len().is_none(),
    }
}

/// Whether `prefix` is plainly UTF-8: valid, no NUL (which UTF-16 text has), and at least
/// three characters of three bytes or more (Chinese is). GBK text is valid UTF-8 only by
/// chance, and then mostly as two-byte characters (`郑` is `D6 A3`, U+05A3 in UTF-8).
fn plainly_utf8(prefix: &[u8]) -> bool {
    let wide = |chunk: std::str::Utf8Chunk<'_>| {
        chunk
            .valid()
            .chars()
            .filter(|c| u32::from(*c) >= 0x800)
            .count()
    };
    !prefix.contains(&0) && utf8_start(prefix) && prefix.utf8_chunks().map(wide).sum::<usize>() >= 3
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rule() {
        let found = |bytes: &[u8], forced| detect(bytes, forced);
        let utf8 = "工号,姓名\n".as_bytes();
        assert_eq!(found(utf8, None).unwrap().encoding, Encoding::Utf8);
        // cut inside 名: still UTF-8
        let cut = utf8.get(..utf8.len() - 3).unwrap();
        assert_eq!(found(cut, None).unwrap().encoding, Encoding::Utf8);
        // 王芳 in GBK
        assert_eq!(
            found(b"a,\xcd\xf5\xb7\xbc\n", None).unwrap().encoding,
            Encoding::Gb18030
        );
        // UTF-8 with broken bytes (华, then a cut 东): UTF-8, its broken cells errors
        assert_eq!(
            found(b"a,\xe5\x8d\x8e,\xe4\xb8\n", None).unwrap().encoding,
            Encoding::Utf8
        );
        // GBK with a byte that is not GBK: UTF-8, its cells errors, never garbled
        assert_eq!(
            found(b"a,\xcd\xf5\xb7\xbc,\xff\n", None).unwrap().encoding,
            Encoding::Utf8
        );
        let bom = found(b"\xFF\xFEa\0", None).unwrap();
        assert_eq!((bom.encoding, bom.bom), (Encoding::Utf16Le, 2));
        assert_eq!(
            found(b"\xEF\xBB\xBFa", Some(Encoding::Gbk)),
            Err(Contradiction::Bom(Encoding::Utf8))
        );
        assert_eq!(found(utf8, Some(Encoding::Gbk)), Err(Contradiction::Utf8));
        // 郑 in GBK is valid UTF-8 (U+05A3): not plainly UTF-8, read as named
        assert_eq!(
            found(b"a,\xd6\xa3\n", Some(Encoding::Gbk))
                .unwrap()
                .encoding,
            Encoding::Gbk
        );
        // ASCII so far: it may be GBK further on
        assert_eq!(
            found(b"employee_id,name\n", Some(Encoding::Gbk))
                .unwrap()
                .encoding,
            Encoding::Gbk
        );
        assert_eq!(
            found(b"a\0", Some(Encoding::Utf16Le)).unwrap(),
            Detected {
                encoding: Encoding::Utf16Le,
                bom: 0
            }
        );
    }

    #[test]
    fn labels() {
        for e in Encoding::ALL {
            assert_eq!(Encoding::from_label(e.label()), Some(e));
            assert_eq!(Encoding::from_label(&e.to_string()), Some(e));
        }
        assert_eq!(Encoding::from_label("UTF8"), Some(Encoding::Utf8));
        assert_eq!(Encoding::from_label("latin1"), None);
    }
}
