//! `hrrules lsp` end to end: the binary driven over JSON-RPC on its stdin and stdout, as an
//! editor drives it. The workspace is a copy of the shipped 2023-H2 sales policy with its two
//! building blocks; the exchanges are snapshot-tested with the scratch folder hidden.

use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::time::Duration;

/// A running server and the messages it sent.
struct Client {
    child: Child,
    stdin: ChildStdin,
    incoming: Receiver<Value>,
    next_id: i64,
    root: PathBuf,
}

impl Client {
    fn start(root: &Path) -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_hrrules"))
            .arg("lsp")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let stdin = child.stdin.take().unwrap();
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let (tx, incoming) = channel();
        std::thread::spawn(move || loop {
            let mut length = None;
            loop {
                let mut line = String::new();
                if stdout.read_line(&mut line).unwrap_or(0) == 0 {
                    return;
                }
                let line = line.trim_end();
                if line.is_empty() {
                    break;
                }
                if let Some(n) = line.strip_prefix("Content-Length: ") {
                    length = n.parse::<usize>().ok();
                }
            }
            let mut body = vec![0; length.expect("a Content-Length header")];
            stdout.read_exact(&mut body).unwrap();
            if tx.send(serde_json::from_slice(&body).unwrap()).is_err() {
                return;
            }
        });
        let root = std::fs::canonicalize(root).unwrap();
        let mut client = Client {
            child,
            stdin,
            incoming,
            next_id: 0,
            root,
        };
        let root_uri = client.uri("");
        let init = client.request(
            "initialize",
            json!({ "capabilities": {}, "rootUri": root_uri }),
        );
        let caps = &init["capabilities"];
        assert_eq!(
            caps["completionProvider"]["triggerCharacters"],
            json!(["."])
        );
        assert_eq!(caps["hoverProvider"], json!(true));
        assert_eq!(caps["definitionProvider"], json!(true));
        client.notify("initialized", json!({}));
        client
    }

    fn uri(&self, file: &str) -> String {
        let path = self.root.join(file);
        format!("file://{}", path.display())
            .trim_end_matches('/')
            .to_string()
    }

    fn send(&mut self, msg: Value) {
        let body = msg.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        self.stdin.flush().unwrap();
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    fn next(&mut self) -> Value {
        self.incoming
            .recv_timeout(Duration::from_secs(60))
            .expect("the server answers within a minute")
    }

    /// Sends a request and returns its result; notifications meanwhile are dropped.
    fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        loop {
            let msg = self.next();
            if msg["id"] == json!(id) {
                assert!(msg.get("error").is_none(), "{msg}");
                return msg["result"].clone();
            }
        }
    }

    /// The diagnostics published next for `file`.
    fn diagnostics(&mut self, file: &str) -> Vec<Value> {
        let uri = self.uri(file);
        loop {
            let msg = self.next();
            if msg["method"] == "textDocument/publishDiagnostics" && msg["params"]["uri"] == uri {
                return msg["params"]["diagnostics"].as_array().unwrap().clone();
            }
        }
    }

    fn open(&mut self, file: &str, text: &str) {
        let uri = self.uri(file);
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": uri, "languageId": "toml", "version": 1, "text": text } }),
        );
    }

    fn change(&mut self, file: &str, version: i64, text: &str) {
        let uri = self.uri(file);
        self.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": uri, "version": version }, "contentChanges": [{ "text": text }] }),
        );
    }

    fn at(&self, file: &str, text: &str, marker: &str, plus: usize) -> Value {
        let i = text.find(marker).unwrap_or_else(|| panic!("{marker}")) + plus;
        let line = text[..i].matches('\n').count();
        let col = text[..i]
            .rsplit('\n')
            .next()
            .unwrap()
            .encode_utf16()
            .count();
        json!({ "textDocument": { "uri": self.uri(file) }, "position": { "line": line, "character": col } })
    }

    fn stop(mut self) {
        self.request("shutdown", Value::Null);
        self.notify("exit", Value::Null);
        let status = self.child.wait().unwrap();
        assert!(status.success(), "{status}");
    }
}

