//! Loading rule files: every fixture in tests/fixtures/policy is loaded and either its
//! model summarised (good files) or its diagnostics rendered (`err_*` files).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use hrrules::error::{FileId, Sources, Span};
use hrrules::policy::{
    load_path, load_str, Docs, Literal, Loaded, ParamValue, PolicyError, Rounding, TierMode,
};
use hrrules::syntax::{Expr, ExprKind};
use hrrules::Limits;

/// The path relative to the package root, so snapshots do not depend on the checkout.
fn relative(path: &Path) -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

struct Summary<'a> {
    sources: &'a Sources,
    out: String,
}

impl Summary<'_> {
    /// `line:col`, with the file name for places outside the root file.
    fn at(&self, span: Span) -> String {
        let loc = self.sources.locate(span);
        if span.file == FileId(0) {
            return format!("{}:{}", loc.line, loc.col);
        }
        let file = Path::new(&loc.file).file_name().unwrap_or_default();
        format!("{}:{}:{}", file.to_string_lossy(), loc.line, loc.col)
    }

    /// A formula as its source text and place: stable whatever shape the parser gives.
    fn expr(&self, e: &Expr) -> String {
        let text = self
            .sources
            .get(e.span.file)
            .and_then(|f| f.text().get(e.span.start as usize..e.span.end as usize))
            .unwrap_or("?");
        format!("`{text}` @ {}", self.at(e.span))
    }

    fn line(&mut self, indent: usize, text: impl AsRef<str>) {
        let _ = writeln!(self.out, "{}{}", "  ".repeat(indent), text.as_ref());
    }

    fn docs(&mut self, indent: usize, docs: &Docs) {
        if let Some(d) = &docs.doc {
            self.line(indent, format!("doc: {d}"));
        }
        if let Some(r) = &docs.reference {
            self.line(indent, format!("reference: {r}"));
        }
    }
}

fn literal(l: &Literal) -> String {
    match l {
        Literal::Number(d) => format!("number {}", d.normalize()),
        Literal::Percent(d) => format!("percent {}", d.normalize()),
        Literal::Bool(b) => format!("bool {b}"),
        Literal::Date(d) => format!("date {d}"),
        Literal::Text(t) => format!("text {t:?}"),
    }
}

fn rounding(r: &Rounding) -> String {
    format!("{} places {}", r.places, r.mode.name())
}

