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

use std::process::Command;

use crate::{cargo, root, run};

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
    // pycognito and amazon-cognito-identity-js come pinned in
    // xtask/conformance/requirements.txt and package.json (one install for every task).
    let python = crate::conformance::ensure_venv(false)?;
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
        let node_dir = crate::conformance::ensure_node()?;
        gen_cmd.arg("--node-dir").arg(node_dir);
    }
    run(gen_cmd)?;

    let mut test = cargo();
    test.args(["test", "-p", "cognito-auth-srp", "--test", "vectors"]);
    run(test)
}