/// A workspace holding the shipped sales policy and its building blocks.
fn workspace(test: &str) -> PathBuf {
    workspace_of(
        test,
        &[
            "sales_2023h2.toml",
            "common/erp_sales.toml",
            "common/sales_kpi_2023h2.toml",
        ],
    )
}

/// A workspace holding these files of `rules/`.
fn workspace_of(test: &str, files: &[&str]) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("lsp")
        .join(test);
    let _ = std::fs::remove_dir_all(&dir);
    for file in files {
        std::fs::create_dir_all(dir.join(file).parent().unwrap()).unwrap();
        std::fs::copy(Path::new("rules").join(file), dir.join(file)).unwrap();
    }
    dir
}

fn hide(root: &Path, v: &Value) -> String {
    let text = serde_json::to_string_pretty(v).unwrap();
    text.replace(&format!("file://{}", root.display()), "file://[WORKSPACE]")
}

#[test]
fn a_misspelt_name_is_reported_with_its_fix() {
    let dir = workspace("misspelt");
    let mut c = Client::start(&dir);
    let good = std::fs::read_to_string(dir.join("sales_2023h2.toml")).unwrap();
    let bad = good.replace("bonus_rate * kpi / 100", "bonus_rate * kpj / 100");
    c.open("sales_2023h2.toml", &bad);
    let diags = c.diagnostics("sales_2023h2.toml");
    assert_eq!(diags.len(), 1, "{diags:?}");
    let d = &diags[0];
    assert_eq!(
        d["message"],
        "unknown name `kpj`\nhelp: did you mean `kpi`?"
    );
    assert_eq!(d["data"]["replace"], "kpi");
    // The range is the name itself, on the line `hrrules check` gives (35:83).
    assert_eq!(d["range"]["start"], json!({ "line": 34, "character": 82 }));
    assert_eq!(d["range"]["end"], json!({ "line": 34, "character": 85 }));
    insta::assert_snapshot!("misspelt_diagnostic", hide(&c.root, d));

    // The quick fix replaces `kpj` with `kpi`.
    let uri = c.uri("sales_2023h2.toml");
    let actions = c.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": uri }, "range": d["range"], "context": { "diagnostics": [d] } }),
    );
    let edit = &actions[0]["edit"]["changes"][uri.as_str()][0];
    assert_eq!(actions[0]["title"], "Change to `kpi`");
    assert_eq!(edit["newText"], "kpi");
    assert_eq!(edit["range"], d["range"]);

    // Fixed: the document's diagnostics are cleared.
    c.change("sales_2023h2.toml", 2, &good);
    assert_eq!(c.diagnostics("sales_2023h2.toml"), Vec::<Value>::new());
    c.stop();
}