fn summarize(loaded: &Loaded) -> String {
    let def = &loaded.def;
    let mut s = Summary {
        sources: &loaded.sources,
        out: String::new(),
    };
    let files: Vec<String> = loaded
        .sources
        .files()
        .map(|(_, f)| f.name().to_string())
        .collect();
    s.line(0, format!("files: {}", files.join(", ")));
    let m = &def.meta;
    s.line(0, format!("policy `{}` @ {}", m.name, s.at(m.span)));
    s.line(
        1,
        format!(
            "department={:?} version={:?} effective={} currency={} rounding={}",
            m.department,
            m.version,
            m.effective.map(|d| d.to_string()).unwrap_or("-".into()),
            m.currency,
            rounding(&m.rounding)
        ),
    );
    if let Some(doc) = &m.doc {
        s.line(1, format!("doc: {doc}"));
    }
    for i in &def.inputs {
        let mut line = format!(
            "input {} @ {}: {} @ {}",
            i.name.name,
            s.at(i.name.span),
            i.ty.name(),
            s.at(i.ty_span)
        );
        if let Some((d, span)) = i.min {
            let _ = write!(line, ", min {} @ {}", d.normalize(), s.at(span));
        }
        if let Some((d, span)) = i.max {
            let _ = write!(line, ", max {} @ {}", d.normalize(), s.at(span));
        }
        if let Some((l, span)) = &i.default {
            let _ = write!(line, ", default {} @ {}", literal(l), s.at(*span));
        }
        s.line(0, line);
        if let Some(d) = &i.doc {
            s.line(1, format!("doc: {d}"));
        }
    }
    for p in &def.params {
        let ty =
            p.ty.map(|(t, _)| format!(" ({})", t.name()))
                .unwrap_or_default();
        match &p.value {
            ParamValue::Constant(e) => {
                let e = s.expr(e);
                s.line(
                    0,
                    format!("param {} @ {}{ty} = {e}", p.name.name, s.at(p.name.span)),
                );
            }
            ParamValue::Dated(list) => {
                s.line(
                    0,
                    format!("param {} @ {}{ty}, dated:", p.name.name, s.at(p.name.span)),
                );
                for d in list {
                    let e = s.expr(&d.value);
                    let r = d
                        .reference
                        .as_deref()
                        .map(|r| format!(" [{r}]"))
                        .unwrap_or_default();
                    s.line(
                        1,
                        format!("from {} @ {} = {e}{r}", d.from, s.at(d.from_span)),
                    );
                }
            }
        }
        s.docs(1, &p.docs);
    }
    for c in &def.scorecards {
        s.line(
            0,
            format!("scorecard {} @ {}", c.name.name, s.at(c.name.span)),
        );
        s.docs(1, &c.docs);
        for m in &c.metrics {
            let mut line = format!(
                "metric {} @ {}: weight {} @ {}, score {}",
                m.name.name,
                s.at(m.name.span),
                m.weight.0.normalize(),
                s.at(m.weight.1),
                s.expr(&m.score)
            );
            for (what, e) in [("cap", &m.cap), ("floor", &m.floor), ("gate", &m.gate)] {
                if let Some(e) = e {
                    let _ = write!(line, ", {what} {}", s.expr(e));
                }
            }
            s.line(1, line);
        }
        for r in &c.ratings {
            s.line(
                1,
                format!(
                    "rating {} from {} @ {}",
                    r.grade,
                    r.min.normalize(),
                    s.at(r.span)
                ),
            );
        }
    }
    for t in &def.tiers {
        let mode = match t.mode {
            TierMode::Marginal => "marginal",
            TierMode::Flat => "flat",
        };
        let on = s.expr(&t.on);
        s.line(
            0,
            format!(
                "tier {} @ {}: {mode} on {on}",
                t.name.name,
                s.at(t.name.span)
            ),
        );
        if let Some(cap) = &t.cap {
            s.line(1, format!("cap {}", s.expr(cap)));
        }
        if let Some((ty, _)) = t.ty {
            s.line(1, format!("type {}", ty.name()));
        }
        if let Some((r, _)) = &t.rounding {
            s.line(1, format!("rounding {}", rounding(r)));
        }
        for b in &t.brackets {
            let start = if b.inclusive { "from" } else { "above" };
            let rate = b.rate.map(|r| format!(" rate {}", r.normalize()));
            let amount = b.amount.map(|a| format!(" amount {}", a.normalize()));
            let (rate, amount) = (rate.unwrap_or_default(), amount.unwrap_or_default());
            let start_at = b.start.normalize();
            s.line(
                1,
                format!("{start} {start_at}{rate}{amount} @ {}", s.at(b.span)),
            );
        }
        s.docs(1, &t.docs);
    }
    for c in &def.curves {
        let on = s.expr(&c.on);
        let ty =
            c.ty.map(|(t, _)| format!(" ({})", t.name()))
                .unwrap_or_default();
        s.line(
            0,
            format!("curve {} @ {}{ty} on {on}", c.name.name, s.at(c.name.span)),
        );
        for p in &c.points {
            s.line(
                1,
                format!(
                    "({}, {}) @ {}",
                    p.x.normalize(),
                    p.y.normalize(),
                    s.at(p.span)
                ),
            );
        }
        s.docs(1, &c.docs);
    }
    for v in &def.values {
        let e = s.expr(&v.expr);
        let ty =
            v.ty.map(|(t, _)| format!(" ({})", t.name()))
                .unwrap_or_default();
        s.line(
            0,
            format!("value {} @ {}{ty} = {e}", v.name.name, s.at(v.name.span)),
        );
        if let Some((r, span)) = &v.rounding {
            s.line(1, format!("rounding {} @ {}", rounding(r), s.at(*span)));
        }
        s.docs(1, &v.docs);
    }
    match &def.outputs {
        None => s.line(0, "outputs: default"),
        Some(list) => {
            let names: Vec<String> = list
                .iter()
                .map(|n| format!("{} @ {}", n.name, s.at(n.span)))
                .collect();
            s.line(0, format!("outputs: {}", names.join(", ")));
        }
    }
    for t in &def.tests {
        let period = t
            .period
            .as_ref()
            .map(|(p, span)| format!(", period {p} @ {}", s.at(*span)))
            .unwrap_or_default();
        s.line(0, format!("test {:?} @ {}{period}", t.name, s.at(t.span)));
        for (n, v) in &t.inputs {
            s.line(1, format!("input {} = {v:?} @ {}", n.name, s.at(n.span)));
        }
        for (n, v) in &t.expect {
            s.line(1, format!("expect {} = {v:?} @ {}", n.name, s.at(n.span)));
        }
    }
    s.out
}

