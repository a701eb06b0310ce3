//! `Expr`'s `Display` prints a formula as written: parsing what it prints gives the same tree
//! again (up to spans), with parentheses only where precedence needs them.

use super::config;
use hrrules::error::{FileId, Span};
use hrrules::syntax::{parse_expr, BinaryOp, Expr, ExprKind, UnaryOp};
use hrrules::Date;
use hrrules::Limits;
use proptest::prelude::*;
use rust_decimal::Decimal;

fn at(kind: ExprKind) -> Expr {
    Expr {
        kind,
        span: Span::default(),
    }
}

/// `e` with every span cleared, to compare trees by shape.
fn unspanned(e: &Expr) -> Expr {
    let b = |x: &Expr| Box::new(unspanned(x));
    at(match &e.kind {
        ExprKind::Unary(op, x) => ExprKind::Unary(*op, b(x)),
        ExprKind::Binary(op, l, r) => ExprKind::Binary(*op, b(l), b(r)),
        ExprKind::If {
            branches,
            otherwise,
        } => ExprKind::If {
            branches: branches
                .iter()
                .map(|(c, r)| (unspanned(c), unspanned(r)))
                .collect(),
            otherwise: b(otherwise),
        },
        ExprKind::Call { name, args, by, .. } => ExprKind::Call {
            name: name.clone(),
            name_span: Span::default(),
            args: args.iter().map(unspanned).collect(),
            by: by.as_deref().map(&b),
        },
        ExprKind::Labelled { label, value, .. } => ExprKind::Labelled {
            label: label.clone(),
            label_span: Span::default(),
            value: b(value),
        },
        other => other.clone(),
    })
}

const KEYWORDS: [&str; 9] = [
    "and", "or", "not", "if", "then", "elif", "else", "true", "false",
];

fn ident() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z_][a-z0-9_]{0,6}",
        Just("销售额".to_string()),
        Just("kpi".to_string()),
    ]
    .prop_filter("not a keyword", |s| !KEYWORDS.contains(&s.as_str()))
}

fn leaf() -> impl Strategy<Value = Expr> {
    prop_oneof![
        (0i64..10_000_000, 0u32..4).prop_map(|(m, s)| at(ExprKind::Number(Decimal::new(m, s)))),
        (0i64..10_000, 0u32..3).prop_map(|(m, s)| at(ExprKind::Percent(Decimal::new(m, s + 2)))),
        any::<bool>().prop_map(|b| at(ExprKind::Bool(b))),
        "[a-zA-Z 'D\"\\\\\n\t中]{0,6}".prop_map(|t| at(ExprKind::Text(t))),
        (2000i32..2100, 1u32..13, 1u32..29).prop_map(|(y, m, d)| {
            let date: Date = format!("{y:04}-{m:02}-{d:02}").parse().unwrap();
            at(ExprKind::Date(date))
        }),
        prop::collection::vec(ident(), 1..3).prop_map(|p| at(ExprKind::Name(p.join(".")))),
    ]
}

fn binary_op() -> impl Strategy<Value = BinaryOp> {
    prop::sample::select(vec![
        BinaryOp::Or,
        BinaryOp::And,
        BinaryOp::Eq,
        BinaryOp::Ne,
        BinaryOp::Lt,
        BinaryOp::Le,
        BinaryOp::Gt,
        BinaryOp::Ge,
        BinaryOp::Add,
        BinaryOp::Sub,
        BinaryOp::Mul,
        BinaryOp::Div,
    ])
}

/// Any tree the parser could build (types aside): every operator, `if`, calls, nesting.
fn expr() -> impl Strategy<Value = Expr> {
    leaf().prop_recursive(5, 40, 4, |inner| {
        prop_oneof![
            (prop::bool::ANY, inner.clone()).prop_map(|(not, x)| {
                let op = if not { UnaryOp::Not } else { UnaryOp::Neg };
                at(ExprKind::Unary(op, Box::new(x)))
            }),
            (binary_op(), inner.clone(), inner.clone())
                .prop_map(|(op, a, b)| at(ExprKind::Binary(op, Box::new(a), Box::new(b)))),
            (
                prop::collection::vec((inner.clone(), inner.clone()), 1..3),
                inner.clone()
            )
                .prop_map(|(branches, otherwise)| at(ExprKind::If {
                    branches,
                    otherwise: Box::new(otherwise),
                })),
            (ident(), prop::collection::vec(inner, 0..3)).prop_map(|(name, args)| {
                at(ExprKind::Call {
                    name,
                    name_span: Span::default(),
                    args,
                    by: None,
                })
            }),
        ]
    })
}

// A chained comparison (`a < b < c`) is an error the parser reports; a generated tree that
// has one as the left operand of a comparison must print it in parentheses, which this
// checks too.
proptest! {
    #![proptest_config(config())]

    #[test]
    fn display_parses_back_to_the_same_tree(e in expr()) {
        let text = e.to_string();
        let parsed = parse_expr(&text, FileId(0), 0, &Limits::default())
            .map_err(|err| TestCaseError::fail(format!("{text}: {err:?}")))?;
        prop_assert_eq!(unspanned(&parsed), unspanned(&e), "printed as {}", text);
    }
}

#[test]
fn display_uses_the_fewest_parentheses() {
    let cases = [
        "base_salary * bonus_rate * kpi / 100",
        "(a + b) * c",
        "a - (b - c)",
        "a - b - c",
        "-(a + b) * -c",
        "not a and b or not (c or d)",
        "(a < b) == c",
        "a == (not b)",
        "if kpi.grade != \"D\" then base_salary * 30% else 0",
        "(if a then 1 else 2) + 3",
        "min(if a then 1 else 2, round(x / 3, 2, \"half_even\"))",
        "2.5% * 1234.50 + 0%",
        "days_between(period.start, 2023-07-01)",
    ];
    for case in cases {
        let e = parse_expr(case, FileId(0), 0, &Limits::default()).unwrap();
        assert_eq!(e.to_string(), case);
    }
    // written with extra parentheses and spacing: printed without them
    let e = parse_expr("((a))*(b*c)  +  (d)", FileId(0), 0, &Limits::default()).unwrap();
    assert_eq!(e.to_string(), "a * (b * c) + d");
    let e = parse_expr("'D'", FileId(0), 0, &Limits::default()).unwrap();
    assert_eq!(e.to_string(), "\"D\"");
}
