//! The expression parser: fixture formulas, their trees or errors, and hostile inputs.

use hrrules::error::{FileId, Sources, Span};
use hrrules::syntax::{parse_expr, Expr, ExprKind, SyntaxError, UnaryOp};
use hrrules::Limits;
use std::time::{Duration, Instant};

/// Where fixture formulas are placed in their pretend rule file: after `score = `, so
/// that spans are checked to be absolute.
const PREFIX: &str = "score = ";

/// The tree as an s-expression: `(+ (* base_salary (% 0.20)) 500)`.
fn sexpr(e: &Expr) -> String {
    match &e.kind {
        ExprKind::Number(d) => d.to_string(),
        ExprKind::Percent(d) => format!("(% {d})"),
        ExprKind::Bool(b) => b.to_string(),
        ExprKind::Text(s) => format!("{s:?}"),
        ExprKind::Date(d) => format!("(date {d})"),
        ExprKind::Name(n) => n.clone(),
        ExprKind::Unary(UnaryOp::Neg, x) => format!("(neg {})", sexpr(x)),
        ExprKind::Unary(UnaryOp::Not, x) => format!("(not {})", sexpr(x)),
        ExprKind::Binary(op, a, b) => format!("({} {} {})", op.symbol(), sexpr(a), sexpr(b)),
        ExprKind::If {
            branches,
            otherwise,
        } => {
            let mut out = String::from("(if");
            for (c, r) in branches {
                out.push_str(&format!(" ({} {})", sexpr(c), sexpr(r)));
            }
            out.push_str(&format!(" (else {}))", sexpr(otherwise)));
            out
        }
        ExprKind::Call { name, args, by, .. } => {
            let mut out = format!("(call {name}");
            for a in args {
                out.push(' ');
                out.push_str(&sexpr(a));
            }
            if let Some(b) = by {
                out.push_str(&format!(" (by {})", sexpr(b)));
            }
            out.push(')');
            out
        }
        ExprKind::Labelled { label, value, .. } => format!("(= {label:?} {})", sexpr(value)),
    }
}

/// Checks that every span lies in the formula's place in the file, inside its parent's,
/// and that names and function names are exactly what their spans cover (a
/// parenthesised expression's span includes its parentheses).
fn check_spans(root: &Expr, file: &str) {
    let text = |s: Span| &file[s.start as usize..s.end as usize];
    let within = |inner: Span, outer: Span| inner.start >= outer.start && inner.end <= outer.end;
    let whole = Span::new(FileId(0), PREFIX.len(), file.len());
    root.walk(|e| {
        assert!(within(e.span, whole), "{:?} outside the formula", e.span);
        assert!(!text(e.span).trim().is_empty(), "empty span {:?}", e.span);
        let children: Vec<&Expr> = match &e.kind {
            ExprKind::Unary(_, x) => vec![x],
            ExprKind::Binary(_, a, b) => vec![a, b],
            ExprKind::If {
                branches,
                otherwise,
            } => branches
                .iter()
                .flat_map(|(c, r)| [c, r])
                .chain([&**otherwise])
                .collect(),
            ExprKind::Call {
                name,
                name_span,
                args,
                by,
            } => {
                assert_eq!(text(*name_span), name);
                args.iter().chain(by.as_deref()).collect()
            }
            ExprKind::Labelled {
                label_span, value, ..
            } => {
                assert!(within(*label_span, e.span));
                vec![&**value]
            }
            ExprKind::Name(n) => {
                // a parenthesised expression's span includes its parentheses
                let bare =
                    text(e.span).trim_matches(|c: char| c == '(' || c == ')' || c.is_whitespace());
                assert_eq!(bare, n);
                vec![]
            }
            _ => vec![],
        };
        for c in children {
            assert!(
                within(c.span, e.span),
                "{:?} not inside {:?}",
                c.span,
                e.span
            );
        }
    });
}

#[test]
fn fixtures() {
    insta::glob!("../fixtures/syntax", "*.txt", |path| {
        let raw = std::fs::read_to_string(path).unwrap();
        let formula = raw.strip_suffix('\n').unwrap_or(&raw);
        let mut sources = Sources::new();
        let file_text = format!("{PREFIX}{formula}");
        let file = sources.add("rules.toml", file_text.clone());
        let name = path.file_name().unwrap().to_string_lossy();
        let result = parse_expr(formula, file, PREFIX.len(), &Limits::default());
        let out = match (name.starts_with("err_"), result) {
            (false, Ok(expr)) => {
                check_spans(&expr, &file_text);
                format!("{formula}\n---\n{}\n", sexpr(&expr))
            }
            (true, Err(err)) => {
                let diag = err.diagnostic();
                assert_eq!(diag.span, Some(err.span()));
                format!("{err:?}\n---\n{}", diag.render(&sources))
            }
            (false, Err(err)) => panic!(
                "{name} should parse:\n{}",
                err.diagnostic().render(&sources)
            ),
            (true, Ok(expr)) => panic!("{name} should fail, but gave {}", sexpr(&expr)),
        };
        insta::assert_snapshot!(out);
    });
}

