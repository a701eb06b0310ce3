//! A CSV file in GBK, GB18030 or UTF-16, decoded to UTF-8 as it streams: the CSV parser reads
//! the same bytes it reads from a UTF-8 file, a block at a time, so memory stays bounded and
//! row numbers are those of the file (line ends are decoded like any character).
//!
//! Bytes that are not valid in the encoding become one byte `0xFF` each run: never valid
//! UTF-8, so the cell holding them fails to decode as UTF-8 and is reported at its file, row
//! and column ([`DataError::Undecodable`](crate::data::DataError::Undecodable)), shown
//! with `�` for them: never mojibake, never a silent replacement. (An invalid GB18030 lead
//! byte does not swallow the comma or line end after it: the decoder gives back an ASCII
//! byte that follows a bad lead byte.)

use encoding_rs::{Decoder, DecoderResult};
use std::io::{self, BufRead, Read};

/// Decoded bytes kept at once.
const BLOCK: usize = 64 * 1024;

/// What stands for a run of bytes that are not valid in the encoding.
const BAD: u8 = 0xFF;

/// A reader of UTF-8 decoded from `input`.
pub(crate) struct Decoded {
    input: Box<dyn BufRead + Send>,
    decoder: Decoder,
    out: Vec<u8>,
    pos: usize,
    done: bool,
}

impl Decoded {
    /// Decodes `input` (after any byte-order mark) with `encoding`.
    pub(crate) fn new(
        input: Box<dyn BufRead + Send>,
        encoding: &'static encoding_rs::Encoding,
    ) -> Decoded {
        Decoded {
            input,
            decoder: encoding.new_decoder_without_bom_handling(),
            out: Vec::with_capacity(BLOCK),
            pos: 0,
            done: false,
        }
    }

    /// Decodes the next block of input into `out` (which is empty only at the end).
    fn refill(&mut self) -> io::Result<()> {
        self.out.clear();
        self.pos = 0;
        while self.out.is_empty() && !self.done {
            let src = loop {
                match self.input.fill_buf() {
                    Ok(buf) => break buf,
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                    Err(e) => return Err(e),
                }
            };
            let last = src.is_empty();
            // Room for the decoded block, and one byte more for a bad run's mark.
            self.out.resize(BLOCK, 0);
            let mut read = 0;
            let mut written = 0;
            while let (Some(from), Some(to)) =
                (src.get(read..), self.out.get_mut(written..BLOCK - 1))
            {
                let (result, r, w) = self
                    .decoder
                    .decode_to_utf8_without_replacement(from, to, last);
                read += r;
                written += w;
                match result {
                    DecoderResult::InputEmpty | DecoderResult::OutputFull => break,
                    DecoderResult::Malformed(..) => {
                        if let Some(b) = self.out.get_mut(written) {
                            *b = BAD;
                            written += 1;
                        }
                    }
                }
            }
            self.input.consume(read);
            self.out.truncate(written);
            self.done = last;
        }
        Ok(())
    }
}

impl Read for Decoded {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let available = self.fill_buf()?;
        let n = available.len().min(buf.len());
        if let (Some(to), Some(from)) = (buf.get_mut(..n), available.get(..n)) {
            to.copy_from_slice(from);
        }
        self.consume(n);
        Ok(n)
    }
}

impl BufRead for Decoded {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if self.pos >= self.out.len() {
            self.refill()?;
        }
        Ok(self.out.get(self.pos..).unwrap_or_default())
    }

    fn consume(&mut self, n: usize) {
        self.pos = (self.pos + n).min(self.out.len());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(bytes: &[u8], encoding: &'static encoding_rs::Encoding, chunk: usize) -> Vec<u8> {
        /// Hands out at most `chunk` bytes per read, to cut characters between blocks.
        struct Trickle(Vec<u8>, usize, usize);
        impl Read for Trickle {
            fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
                let rest = self.0.get(self.1..).unwrap_or_default();
                let n = rest.len().min(buf.len()).min(self.2);
                buf[..n].copy_from_slice(&rest[..n]);
                self.1 += n;
                Ok(n)
            }
        }
        let input = io::BufReader::with_capacity(chunk, Trickle(bytes.to_vec(), 0, chunk));
        let mut out = Vec::new();
        Decoded::new(Box::new(input), encoding)
            .read_to_end(&mut out)
            .unwrap();
        out
    }

    #[test]
    fn gbk_across_blocks_and_bad_bytes() {
        // E031,王芳 / a bad lead byte before a comma / a lone lead byte at the end
        let gbk = b"E031,\xcd\xf5\xb7\xbc\nE032,\x81,x\nE033,\xcd";
        for chunk in 1..8 {
            let out = decode(gbk, encoding_rs::GB18030, chunk);
            assert_eq!(
                out,
                b"E031,\xe7\x8e\x8b\xe8\x8a\xb3\nE032,\xff,x\nE033,\xff"
            );
        }
    }

    #[test]
    fn utf16_odd_byte_and_lone_surrogate() {
        let le = b"a\0,\0\x00\xd8b\0\n\0c";
        assert_eq!(decode(le, encoding_rs::UTF_16LE, 3), b"a,\xffb\n\xff");
    }

    #[test]
    fn long_input_in_blocks() {
        // 工号,姓名 in GBK
        let gbk = b"\xb9\xa4\xba\xc5,\xd0\xd5\xc3\xfb\n".repeat(20_000);
        let text = "工号,姓名\n".repeat(20_000);
        assert_eq!(decode(&gbk, encoding_rs::GB18030, 8192), text.as_bytes());
    }
}
