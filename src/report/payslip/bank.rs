//! The bank transfer file: `employee_id,name,account,net_pay`, one row per employee paid.

use crate::report::csv::{csv_line, neutralize};
use std::io::{self, Write};

/// The bank transfer file of a run, written row by row as employees are paid.
///
/// Text cells (id, name, account) are neutralized as every CSV output of hrrules is, so a
/// spreadsheet shows `=1+1` as text; the net figure is written as stored.
#[derive(Debug)]
pub struct BankFile<W: Write> {
    out: W,
}

impl<W: Write> BankFile<W> {
    /// Starts the file: writes the header `employee_id,name,account,net_pay`.
    pub fn new(mut out: W) -> io::Result<BankFile<W>> {
        csv_line(&mut out, ["employee_id", "name", "account", "net_pay"])?;
        Ok(BankFile { out })
    }

    /// One transfer: the employee, their name (empty when the data has none), their
    /// account, and the net figure as stored.
    pub fn push(
        &mut self,
        employee: &str,
        name: Option<&str>,
        account: &str,
        net: &crate::value::Value,
    ) -> io::Result<()> {
        let net = net.to_string();
        let fields = [
            neutralize(employee),
            neutralize(name.unwrap_or("")),
            neutralize(account),
        ];
        csv_line(
            &mut self.out,
            fields.iter().map(|f| &**f).chain([net.as_str()]),
        )
    }

    /// Flushes and returns the writer.
    pub fn finish(mut self) -> io::Result<W> {
        self.out.flush()?;
        Ok(self.out)
    }
}
