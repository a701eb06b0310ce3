//! `hrrules lsp`: a language server over stdio (rust-analyzer's `lsp-server` transport).
//!
//! What it does, all from the library's own checker (`hrrules::outline`):
//! - diagnostics on open and on every change: exactly `hrrules check`'s located errors, each
//!   published to the document it is in (an error in an included file goes to that file);
//!   a "did you mean" comes with a quick fix;
//! - completion inside formula strings: the policy's names (`kpi.` completes the
//!   scorecard's metrics, `attendance.` the measures) and the functions with signatures;
//! - hover on a name: kind, type, `doc`, `reference`, formula, where it is defined; on a
//!   function its signature; on a key its documentation;
//! - go to definition and find references, across includes;
//! - the document's symbols (the editor's outline view and breadcrumbs);
//! - signature help inside a function call.
//!
//! Rule files are untrusted here as everywhere: includes are read from the workspace folder
//! only (as `hrrules --include-root WORKSPACE`), under the loader's limits.

mod convert;
mod diagnostics;
mod features;
mod workspace;

use lsp_server::{Connection, Message, Notification, Request, Response};
use lsp_types::notification::{
    DidChangeTextDocument, DidCloseTextDocument, DidOpenTextDocument, DidSaveTextDocument,
    Notification as _, PublishDiagnostics,
};
use lsp_types::request::{
    CodeActionRequest, Completion, DocumentSymbolRequest, GotoDefinition, HoverRequest, References,
    Request as _, SignatureHelpRequest,
};
use lsp_types::{
    CodeActionKind, CodeActionOptions, CodeActionProviderCapability, CompletionOptions,
    InitializeParams, PublishDiagnosticsParams, ServerCapabilities, TextDocumentSyncCapability,
    TextDocumentSyncKind, TextDocumentSyncOptions, TextDocumentSyncSaveOptions, Uri,
};
use std::collections::BTreeSet;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use workspace::Workspace;

#[derive(clap::Args)]
pub struct Args {}

pub fn run(_args: Args) -> ExitCode {
    let (connection, io) = Connection::stdio();
    let result = serve(&connection);
    drop(connection);
    let joined = io.join();
    match result.and(joined.map_err(|e| e.to_string())) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            let _ = writeln!(std::io::stderr(), "hrrules lsp: {e}");
            ExitCode::from(1)
        }
    }
}

fn capabilities() -> ServerCapabilities {
    ServerCapabilities {
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::FULL),
                save: Some(TextDocumentSyncSaveOptions::Supported(true)),
                ..Default::default()
            },
        )),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(vec![".".to_string()]),
            ..Default::default()
        }),
        hover_provider: Some(lsp_types::HoverProviderCapability::Simple(true)),
        definition_provider: Some(lsp_types::OneOf::Left(true)),
        document_symbol_provider: Some(lsp_types::OneOf::Left(true)),
        references_provider: Some(lsp_types::OneOf::Left(true)),
        signature_help_provider: Some(lsp_types::SignatureHelpOptions {
            trigger_characters: Some(vec!["(".to_string(), ",".to_string()]),
            ..Default::default()
        }),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
            ..Default::default()
        })),
        ..Default::default()
    }
}

fn serve(connection: &Connection) -> Result<(), String> {
    let caps = serde_json::to_value(capabilities()).map_err(|e| e.to_string())?;
    let params = connection.initialize(caps).map_err(|e| e.to_string())?;
    let params: InitializeParams = serde_json::from_value(params).map_err(|e| e.to_string())?;
    let mut server = Server {
        ws: Workspace::new(&workspace_root(&params)),
        published: BTreeSet::new(),
        tests_again: false,
        connection,
    };
    for msg in &connection.receiver {
        match msg {
            Message::Request(req) => {
                if connection
                    .handle_shutdown(&req)
                    .map_err(|e| e.to_string())?
                {
                    return Ok(());
                }
                server.request(req);
            }
            Message::Notification(n) => server.notification(n),
            Message::Response(_) => {}
        }
    }
    Ok(())
}

/// The folder includes may be read from: the editor's workspace folder, else the current one.
#[allow(deprecated)] // root_uri: older editors send only it.
fn workspace_root(params: &InitializeParams) -> PathBuf {
    let folder = params
        .workspace_folders
        .as_ref()
        .and_then(|f| f.first())
        .map(|f| &f.uri)
        .or(params.root_uri.as_ref());
    folder
        .and_then(convert::uri_to_path)
        .or_else(|| std::env::current_dir().ok())
        .unwrap_or_default()
}

