//! Writes deterministic sample employees (the inputs of `benches/reference.toml`) as CSV.
//!
//! ```sh
//! cargo run --release --example generate -- 1000000 > /tmp/staff.csv
//! cargo run --release --example generate -- 1000 42 > /tmp/staff.csv   # another seed
//! hrrules eval benches/reference.toml --data /tmp/staff.csv --format json > /tmp/pay.json
//! ```

#[path = "../tests/support/sample.rs"]
mod sample;

use std::io::{BufWriter, Write};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().as_deref().unwrap_or("1000").parse()?;
    let seed: u64 = args.next().as_deref().unwrap_or("2023").parse()?;
    let stdout = std::io::stdout().lock();
    let mut out = BufWriter::with_capacity(1 << 16, stdout);
    match sample::write_csv(&mut out, n, seed) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => Ok(other.and_then(|()| out.flush())?),
    }
}
