//! calamine's reading of an `.xls` compound file, replayed step by step, so that the guards
//! in `xls_grid` see the very bytes calamine will take for the workbook stream.
//!
//! calamine 0.38 reads the compound file its own way (`cfb.rs`): it keeps the file after its
//! header as one buffer filled as far as the furthest sector asked for (a sector cut short
//! by the end of the file comes back short the first time and padded with zeros after), it
//! takes the first directory entry named `Workbook` (else `Book`) whatever storage it is in,
//! and a stream under 4,096 bytes from the mini stream. Another reader (the `cfb` crate)
//! resolves names through the directory tree and checks the chains, so on a hostile file it
//! can hand over other bytes than calamine parses: a guard reading those would guard the
//! wrong thing (the fuzz target `excel` found such a file). So the replay here follows
//! calamine's own steps, and refuses what calamine would follow without bound or what the
//! replay does not model:
//! - a chain of sectors that leads back to a sector already on it (calamine follows the
//!   directory's chain without a bound, appending the same sectors until memory runs out);
//! - a DIFAT that lists more table sectors than the file holds (each costs a sector of
//!   memory, so a small file could ask for gigabytes);
//! - a mini sector past the end of the mini stream (calamine then reads on from wherever the
//!   file's reader stands, which no well-formed file needs).

use encoding_rs::UTF_16LE;

/// Every compound file starts with this.
const SIGNATURE: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";
/// Sector numbers from here on are markers (end of chain, free, ...), not sectors.
const RESERVED_SECTORS: u32 = 0xFFFF_FFFA;
/// A DIFAT entry at or past this is no FAT sector.
const DIFSECT: u32 = 0xFFFF_FFFC;
/// The end of a chain.
const ENDOFCHAIN: u32 = 0xFFFF_FFFE;
/// A stream shorter than this lives in the mini stream.
const MINI_CUTOFF: usize = 4096;
/// The size of a mini sector.
const MINI_SECTOR: usize = 64;

/// Where the replay stops short of the workbook stream.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Stop {
    /// calamine returns an error here: nothing laid out.
    Error,
    /// calamine panics here (caught by `workbook::Guard`): nothing laid out.
    Panic,
    /// The file is refused before calamine reads it, for this reason.
    Refuse(String),
}

type Step<T> = Result<T, Stop>;

/// The bytes calamine takes as the workbook stream: the `Workbook` stream, or the `Book`
/// stream when reading that one fails with an error.
pub(super) fn workbook_stream(bytes: &[u8]) -> Step<Vec<u8>> {
    let mut file = Compound::open(bytes)?;
    match file.stream("Workbook") {
        Err(Stop::Error) => file.stream("Book"),
        other => other,
    }
}

/// The sectors after the header, as calamine's `Sectors` holds them.
struct Sectors<'a> {
    /// The file after its header.
    file: &'a [u8],
    size: usize,
    maxid: u32,
    /// How far calamine's buffer reaches: the file's bytes, then zeros.
    filled: usize,
}

impl Sectors<'_> {
    /// What `Sectors::get` returns for sector `id`.
    fn get(&mut self, id: u32) -> Step<Vec<u8>> {
        if self.maxid < id {
            return Err(Stop::Error);
        }
        let start = id as usize * self.size;
        let end = start + self.size;
        let stop = if end <= self.filled || end <= self.file.len() {
            end
        } else {
            // The read stops at the end of the file; the buffer is padded to `end`.
            self.filled.max(self.file.len())
        };
        self.filled = self.filled.max(end);
        if start > stop {
            return Err(Stop::Panic);
        }
        Ok((start..stop)
            .map(|i| self.file.get(i).copied().unwrap_or(0))
            .collect())
    }

    /// What `Sectors::get_chain` returns: the chain from `start`, at most `len` bytes.
    fn chain(&mut self, start: u32, table: &[u32], len: usize) -> Step<Vec<u8>> {
        let sectors = self.maxid as usize + 1;
        follow(start, table, len, sectors, "sector", |id| self.get(id))
    }
}