struct Server<'c> {
    ws: Workspace,
    /// The documents diagnostics were last published to (to clear them when fixed).
    published: BTreeSet<String>,
    /// Whether to run every policy's tests at the next publishing (a document was saved).
    tests_again: bool,
    connection: &'c Connection,
}

impl Server<'_> {
    fn request(&mut self, req: Request) {
        let result = match req.method.as_str() {
            Completion::METHOD => handle(&req, |p| features::completion(&self.ws, p)),
            HoverRequest::METHOD => handle(&req, |p| features::hover(&self.ws, p)),
            GotoDefinition::METHOD => handle(&req, |p| features::definition(&self.ws, p)),
            CodeActionRequest::METHOD => handle(&req, features::code_actions),
            References::METHOD => handle(&req, |p| features::references(&self.ws, p)),
            SignatureHelpRequest::METHOD => handle(&req, |p| features::signature_help(&self.ws, p)),
            DocumentSymbolRequest::METHOD => {
                handle(&req, |p| features::document_symbols(&self.ws, p))
            }
            _ => Err((
                lsp_server::ErrorCode::MethodNotFound,
                format!("no method {}", req.method),
            )),
        };
        let response = match result {
            Ok(value) => Response::new_ok(req.id, value),
            Err((code, message)) => Response::new_err(req.id, code as i32, message),
        };
        let _ = self.connection.sender.send(response.into());
    }

    fn notification(&mut self, n: Notification) {
        match n.method.as_str() {
            DidOpenTextDocument::METHOD => {
                if let Ok(p) =
                    serde_json::from_value::<lsp_types::DidOpenTextDocumentParams>(n.params)
                {
                    self.set(&p.text_document.uri, p.text_document.text);
                }
            }
            DidChangeTextDocument::METHOD => {
                if let Ok(p) =
                    serde_json::from_value::<lsp_types::DidChangeTextDocumentParams>(n.params)
                {
                    // Full sync: the last change is the whole text.
                    if let Some(change) = p.content_changes.into_iter().last() {
                        self.set(&p.text_document.uri, change.text);
                    }
                }
            }
            DidSaveTextDocument::METHOD => {
                self.ws.rescan();
                self.tests_again = true;
                self.publish();
            }
            DidCloseTextDocument::METHOD => {
                if let Ok(p) =
                    serde_json::from_value::<lsp_types::DidCloseTextDocumentParams>(n.params)
                {
                    if let Some(path) = convert::uri_to_path(&p.text_document.uri) {
                        let key = self.ws.key(&path);
                        self.ws.close(&key);
                        self.publish();
                    }
                }
            }
            _ => {}
        }
    }

    fn set(&mut self, uri: &Uri, text: String) {
        if let Some(path) = convert::uri_to_path(uri) {
            let key = self.ws.key(&path);
            self.ws.set(key, text);
            self.publish();
        }
    }

    /// Checks again and publishes every document's diagnostics, clearing those now fixed.
    /// The `[[tests]]` run when a policy is first checked and on save, not while typing.
    fn publish(&mut self) {
        self.ws.check();
        self.ws.run_tests(std::mem::take(&mut self.tests_again));
        let mut by_file = diagnostics::by_file(&self.ws);
        // Every open document gets its list, empty when clean, so the editor knows.
        for path in self.ws.open.keys() {
            if let Some(uri) = convert::path_to_uri(path) {
                if !by_file.iter().any(|(u, _)| *u == uri) {
                    by_file.push((uri, Vec::new()));
                }
            }
        }
        let mut now = BTreeSet::new();
        for (uri, list) in by_file {
            now.insert(uri.as_str().to_string());
            self.send(uri, list);
        }
        for gone in self.published.difference(&now) {
            if let Ok(uri) = gone.parse::<Uri>() {
                self.send(uri, Vec::new());
            }
        }
        self.published = now;
    }

    fn send(&self, uri: Uri, diagnostics: Vec<lsp_types::Diagnostic>) {
        let params = PublishDiagnosticsParams::new(uri, diagnostics, None);
        let n = Notification::new(PublishDiagnostics::METHOD.to_string(), params);
        let _ = self.connection.sender.send(n.into());
    }
}

type Handled = Result<serde_json::Value, (lsp_server::ErrorCode, String)>;

/// Decodes a request's params, runs `f`, encodes its answer.
fn handle<P, R>(req: &Request, f: impl FnOnce(P) -> R) -> Handled
where
    P: serde::de::DeserializeOwned,
    R: serde::Serialize,
{
    let params = serde_json::from_value(req.params.clone())
        .map_err(|e| (lsp_server::ErrorCode::InvalidParams, e.to_string()))?;
    serde_json::to_value(f(params))
        .map_err(|e| (lsp_server::ErrorCode::InternalError, e.to_string()))
}