#[test]
fn completion_inside_formulas() {
    let dir = workspace("completion");
    let mut c = Client::start(&dir);
    let good = std::fs::read_to_string(dir.join("sales_2023h2.toml")).unwrap();
    c.open("sales_2023h2.toml", &good);
    c.diagnostics("sales_2023h2.toml");
    // Typing `kpi.`: the formula does not parse yet; the names keep the types they had.
    let text = good.replace("bonus_rate * kpi / 100", "bonus_rate * kpi. / 100");
    c.change("sales_2023h2.toml", 2, &text);
    assert_eq!(c.diagnostics("sales_2023h2.toml").len(), 1);

    // `kpi.` completes to the scorecard's metrics and grade, replacing what was typed.
    let items = c.request(
        "textDocument/completion",
        c.at("sales_2023h2.toml", &text, "kpi. /", 4),
    );
    let labels: Vec<&str> = items
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap())
        .collect();
    assert_eq!(
        labels,
        [
            "kpi.sales",
            "kpi.satisfaction",
            "kpi.compliance",
            "kpi.teamwork",
            "kpi.grade"
        ]
    );
    insta::assert_snapshot!("completion_kpi_dot", hide(&c.root, &items[0]));

    // At the start of a name: the inputs, values, scorecards, tiers... and the functions.
    let items = c.request(
        "textDocument/completion",
        c.at("sales_2023h2.toml", &text, "base_salary * bonus_rate", 0),
    );
    let items = items.as_array().unwrap();
    let label = |l: &str| {
        items
            .iter()
            .find(|i| i["label"] == l)
            .unwrap_or_else(|| panic!("{l}"))
    };
    assert_eq!(label("sales_amount")["detail"], "input · money");
    assert_eq!(label("commission")["detail"], "tier · money");
    assert_eq!(label("bonus_rate")["detail"], "param · number");
    assert_eq!(
        label("round")["detail"],
        "round(x, places, \"mode\") → x's type"
    );
    assert_eq!(label("round")["textEdit"]["newText"], "round(");
    assert!(
        items.iter().all(|i| i["label"] != "kpi.sales"),
        "metrics wait for `kpi.`"
    );

    // In `[outputs] show`, names too (no functions): `"kpi.` completes to the metrics.
    let items = c.request(
        "textDocument/completion",
        c.at("sales_2023h2.toml", &text, "\"kpi.grade\"", 5),
    );
    let labels: Vec<&str> = (items.as_array().unwrap().iter())
        .map(|i| i["label"].as_str().unwrap())
        .collect();
    assert_eq!(
        labels,
        [
            "kpi.sales",
            "kpi.satisfaction",
            "kpi.compliance",
            "kpi.teamwork",
            "kpi.grade"
        ]
    );

    // Inside a call: the signature, with the argument the cursor is on.
    let typing = good.replace(
        "bonus_rate * kpi / 100",
        "round(bonus_rate * kpi / 100, 2, ",
    );
    c.change("sales_2023h2.toml", 3, &typing);
    c.diagnostics("sales_2023h2.toml");
    let help = c.request(
        "textDocument/signatureHelp",
        c.at("sales_2023h2.toml", &typing, "100, 2, ", 8),
    );
    assert_eq!(
        help["signatures"][0]["label"],
        "round(x, places, \"mode\") → x's type"
    );
    assert_eq!(help["activeParameter"], 2);

    // Outside a formula (a doc string, a type), nothing.
    let none = c.request(
        "textDocument/completion",
        c.at("sales_2023h2.toml", &text, "performance bonus: base", 3),
    );
    assert_eq!(none, Value::Null);
    c.stop();
}

#[test]
fn hover_and_definition_across_includes() {
    let dir = workspace("hover");
    let mut c = Client::start(&dir);
    let text = std::fs::read_to_string(dir.join("sales_2023h2.toml")).unwrap();
    c.open("sales_2023h2.toml", &text);
    c.diagnostics("sales_2023h2.toml");

    let hover = c.request(
        "textDocument/hover",
        c.at("sales_2023h2.toml", &text, "base_salary * bonus_rate", 2),
    );
    let shown = hover["contents"]["value"].as_str().unwrap();
    insta::assert_snapshot!("hover_base_salary", shown);
    assert!(
        shown.contains("input · money") && shown.contains("common/erp_sales.toml:12:1"),
        "{shown}"
    );

    let hover = c.request(
        "textDocument/hover",
        c.at("sales_2023h2.toml", &text, "bonus_rate * kpi", 2),
    );
    insta::assert_snapshot!(
        "hover_bonus_rate",
        hover["contents"]["value"].as_str().unwrap()
    );

    let hover = c.request(
        "textDocument/hover",
        c.at("sales_2023h2.toml", &text, "effective = ", 2),
    );
    let shown = hover["contents"]["value"].as_str().unwrap();
    assert!(
        shown.starts_with("**`effective`** — the first day"),
        "{shown}"
    );

    // Every use of `base_salary` in a formula, in whichever file, and its definition.
    let refs = c.request(
        "textDocument/references",
        json!({ "textDocument": { "uri": c.uri("sales_2023h2.toml") },
                "position": c.at("sales_2023h2.toml", &text, "base_salary * bonus_rate", 2)["position"],
                "context": { "includeDeclaration": true } }),
    );
    let places: Vec<String> = refs
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            let file = l["uri"]
                .as_str()
                .unwrap()
                .rsplit('/')
                .next()
                .unwrap()
                .to_string();
            format!(
                "{file}:{}",
                l["range"]["start"]["line"].as_u64().unwrap() + 1
            )
        })
        .collect();
    insta::assert_snapshot!("references_base_salary", places.join("\n"));

    // The outline of the document: the names it defines itself, not its includes'.
    let symbols = c.request(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": c.uri("sales_2023h2.toml") } }),
    );
    let names: Vec<&str> = symbols
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["performance_bonus", "gross_pay"]);
    assert_eq!(symbols[0]["detail"], "value · money");

    // `kpi` is defined in the included scorecard file.
    let def = c.request(
        "textDocument/definition",
        c.at("sales_2023h2.toml", &text, "kpi / 100", 1),
    );
    assert_eq!(def["uri"], c.uri("common/sales_kpi_2023h2.toml"));
    let kpi = std::fs::read_to_string(dir.join("common/sales_kpi_2023h2.toml")).unwrap();
    let line = def["range"]["start"]["line"].as_u64().unwrap() as usize;
    assert!(
        kpi.lines().nth(line).unwrap().contains("[scorecards.kpi"),
        "{def}"
    );
    c.stop();
}

