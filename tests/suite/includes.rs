//! Includes stay inside the policy's folder (and the folders an embedder allows), read only
//! regular `.toml` files, and can be served from memory; names are compared after NFKC.
//!
//! `tests/fixtures/includes/*.toml` are loaded from disk and their diagnostics rendered;
//! links, FIFOs and folders are made in a temporary folder at test time.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use hrrules::data::{self, DataFile};
use hrrules::policy::{load_path, load_path_in, load_source, Loaded, MemorySource, PolicyError};
use hrrules::Limits;
use hrrules::{evaluate_all, Binding};
use hrrules::{LoadOptions, Policy};

/// Text that the files outside the trees (and the non-rule files inside) hold: it must
/// never show in a message or a loaded source.
const MARKER: &str = "MARKER-";

/// The path relative to the package root, so snapshots do not depend on the checkout.
fn relative(path: &Path) -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

/// Every diagnostic, then the files read.
fn render(loaded: &Loaded) -> String {
    let mut out = String::new();
    for d in loaded.diagnostics() {
        out.push_str(&d.render(&loaded.sources));
        out.push('\n');
    }
    let files: Vec<&str> = loaded.sources.files().map(|(_, f)| f.name()).collect();
    let _ = writeln!(out, "files read: {}", files.join(", "));
    out
}

/// Neither a message nor a loaded file holds the marker.
fn assert_no_marker(loaded: &Loaded, shown: &str) {
    assert!(!shown.contains(MARKER), "{shown}");
    for (_, f) in loaded.sources.files() {
        assert!(!f.text().contains(MARKER), "{} was read", f.name());
    }
}

#[test]
fn fixtures() {
    insta::glob!("../fixtures/includes", "*.toml", |path| {
        let loaded = load_path(&relative(path), &Limits::default());
        let name = path.file_name().unwrap().to_string_lossy();
        let out = render(&loaded);
        assert_eq!(name.starts_with("err_"), !loaded.is_ok(), "{out}");
        assert_no_marker(&loaded, &out);
        insta::assert_snapshot!(out);
    });
}

