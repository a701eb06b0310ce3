//! Completion, hover, go to definition and quick fixes.

use super::convert::{offset, range, uri_to_path};
use super::diagnostics::{locate, locate_name};
use super::workspace::Workspace;
use hrrules::eval::SlotKind;
use hrrules::outline::{self, Outline, Place, Symbol};
use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, CompletionItem,
    CompletionItemKind, CompletionParams, CompletionResponse, CompletionTextEdit, DocumentSymbol,
    DocumentSymbolParams, DocumentSymbolResponse, Documentation, GotoDefinitionParams,
    GotoDefinitionResponse, Hover, HoverContents, HoverParams, Location, MarkupContent, MarkupKind,
    ParameterInformation, ParameterLabel, Range, ReferenceParams, SignatureHelp,
    SignatureHelpParams, SignatureInformation, SymbolKind, TextDocumentPositionParams, TextEdit,
    WorkspaceEdit,
};
use std::collections::HashMap;
use std::path::PathBuf;

/// The document's text, its path, and the byte offset of the position.
fn at(ws: &Workspace, p: &TextDocumentPositionParams) -> Option<(String, PathBuf, usize)> {
    let path = ws.key(&uri_to_path(&p.text_document.uri)?);
    let text = match ws.open.get(&path) {
        Some(t) => t.clone(),
        None => std::fs::read_to_string(&path).ok()?,
    };
    let at = offset(&text, p.position);
    Some((text, path, at))
}

/// Inside a formula: the policy's names and the functions; inside a string naming a figure
/// (`show = [...]`): the names. After `kpi.` only what starts with `kpi.` (the metrics, the
/// grade); each item replaces the whole dotted word typed.
pub fn completion(ws: &Workspace, p: CompletionParams) -> Option<CompletionResponse> {
    let (text, path, at) = at(ws, &p.text_document_position)?;
    let (start, formula, key) = match outline::place_at(&text, at) {
        Place::Formula { start, .. } => (start, true, None),
        Place::Name { start, .. } => (start, false, None),
        // A key of a test's `inputs` or `expect`: a name, quoted when it has a dot.
        Place::Key { path: keys } => (0, false, Some(outline::test_key(&keys)?)),
        _ => return None,
    };
    let word_start = outline::dotted_word_at(&text, at).map_or(at, |(s, _)| s.max(start).min(at));
    let typed = &text[word_start..at];
    let replace = range(&text, word_start, at);
    let scope = typed.rfind('.').map(|i| &typed[..=i]);
    let quoted = text[..word_start].ends_with(['"', '\'']);
    let mut items = Vec::new();
    if let Some(o) = ws.outline_for(&path) {
        for s in &o.symbols {
            if scope.is_some_and(|sc| !s.name.starts_with(sc)) {
                continue;
            }
            // At the top level, `kpi.sales` waits for `kpi.` (`kpi` itself is offered); a
            // dotted name whose head is no name (`period.days`, `attendance.workdays`, a
            // decision table's `route.approvers`) is offered whole.
            let head = s.name.split_once('.').map(|(h, _)| h);
            if scope.is_none() && head.is_some_and(|h| o.symbol(h).is_some()) {
                continue;
            }
            let given = matches!(s.kind, SlotKind::Input | SlotKind::Measure);
            if key == Some(outline::TestKey::Input) && !given {
                continue;
            }
            let mut item = symbol_item(s, replace);
            if key.is_some() && !quoted && !is_bare_key(&s.name) {
                // `kpi.sales = ...` would be a table `kpi` in TOML: the name is quoted.
                item.text_edit = Some(CompletionTextEdit::Edit(TextEdit::new(
                    replace,
                    format!("\"{}\"", s.name),
                )));
            }
            items.push(item);
        }
    }
    if scope.is_none() && formula {
        for f in outline::FUNCTIONS {
            items.push(CompletionItem {
                label: f.name.to_string(),
                kind: Some(CompletionItemKind::FUNCTION),
                detail: Some(f.signature.to_string()),
                documentation: Some(Documentation::String(f.doc.to_string())),
                text_edit: Some(CompletionTextEdit::Edit(TextEdit::new(
                    replace,
                    format!("{}(", f.name),
                ))),
                ..Default::default()
            });
        }
    }
    Some(CompletionResponse::Array(items))
}