#[test]
fn an_error_in_an_included_file_goes_to_that_file() {
    let dir = workspace("included");
    let block = dir.join("common/erp_sales.toml");
    let text = std::fs::read_to_string(&block).unwrap();
    std::fs::write(&block, text.replacen("\"money\"", "\"mony\"", 1)).unwrap();
    let mut c = Client::start(&dir);

    // Opening the building block: it is checked through the policy that includes it, and
    // the error is published to the block, with its fix.
    let block_text = std::fs::read_to_string(&block).unwrap();
    c.open("common/erp_sales.toml", &block_text);
    let diags = c.diagnostics("common/erp_sales.toml");
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert!(
        diags[0]["message"]
            .as_str()
            .unwrap()
            .starts_with("unknown type `mony`"),
        "{diags:?}"
    );
    assert_eq!(diags[0]["data"]["replace"], "money");
    let quoted = &diags[0]["range"];
    let inner = &diags[0]["data"]["range"];
    assert_eq!(
        inner["start"]["character"].as_u64(),
        quoted["start"]["character"].as_u64().map(|c| c + 1)
    );

    // Opening the policy too: its own document is clean.
    let policy = std::fs::read_to_string(dir.join("sales_2023h2.toml")).unwrap();
    c.open("sales_2023h2.toml", &policy);
    let mut seen = Vec::new();
    for _ in 0..2 {
        let msg = c.next();
        if msg["method"] == "textDocument/publishDiagnostics" {
            seen.push((
                msg["params"]["uri"].clone(),
                msg["params"]["diagnostics"].as_array().unwrap().len(),
            ));
        }
    }
    assert!(
        seen.contains(&(json!(c.uri("sales_2023h2.toml")), 0)),
        "{seen:?}"
    );
    assert!(
        seen.contains(&(json!(c.uri("common/erp_sales.toml")), 1)),
        "{seen:?}"
    );
    c.stop();
}

#[test]
fn garbage_on_the_wire_and_odd_documents_do_not_stop_it() {
    let dir = workspace("odd");
    let mut c = Client::start(&dir);
    // A document that is no TOML at all, an empty one, one nested deep.
    c.open("broken.toml", "[policy\nname = \"x");
    let d = c.diagnostics("broken.toml");
    assert!(!d.is_empty());
    c.open("empty.toml", "");
    c.diagnostics("empty.toml");
    let deep = format!(
        "[policy]\nname = \"d\"\n[values]\nx = \"{}1{}\"\n",
        "(".repeat(5000),
        ")".repeat(5000)
    );
    c.open("deep.toml", &deep);
    c.diagnostics("deep.toml");
    // Positions past the end, unknown methods.
    let r = c.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": c.uri("empty.toml") }, "position": { "line": 99, "character": 99 } }),
    );
    assert_eq!(r, Value::Null);
    c.next_id += 1;
    let id = c.next_id;
    c.send(json!({ "jsonrpc": "2.0", "id": id, "method": "workspace/unknown", "params": {} }));
    let err = c.next();
    assert_eq!(err["error"]["code"], -32601);
    c.stop();
}