/// A fresh folder under the system's temporary folder, for one test.
fn temp_dir(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("hrrules-inc-{}-{test}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("policy/sub")).unwrap();
    std::fs::write(
        dir.join("secret.toml"),
        "[inputs]\n\"MARKER-outside\" = \"money\"\n",
    )
    .unwrap();
    std::fs::write(dir.join("secret.txt"), "MARKER-outside-txt\n").unwrap();
    dir
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

/// A root rule file in `dir/policy` including `entries`.
fn root_including(dir: &Path, entries: &[&str]) -> PathBuf {
    let list: Vec<String> = entries.iter().map(|e| format!("{e:?}")).collect();
    let text = format!(
        "[policy]\nname = \"Hengkang sales\"\ninclude = [{}]\n",
        list.join(", ")
    );
    write(&dir.join("policy"), "sales.toml", &text)
}

/// Renders with the temporary folder's name replaced, for snapshots.
fn render_in(loaded: &Loaded, dir: &Path) -> String {
    render(loaded).replace(&dir.display().to_string(), "$TMP")
}

#[cfg(unix)]
#[test]
fn links_out_of_the_tree_are_refused() {
    use std::os::unix::fs::symlink;
    let dir = temp_dir("links");
    let policy = dir.join("policy");
    symlink(dir.join("secret.toml"), policy.join("sub/shared.toml")).unwrap();
    symlink("../secret.toml", policy.join("relative.toml")).unwrap();
    symlink(dir.join("secret.txt"), policy.join("notes.toml")).unwrap();
    symlink(&dir, policy.join("up")).unwrap();
    // A link named .toml inside the tree to a file that is not a rule file.
    write(&policy, "sub/readme.txt", "MARKER-readme\n");
    symlink("sub/readme.txt", policy.join("readme.toml")).unwrap();
    // A link inside the tree to a file inside the tree is fine.
    write(&policy, "base.toml", "[inputs]\nbase_salary = \"money\"\n");
    symlink("../base.toml", policy.join("sub/base_link.toml")).unwrap();
    let root = root_including(
        &dir,
        &[
            "sub/shared.toml",
            "relative.toml",
            "notes.toml",
            "up/secret.toml",
            "readme.toml",
            "sub/base_link.toml",
        ],
    );
    let loaded = load_path(&root, &Limits::default());
    let out = render_in(&loaded, &dir);
    assert_no_marker(&loaded, &out);
    assert_eq!(loaded.def.inputs.len(), 1, "{out}");
    insta::assert_snapshot!(out);
}

#[cfg(unix)]
#[test]
fn only_regular_files_are_read() {
    use std::os::unix::fs::symlink;
    let dir = temp_dir("special");
    let policy = dir.join("policy");
    let status = std::process::Command::new("mkfifo")
        .arg(policy.join("pipe.toml"))
        .status()
        .unwrap();
    assert!(status.success());
    std::fs::create_dir(policy.join("folder.toml")).unwrap();
    symlink("/dev/zero", policy.join("zero.toml")).unwrap();
    let root = root_including(&dir, &["pipe.toml", "folder.toml", "zero.toml"]);
    // A FIFO would block the open forever, /dev/zero would never end: both refused first.
    let loaded = load_path(&root, &Limits::default());
    let out = render_in(&loaded, &dir);
    insta::assert_snapshot!(out);

    // The same as the file given to load.
    let mut roots = String::new();
    for name in ["pipe.toml", "folder.toml", "zero.toml"] {
        let loaded = load_path(&policy.join(name), &Limits::default());
        roots.push_str(&render_in(&loaded, &dir));
    }
    symlink("sub/readme.txt", policy.join("readme.toml")).unwrap();
    write(&policy, "sub/readme.txt", "MARKER-readme\n");
    let loaded = load_path(&policy.join("readme.toml"), &Limits::default());
    assert_no_marker(&loaded, &render(&loaded));
    roots.push_str(&render_in(&loaded, &dir));
    let loaded = load_path(Path::new("/dev/zero"), &Limits::default());
    roots.push_str(&render(&loaded));
    insta::assert_snapshot!("only_regular_files_are_read_root", roots);
}

#[test]
fn a_growing_or_large_include_is_bounded() {
    let dir = temp_dir("large");
    let policy = dir.join("policy");
    let big = format!("[params]\nnote = \"{}\"\n", "工".repeat(100));
    write(&policy, "big.toml", &big);
    let root = root_including(&dir, &["big.toml"]);
    let limits = Limits {
        max_file_bytes: 200,
        ..Limits::default()
    };
    let loaded = load_path(&root, &limits);
    assert!(
        matches!(
            loaded.errors[..],
            [PolicyError::TooLarge {
                limit: 200,
                include: Some(_),
                ..
            }]
        ),
        "{}",
        render(&loaded)
    );
}

#[test]
fn extra_roots_are_allowed_only_when_given() {
    let dir = temp_dir("roots");
    std::fs::create_dir_all(dir.join("packs")).unwrap();
    write(
        &dir.join("packs"),
        "social_cn.toml",
        "[params]\nsocial_rate = \"10.5%\"\n",
    );
    let root = root_including(&dir, &["../packs/social_cn.toml"]);
    let refused = load_path(&root, &Limits::default());
    let allowed = load_path_in(&root, &[dir.join("packs")], &Limits::default());
    assert!(allowed.is_ok(), "{}", render(&allowed));
    assert_eq!(allowed.def.params[0].name.name, "social_rate");
    // A sibling folder of the allowed one is still outside.
    std::fs::create_dir_all(dir.join("other")).unwrap();
    write(&dir.join("other"), "x.toml", "[params]\n\"MARKER-x\" = 1\n");
    let root = root_including(&dir, &["../packs/social_cn.toml", "../other/x.toml"]);
    let sibling = load_path_in(&root, &[dir.join("packs")], &Limits::default());
    let out = render_in(&sibling, &dir);
    assert_no_marker(&sibling, &out);
    insta::assert_snapshot!(format!("{}\n{out}", render_in(&refused, &dir)));

    // Through the embedding API.
    let policy = LoadOptions::new()
        .allow_root(dir.join("packs"))
        .load(dir.join("policy/sales.toml"));
    assert!(policy.is_err(), "other/x.toml is still refused");
}

/// Includes served from memory: nothing is read from disk, and the same rules hold.
#[test]
fn memory_source_with_includes() {
    let files = MemorySource::new([
        (
            "sales.toml",
            "[policy]\nname = \"Hengkang sales\"\neffective = 2023-07-01\ninclude = [\"common/erp.toml\"]\n\n[values]\nbonus = \"base_salary * bonus_rate\"\n",
        ),
        (
            "common/erp.toml",
            "[policy]\ninclude = [\"../rates/2023.toml\"]\n\n[inputs]\nbase_salary = \"money\"\n",
        ),
        ("rates/2023.toml", "[params]\nbonus_rate = \"15%\"\n"),
    ]);
    let policy = Policy::from_sources(&files, "sales.toml").unwrap_or_else(|e| panic!("{e}"));
    let plan = policy.plan(policy.default_period().unwrap()).unwrap();
    let mut e004 = policy.inputs();
    e004.set_text("base_salary", "12000").unwrap();
    let figures = plan.evaluate(&e004).unwrap();
    assert_eq!(figures.get("bonus").unwrap().to_string(), "1800.00");

    // The text given alone, its includes from the store.
    let text = "[policy]\nname = \"x\"\ninclude = [\"common/erp.toml\"]\n";
    let p = LoadOptions::new().from_source("x.toml", text, Some(&files));
    assert!(p.is_ok(), "{}", p.unwrap_err());
    assert!(Policy::from_source("x.toml", text).is_err());

    let bad = MemorySource::new([(
        "t/a.toml",
        "[policy]\nname = \"A\"\ninclude = [\"../../etc/passwd.toml\", \"/etc/passwd\", \"b.txt\", \"missing.toml\", \"a.toml\"]\n",
    )]);
    let loaded = load_source(&bad, "t/a.toml", &Limits::default());
    insta::assert_snapshot!(render(&loaded));
}

/// Names equal after NFKC are one name: a formula, `Inputs::set` and a data column written
/// in full-width letters find the input `full`.
#[test]
fn full_width_names_find_their_input() {
    let rules = "[policy]\nname = \"Hengkang production\"\neffective = 2023-07-01\n\n[inputs]\nfull = \"number\"\n\n[values]\ndouble = \"ｆｕｌｌ * 2\"\n\n[outputs]\nshow = [\"ｄｏｕｂｌｅ\"]\n\n[[tests]]\nname = \"E004\"\ninputs = { \"ｆｕｌｌ\" = \"4\" }\nexpect = { \"ｄｏｕｂｌｅ\" = \"8\" }\n";
    let policy = Policy::from_source("fw.toml", rules).unwrap_or_else(|e| panic!("{e}"));
    let tests = hrrules::run_tests(&policy);
    assert!(tests.iter().all(|t| t.passed()), "{:?}", tests[0].failures);
    let plan = policy.plan(policy.default_period().unwrap()).unwrap();
    let mut inputs = policy.inputs();
    inputs.set_text("ｆｕｌｌ", "21").unwrap();
    assert_eq!(
        plan.evaluate(&inputs)
            .unwrap()
            .get("double")
            .unwrap()
            .to_string(),
        "42"
    );
    // An Excel export whose header was typed with a Chinese input method in full-width mode.
    let csv = "employee_id,ｆｕｌｌ\nE004,3\nE017,5\n";
    let file = DataFile::from_csv_str("hengkang.csv", csv).unwrap();
    let dataset = data::join(vec![file], "employee_id").unwrap();
    let binding = Binding::new(&policy, &dataset).unwrap();
    assert!(binding.unbound(&policy).is_empty());
    let mut got = Vec::new();
    evaluate_all((&plan, &binding), dataset.records(), |o| {
        let e = o.result.unwrap_or_else(|e| panic!("{e}"));
        got.push(format!("{} {}", o.employee, e.get("double").unwrap()));
    });
    assert_eq!(got, ["E004 6", "E017 10"]);
}