/// Whether TOML reads `name` as one bare key (letters, digits, `_` and `-`).
fn is_bare_key(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

fn symbol_item(s: &Symbol, replace: Range) -> CompletionItem {
    let kind = match s.kind {
        SlotKind::Input | SlotKind::Measure => CompletionItemKind::FIELD,
        SlotKind::Param => CompletionItemKind::CONSTANT,
        SlotKind::Metric
        | SlotKind::Grade
        | SlotKind::TierRate
        | SlotKind::TierAmount
        | SlotKind::TableOut => CompletionItemKind::PROPERTY,
        _ => CompletionItemKind::VARIABLE,
    };
    CompletionItem {
        label: s.name.clone(),
        kind: Some(kind),
        detail: Some(headline(s)),
        documentation: s.doc.clone().map(Documentation::String),
        text_edit: Some(CompletionTextEdit::Edit(TextEdit::new(
            replace,
            s.name.clone(),
        ))),
        ..Default::default()
    }
}

/// `input · money`, `metric of kpi · a number`.
fn headline(s: &Symbol) -> String {
    let kind = s.kind.word();
    match &s.ty {
        Some(ty) => format!("{kind} · {ty}"),
        None => kind.to_string(),
    }
}

/// A name: what it is; a function: its signature; a key: its documentation.
pub fn hover(ws: &Workspace, p: HoverParams) -> Option<Hover> {
    let (text, path, at) = at(ws, &p.text_document_position_params)?;
    let place = outline::place_at(&text, at);
    let (start, end) = outline::dotted_word_at(&text, at)?;
    let word = &text[start..end];
    let outline = ws.outline_for(&path);
    let markdown = match &place {
        Place::Key { path: keys } => {
            // A key that defines a name (`bonus = "..."` in [values]) shows the name; a key
            // of the format (`weight`) its documentation.
            let here = path.display().to_string();
            let named = outline::test_key(keys).and_then(|_| outline?.symbol(word));
            match outline.and_then(|o| defined_at(o, &here, start)).or(named) {
                Some(s) => symbol_markdown(s, outline?, ws),
                None => {
                    let key = outline::key_shape(keys)?;
                    format!("**`{}`** — {}", key.name, key.doc)
                }
            }
        }
        _ => {
            let word = word.trim_matches('.');
            if let Some(s) = outline.and_then(|o| o.symbol(word)) {
                symbol_markdown(s, outline?, ws)
            } else if let Some(f) = outline::function(word) {
                format!("```\n{}\n```\n{}", f.signature, f.doc)
            } else {
                return None;
            }
        }
    };
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: markdown,
        }),
        range: Some(range(&text, start, end)),
    })
}

/// The symbol whose definition starts at byte `start` of the file named `file`.
fn defined_at<'o>(o: &'o Outline, file: &str, start: usize) -> Option<&'o Symbol> {
    o.symbols.iter().find(|s| {
        s.span.is_some_and(|span| {
            span.start as usize == start
                && o.sources.get(span.file).is_some_and(|f| f.name() == file)
        })
    })
}

fn symbol_markdown(s: &Symbol, o: &Outline, ws: &Workspace) -> String {
    let mut out = format!("**`{}`** — {}", s.name, headline(s));
    if let Some(doc) = &s.doc {
        out.push_str(&format!("\n\n{doc}"));
    }
    if let Some(f) = &s.formula {
        out.push_str(&format!("\n\n```\n{f}\n```"));
    }
    if let Some(d) = &s.detail {
        out.push_str(&format!("\n\n{d}"));
    }
    if let Some(r) = &s.reference {
        out.push_str(&format!("\n\nReference: {r}"));
    }
    if let Some(span) = s.span {
        let at = o.sources.locate(span);
        let file = ws.shown(&at.file);
        out.push_str(&format!("\n\nDefined at `{file}:{}:{}`", at.line, at.col));
    }
    out
}

/// Where the name under the cursor is defined, in whichever file of the policy.
pub fn definition(ws: &Workspace, p: GotoDefinitionParams) -> Option<GotoDefinitionResponse> {
    let (text, path, at) = at(ws, &p.text_document_position_params)?;
    let (start, end) = outline::dotted_word_at(&text, at)?;
    let o = ws.outline_for(&path)?;
    let s = o.symbol(text[start..end].trim_matches('.'))?;
    let (uri, range) = locate(&o.sources, s.span?)?;
    Some(GotoDefinitionResponse::Scalar(Location::new(uri, range)))
}