/// `get_chain` over sectors that `get` reads: from `start`, the next of each from `table`,
/// until the end of the chain or `len` bytes. A chain that comes back to a sector already on
/// it is refused; `get` fails for any sector number from `sectors` on.
fn follow(
    start: u32,
    table: &[u32],
    len: usize,
    sectors: usize,
    kind: &str,
    mut get: impl FnMut(u32) -> Step<Vec<u8>>,
) -> Step<Vec<u8>> {
    let mut chain = Vec::new();
    let mut on_chain = vec![false; sectors];
    let mut id = start;
    while id != ENDOFCHAIN {
        let sector = get(id)?;
        if std::mem::replace(&mut on_chain[id as usize], true) {
            return Err(Stop::Refuse(format!(
                "its {kind} {id} leads back to itself through its allocation table"
            )));
        }
        let take = sector.len().min(len - chain.len());
        chain.extend_from_slice(&sector[..take]);
        if chain.len() >= len {
            break;
        }
        id = *table.get(id as usize).ok_or(Stop::Panic)?;
    }
    Ok(chain)
}

/// The mini stream's sectors: calamine reads past its end from the file's reader, which the
/// replay refuses.
struct MiniSectors {
    data: Vec<u8>,
    maxid: u32,
}

impl MiniSectors {
    fn chain(&self, start: u32, table: &[u32], len: usize) -> Step<Vec<u8>> {
        let sectors = self.data.len() / MINI_SECTOR;
        follow(start, table, len, sectors, "mini sector", |id| {
            if self.maxid < id {
                return Err(Stop::Error);
            }
            let at = id as usize * MINI_SECTOR;
            match self.data.get(at..at + MINI_SECTOR) {
                Some(sector) => Ok(sector.to_vec()),
                None => Err(Stop::Refuse(format!(
                    "its mini sector {id} lies past the end of its mini stream"
                ))),
            }
        })
    }
}

/// A directory entry: its name, first sector and length.
struct Entry {
    name: String,
    start: u32,
    len: usize,
}

/// The compound file as calamine's `Cfb::new` leaves it.
struct Compound<'a> {
    sectors: Sectors<'a>,
    fats: Vec<u32>,
    entries: Vec<Entry>,
    mini: MiniSectors,
    mini_fats: Vec<u32>,
}

fn u16_at(b: &[u8], at: usize) -> u16 {
    u16::from_le_bytes([b[at], b[at + 1]])
}

fn u32_at(b: &[u8], at: usize) -> u32 {
    u32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]])
}

/// calamine's `to_u32`, which asserts whole words.
fn words(b: &[u8]) -> Step<impl Iterator<Item = u32> + '_> {
    if b.len() % 4 != 0 {
        return Err(Stop::Panic);
    }
    Ok(b.chunks_exact(4).map(|w| u32_at(w, 0)))
}

impl<'a> Compound<'a> {
    /// `Cfb::new`: the header, the DIFAT and FAT, the directory, the mini stream.
    fn open(bytes: &'a [u8]) -> Step<Self> {
        if bytes.len() < 512 || !bytes.starts_with(SIGNATURE) {
            return Err(Stop::Error);
        }
        let size = match u16_at(bytes, 30) {
            0x09 => 512,
            0x0C if bytes.len() >= 4096 => 4096,
            _ => return Err(Stop::Error),
        };
        if u16_at(bytes, 32) != 0x06 {
            return Err(Stop::Error);
        }
        let maxid = bytes.len() / size;
        let mut sectors = Sectors {
            file: &bytes[size..],
            size,
            maxid: u32::try_from(maxid).map_err(|_| Stop::Error)?,
            filled: 0,
        };
        let fats = allocation_table(&mut sectors, bytes)?;
        let entries: Vec<Entry> = sectors
            .chain(u32_at(bytes, 48), &fats, usize::MAX)?
            .chunks_exact(128)
            .map(|c| entry(c, size))
            .collect();
        let version = u16_at(bytes, 26);
        if entries.is_empty() || (version != 3 && entries[0].start == ENDOFCHAIN) {
            return Err(Stop::Error);
        }
        let mini_fat_len = u32_at(bytes, 64) as usize;
        let (mini_fats, ministream) = if mini_fat_len > 0 {
            let ministream = sectors.chain(entries[0].start, &fats, entries[0].len)?;
            let table = sectors.chain(u32_at(bytes, 60), &fats, mini_fat_len * size)?;
            let table: Vec<u32> = words(&table)?.collect();
            (table, ministream)
        } else {
            (Vec::new(), Vec::new())
        };
        Ok(Compound {
            mini: MiniSectors {
                data: ministream,
                maxid: u32::try_from(maxid * 8).unwrap_or(u32::MAX),
            },
            sectors,
            fats,
            entries,
            mini_fats,
        })
    }