// --- hostile inputs: each must fail fast, in the default 2 MB test thread -----------------

/// Limits as loaded, but with room for formulas long enough to nest very deeply, so that
/// the depth defences (not the length limit) are what stops them.
fn roomy() -> Limits {
    Limits {
        max_formula_len: 4 * 1024 * 1024,
        ..Limits::default()
    }
}

/// Parses `text` at the start of file 0. No clock here: how much work a hostile formula
/// costs is bounded by counting (see `long_operator_chains`: the error's position shows how
/// far the parser read), never by timing, which fails on a slow or busy machine.
fn parse(text: &str, limits: &Limits) -> Result<Expr, SyntaxError> {
    parse_expr(text, FileId(0), 0, limits)
}

fn assert_too_deep(text: &str) {
    match parse(text, &roomy()) {
        Err(SyntaxError::TooDeep { limit: 64, .. }) => {}
        other => panic!("expected TooDeep, got {other:?}"),
    }
}

#[test]
fn ten_thousand_parentheses() {
    assert_too_deep(&"(".repeat(10_000));
    assert_too_deep(&format!("{}a{}", "(".repeat(10_000), ")".repeat(10_000)));
}

#[test]
fn five_thousand_minus_signs() {
    assert_too_deep(&format!("{}a", "-".repeat(5_000)));
    assert_too_deep(&format!("{}a", "- ".repeat(5_000)));
}

#[test]
fn five_thousand_nots() {
    assert_too_deep(&format!("{}a", "not ".repeat(5_000)));
}

/// Where a too-deep formula was refused: the end of the error's span.
fn refused_at(text: &str, limits: &Limits) -> usize {
    match parse(text, limits) {
        Err(SyntaxError::TooDeep { limit: 64, span }) => span.end as usize,
        other => panic!("expected TooDeep, got {other:?}"),
    }
}

#[test]
fn long_operator_chains() {
    // fits in the default length limit, but would be a tree 2,000 levels deep
    let chain = format!("a{}", "+a".repeat(1_999));
    assert!(chain.len() <= Limits::default().max_formula_len);
    // refused at the 64th operator (the 65th level), without reading the rest
    assert_eq!(refused_at(&chain, &Limits::default()), 2 * 64);
    // 600 KB chains: refused after their first few hundred bytes, not parsed whole
    let and_chain = format!("a{}", " and a".repeat(100_000));
    assert_eq!(refused_at(&and_chain, &roomy()), 1 + 6 * 63 + 4);
    let mul_chain = format!("1{}", " * 1".repeat(100_000));
    assert_eq!(refused_at(&mul_chain, &roomy()), 1 + 4 * 63 + 2);
    // a chain of 63 terms is 63 levels deep: allowed
    assert!(parse(&format!("a{}", " + a".repeat(62)), &Limits::default()).is_ok());
}

#[test]
fn five_hundred_nested_ifs() {
    let ifs = format!("{}1{}", "if c then ".repeat(500), " else 2".repeat(500));
    assert_too_deep(&ifs);
    let chain = format!("{}1{}", "if c then 1 else ".repeat(500), "");
    assert_too_deep(&chain);
}

#[test]
fn nested_calls_and_mixed_nesting() {
    assert_too_deep(&format!(
        "{}1{}",
        "max(1, ".repeat(10_000),
        ")".repeat(10_000)
    ));
    assert_too_deep(&format!("{}a", "-(not (".repeat(3_000)));
    // prefix operators waiting outside each of many parentheses add up
    assert_too_deep(&format!(
        "{}a",
        format!("{}(", "not ".repeat(60)).repeat(60)
    ));
    assert_too_deep(&format!("{}a", "-(".repeat(2_000)));
}

#[test]
fn deepest_allowed_nesting_parses_in_a_small_stack() {
    // 64 levels of nesting, in a 2 MB thread (the test default), and failures at the
    // innermost point of as many levels, so that every alternative is tried.
    let ok = format!(
        "{}{}1{}{}",
        "(".repeat(32),
        "if c then ".repeat(32),
        " else 2".repeat(32),
        ")".repeat(32)
    );
    let handle = std::thread::Builder::new()
        .stack_size(2 * 1024 * 1024)
        .spawn(move || {
            let limits = Limits::default();
            assert!(parse_expr(&ok, FileId(0), 0, &limits).is_ok());
            for bad in [
                format!("{}1 +", "(".repeat(64)),
                format!("{}1 +", "f(".repeat(64)),
                format!("{}1", "if c then ".repeat(64)),
                format!("{}a +", "- ".repeat(64)),
                format!("{}x", "not (".repeat(32)),
                format!("{}x", "-(if c then ".repeat(21)),
            ] {
                let result = parse_expr(&bad, FileId(0), 0, &limits);
                assert!(result.is_err(), "{bad}");
            }
        })
        .unwrap();
    handle.join().unwrap();
}

