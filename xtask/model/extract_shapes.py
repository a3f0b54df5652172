"""Writes botocore's cognito-idp service model, without documentation, as JSON.

Usage: python extract_shapes.py OUT.json

botocore comes from PyPI (installed by `cargo xtask model-check` into an ignored
venv); nothing of it is committed. The Rust tests in
crates/cognito-auth-proto/tests/model_conformance.rs and fuzz.rs read OUT.json
through the COGNITO_IDP_SHAPES environment variable.
"""

import json
import sys

import botocore
from botocore.loaders import Loader

KEEP = ("type", "required", "sensitive", "enum", "document")


def flatten(shape):
    """Keeps what the tests use: type, required, sensitive, enum, document, and
    member/key/value shapes as plain shape names."""
    out = {k: shape[k] for k in KEEP if k in shape}
    if "members" in shape:
        out["members"] = {m: spec["shape"] for m, spec in shape["members"].items()}
    for k in ("member", "key", "value"):
        if k in shape:
            out[k] = shape[k]["shape"]
    return out


def main():
    out = sys.argv[1]
    model = Loader().load_service_model("cognito-idp", "service-2")
    operations = {}
    for name, op in model["operations"].items():
        entry = {"input": op["input"]["shape"]}
        if "output" in op:
            entry["output"] = op["output"]["shape"]
        operations[name] = entry
    doc = {
        "source": "botocore %s (PyPI) cognito-idp %s, documentation removed"
        % (botocore.__version__, model["metadata"].get("apiVersion")),
        "operations": operations,
        "shapes": {name: flatten(shape) for name, shape in model["shapes"].items()},
    }
    with open(out, "w", encoding="utf-8") as f:
        json.dump(doc, f, indent=1, sort_keys=True)
    print("wrote %s: %d operations, %d shapes" % (out, len(operations), len(doc["shapes"])))


if __name__ == "__main__":
    main()