    /// `Cfb::get_stream`: the first entry of that name, in any storage, any case.
    fn stream(&mut self, name: &str) -> Step<Vec<u8>> {
        let entry = (self.entries.iter())
            .find(|e| e.name.eq_ignore_ascii_case(name))
            .ok_or(Stop::Error)?;
        if entry.len < MINI_CUTOFF {
            self.mini.chain(entry.start, &self.mini_fats, entry.len)
        } else {
            self.sectors.chain(entry.start, &self.fats, entry.len)
        }
    }
}

/// The FAT, read as calamine reads it: the DIFAT from the header and its chain of sectors,
/// then every sector it lists.
fn allocation_table(sectors: &mut Sectors<'_>, header: &[u8]) -> Step<Vec<u32>> {
    let maxid = sectors.maxid as usize;
    let mut difat: Vec<u32> = words(&header[76..512])?.collect();
    let mut next = u32_at(header, 68);
    let mut followed = 0usize;
    while next < RESERVED_SECTORS {
        followed += 1;
        if followed > maxid + 1 {
            return Err(Stop::Error);
        }
        difat.extend(words(&sectors.get(next)?)?);
        next = difat.pop().ok_or(Stop::Error)?;
    }
    let listed = difat.iter().filter(|id| **id < DIFSECT).count();
    if listed > maxid + 1 {
        return Err(Stop::Refuse(format!(
            "its DIFAT lists {listed} allocation table sectors, more than the {} sectors the file holds",
            maxid + 1
        )));
    }
    let mut fats = Vec::new();
    for id in difat.into_iter().filter(|id| *id < DIFSECT) {
        fats.extend(words(&sectors.get(id)?)?);
    }
    Ok(fats)
}