#[test]
fn a_megabyte_string() {
    let text = format!("\"{}\"", "销".repeat(350_000));
    assert!(text.len() > 1_000_000);
    match parse(&text, &Limits::default()) {
        Err(SyntaxError::TooLong {
            len, limit: 4096, ..
        }) => assert_eq!(len, text.len()),
        other => panic!("expected TooLong, got {other:?}"),
    }
    // where a caller allows it, it is just a long text
    match parse(&text, &roomy()).map(|e| e.kind) {
        Ok(ExprKind::Text(s)) => assert_eq!(s.chars().count(), 350_000),
        other => panic!("expected a text, got {other:?}"),
    }
    // and unclosed, it is reported at its opening quote
    let unclosed = &text[..text.len() - 1];
    assert_eq!(
        parse(unclosed, &roomy()).unwrap_err().span(),
        Span::new(FileId(0), 0, 1)
    );
}

#[test]
fn spans_are_absolute() {
    let e = parse_expr("a + min(b, 2)", FileId(3), 100, &Limits::default()).unwrap();
    assert_eq!(e.span, Span::new(FileId(3), 100, 113));
    let ExprKind::Binary(_, a, call) = &e.kind else {
        panic!("{e:?}")
    };
    assert_eq!(a.span, Span::new(FileId(3), 100, 101));
    assert_eq!(call.span, Span::new(FileId(3), 104, 113));
    let ExprKind::Call { name_span, .. } = &call.kind else {
        panic!("{call:?}")
    };
    assert_eq!(*name_span, Span::new(FileId(3), 104, 107));
    let err = parse_expr("a +", FileId(3), 100, &Limits::default()).unwrap_err();
    assert_eq!(err.span(), Span::new(FileId(3), 103, 103));
}

#[test]
fn limits_are_the_callers() {
    let tight = Limits {
        max_depth: 3,
        max_formula_len: 10,
        ..Limits::default()
    };
    assert!(parse_expr("a + b + c", FileId(0), 0, &tight).is_ok());
    assert!(matches!(
        parse_expr("a + b + c + d", FileId(0), 0, &tight),
        Err(SyntaxError::TooLong {
            len: 13,
            limit: 10,
            ..
        })
    ));
    assert!(matches!(
        parse_expr("a+b+c+d", FileId(0), 0, &tight),
        Err(SyntaxError::TooDeep { limit: 3, .. })
    ));
    assert!(matches!(
        parse_expr("((((a))))", FileId(0), 0, &tight),
        Err(SyntaxError::TooDeep { limit: 3, .. })
    ));
}

/// A small deterministic generator, so that the random formulas are the same every run.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) as usize) % n
    }
}

#[test]
fn random_formulas_never_panic_or_hang() {
    const TOKENS: &[&str] = &[
        "(",
        ")",
        "(",
        ")",
        ",",
        "-",
        "+",
        "*",
        "/",
        "==",
        "!=",
        "<",
        "<=",
        ">",
        ">=",
        "=",
        "!",
        "not ",
        " and ",
        " or ",
        "if ",
        " then ",
        " elif ",
        " else ",
        "true",
        "false",
        "a",
        "kpi.sales",
        "min(",
        "销售额",
        "1",
        "20%",
        "1234.56",
        "2023-07-01",
        "2023-02-30",
        "\"t\\\"x\"",
        "'y'",
        "\"",
        "'",
        "\\",
        ".",
        "%",
        "1e3",
        "99999999999999999999999999999",
        " ",
        "\n",
        "（",
        "，",
        "“",
        "\u{3000}",
        "é",
        "\u{0301}",
        "🙂",
        "&&",
    ];
    let limits = Limits {
        max_depth: 16,
        ..Limits::default()
    };
    let mut rng = Lcg(20230701);
    let start = Instant::now();
    let (mut ok, mut failed) = (0, 0);
    for _ in 0..20_000 {
        let len = rng.below(40);
        let text: String = (0..len).map(|_| TOKENS[rng.below(TOKENS.len())]).collect();
        match parse_expr(&text, FileId(0), 5, &limits) {
            Ok(expr) => {
                assert!(expr.depth() <= 16);
                ok += 1;
            }
            Err(err) => {
                let span = err.span();
                assert!(
                    span.start >= 5 && span.end as usize <= 5 + text.len(),
                    "{text:?}"
                );
                assert!(!err.to_string().is_empty());
                failed += 1;
            }
        }
    }
    assert!(ok > 100 && failed > 100, "{ok} parsed, {failed} failed");
    // A ceiling only a hang would reach (it takes well under a second in a debug build):
    // not a speed test.
    assert!(start.elapsed() < Duration::from_secs(60));
}
