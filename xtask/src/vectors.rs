//! `cargo xtask vectors`: regenerates the SRP vector files of
//! cognito-auth-srp with independent implementations from package registries.
//!
//! * pycognito (PyPI) into the ignored venv `xtask/.venv`;
//! * amazon-cognito-identity-js (npm) into the ignored folder `xtask/.node`.
//!
//! Our generator (`xtask/vectors/gen_vectors.py`, which drives pycognito in
//! process and the npm library through `xtask/vectors/drive_cognito_identity_js.js`)
//! writes `crates/cognito-auth-srp/tests/vectors/{pycognito,amazon-cognito-identity-js}.json`;
//! then the crate's vector test runs over every file. Only the JSON and our
//! scripts are committed, never the libraries.
//!
//! Options: `--skip-js` (no Node.js needed), `--count N` (vectors per library).

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::{cargo, root, run};

/// Pinned so that regenerating reproduces the committed files.
pub(crate) const PYCOGNITO: &str = "pycognito==2024.5.1";
const IDENTITY_JS: &str = "amazon-cognito-identity-js@6.3.21";

pub(crate) fn vectors(args: &[String]) -> Result<(), String> {
    let mut skip_js = false;
    let mut count: Option<String> = None;
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--skip-js" => skip_js = true,
            "--count" => count = Some(it.next().ok_or("--count needs a number")?.clone()),
            other => return Err(format!("vectors: unknown option `{other}`")),
        }
    }
    let root = root();
    let python = python_venv(&root, &[PYCOGNITO])?;
    let mut gen_cmd = Command::new(&python);
    gen_cmd
        .current_dir(&root)
        .arg(root.join("xtask/vectors/gen_vectors.py"))
        .arg("--out-dir")
        .arg(root.join("crates/cognito-auth-srp/tests/vectors"));
    if let Some(n) = count {
        gen_cmd.args(["--count", &n]);
    }
    if !skip_js {
        let node_dir = node_install(&root)?;
        gen_cmd.arg("--node-dir").arg(node_dir);
    }
    run(gen_cmd)?;

    let mut test = cargo();
    test.args(["test", "-p", "cognito-auth-srp", "--test", "vectors"]);
    run(test)
}

/// Makes `xtask/.venv` (if needed) and installs the pinned `packages` into it
/// (only those not already at that version). Returns the venv's python.
pub(crate) fn python_venv(root: &Path, packages: &[&str]) -> Result<PathBuf, String> {
    let venv = root.join("xtask/.venv");
    let python = venv.join("bin/python");
    if !python.exists() {
        let mut mk = Command::new(std::env::var("PYTHON").unwrap_or_else(|_| "python3".into()));
        mk.arg("-m").arg("venv").arg(&venv);
        run(mk).map_err(|e| format!("{e} (is python3 with the venv module installed?)"))?;
    }
    let missing: Vec<&str> = packages
        .iter()
        .copied()
        .filter(|spec| !installed(&python, spec))
        .collect();
    if !missing.is_empty() {
        let mut pip = Command::new(&python);
        pip.args(["-m", "pip", "install", "--disable-pip-version-check", "-q"])
            .args(&missing);
        run(pip)?;
    }
    Ok(python)
}

/// True when `name==version` is installed in the venv of `python`.
fn installed(python: &Path, spec: &str) -> bool {
    let Some((name, version)) = spec.split_once("==") else {
        return false;
    };
    Command::new(python)
        .args([
            "-c",
            "import sys, importlib.metadata as m; print(m.version(sys.argv[1]))",
            name,
        ])
        .output()
        .is_ok_and(|o| o.status.success() && String::from_utf8_lossy(&o.stdout).trim() == version)
}

/// Installs the pinned amazon-cognito-identity-js into `xtask/.node`.
fn node_install(root: &Path) -> Result<PathBuf, String> {
    let dir = root.join("xtask/.node");
    let marker = dir.join("node_modules/amazon-cognito-identity-js/package.json");
    let wanted = IDENTITY_JS.rsplit_once('@').map(|(_, v)| v).unwrap_or("");
    let have = std::fs::read_to_string(&marker).unwrap_or_default();
    if !have.contains(&format!("\"version\": \"{wanted}\"")) {
        std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        let manifest = dir.join("package.json");
        if !manifest.exists() {
            std::fs::write(&manifest, "{ \"private\": true }\n")
                .map_err(|e| format!("{}: {e}", manifest.display()))?;
        }
        let mut npm = Command::new("npm");
        npm.current_dir(&dir).args([
            "install",
            "--no-audit",
            "--no-fund",
            "--save-exact",
            IDENTITY_JS,
        ]);
        run(npm).map_err(|e| format!("{e} (install Node.js and npm, or pass --skip-js)"))?;
    }
    Ok(dir)
}
