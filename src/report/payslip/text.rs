//! A payslip as plain text, aligned for a fixed-width font (Chinese characters count two
//! columns).

use super::{Languages, Slip, CURRENCY, EMPLOYEE, PERIOD};
use crate::error::display_width as width;
use crate::text::escape_controls;
use std::io::{self, Write};

/// Writes one payslip as text: the company, the title, the employee and period, then each
/// section with its lines, the net line, employer contributions and year-to-date figures.
///
/// ```text
/// Hengkang Orthopaedics
/// 工资条 Payslip
/// 员工 Employee: E004 张伟
/// 工资所属期 Pay period: 2023-09
///
/// 应发项目 Earnings
///   基本工资 Base salary      15000.00
/// ```
pub fn write_text(out: &mut dyn Write, slip: &Slip<'_>, langs: Languages) -> io::Result<()> {
    let layout = slip.layout;
    let sections = slip.sections();
    let mut rows: Vec<(String, String)> = Vec::new();
    for (_, lines) in &sections {
        for line in lines.iter() {
            let label = escape_controls(&langs.label(&line.label)).into_owned();
            rows.push((format!("  {label}"), slip.figure(line).into()));
        }
    }
    let net_label = escape_controls(&langs.label(&layout.net.label)).into_owned();
    let net = slip.figure(&layout.net);
    let label_w = (rows.iter().map(|(l, _)| width(l)))
        .chain([width(&net_label)])
        .max()
        .unwrap_or(0);
    let value_w = (rows.iter().map(|(_, v)| width(v)))
        .chain([width(&net)])
        .max()
        .unwrap_or(0);
    let line_w = label_w + 4 + value_w;
    let row = |out: &mut dyn Write, label: &str, value: &str| {
        let gap = line_w - width(label) - width(value);
        writeln!(out, "{label}{}{value}", " ".repeat(gap))
    };

    writeln!(out, "{}", escape_controls(slip.company))?;
    writeln!(out, "{}", escape_controls(&langs.label(&layout.title)))?;
    let who = escape_controls(&slip.who()).into_owned();
    // A Chinese heading takes the full-width colon.
    let colon = if langs == Languages::Zh { "：" } else { ": " };
    writeln!(out, "{}{colon}{who}", langs.heading(EMPLOYEE.0, EMPLOYEE.1))?;
    writeln!(
        out,
        "{}{colon}{}",
        langs.heading(PERIOD.0, PERIOD.1),
        slip.period
    )?;
    writeln!(
        out,
        "{}{colon}{}",
        langs.heading(CURRENCY.0, CURRENCY.1),
        escape_controls(slip.currency)
    )?;
    let mut rows = rows.into_iter();
    // The net line comes after earnings and deductions, before what is for information.
    let mut net_written = false;
    for ((zh, en), lines) in &sections {
        let for_information =
            std::ptr::eq(*lines, &layout.employer[..]) || std::ptr::eq(*lines, &layout.ytd[..]);
        if for_information && !net_written {
            write_net(out, &row, line_w, &net_label, &net)?;
            net_written = true;
        }
        writeln!(out)?;
        writeln!(out, "{}", langs.heading(zh, en))?;
        for (label, value) in rows.by_ref().take(lines.len()) {
            row(out, &label, &value)?;
        }
    }
    if !net_written {
        write_net(out, &row, line_w, &net_label, &net)?;
    }
    Ok(())
}

fn write_net(
    out: &mut dyn Write,
    row: &dyn Fn(&mut dyn Write, &str, &str) -> io::Result<()>,
    line_w: usize,
    label: &str,
    net: &str,
) -> io::Result<()> {
    writeln!(out)?;
    writeln!(out, "{}", "=".repeat(line_w))?;
    row(out, label, net)?;
    writeln!(out, "{}", "=".repeat(line_w))
}
