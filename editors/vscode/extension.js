// Starts `hrrules lsp` for the TOML files of the workspace. Everything else (diagnostics,
// completion, hover, definition, quick fixes) is the server's.
const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

let client;

function activate() {
  const command = vscode.workspace.getConfiguration("hrrules").get("path") || "hrrules";
  client = new LanguageClient(
    "hrrules",
    "hrrules",
    { command, args: ["lsp"] },
    { documentSelector: [{ scheme: "file", language: "toml" }] }
  );
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
