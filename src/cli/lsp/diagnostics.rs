//! The checker's diagnostics as the protocol's, each in the document it is about.

use super::convert::{path_to_uri, range};
use super::workspace::Workspace;
use hrrules::error::{Diagnostic, Sources, Span};
use hrrules::TestResult;
use lsp_types::{
    DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString, Range, Uri,
};
use serde_json::json;
use std::collections::BTreeMap;
use std::path::Path;

/// Every diagnostic of every outline, and every failing `[[tests]]` case of a policy that
/// checks, by document; the same problem found through two policies that include one block
/// is given once.
pub fn by_file(ws: &Workspace) -> Vec<(Uri, Vec<lsp_types::Diagnostic>)> {
    let mut out: BTreeMap<String, (Uri, Vec<lsp_types::Diagnostic>)> = BTreeMap::new();
    let mut add = |(uri, diag): (Uri, lsp_types::Diagnostic)| {
        let entry = out
            .entry(uri.as_str().to_string())
            .or_insert_with(|| (uri, Vec::new()));
        if !entry.1.contains(&diag) {
            entry.1.push(diag);
        }
    };
    for (root, outline) in &ws.outlines {
        for d in &outline.diagnostics {
            if let Some(found) = convert(d, &outline.sources, root) {
                add(found);
            }
        }
        // Tests are shown only while the policy checks: against rule errors they are noise.
        let tests = ws.tests.get(root).filter(|_| outline.policy.is_some());
        for r in tests.into_iter().flatten().filter(|r| !r.passed()) {
            if let Some(found) = failed_test(r, &outline.sources) {
                add(found);
            }
        }
    }
    out.into_values().collect()
}

/// A failing test as an error at its case: the expectations that did not hold, as
/// `hrrules test` lists them.
fn failed_test(r: &TestResult, sources: &Sources) -> Option<(Uri, lsp_types::Diagnostic)> {
    let (_, file) = sources.files().find(|(_, f)| f.name() == r.at.file)?;
    let uri = path_to_uri(Path::new(file.name()))?;
    let text = file.text();
    // The case's line, from its column to the end of the line.
    let line_start: usize = text
        .split_inclusive('\n')
        .take(r.at.line.saturating_sub(1))
        .map(str::len)
        .sum();
    let line = text[line_start..].lines().next().unwrap_or("");
    let col = (line.char_indices().nth(r.at.col.saturating_sub(1))).map_or(line.len(), |(i, _)| i);
    let at = range(text, line_start + col, line_start + line.len());
    let mut message = format!("test `{}` fails", r.name);
    for f in &r.failures {
        message.push_str(&format!("\n{f}"));
    }
    let diag = lsp_types::Diagnostic {
        range: at,
        severity: Some(DiagnosticSeverity::ERROR),
        code: Some(NumberOrString::String("test-failed".to_string())),
        source: Some("hrrules test".to_string()),
        message,
        ..Default::default()
    };
    Some((uri, diag))
}

/// The file and range of a span, if it is in a file on disk.
pub fn locate(sources: &Sources, span: Span) -> Option<(Uri, Range)> {
    let file = sources.get(span.file)?;
    let uri = path_to_uri(Path::new(file.name()))?;
    Some((
        uri,
        range(file.text(), span.start as usize, span.end as usize),
    ))
}

/// [`locate`] without the quotes of a quoted key (`"kpi.sales"` as `kpi.sales`).
pub fn locate_name(sources: &Sources, span: Span) -> Option<(Uri, Range)> {
    let file = sources.get(span.file)?;
    let uri = path_to_uri(Path::new(file.name()))?;
    let (start, end) = unquoted(file.text(), span.start as usize, span.end as usize);
    Some((uri, range(file.text(), start, end)))
}

fn convert(d: &Diagnostic, sources: &Sources, root: &Path) -> Option<(Uri, lsp_types::Diagnostic)> {
    let (uri, at) = match d.span.and_then(|s| locate(sources, s)) {
        Some(place) => place,
        // No place (a file that cannot be read): the top of the policy.
        None => (path_to_uri(root)?, Range::default()),
    };
    let mut message = d.message.clone();
    if let Some(help) = &d.help {
        message.push_str(&format!("\nhelp: {help}"));
    }
    let related: Vec<DiagnosticRelatedInformation> = d
        .notes
        .iter()
        .filter_map(|(span, note)| {
            let (uri, range) = locate(sources, *span)?;
            Some(DiagnosticRelatedInformation {
                location: Location::new(uri, range),
                message: note.clone(),
            })
        })
        .collect();
    let data = d.span.zip(d.suggestion()).and_then(|(span, name)| {
        let file = sources.get(span.file)?;
        let (start, end) = unquoted(file.text(), span.start as usize, span.end as usize);
        Some(json!({ "replace": name, "range": range(file.text(), start, end) }))
    });
    let diag = lsp_types::Diagnostic {
        range: at,
        severity: Some(DiagnosticSeverity::ERROR),
        code: d
            .suggestion()
            .map(|_| NumberOrString::String("did-you-mean".to_string())),
        source: Some("hrrules".to_string()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        data,
        ..Default::default()
    };
    Some((uri, diag))
}

/// The span without the quotes of a string (`"mony"` → `mony`), what a fix replaces.
fn unquoted(text: &str, start: usize, end: usize) -> (usize, usize) {
    let inner = text.get(start..end).unwrap_or("");
    let quoted = inner.len() >= 2
        && ((inner.starts_with('"') && inner.ends_with('"'))
            || (inner.starts_with('\'') && inner.ends_with('\'')));
    if quoted {
        (start + 1, end - 1)
    } else {
        (start, end)
    }
}
