//! A payslip as a printable HTML page: one self-contained file (inline CSS, no scripts, no
//! external fonts or images), A5 portrait when printed, every text escaped.

use super::{Languages, Slip, CURRENCY, EMPLOYEE, PERIOD};
use crate::policy::{Label, Lang};
use std::io::{self, Write};

const STYLE: &str = "\
@page { size: A5 portrait; margin: 10mm; }
* { box-sizing: border-box; }
body { margin: 0 auto; padding: 8mm; max-width: 148mm; color: #111; background: #fff;
  font: 10.5pt/1.45 \"Noto Sans CJK SC\", \"Source Han Sans SC\", \"PingFang SC\",
  \"Microsoft YaHei\", \"WenQuanYi Micro Hei\", sans-serif; }
@media print {
  body { padding: 0; max-width: none; font-size: 8.5pt; line-height: 1.3; }
  h1 { font-size: 13pt; margin: 1mm 0 2mm; }
  dl { margin-bottom: 2mm; }
  table { margin-bottom: 1.5mm; }
  th { padding: .5mm 2mm; }
  td { padding: .3mm 2mm; }
  table.net td { font-size: 10pt; }
}
.company { font-size: 9pt; color: #444; letter-spacing: .02em; }
h1 { font-size: 16pt; margin: 2mm 0 3mm; border-bottom: 2px solid #111; padding-bottom: 1mm; }
.en { color: #555; font-weight: normal; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .5mm 4mm; margin: 0 0 4mm; }
dt { color: #444; } dd { margin: 0; font-weight: 600; }
table { width: 100%; border-collapse: collapse; margin: 0 0 3mm; page-break-inside: avoid; }
th { text-align: left; font-size: 9.5pt; background: #eee; padding: 1mm 2mm; }
td { padding: .8mm 2mm; border-bottom: 1px solid #ddd; }
td.amount { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums;
  font-family: \"DejaVu Sans Mono\", Menlo, Consolas, monospace; }
table.net td { font-size: 12pt; font-weight: 700; border-top: 2px solid #111;
  border-bottom: 2px solid #111; }
table.info td { color: #333; }
";

/// Writes one payslip as a whole HTML page.
pub fn write_html(out: &mut dyn Write, slip: &Slip<'_>, langs: Languages) -> io::Result<()> {
    let layout = slip.layout;
    let lang = if langs == Languages::En {
        "en"
    } else {
        "zh-CN"
    };
    writeln!(out, "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>")?;
    writeln!(out, "<meta charset=\"utf-8\">")?;
    writeln!(
        out,
        "<title>{} {} {}</title>",
        esc(&langs.label(&layout.title)),
        esc(slip.employee),
        slip.period
    )?;
    writeln!(out, "<style>\n{STYLE}</style>\n</head>\n<body>")?;
    writeln!(out, "<div class=\"company\">{}</div>", esc(slip.company))?;
    writeln!(out, "<h1>{}</h1>", label(&layout.title, langs))?;
    writeln!(out, "<dl>")?;
    let fixed = |(zh, en): (&str, &str)| Label {
        zh: zh.into(),
        en: en.into(),
    };
    for (head, text) in [
        (EMPLOYEE, slip.who()),
        (PERIOD, slip.period.to_string()),
        (CURRENCY, slip.currency.to_string()),
    ] {
        writeln!(
            out,
            "<dt>{}</dt><dd>{}</dd>",
            label(&fixed(head), langs),
            esc(&text)
        )?;
    }
    writeln!(out, "</dl>")?;
    let mut net_written = false;
    for (head, lines) in slip.sections() {
        let info =
            std::ptr::eq(lines, &layout.employer[..]) || std::ptr::eq(lines, &layout.ytd[..]);
        if info && !net_written {
            net(out, slip, langs)?;
            net_written = true;
        }
        let class = if info { " class=\"info\"" } else { "" };
        writeln!(out, "<table{class}>")?;
        writeln!(
            out,
            "<thead><tr><th colspan=\"2\">{}</th></tr></thead>\n<tbody>",
            label(&fixed(head), langs)
        )?;
        for line in lines {
            writeln!(
                out,
                "<tr><td>{}</td><td class=\"amount\">{}</td></tr>",
                label(&line.label, langs),
                esc(&slip.figure(line))
            )?;
        }
        writeln!(out, "</tbody>\n</table>")?;
    }
    if !net_written {
        net(out, slip, langs)?;
    }
    writeln!(out, "</body>\n</html>")
}

/// The net line, in a table of its own.
fn net(out: &mut dyn Write, slip: &Slip<'_>, langs: Languages) -> io::Result<()> {
    let line = &slip.layout.net;
    writeln!(
        out,
        "<table class=\"net\"><tbody><tr><td>{}</td><td class=\"amount\">{}</td></tr></tbody></table>",
        label(&line.label, langs),
        esc(&slip.figure(line))
    )
}

/// A label: Chinese, then English in a lighter span, as `langs` asks.
fn label(l: &Label, langs: Languages) -> String {
    let parts: Vec<String> = langs
        .langs()
        .iter()
        .map(|lang| match lang {
            Lang::Zh => esc(&l.zh),
            Lang::En if langs == Languages::Both => {
                format!("<span class=\"en\">{}</span>", esc(&l.en))
            }
            Lang::En => esc(&l.en),
        })
        .collect();
    parts.join(" ")
}

/// Text escaped for HTML content and attribute values.
fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() && c != '\n' && c != '\t' => {
                out.push_str("&#xFFFD;");
            }
            c => out.push(c),
        }
    }
    out
}
