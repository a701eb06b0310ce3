//! The checker's diagnostics as the protocol's, each in the document it is about.

use super::convert::{path_to_uri, range};
use super::workspace::Workspace;
use hrrules::error::{Diagnostic, Sources, Span};
use lsp_types::{
    DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString, Range, Uri,
};
use serde_json::json;
use std::collections::BTreeMap;
use std::path::Path;

/// Every diagnostic of every outline, by document; the same problem found through two
/// policies that include one block is given once.
pub fn by_file(ws: &Workspace) -> Vec<(Uri, Vec<lsp_types::Diagnostic>)> {
    let mut out: BTreeMap<String, (Uri, Vec<lsp_types::Diagnostic>)> = BTreeMap::new();
    for (root, outline) in &ws.outlines {
        for d in &outline.diagnostics {
            let Some((uri, diag)) = convert(d, &outline.sources, root) else {
                continue;
            };
            let entry = out
                .entry(uri.as_str().to_string())
                .or_insert_with(|| (uri, Vec::new()));
            if !entry.1.contains(&diag) {
                entry.1.push(diag);
            }
        }
    }
    out.into_values().collect()
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