fn render(loaded: &Loaded) -> String {
    let mut out = String::new();
    for d in loaded.diagnostics() {
        out.push_str(&d.render(&loaded.sources));
        out.push('\n');
    }
    if !loaded.broken.is_empty() {
        let names: Vec<&str> = loaded.broken.iter().map(|n| n.name.as_str()).collect();
        let _ = writeln!(out, "left out: {}", names.join(", "));
    }
    out
}

#[test]
fn fixtures() {
    insta::glob!("../fixtures/policy", "*.toml", |path| {
        let loaded = load_path(&relative(path), &Limits::default());
        let name = path.file_name().unwrap().to_string_lossy();
        let out = if name.starts_with("err_") {
            assert!(!loaded.errors.is_empty(), "{name} should have errors");
            render(&loaded)
        } else {
            let mut out = summarize(&loaded);
            if !loaded.errors.is_empty() {
                out.push_str("\nUNEXPECTED ERRORS:\n");
                out.push_str(&render(&loaded));
            }
            out
        };
        insta::assert_snapshot!(out);
    });
}

fn temp_file(name: &str, bytes: &[u8]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("hrrules-policy-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

#[test]
fn not_utf8_is_located() {
    // "name" in GBK: a file saved by a spreadsheet tool in the Chinese default encoding
    let mut bytes = b"[policy]\nname = \"".to_vec();
    bytes.extend([0xcf, 0xfa, 0xca, 0xdb]);
    bytes.extend(b"\"\n");
    let path = temp_file("gbk.toml", &bytes);
    let loaded = load_path(&path, &Limits::default());
    assert_eq!(loaded.errors.len(), 1);
    assert!(matches!(
        loaded.errors[0],
        PolicyError::NotUtf8 { offset: 17, .. }
    ));
    let text = loaded.diagnostics()[0].render(&loaded.sources);
    assert!(
        text.contains("is not UTF-8 text: invalid byte at offset 17"),
        "{text}"
    );
    assert!(text.contains("gbk.toml:2:9:"), "{text}");
}

#[test]
fn file_size_limit() {
    let limits = Limits {
        max_file_bytes: 64,
        ..Limits::default()
    };
    let path = Path::new("tests/fixtures/policy/good_sales.toml");
    let loaded = load_path(path, &limits);
    assert_eq!(loaded.errors.len(), 1);
    assert!(matches!(
        loaded.errors[0],
        PolicyError::TooLarge { limit: 64, .. }
    ));
    assert!(loaded.sources.get(FileId(0)).is_none());

    let text = std::fs::read_to_string(path).unwrap();
    let loaded = load_str("sales.toml", &text, None, &limits);
    assert!(matches!(loaded.errors[..], [PolicyError::TooLarge { .. }]));
    let loaded = load_str("sales.toml", &text, None, &Limits::default());
    assert!(loaded.is_ok(), "{}", render(&loaded));
}

#[test]
fn missing_file() {
    let loaded = load_path(
        Path::new("tests/fixtures/policy/nope.toml"),
        &Limits::default(),
    );
    let text = render(&loaded);
    assert!(
        text.starts_with("error: cannot read `tests/fixtures/policy/nope.toml`"),
        "{text}"
    );
}

#[test]
fn include_depth_limit() {
    let limits = Limits {
        max_include_depth: 1,
        ..Limits::default()
    };
    let loaded = load_path(
        Path::new("tests/fixtures/policy/good_production.toml"),
        &limits,
    );
    insta::assert_snapshot!(render(&loaded));
}

#[test]
fn names_limit() {
    let limits = Limits {
        max_names: 5,
        ..Limits::default()
    };
    let loaded = load_path(Path::new("tests/fixtures/policy/good_sales.toml"), &limits);
    insta::assert_snapshot!(render(&loaded));
}

#[test]
fn include_needs_a_directory() {
    let text = "[policy]\nname = \"x\"\ninclude = [\"inc/payroll_cn.toml\"]\n";
    let loaded = load_str("x.toml", text, None, &Limits::default());
    assert!(matches!(
        loaded.errors[..],
        [PolicyError::IncludeWithoutBase { .. }]
    ));
    let dir = Path::new("tests/fixtures/policy");
    let loaded = load_str("x.toml", text, Some(dir), &Limits::default());
    assert!(loaded.is_ok(), "{}", render(&loaded));
    assert!(!loaded.def.params.is_empty());
}

/// A name's span inside a formula is its exact file:line:col, whatever the string form;
/// with escapes (`e`), every place in the formula is the string's start.
#[test]
fn formula_places_are_exact() {
    let text = concat!(
        "[policy]\nname = \"生产部\"\n",
        "[values]\n",
        "a = \"base_salary + 夜班津贴 * 2\"\n",
        "b = 'base_salary + 夜班津贴 * 2'\n",
        "c = \"\"\"\n    base_salary\n    + 夜班津贴 * 2\"\"\"\n",
        "d = { expr = '''base_salary + 夜班津贴''' }\n",
        "e = \"base_salary + \\\"x\\\" + 夜班津贴\"\n",
    );
    let loaded = load_str("prod.toml", text, None, &Limits::default());
    assert!(loaded.is_ok(), "{}", render(&loaded));
    let mut found = Vec::new();
    for v in &loaded.def.values {
        // the place the checker would report `unknown name 夜班津贴` at
        let mut at = None;
        v.expr.walk(|e| {
            if e.kind == ExprKind::Name("夜班津贴".into()) {
                at = Some(e.span);
            }
        });
        let span = at.expect("the name is in every formula");
        found.push(format!("{}: {}", v.name.name, loaded.sources.locate(span)));
    }
    assert_eq!(
        found,
        [
            "a: prod.toml:4:20",
            "b: prod.toml:5:20",
            "c: prod.toml:8:7",
            "d: prod.toml:9:31",
            "e: prod.toml:10:5",
        ]
    );
}

/// The real rule files of the project load without a problem.
#[test]
fn project_rules_load() {
    for entry in std::fs::read_dir("rules").unwrap() {
        let path = entry.unwrap().path();
        // The payroll pack is a building block (no [policy], no [[tests]] of its own):
        // tests/suite/payroll_cn.rs loads it through the policies that include it.
        if path.ends_with("payroll_cn.toml") {
            continue;
        }
        if path.extension().is_some_and(|e| e == "toml") {
            let loaded = load_path(&path, &Limits::default());
            assert!(loaded.is_ok(), "{}", render(&loaded));
            assert!(!loaded.def.tests.is_empty());
        }
    }
}
