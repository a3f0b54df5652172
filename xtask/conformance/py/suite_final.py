"""Checks that move the mock's clock or reset it; they run after every other suite."""

from __future__ import annotations

import time
from typing import Any

from checklib import Runner, expect, expect_client_error, http_json, verify_cognito_jwt


def run(r: Runner, ctx: Any) -> None:
    from conformance import PASSWORD
    from suite_boto3 import password_auth

    c = ctx.client
    alice = ctx.username("expiry")
    base = ctx.endpoint.rstrip("/")
    advanced = {"seconds": 0}

    def advance(seconds: int) -> None:
        status, _, body = http_json("POST", f"{base}/_mock/clock", {"advanceSeconds": seconds})
        expect(200 <= status < 300, f"POST /_mock/clock answered {status}: {body!r}")
        advanced["seconds"] += seconds

    def prepare() -> None:
        ctx.need_mock_api()
        expect(ctx.pool_id is not None and ctx.client_id is not None, "no provisioned pool")
        c.admin_create_user(
            UserPoolId=ctx.pool_id, Username=alice, MessageAction="SUPPRESS",
            TemporaryPassword="Temp-Passw0rd!",
        )
        c.admin_set_user_password(UserPoolId=ctx.pool_id, Username=alice, Password=PASSWORD, Permanent=True)

    r.run("final.prepare", prepare)

    def access_expiry() -> str:
        auth = password_auth(c, ctx.client_id, alice, PASSWORD)["AuthenticationResult"]
        c.get_user(AccessToken=auth["AccessToken"])
        advance(3601)
        expect_client_error(
            lambda: c.get_user(AccessToken=auth["AccessToken"]),
            "NotAuthorizedException",
            "Access Token has expired",
        )
        fresh = c.initiate_auth(
            ClientId=ctx.client_id,
            AuthFlow="REFRESH_TOKEN_AUTH",
            AuthParameters={"REFRESH_TOKEN": auth["RefreshToken"]},
        )["AuthenticationResult"]
        _, _, jwks = http_json("GET", f"{ctx.issuer}/.well-known/jwks.json")
        claims = verify_cognito_jwt(
            fresh["AccessToken"], jwks, ctx.issuer, ctx.client_id, "access",
            now=time.time() + advanced["seconds"],
        )
        expect(claims["iat"] >= time.time() + 3600, "the new token's iat ignores the mock clock")
        c.get_user(AccessToken=fresh["AccessToken"])
        return "expired after 3601 s of mock time; refresh still works"

    r.run("mock.clock.access_token_expiry", access_expiry, needs=("final.prepare",))

    def code_expiry() -> None:
        user = ctx.username("late")
        c.sign_up(
            ClientId=ctx.client_id, Username=user, Password=PASSWORD,
            UserAttributes=[{"Name": "email", "Value": f"{user}@example.com"}],
        )
        code = ctx.latest_code(user)
        advance(24 * 3600 + 1)
        expect_client_error(
            lambda: c.confirm_sign_up(ClientId=ctx.client_id, Username=user, ConfirmationCode=code),
            "ExpiredCodeException",
            "Invalid code provided, please request a code again.",
        )

    r.run("mock.clock.confirmation_code_expiry", code_expiry, needs=("final.prepare",))

    def reset() -> None:
        ctx.need_mock_api()
        status, _, body = http_json("POST", f"{base}/_mock/reset", {})
        expect(200 <= status < 300, f"POST /_mock/reset answered {status}: {body!r}")
        expect_client_error(
            lambda: c.describe_user_pool(UserPoolId=ctx.pool_id), "ResourceNotFoundException"
        )
        # The outbox is empty (or, the pool being gone, the query is refused).
        from urllib.parse import urlencode

        query = urlencode({"username": alice, "userPoolId": ctx.pool_id})
        status, _, body = http_json("GET", f"{base}/_mock/codes?{query}")
        expect(
            (status == 200 and body == []) or 400 <= status < 500,
            f"outbox after reset: {status} {body!r}",
        )

    r.run("mock.reset", reset, needs=("final.prepare",))
