//! Property test for include confinement: whatever path an `include` entry holds, built from
//! `..`, `.`, folder names, links and absolute prefixes, loading never reads a file outside
//! the policy's folder, and no text of such a file ends up in a loaded source or a message.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use hrrules::policy::load_path;
use hrrules::Limits;
use proptest::prelude::*;

/// What every file outside the policy's folder (and every non-rule file inside) holds.
const MARKER: &str = "MARKER-outside-9c1e";

/// A tree, made once per test run:
///
/// ```text
/// T/secret.toml, T/secret.txt, T/outside/secret.toml   hold the marker
/// T/root/sub/ok.toml                                   a fine building block
/// T/root/sub/notes.txt                                 holds the marker (not a rule file)
/// T/root/sub/link_out.toml -> T/secret.toml            links leading out
/// T/root/link_dir -> T/outside
/// T/root/sub/inside.toml -> ok.toml                    a link that stays inside
/// ```
fn tree() -> &'static PathBuf {
    static TREE: OnceLock<PathBuf> = OnceLock::new();
    TREE.get_or_init(|| {
        let t = std::env::temp_dir().join(format!("hrrules-inc-prop-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&t);
        let root = t.join("root");
        std::fs::create_dir_all(root.join("sub")).unwrap();
        std::fs::create_dir_all(t.join("outside")).unwrap();
        let secret = format!("[params]\nleak = \"{MARKER}\"\n");
        for f in ["secret.toml", "secret.txt", "outside/secret.toml"] {
            std::fs::write(t.join(f), &secret).unwrap();
        }
        std::fs::write(root.join("sub/notes.txt"), &secret).unwrap();
        std::fs::write(root.join("sub/ok.toml"), "[params]\nok_rate = \"1%\"\n").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::symlink;
            symlink(t.join("secret.toml"), root.join("sub/link_out.toml")).unwrap();
            symlink(t.join("outside"), root.join("link_dir")).unwrap();
            symlink("ok.toml", root.join("sub/inside.toml")).unwrap();
        }
        t
    })
}

/// One include path: an optional absolute prefix, then components.
fn include_path() -> impl Strategy<Value = String> {
    let tree = tree().display().to_string();
    let prefix = prop_oneof![
        4 => Just(String::new()),
        1 => Just("/".to_string()),
        1 => Just(format!("{tree}/")),
        1 => Just(format!("{tree}/root/")),
        1 => Just("C:/".to_string()),
        1 => Just("\\\\".to_string()),
    ];
    let part = prop::sample::select(vec![
        "..",
        ".",
        "",
        "sub",
        "root",
        "outside",
        "link_dir",
        "secret.toml",
        "secret.txt",
        "notes.txt",
        "ok.toml",
        "link_out.toml",
        "inside.toml",
    ]);
    (prefix, prop::collection::vec(part, 1..7)).prop_map(|(p, parts)| p + &parts.join("/"))
}

fn toml_list(paths: &[String]) -> String {
    let quoted: Vec<String> = paths
        .iter()
        .map(|p| format!("\"{}\"", p.replace('\\', "\\\\")))
        .collect();
    quoted.join(", ")
}

/// Whether `file`, as a loaded source names it, is inside the policy's folder.
fn inside(file: &str, root: &Path) -> bool {
    std::fs::canonicalize(file).is_ok_and(|c| c.starts_with(std::fs::canonicalize(root).unwrap()))
}

proptest! {
    #![proptest_config(super::config())]

    #[test]
    fn includes_never_leave_the_tree(
        first in include_path(),
        nested in include_path(),
    ) {
        let root = tree().join("root");
        // A building block inside the tree includes the second path, one level down.
        let block = format!("[policy]\ninclude = [{}]\n", toml_list(&[nested]));
        std::fs::write(root.join("sub/nested.toml"), block).unwrap();
        let text = format!(
            "[policy]\nname = \"Hengkang\"\ninclude = [{}]\n",
            toml_list(&[first, "sub/nested.toml".into()])
        );
        let path = root.join("policy.toml");
        std::fs::write(&path, text).unwrap();

        let loaded = load_path(&path, &Limits::default());
        let mut shown = String::new();
        for d in loaded.diagnostics() {
            shown.push_str(&d.render(&loaded.sources));
        }
        prop_assert!(!shown.contains(MARKER), "{}", shown);
        for (_, f) in loaded.sources.files() {
            prop_assert!(!f.text().contains(MARKER), "{} was read", f.name());
            prop_assert!(inside(f.name(), &root), "{} is outside", f.name());
        }
        prop_assert!(loaded.def.params.iter().all(|p| p.name.name != "leak"));
    }
}
