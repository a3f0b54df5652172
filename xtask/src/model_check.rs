//! `cargo xtask model-check`: checks every proto type against botocore's
//! cognito-idp service model.
//!
//! botocore is installed from PyPI (pinned in xtask/conformance/requirements.txt)
//! into the ignored venv xtask/.venv; our script writes the model without its
//! documentation to target/botocore/cognito-idp-shapes.json, and the proto
//! crate's model tests (ignored in plain `cargo test`) run against it. Nothing
//! of botocore is committed.

use std::path::Path;
use std::process::Command;

use crate::{cargo, root, run};

pub fn model_check() -> Result<(), String> {
    let root = root();
    let python = crate::conformance::ensure_venv(false)?;
    let out = root.join("target/botocore/cognito-idp-shapes.json");
    if let Some(dir) = out.parent() {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    let mut extract = Command::new(&python);
    extract
        .arg(root.join("xtask/model/extract_shapes.py"))
        .arg(&out);
    run(extract)?;
    run_model_tests(&out)
}

fn run_model_tests(shapes: &Path) -> Result<(), String> {
    let mut test = cargo();
    test.args([
        "test",
        "-p",
        "cognito-auth-proto",
        "--test",
        "model_conformance",
        "--test",
        "fuzz",
        "--",
        "--include-ignored",
    ])
    .env("COGNITO_IDP_SHAPES", shapes);
    run(test)
}
