"""Entry point of the Python conformance suites (run by `cargo xtask conformance`).

    python conformance.py --target target.json --out results.json \
        --provisioned provisioned.json --phase main|final

`target.json` (written by the xtask) names the server: `endpoint`, `region`, the default
`userPoolId` / `userPoolClientId` mock-cognito printed (absent for other servers), and
`mockApi` (whether `/_mock/codes`, `/_mock/clock` and `/_mock/reset` exist).

Phase `main` provisions a pool and an app client with boto3, writes their ids to
`provisioned.json` for the Amplify suite, and runs the boto3 and pycognito checks.
Phase `scenarios` creates the pools, clients and users of the sign-in step scenarios
(`suite_scenarios.py`) and writes them to the `--scenarios` file for the Amplify suite and
the Rust runner.
Phase `final` runs after every other suite: it moves the mock's clock and resets it,
which would disturb anything running later.
"""

from __future__ import annotations

import argparse
import json
import secrets
import sys
from dataclasses import dataclass, field
from typing import Any

import boto3
from botocore.config import Config

import checklib
import suite_boto3
import suite_final
import suite_pycognito
import suite_scenarios

PASSWORD = "Correct-Horse-9!"


@dataclass
class Context:
    endpoint: str
    region: str
    mock_api: bool
    default_pool_id: str | None
    default_client_id: str | None
    run_id: str
    client: Any
    pool_id: str | None = None
    client_id: str | None = None
    # username -> password for users created so far
    users: dict[str, str] = field(default_factory=dict)
    # results of earlier checks that later ones build on
    tokens: dict[str, Any] = field(default_factory=dict)
    jwks: dict[str, Any] | None = None

    @property
    def issuer(self) -> str:
        return f"{self.endpoint.rstrip('/')}/{self.pool_id}"

    def username(self, role: str) -> str:
        return f"conf-{self.run_id}-{role}"

    def need_mock_api(self) -> None:
        if not self.mock_api:
            raise checklib.Skip("the server has no /_mock API")

    def codes(self, username: str, pool_id: str | None = None) -> list[dict[str, Any]]:
        """The mock's outbox for one user, oldest first."""
        from urllib.parse import urlencode

        self.need_mock_api()
        query = urlencode({"username": username, "userPoolId": pool_id or self.pool_id})
        status, _, body = checklib.http_json("GET", f"{self.endpoint.rstrip('/')}/_mock/codes?{query}")
        checklib.expect_eq(status, 200, "GET /_mock/codes status")
        checklib.expect(isinstance(body, list), f"/_mock/codes did not return an array: {body!r}")
        return body

    def latest_code(self, username: str) -> str:
        entries = self.codes(username)
        checklib.expect(len(entries) > 0, f"no code in the outbox for {username}")
        return str(entries[-1]["code"])


def boto_client(endpoint: str, region: str) -> Any:
    return boto3.client(
        "cognito-idp",
        endpoint_url=endpoint,
        region_name=region,
        # Admin actions are SigV4-signed; the server accepts any signature.
        aws_access_key_id="AKIDCONFORMANCE",
        aws_secret_access_key="conformance-secret",
        config=Config(retries={"max_attempts": 1, "mode": "standard"}),
    )


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--target", required=True)
    ap.add_argument("--provisioned", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--phase", choices=["main", "scenarios", "final"], default="main")
    ap.add_argument("--scenarios", help="phase scenarios: where to write the scenarios file")
    args = ap.parse_args()

    with open(args.target, encoding="utf-8") as f:
        target = json.load(f)
    ctx = Context(
        endpoint=target["endpoint"],
        region=target.get("region") or "us-east-1",
        mock_api=bool(target.get("mockApi")),
        default_pool_id=target.get("userPoolId"),
        default_client_id=target.get("userPoolClientId"),
        run_id=secrets.token_hex(4),
        client=boto_client(target["endpoint"], target.get("region") or "us-east-1"),
    )

    if args.phase == "main":
        runner = checklib.Runner("python")
        suite_boto3.run(runner, ctx)
        with open(args.provisioned, "w", encoding="utf-8") as f:
            json.dump({"userPoolId": ctx.pool_id, "userPoolClientId": ctx.client_id}, f)
        suite_pycognito.run(runner, ctx)
    else:
        with open(args.provisioned, encoding="utf-8") as f:
            prov = json.load(f)
        ctx.pool_id, ctx.client_id = prov.get("userPoolId"), prov.get("userPoolClientId")
        if args.phase == "scenarios":
            if not args.scenarios:
                ap.error("--phase scenarios needs --scenarios FILE")
            runner = checklib.Runner("python-scenarios")
            suite_scenarios.run(runner, ctx, args.scenarios)
        else:
            runner = checklib.Runner("python-final")
            suite_final.run(runner, ctx)
    runner.write(args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