/// "did you mean" diagnostics become edits replacing the name written with the one meant.
pub fn code_actions(p: CodeActionParams) -> Vec<CodeActionOrCommand> {
    let mut out = Vec::new();
    for d in &p.context.diagnostics {
        let Some(data) = &d.data else { continue };
        let (Some(name), Some(range)) = (
            data.get("replace").and_then(|v| v.as_str()),
            data.get("range")
                .and_then(|r| serde_json::from_value::<Range>(r.clone()).ok()),
        ) else {
            continue;
        };
        let edit = TextEdit::new(range, name.to_string());
        // `Uri` caches its parse inside, which clippy takes for a mutable key; it hashes by
        // its text, which never changes.
        #[allow(clippy::mutable_key_type)]
        let changes = HashMap::from([(p.text_document.uri.clone(), vec![edit])]);
        out.push(CodeActionOrCommand::CodeAction(CodeAction {
            title: format!("Change to `{name}`"),
            kind: Some(CodeActionKind::QUICKFIX),
            diagnostics: Some(vec![d.clone()]),
            edit: Some(WorkspaceEdit {
                changes: Some(changes),
                ..Default::default()
            }),
            is_preferred: Some(true),
            ..Default::default()
        }));
    }
    out
}

/// The names this document defines, for the editor's outline and breadcrumbs.
pub fn document_symbols(ws: &Workspace, p: DocumentSymbolParams) -> Option<DocumentSymbolResponse> {
    let path = ws.key(&uri_to_path(&p.text_document.uri)?);
    let o = ws.outline_for(&path)?;
    let here = path.display().to_string();
    let mut out = Vec::new();
    for s in &o.symbols {
        let Some(span) = s.span else { continue };
        let Some(file) = o.sources.get(span.file).filter(|f| f.name() == here) else {
            continue;
        };
        let at = range(file.text(), span.start as usize, span.end as usize);
        let kind = match s.kind {
            SlotKind::Input | SlotKind::Measure => SymbolKind::FIELD,
            SlotKind::Param => SymbolKind::CONSTANT,
            SlotKind::Score | SlotKind::Tier | SlotKind::Curve => SymbolKind::OBJECT,
            SlotKind::Metric
            | SlotKind::Grade
            | SlotKind::TierRate
            | SlotKind::TierAmount
            | SlotKind::TableOut => SymbolKind::PROPERTY,
            _ => SymbolKind::VARIABLE,
        };
        #[allow(deprecated)] // `deprecated` is a field the protocol keeps for old clients.
        out.push(DocumentSymbol {
            name: s.name.clone(),
            detail: Some(headline(s)),
            kind,
            tags: None,
            deprecated: None,
            range: at,
            selection_range: at,
            children: None,
        });
    }
    Some(DocumentSymbolResponse::Nested(out))
}

/// Inside a call in a formula: the function's signature with the argument the cursor is on.
pub fn signature_help(ws: &Workspace, p: SignatureHelpParams) -> Option<SignatureHelp> {
    let (text, _, at) = at(ws, &p.text_document_position_params)?;
    let Place::Formula { start, .. } = outline::place_at(&text, at) else {
        return None;
    };
    let (name, arg) = outline::call_at(&text, start, at)?;
    let f = outline::function(name)?;
    let params = f.parameters();
    // `min(a, ...)`: every argument past the listed ones is the last one again.
    let active = arg.min(params.len().saturating_sub(1));
    let signature = SignatureInformation {
        label: f.signature.to_string(),
        documentation: Some(Documentation::String(f.doc.to_string())),
        parameters: Some(
            params
                .iter()
                .map(|p| ParameterInformation {
                    label: ParameterLabel::Simple(p.to_string()),
                    documentation: None,
                })
                .collect(),
        ),
        active_parameter: u32::try_from(active).ok(),
    };
    Some(SignatureHelp {
        signatures: vec![signature],
        active_signature: Some(0),
        active_parameter: u32::try_from(active).ok(),
    })
}

/// Every place the name under the cursor is used (formulas, `[outputs] show`, the keys of the
/// tests' `inputs` and `expect`), in every file of the policy, and where it is defined when
/// asked.
pub fn references(ws: &Workspace, p: ReferenceParams) -> Option<Vec<Location>> {
    let (text, path, at) = at(ws, &p.text_document_position)?;
    let (start, end) = outline::dotted_word_at(&text, at)?;
    let o = ws.outline_for(&path)?;
    let s = o.symbol(text[start..end].trim_matches('.'))?;
    let declaration = s.span.filter(|_| p.context.include_declaration);
    let places = declaration.into_iter().chain(o.uses_of(&s.name));
    Some(
        places
            .filter_map(|span| locate_name(&o.sources, span))
            .map(|(uri, range)| Location::new(uri, range))
            .collect(),
    )
}
