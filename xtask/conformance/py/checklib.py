"""Small check framework shared by the Python conformance suites.

A check is a named function run by `Runner.run`; it passes by returning (optionally a
short detail string), fails by raising, and is skipped when a check it needs did not
pass or when the target lacks something it relies on (`Skip`). Results are written as
JSON for `cargo xtask conformance`, which prints the combined summary.
"""

from __future__ import annotations

import base64
import json
import sys
import time
import traceback
import urllib.error
import urllib.request
from typing import Any, Callable

import botocore.exceptions
import jwt


class CheckFailed(Exception):
    """A check's expectation did not hold."""


class Skip(Exception):
    """The check cannot run against this target (said why)."""


class Runner:
    def __init__(self, suite: str) -> None:
        self.suite = suite
        self.results: list[dict[str, Any]] = []
        self.status: dict[str, str] = {}

    def run(self, name: str, fn: Callable[[], Any], needs: tuple[str, ...] = ()) -> bool:
        missing = [n for n in needs if self.status.get(n) != "pass"]
        if missing:
            return self._record(name, "skip", "needs " + ", ".join(missing), 0.0)
        start = time.monotonic()
        try:
            detail = fn()
            status = "pass"
            detail = "" if detail is None else str(detail)
        except Skip as e:
            status, detail = "skip", str(e)
        except CheckFailed as e:
            status, detail = "fail", str(e)
        except botocore.exceptions.ClientError as e:
            err = e.response.get("Error", {})
            status = "fail"
            detail = f"unexpected {err.get('Code')}: {err.get('Message')!r} ({_where(e)})"
        except Exception as e:  # noqa: BLE001 - every other failure is reported, not raised
            status, detail = "fail", f"{type(e).__name__}: {e} ({_where(e)})"
        return self._record(name, status, detail, (time.monotonic() - start) * 1000.0)

    def _record(self, name: str, status: str, detail: str, ms: float) -> bool:
        self.status[name] = status
        self.results.append({"name": name, "status": status, "detail": detail, "ms": round(ms, 1)})
        line = f"  {status:<4}  {name}"
        if detail:
            line += f"  — {detail}"
        print(line, file=sys.stderr, flush=True)
        return status == "pass"

    def write(self, path: str, extra: dict[str, Any] | None = None) -> None:
        doc = {"suite": self.suite, "checks": self.results}
        if extra:
            doc.update(extra)
        with open(path, "w", encoding="utf-8") as f:
            json.dump(doc, f, indent=2)


def _where(e: BaseException) -> str:
    tb = traceback.extract_tb(e.__traceback__)
    ours = [f for f in tb if "/conformance/py/" in f.filename]
    frame = (ours or tb or [None])[-1]
    if frame is None:
        return "no traceback"
    return f"{frame.filename.rsplit('/', 1)[-1]}:{frame.lineno}"


def expect(cond: bool, message: str) -> None:
    if not cond:
        raise CheckFailed(message)


def expect_eq(got: Any, want: Any, what: str) -> None:
    if got != want:
        raise CheckFailed(f"{what}: expected {want!r}, got {got!r}")


def expect_client_error(
    fn: Callable[[], Any], code: str, message: str | None = None
) -> botocore.exceptions.ClientError:
    """Calls `fn` and requires a botocore ClientError with this code (and exact message)."""
    try:
        fn()
    except botocore.exceptions.ClientError as e:
        err = e.response.get("Error", {})
        got_code, got_msg = err.get("Code"), err.get("Message")
        if got_code != code or (message is not None and got_msg != message):
            want = code if message is None else f"{code} {message!r}"
            raise CheckFailed(f"expected {want}, got {got_code} {got_msg!r}") from None
        return e
    raise CheckFailed(f"expected {code}, but the call succeeded")


def http_json(
    method: str, url: str, body: Any = None, headers: dict[str, str] | None = None
) -> tuple[int, dict[str, str], Any]:
    """Plain HTTP with a JSON body; returns (status, lower-cased headers, parsed body)."""
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    if data is not None and "Content-Type" not in (headers or {}):
        req.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            status, hdrs, raw = resp.status, dict(resp.headers), resp.read()
    except urllib.error.HTTPError as e:
        status, hdrs, raw = e.code, dict(e.headers), e.read()
    hdrs = {k.lower(): v for k, v in hdrs.items()}
    try:
        parsed = json.loads(raw) if raw else None
    except ValueError:
        parsed = raw.decode("utf-8", "replace")
    return status, hdrs, parsed


def cognito_call(endpoint: str, action: str, body: dict[str, Any]) -> tuple[int, dict[str, str], Any]:
    """An unsigned Cognito call on the wire, as Amplify makes it."""
    return http_json(
        "POST",
        endpoint.rstrip("/") + "/",
        body,
        {
            "Content-Type": "application/x-amz-json-1.1",
            "X-Amz-Target": f"AWSCognitoIdentityProviderService.{action}",
        },
    )


def b64url_json(segment: str) -> dict[str, Any]:
    return json.loads(base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4)))


def verify_cognito_jwt(
    token: str,
    jwks: dict[str, Any],
    issuer: str,
    client_id: str,
    token_use: str,
    now: float | None = None,
) -> dict[str, Any]:
    """Verifies a Cognito access or ID token the way AWS documents it: RS256 signature
    by `kid` from the pool's JWKS, `iss`, `exp`, `token_use`, and `aud` (ID token) or
    `client_id` (access token, which has no `aud`). Returns the claims."""
    header = jwt.get_unverified_header(token)
    expect_eq(header.get("alg"), "RS256", f"{token_use} token alg")
    kid = header.get("kid")
    keys = [k for k in jwks.get("keys", []) if k.get("kid") == kid]
    expect(len(keys) == 1, f"{token_use} token kid {kid!r} is not in the JWKS")
    key = jwt.PyJWK(keys[0]).key
    # The mock's clock may have been advanced (POST /_mock/clock): judge exp and iat
    # against the time the caller says it is, not this machine's.
    claims = jwt.decode(
        token,
        key,
        algorithms=["RS256"],
        issuer=issuer,
        audience=client_id if token_use == "id" else None,
        options={
            "require": ["exp", "iat", "iss", "sub", "token_use"],
            "verify_aud": token_use == "id",
            "verify_exp": False,
            "verify_iat": False,
        },
    )
    t = time.time() if now is None else now
    expect(claims["exp"] > t, f"{token_use} token expired: exp {claims['exp']} <= now {int(t)}")
    expect_eq(claims.get("token_use"), token_use, "token_use")
    if token_use == "access":
        expect_eq(claims.get("client_id"), client_id, "access token client_id")
        expect("aud" not in claims, "access token carries aud (Cognito's have client_id only)")
        expect("username" in claims, "access token has no username claim")
    else:
        expect("cognito:username" in claims, "ID token has no cognito:username claim")
    for claim in ("jti", "origin_jti", "auth_time"):
        expect(claim in claims, f"{token_use} token has no {claim} claim")
    return claims
