"""pycognito checks: real SRP sign-in (USER_SRP_AUTH + PASSWORD_VERIFIER computed by
pycognito), a wrong password and an unknown user refused, and pycognito's own high-level
`Cognito` object, which verifies the tokens against the pool's JWKS at `{endpoint}/{pool}`,
refreshes them and signs out globally."""

from __future__ import annotations

from typing import Any

from pycognito import Cognito
from pycognito.aws_srp import AWSSRP

from checklib import Runner, expect, expect_client_error, expect_eq, verify_cognito_jwt

INCORRECT = "Incorrect username or password."


def run(r: Runner, ctx: Any) -> None:
    from conformance import PASSWORD

    alice = ctx.username("alice")
    confirmed = ("boto3.user_confirmed",)

    def srp(username: str, password: str) -> dict[str, Any]:
        return AWSSRP(
            username=username,
            password=password,
            pool_id=ctx.pool_id,
            client_id=ctx.client_id,
            client=ctx.client,
        ).authenticate_user()

    def srp_sign_in() -> str:
        res = srp(alice, PASSWORD)
        auth = res.get("AuthenticationResult") or {}
        expect(auth.get("AccessToken") and auth.get("RefreshToken"), f"no tokens: {sorted(res)}")
        if ctx.jwks is not None:
            verify_cognito_jwt(auth["AccessToken"], ctx.jwks, ctx.issuer, ctx.client_id, "access")
            verify_cognito_jwt(auth["IdToken"], ctx.jwks, ctx.issuer, ctx.client_id, "id")
            return "tokens verified against the JWKS"
        return "tokens issued (JWKS check failed earlier)"

    r.run("pycognito.srp_sign_in", srp_sign_in, needs=confirmed)

    def srp_wrong() -> None:
        expect_client_error(lambda: srp(alice, "Wrong-Horse-9!"), "NotAuthorizedException", INCORRECT)

    r.run("pycognito.srp_wrong_password", srp_wrong, needs=confirmed)

    def srp_unknown() -> None:
        # PreventUserExistenceErrors=ENABLED: a plausible challenge, then the same refusal.
        expect_client_error(lambda: srp(alice + "-nobody", PASSWORD), "NotAuthorizedException", INCORRECT)

    r.run("pycognito.srp_unknown_user", srp_unknown, needs=("boto3.create_user_pool_client",))

    def high_level() -> str:
        u = Cognito(
            ctx.pool_id,
            ctx.client_id,
            username=alice,
            user_pool_region=ctx.region,
            boto3_client_kwargs={
                "endpoint_url": ctx.endpoint,
                "aws_access_key_id": "AKIDCONFORMANCE",
                "aws_secret_access_key": "conformance-secret",
            },
        )
        expect_eq(u.user_pool_url, ctx.issuer, "pycognito's idea of the issuer")
        u.authenticate(password=PASSWORD)  # SRP, then verify_token on both tokens (JWKS)
        expect_eq(u.access_claims.get("username"), alice, "access token username")
        expect_eq(u.id_claims.get("cognito:username"), alice, "id token cognito:username")
        first_access = u.access_token
        user = u.get_user()
        expect_eq(getattr(user, "email", None), f"{alice}@example.com", "get_user email")
        u.renew_access_token()  # REFRESH_TOKEN_AUTH, verified again
        expect(u.access_token != first_access, "renew_access_token returned the same token")
        renewed = u.access_token
        u.logout()  # GlobalSignOut
        expect_client_error(
            lambda: ctx.client.get_user(AccessToken=renewed),
            "NotAuthorizedException",
            "Access Token has been revoked",
        )
        return "authenticate, get_user, renew_access_token, logout"

    r.run("pycognito.cognito_object", high_level, needs=confirmed)
