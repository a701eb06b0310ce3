//! Writes the wide policy and its data (`wide_policy` and `write_wide_csv` of
//! `tests/support/sample.rs`) for memory measurements of policies with thousands of figures.
//!
//! ```sh
//! cargo run --release --example wide -- policy 2000 > /tmp/wide.toml   # 2,000 values
//! cargo run --release --example wide -- data 30000 > /tmp/wide.csv     # 30,000 employees
//! hrrules eval /tmp/wide.toml --data /tmp/wide.csv --format json > /dev/null
//! ```
//!
//! A third argument sets the number of inputs (default 20), the same for both; a fourth the
//! seed of the data (default 2023).

#[path = "../tests/support/sample.rs"]
mod sample;

use std::io::{BufWriter, Write};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let what = args.next().unwrap_or_default();
    let n: usize = args.next().as_deref().unwrap_or("2000").parse()?;
    let inputs: usize = args.next().as_deref().unwrap_or("20").parse()?;
    let seed: u64 = args.next().as_deref().unwrap_or("2023").parse()?;
    let mut out = BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    let written = match what.as_str() {
        "policy" => out.write_all(sample::wide_policy(n, inputs).as_bytes()),
        "data" => sample::write_wide_csv(&mut out, n, inputs, seed),
        _ => return Err("usage: wide policy|data COUNT [INPUTS] [SEED]".into()),
    };
    match written.and_then(|()| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => Ok(other?),
    }
}