/// `Directory::from_slice`: the name up to its first NUL, the start and the length.
fn entry(c: &[u8], size: usize) -> Entry {
    let mut name = UTF_16LE.decode(&c[..64]).0.into_owned();
    if let Some(l) = name.bytes().position(|b| b == 0) {
        name.truncate(l);
    }
    let len = if size == 512 {
        u32_at(c, 120) as usize
    } else {
        usize::try_from(u64::from(u32_at(c, 120)) | (u64::from(u32_at(c, 124)) << 32))
            .unwrap_or(usize::MAX)
    };
    Entry {
        name,
        start: u32_at(c, 116),
        len,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FREE: u32 = 0xFFFF_FFFF;

    /// A compound file of 512-byte sectors: sector 0 the FAT, sector 1 the directory, the
    /// workbook stream from sector 2 (`workbook.len()` bytes, at least 4,096 bytes).
    fn file(workbook: &[u8], fat: &[u32]) -> Vec<u8> {
        let mut b = vec![0u8; 512];
        b[..8].copy_from_slice(SIGNATURE);
        b[26] = 3;
        b[30] = 9;
        b[32] = 6;
        b[44] = 1;
        b[48..52].copy_from_slice(&1u32.to_le_bytes());
        b[60..64].copy_from_slice(&ENDOFCHAIN.to_le_bytes());
        b[68..72].copy_from_slice(&ENDOFCHAIN.to_le_bytes());
        for (i, w) in b[76..512].chunks_exact_mut(4).enumerate() {
            w.copy_from_slice(&(if i == 0 { 0 } else { FREE }).to_le_bytes());
        }
        let mut table = vec![0u8; 512];
        for (i, w) in table.chunks_exact_mut(4).enumerate() {
            w.copy_from_slice(&fat.get(i).copied().unwrap_or(FREE).to_le_bytes());
        }
        b.extend(table);
        let mut dir = vec![0u8; 512];
        for (i, unit) in "Root Entry".encode_utf16().enumerate() {
            dir[i * 2..i * 2 + 2].copy_from_slice(&unit.to_le_bytes());
        }
        dir[116..120].copy_from_slice(&ENDOFCHAIN.to_le_bytes());
        for (i, unit) in "Workbook".encode_utf16().enumerate() {
            dir[128 + i * 2..128 + i * 2 + 2].copy_from_slice(&unit.to_le_bytes());
        }
        dir[128 + 116..128 + 120].copy_from_slice(&2u32.to_le_bytes());
        dir[128 + 120..128 + 124].copy_from_slice(&(workbook.len() as u32).to_le_bytes());
        b.extend(dir);
        b.extend(workbook);
        b.resize(b.len().div_ceil(512) * 512, 0);
        b
    }

    /// The FAT for the file above: sector 1 alone, then 2, 3, ... as one chain.
    fn fat(sectors: u32) -> Vec<u32> {
        let mut fat = vec![0xFFFF_FFFD, ENDOFCHAIN];
        fat.extend((3..sectors + 2).chain([ENDOFCHAIN]));
        fat
    }

    #[test]
    fn the_workbook_stream_is_read_as_calamine_reads_it() {
        let workbook: Vec<u8> = (0..4096u32).map(|i| (i % 251) as u8).collect();
        let bytes = file(&workbook, &fat(8));
        assert_eq!(workbook_stream(&bytes), Ok(workbook));
    }

    #[test]
    fn a_chain_back_to_itself_is_refused() {
        let workbook = vec![7u8; 4096];
        let mut table = fat(8);
        table[5] = 3; // sector 5 leads back to sector 3
        let e = workbook_stream(&file(&workbook, &table)).unwrap_err();
        assert_eq!(
            e,
            Stop::Refuse("its sector 3 leads back to itself through its allocation table".into())
        );
    }

    #[test]
    fn a_sector_past_the_file_is_calamines_error() {
        let workbook = vec![7u8; 4096];
        let mut table = fat(8);
        table[4] = 100; // the file has 11 sectors
        assert_eq!(workbook_stream(&file(&workbook, &table)), Err(Stop::Error));
    }

    #[test]
    fn a_missing_workbook_stream_is_calamines_error() {
        let mut bytes = file(&[0; 4096], &fat(8));
        bytes[1024 + 128] = b'X'; // "Xorkbook"
        assert_eq!(workbook_stream(&bytes), Err(Stop::Error));
        assert_eq!(workbook_stream(&bytes[..100]), Err(Stop::Error));
    }

    #[test]
    fn a_file_cut_short_reads_zeros_where_calamine_does() {
        let workbook = vec![9u8; 4096];
        let bytes = file(&workbook, &fat(8));
        // Cut inside the last sector: calamine's first read of it comes back short.
        let cut = &bytes[..bytes.len() - 100];
        let stream = workbook_stream(cut).unwrap();
        assert_eq!(stream.len(), 4096 - 100);
        assert!(stream.iter().all(|b| *b == 9));
    }

    /// A small workbook stream lives in the mini stream: sector 2 the mini FAT, sector 3
    /// the mini stream (`root_len` bytes of it), the workbook from mini sector 0.
    fn small_file(workbook: &[u8], root_len: u32) -> Vec<u8> {
        let mut b = file(
            &[0; 4096],
            &[0xFFFF_FFFD, ENDOFCHAIN, ENDOFCHAIN, ENDOFCHAIN],
        );
        b.truncate(512 * 3);
        b[60..64].copy_from_slice(&2u32.to_le_bytes());
        b[64..68].copy_from_slice(&1u32.to_le_bytes());
        b[1024 + 116..1024 + 124].copy_from_slice(&[
            3,
            0,
            0,
            0,
            root_len as u8,
            (root_len >> 8) as u8,
            0,
            0,
        ]);
        b[1024 + 128 + 116..1024 + 128 + 124].copy_from_slice(&[
            0,
            0,
            0,
            0,
            workbook.len() as u8,
            0,
            0,
            0,
        ]);
        let chain = [1u32, 2, 3, ENDOFCHAIN];
        let mut minifat = vec![0u8; 512];
        for (i, w) in minifat.chunks_exact_mut(4).enumerate() {
            w.copy_from_slice(&chain.get(i).copied().unwrap_or(FREE).to_le_bytes());
        }
        b.extend(minifat);
        let mut ministream = workbook.to_vec();
        ministream.resize(512, 0);
        b.extend(ministream);
        b
    }

    #[test]
    fn a_small_workbook_stream_comes_from_the_mini_stream() {
        let workbook: Vec<u8> = (0..200u8).collect();
        assert_eq!(
            workbook_stream(&small_file(&workbook, 512)),
            Ok(workbook.clone())
        );
        // A mini stream of two mini sectors: the workbook's third lies past it.
        assert_eq!(
            workbook_stream(&small_file(&workbook, 128)),
            Err(Stop::Refuse(
                "its mini sector 2 lies past the end of its mini stream".into()
            ))
        );
    }
}