/// The server's diagnostics are the checker's: the same messages at the same places as
/// `hrrules check` reports for a policy with four kinds of mistake (weights, a typo, a cycle, money plus a number).
#[test]
fn the_diagnostics_are_the_checkers() {
    let dir = workspace("checker");
    let text = std::fs::read_to_string("tests/fixtures/cli/broken_policy.toml").unwrap();
    std::fs::write(dir.join("broken.toml"), &text).unwrap();
    let hrrules::Error::Rules(report) = hrrules::Policy::load(dir.join("broken.toml")).unwrap_err()
    else {
        panic!("rule errors expected")
    };
    let mut expected: Vec<(usize, usize, String)> = report
        .diagnostics
        .iter()
        .map(|d| {
            let at = report.sources.locate(d.span.unwrap());
            let help = d
                .help
                .as_ref()
                .map(|h| format!("\nhelp: {h}"))
                .unwrap_or_default();
            (at.line, at.col, format!("{}{help}", d.message))
        })
        .collect();
    assert!(expected.len() >= 4, "{expected:?}");

    let mut c = Client::start(&dir);
    c.open("broken.toml", &text);
    let mut got: Vec<(usize, usize, String)> = c
        .diagnostics("broken.toml")
        .iter()
        .map(|d| {
            let line = d["range"]["start"]["line"].as_u64().unwrap() as usize;
            let col16 = d["range"]["start"]["character"].as_u64().unwrap() as usize;
            // The checker counts characters, the protocol UTF-16 units: the same in this file.
            (
                line + 1,
                col16 + 1,
                d["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    expected.sort();
    got.sort();
    assert_eq!(got, expected);
    c.stop();
}

/// In a building block opened on its own, the names come from the policy that includes it:
/// `attendance.` completes to the production policy's measures, its shifts included.
#[test]
fn a_building_block_completes_from_its_policy() {
    let files = [
        "production_2023.toml",
        "common/production_pay.toml",
        "calendars/cn-2023.toml",
    ];
    let dir = workspace_of("block", &files);
    let mut c = Client::start(&dir);
    let text = std::fs::read_to_string(dir.join("common/production_pay.toml")).unwrap();
    c.open("common/production_pay.toml", &text);
    assert_eq!(
        c.diagnostics("common/production_pay.toml"),
        Vec::<Value>::new()
    );
    let items = c.request(
        "textDocument/completion",
        c.at(
            "common/production_pay.toml",
            &text,
            "attendance.ot_workday_hours *",
            11,
        ),
    );
    let labels: Vec<&str> = items
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap())
        .collect();
    for measure in [
        "attendance.workdays",
        "attendance.ot_holiday_hours",
        "attendance.shifts.night",
        "attendance.late_count",
    ] {
        assert!(labels.contains(&measure), "{measure} in {labels:?}");
    }
    assert!(
        labels.iter().all(|l| l.starts_with("attendance.")),
        "{labels:?}"
    );
    let hover = c.request(
        "textDocument/hover",
        c.at(
            "common/production_pay.toml",
            &text,
            "attendance.ot_workday_hours *",
            14,
        ),
    );
    let shown = hover["contents"]["value"].as_str().unwrap();
    assert!(
        shown.starts_with("**`attendance.ot_workday_hours`** — attendance measure · number"),
        "{shown}"
    );
    c.stop();
}

/// Calendar and mapping files are checked by their own loaders, not as rule files.
#[test]
fn calendars_and_mapping_files_get_their_own_checks() {
    let dir = workspace_of("side", &["calendars/cn-2023.toml"]);
    let mut c = Client::start(&dir);
    let calendar = std::fs::read_to_string(dir.join("calendars/cn-2023.toml")).unwrap();
    c.open("calendars/cn-2023.toml", &calendar);
    assert_eq!(c.diagnostics("calendars/cn-2023.toml"), Vec::<Value>::new());
    let bad = std::fs::read_to_string("tests/fixtures/schema/err_calendar_holiday.toml").unwrap();
    c.change("calendars/cn-2023.toml", 2, &bad);
    let d = c.diagnostics("calendars/cn-2023.toml");
    let messages: Vec<&str> = d.iter().map(|d| d["message"].as_str().unwrap()).collect();
    assert_eq!(messages, ["missing `date`", "unknown key `day`"]);

    let mapping = std::fs::read_to_string("examples/data/mapping_erp.toml").unwrap();
    c.open("mapping_erp.toml", &mapping);
    assert_eq!(c.diagnostics("mapping_erp.toml"), Vec::<Value>::new());
    c.change(
        "mapping_erp.toml",
        2,
        &mapping.replace("[columns]", "[column]"),
    );
    let d = c.diagnostics("mapping_erp.toml");
    assert_eq!(d.len(), 1, "{d:?}");
    assert!(
        d[0]["message"]
            .as_str()
            .unwrap()
            .starts_with("unknown table `column`"),
        "{d:?}"
    );
    assert_eq!(d[0]["data"]["replace"], "columns");
    c.stop();
}

/// The policy's `[[tests]]` run on open and on save (not while typing), and a failing case
/// is an error at the case, listing what `hrrules test` lists.
#[test]
fn failing_tests_are_shown_at_their_case_on_open_and_save() {
    let dir = workspace("tests");
    let good = std::fs::read_to_string(dir.join("sales_2023h2.toml")).unwrap();
    // A consultant raises the bonus rate but not the test's expectation.
    let raised = good.replacen("gross_pay = \"18880.00\"", "gross_pay = \"18000.00\"", 1);
    assert_ne!(raised, good);
    std::fs::write(dir.join("sales_2023h2.toml"), &raised).unwrap();
    let expected: Vec<String> =
        hrrules::run_tests(&hrrules::Policy::load(dir.join("sales_2023h2.toml")).unwrap())
            .iter()
            .filter(|r| !r.passed())
            .map(|r| {
                let lines: Vec<String> = r.failures.iter().map(|f| f.to_string()).collect();
                format!("test `{}` fails\n{}", r.name, lines.join("\n"))
            })
            .collect();
    assert_eq!(expected.len(), 1, "{expected:?}");

    let mut c = Client::start(&dir);
    c.open("sales_2023h2.toml", &raised);
    let diags = c.diagnostics("sales_2023h2.toml");
    assert_eq!(diags.len(), 1, "{diags:?}");
    let d = &diags[0];
    assert_eq!(d["message"], expected[0].as_str());
    assert_eq!(
        d["message"],
        "test `on target, grade A` fails\n`gross_pay`: expected 18000.00, got 18880.00"
    );
    assert_eq!(
        (d["code"].as_str(), d["source"].as_str()),
        (Some("test-failed"), Some("hrrules test"))
    );
    // At the case: line 55 of the file, `[[tests]]`.
    assert_eq!(d["range"]["start"]["line"], 54, "{d}");

    // A rule error hides the tests: they would only repeat it.
    let broken = raised.replace("bonus_rate * kpi / 100", "bonus_rate * kpj / 100");
    c.change("sales_2023h2.toml", 2, &broken);
    let diags = c.diagnostics("sales_2023h2.toml");
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert_eq!(diags[0]["data"]["replace"], "kpi");

    // Fixed while typing: the tests are not run again until the document is saved.
    c.change("sales_2023h2.toml", 3, &good);
    let diags = c.diagnostics("sales_2023h2.toml");
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert_eq!(diags[0]["code"], "test-failed");
    std::fs::write(dir.join("sales_2023h2.toml"), &good).unwrap();
    let uri = c.uri("sales_2023h2.toml");
    c.notify(
        "textDocument/didSave",
        json!({ "textDocument": { "uri": uri } }),
    );
    assert_eq!(c.diagnostics("sales_2023h2.toml"), Vec::<Value>::new());
    c.stop();
}

/// The keys of a test's `inputs` and `expect` are names: completed (inputs only in `inputs`,
/// a dotted name quoted unless already in quotes), hovered, and found as references.
#[test]
fn names_in_tests_are_completed_hovered_and_found() {
    let dir = workspace("test_keys");
    let good = std::fs::read_to_string(dir.join("sales_2023h2.toml")).unwrap();
    let mut c = Client::start(&dir);
    c.open("sales_2023h2.toml", &good);
    let labels = |result: &Value| -> Vec<(String, String)> {
        (result.as_array().unwrap().iter())
            .map(|i| {
                let edit = i["textEdit"]["newText"].as_str().unwrap().to_string();
                (i["label"].as_str().unwrap().to_string(), edit)
            })
            .collect()
    };

    // A new test being typed: `inputs = { base_sa` offers the inputs, not the values.
    let typing = good.replace(
        "inputs = { base_salary = \"10000\", sales_target",
        "inputs = { base_sa",
    );
    c.change("sales_2023h2.toml", 2, &typing);
    let items = c.request(
        "textDocument/completion",
        c.at("sales_2023h2.toml", &typing, "{ base_sa", 9),
    );
    let got = labels(&items);
    assert!(
        got.contains(&("base_salary".into(), "base_salary".into())),
        "{got:?}"
    );
    assert!(
        got.iter().all(|(l, _)| l != "gross_pay" && l != "kpi"),
        "{got:?}"
    );

    // `expect = { kpi.` offers the metrics and the grade, quoted; inside quotes, not.
    let bare = good.replacen("expect = { \"kpi.sales\"", "expect = { kpi.", 1);
    c.change("sales_2023h2.toml", 3, &bare);
    let items = c.request(
        "textDocument/completion",
        c.at("sales_2023h2.toml", &bare, "{ kpi.", 6),
    );
    let got = labels(&items);
    assert!(
        got.contains(&("kpi.sales".into(), "\"kpi.sales\"".into())),
        "{got:?}"
    );
    assert!(
        got.contains(&("kpi.grade".into(), "\"kpi.grade\"".into())),
        "{got:?}"
    );
    assert!(got.iter().all(|(l, _)| l.starts_with("kpi.")), "{got:?}");
    let quoted = good.replacen("expect = { \"kpi.sales\"", "expect = { \"kpi.", 1);
    c.change("sales_2023h2.toml", 4, &quoted);
    let items = c.request(
        "textDocument/completion",
        c.at("sales_2023h2.toml", &quoted, "{ \"kpi.", 7),
    );
    assert!(labels(&items).contains(&("kpi.sales".into(), "kpi.sales".into())));

    // Hover on an expectation shows the figure it names.
    c.change("sales_2023h2.toml", 5, &good);
    let hover = c.request(
        "textDocument/hover",
        c.at(
            "sales_2023h2.toml",
            &good,
            "performance_bonus = \"2880.00\"",
            3,
        ),
    );
    let shown = hover["contents"]["value"].as_str().unwrap();
    assert!(
        shown.starts_with("**`performance_bonus`** — value · money"),
        "{shown}"
    );

    // References to `kpi.sales` reach the tests' quoted keys, without the quotes.
    let refs = c.request(
        "textDocument/references",
        json!({
            "textDocument": { "uri": c.uri("sales_2023h2.toml") },
            "position": c.at("sales_2023h2.toml", &good, "\"kpi.sales\" = \"100\"", 5)["position"],
            "context": { "includeDeclaration": false }
        }),
    );
    let in_tests: Vec<&Value> = (refs.as_array().unwrap().iter())
        .filter(|r| r["uri"] == json!(c.uri("sales_2023h2.toml")))
        .collect();
    let key_line = good[..good.find("\"kpi.sales\" = \"100\"").unwrap()]
        .matches('\n')
        .count();
    let first = in_tests
        .iter()
        .find(|r| r["range"]["start"]["line"] == json!(key_line));
    let first = first.unwrap_or_else(|| panic!("{refs}"));
    let line = good.lines().nth(key_line).unwrap();
    let col = line.find("\"kpi.sales\"").unwrap() + 1;
    assert_eq!(first["range"]["start"]["character"], json!(col));
    assert_eq!(
        first["range"]["end"]["character"],
        json!(col + "kpi.sales".len())
    );
    c.stop();
}
