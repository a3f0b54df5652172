"""boto3 checks: provisioning, sign-up and confirmation, password sign-in, tokens verified
against the JWKS, refresh (both ways), RevokeToken, GlobalSignOut, the error shape, groups
and their token claims."""

from __future__ import annotations

import re
from typing import Any, Callable

from checklib import (
    Runner,
    Skip,
    cognito_call,
    expect,
    expect_client_error,
    expect_eq,
    http_json,
    verify_cognito_jwt,
)

ALL_FLOWS = [
    "ALLOW_USER_SRP_AUTH",
    "ALLOW_USER_PASSWORD_AUTH",
    "ALLOW_REFRESH_TOKEN_AUTH",
    "ALLOW_ADMIN_USER_PASSWORD_AUTH",
    "ALLOW_CUSTOM_AUTH",
]
UUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
POOL_ID_RE = re.compile(r"^[\w-]+_[0-9a-zA-Z]+$")
WRONG_PASSWORD = "Wrong-Horse-9!"
INCORRECT = "Incorrect username or password."
REVOKED = "Access Token has been revoked"


def run(r: Runner, ctx: Any) -> None:
    from conformance import PASSWORD

    c = ctx.client
    alice, bob, admin = ctx.username("alice"), ctx.username("bob"), ctx.username("admin")

    def default_pool() -> str:
        if not ctx.default_pool_id or not ctx.default_client_id:
            raise Skip("the server printed no default pool")
        pool = c.describe_user_pool(UserPoolId=ctx.default_pool_id)["UserPool"]
        expect_eq(pool["Id"], ctx.default_pool_id, "DescribeUserPool Id")
        expect(
            ctx.default_pool_id.startswith(ctx.region + "_"),
            f"pool id {ctx.default_pool_id} does not start with the region",
        )
        client = c.describe_user_pool_client(
            UserPoolId=ctx.default_pool_id, ClientId=ctx.default_client_id
        )["UserPoolClient"]
        flows = set(client.get("ExplicitAuthFlows", []))
        missing = set(ALL_FLOWS + ["ALLOW_USER_AUTH"]) - flows
        expect(not missing, f"default client lacks flows {sorted(missing)}")
        expect("ClientSecret" not in client, "default client has a secret (it must be public)")
        return f"{ctx.default_pool_id}, client allows {len(flows)} flows"

    r.run("boto3.default_pool", default_pool)

    def create_pool() -> str:
        pool = c.create_user_pool(
            PoolName=f"conformance-{ctx.run_id}",
            AutoVerifiedAttributes=["email"],
            Policies={
                "PasswordPolicy": {
                    "MinimumLength": 8,
                    "RequireUppercase": True,
                    "RequireLowercase": True,
                    "RequireNumbers": True,
                    "RequireSymbols": True,
                }
            },
        )["UserPool"]
        expect(POOL_ID_RE.match(pool["Id"]) is not None, f"pool id {pool['Id']!r}")
        expect(pool["Id"].startswith(ctx.region + "_"), f"pool id {pool['Id']} lacks the region")
        expect_eq(pool.get("Name"), f"conformance-{ctx.run_id}", "pool Name")
        ctx.pool_id = pool["Id"]
        described = c.describe_user_pool(UserPoolId=ctx.pool_id)["UserPool"]
        expect_eq(described.get("AutoVerifiedAttributes"), ["email"], "AutoVerifiedAttributes")
        return ctx.pool_id

    r.run("boto3.create_user_pool", create_pool)

    def create_client() -> str:
        client = c.create_user_pool_client(
            UserPoolId=ctx.pool_id,
            ClientName="conformance",
            GenerateSecret=False,
            ExplicitAuthFlows=ALL_FLOWS,
            EnableTokenRevocation=True,
            PreventUserExistenceErrors="ENABLED",
        )["UserPoolClient"]
        ctx.client_id = client["ClientId"]
        expect("ClientSecret" not in client, "a secret was generated though GenerateSecret=False")
        described = c.describe_user_pool_client(UserPoolId=ctx.pool_id, ClientId=ctx.client_id)[
            "UserPoolClient"
        ]
        expect_eq(set(described.get("ExplicitAuthFlows", [])), set(ALL_FLOWS), "ExplicitAuthFlows")
        expect_eq(described.get("EnableTokenRevocation"), True, "EnableTokenRevocation")
        return ctx.client_id

    r.run("boto3.create_user_pool_client", create_client, needs=("boto3.create_user_pool",))
    provisioned = ("boto3.create_user_pool_client",)

    def admin_create_user() -> str:
        user = c.admin_create_user(
            UserPoolId=ctx.pool_id,
            Username=admin,
            TemporaryPassword="Temp-Passw0rd!",
            MessageAction="SUPPRESS",
            UserAttributes=[
                {"Name": "email", "Value": f"{admin}@example.com"},
                {"Name": "email_verified", "Value": "true"},
            ],
        )["User"]
        expect_eq(user.get("UserStatus"), "FORCE_CHANGE_PASSWORD", "UserStatus after AdminCreateUser")
        expect_eq(user.get("Enabled"), True, "Enabled")
        c.admin_set_user_password(
            UserPoolId=ctx.pool_id, Username=admin, Password=PASSWORD, Permanent=True
        )
        got = c.admin_get_user(UserPoolId=ctx.pool_id, Username=admin)
        expect_eq(got.get("UserStatus"), "CONFIRMED", "UserStatus after AdminSetUserPassword")
        ctx.users[admin] = PASSWORD
        return admin

    r.run("boto3.admin_create_user", admin_create_user, needs=provisioned)

    def admin_initiate_auth() -> None:
        res = c.admin_initiate_auth(
            UserPoolId=ctx.pool_id,
            ClientId=ctx.client_id,
            AuthFlow="ADMIN_USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": admin, "PASSWORD": PASSWORD},
        )
        expect("AuthenticationResult" in res, f"no tokens: {sorted(res)}")

    r.run("boto3.admin_initiate_auth", admin_initiate_auth, needs=("boto3.admin_create_user",))

    def disabled_user() -> None:
        c.admin_disable_user(UserPoolId=ctx.pool_id, Username=admin)
        expect_client_error(
            lambda: password_auth(c, ctx.client_id, admin, PASSWORD),
            "NotAuthorizedException",
            "User is disabled.",
        )
        c.admin_enable_user(UserPoolId=ctx.pool_id, Username=admin)
        expect("AuthenticationResult" in password_auth(c, ctx.client_id, admin, PASSWORD), "no tokens")

    r.run("boto3.disabled_user_refused", disabled_user, needs=("boto3.admin_create_user",))

    signup: dict[str, Any] = {}

    def sign_up() -> str:
        res = c.sign_up(
            ClientId=ctx.client_id,
            Username=alice,
            Password=PASSWORD,
            UserAttributes=[{"Name": "email", "Value": f"{alice}@example.com"}],
        )
        signup.update(res)
        ctx.users[alice] = PASSWORD
        expect_eq(res.get("UserConfirmed"), False, "UserConfirmed")
        expect(UUID_RE.match(res.get("UserSub", "")) is not None, f"UserSub {res.get('UserSub')!r}")
        expect_eq(
            c.admin_get_user(UserPoolId=ctx.pool_id, Username=alice).get("UserStatus"),
            "UNCONFIRMED",
            "UserStatus after SignUp",
        )
        return f"sub {res['UserSub']}"

    r.run("boto3.sign_up", sign_up, needs=provisioned)

    def delivery_details() -> str:
        details = signup.get("CodeDeliveryDetails") or {}
        expect_eq(details.get("DeliveryMedium"), "EMAIL", "CodeDeliveryDetails.DeliveryMedium")
        expect_eq(details.get("AttributeName"), "email", "CodeDeliveryDetails.AttributeName")
        dest = details.get("Destination", "")
        expect("***" in dest and alice not in dest, f"destination not masked: {dest!r}")
        return f"code sent to {dest}"

    r.run("boto3.sign_up.code_delivery_details", delivery_details, needs=("boto3.sign_up",))

    r.run(
        "boto3.sign_up.password_policy",
        refused(
            lambda: c.sign_up(ClientId=ctx.client_id, Username=bob + "-weak", Password="Ab1!x"),
            "InvalidPasswordException",
            "Password did not conform with policy: Password not long enough",
        ),
        needs=provisioned,
    )
    r.run(
        "boto3.sign_up.username_exists",
        refused(
            lambda: c.sign_up(ClientId=ctx.client_id, Username=alice, Password=PASSWORD),
            "UsernameExistsException",
            "User already exists",
        ),
        needs=("boto3.sign_up",),
    )
    r.run(
        "boto3.sign_in.unconfirmed_refused",
        refused(
            lambda: password_auth(c, ctx.client_id, alice, PASSWORD),
            "UserNotConfirmedException",
            "User is not confirmed.",
        ),
        needs=("boto3.sign_up",),
    )

    def outbox() -> str:
        entries = ctx.codes(alice)
        expect(len(entries) >= 1, "no code in the outbox after SignUp")
        e = entries[-1]
        fields = {"userPoolId", "username", "code", "purpose", "medium", "destination", "sentAt"}
        expect(not (fields - set(e)), f"outbox entry lacks {sorted(fields - set(e))}: {e}")
        expect_eq(e["userPoolId"], ctx.pool_id, "outbox userPoolId")
        expect_eq(e["username"], alice, "outbox username")
        expect(re.fullmatch(r"\d{6}", str(e["code"])) is not None, f"code {e['code']!r} is not 6 digits")
        expect_eq(str(e["medium"]).upper(), "EMAIL", "outbox medium")
        return f"purpose {e['purpose']!r}, {len(entries)} entr{'y' if len(entries) == 1 else 'ies'}"

    r.run("mock.codes.sign_up", outbox, needs=("boto3.sign_up",))

    def wrong_code() -> None:
        real = ctx.latest_code(alice) if ctx.mock_api else "000000"
        wrong = f"{(int(real) + 1) % 1_000_000:06d}"
        expect_client_error(
            lambda: c.confirm_sign_up(ClientId=ctx.client_id, Username=alice, ConfirmationCode=wrong),
            "CodeMismatchException",
            "Invalid verification code provided, please try again.",
        )

    r.run("boto3.confirm_sign_up.wrong_code", wrong_code, needs=("boto3.sign_up",))

    def confirm() -> str:
        code = ctx.latest_code(alice)
        # This client does not allow USER_AUTH, so real Cognito starts no auto sign-in
        # chain: SignUp returns no Session (aws/aws-sdk-js-v3#6724) and neither does
        # ConfirmSignUp. The chain itself is exercised by the scenario suites.
        expect("Session" not in signup, "SignUp returned a Session to a client without ALLOW_USER_AUTH")
        res = c.confirm_sign_up(ClientId=ctx.client_id, Username=alice, ConfirmationCode=code)
        expect("Session" not in res, "ConfirmSignUp returned a Session without one passed in")
        return "outbox code accepted; no Session without ALLOW_USER_AUTH"

    r.run("boto3.confirm_sign_up", confirm, needs=("mock.codes.sign_up",))

    def confirmed() -> str:
        status = c.admin_get_user(UserPoolId=ctx.pool_id, Username=alice).get("UserStatus")
        how = "ConfirmSignUp"
        if status != "CONFIRMED" and not ctx.mock_api:
            c.admin_confirm_sign_up(UserPoolId=ctx.pool_id, Username=alice)
            status = c.admin_get_user(UserPoolId=ctx.pool_id, Username=alice).get("UserStatus")
            how = "AdminConfirmSignUp (no /_mock API to read the code)"
        expect_eq(status, "CONFIRMED", "UserStatus")
        return f"confirmed by {how}"

    r.run("boto3.user_confirmed", confirmed, needs=("boto3.sign_up",))
    confirmed_alice = ("boto3.user_confirmed",)

    r.run(
        "boto3.confirm_sign_up.already_confirmed",
        refused(
            lambda: c.confirm_sign_up(
                ClientId=ctx.client_id, Username=alice, ConfirmationCode="123456"
            ),
            "NotAuthorizedException",
            "User cannot be confirmed. Current status is CONFIRMED",
        ),
        needs=confirmed_alice,
    )

    def resend() -> str:
        c.sign_up(
            ClientId=ctx.client_id,
            Username=bob,
            Password=PASSWORD,
            UserAttributes=[{"Name": "email", "Value": f"{bob}@example.com"}],
        )
        ctx.users[bob] = PASSWORD
        res = c.resend_confirmation_code(ClientId=ctx.client_id, Username=bob)
        details = res.get("CodeDeliveryDetails") or {}
        expect_eq(details.get("DeliveryMedium"), "EMAIL", "DeliveryMedium")
        if not ctx.mock_api:
            return "resent (outbox not checked: no /_mock API)"
        entries = ctx.codes(bob)
        expect(len(entries) >= 2, f"expected 2 codes after a resend, found {len(entries)}")
        c.confirm_sign_up(ClientId=ctx.client_id, Username=bob, ConfirmationCode=str(entries[-1]["code"]))
        expect_client_error(
            lambda: c.resend_confirmation_code(ClientId=ctx.client_id, Username=bob),
            "InvalidParameterException",
            "User is already confirmed.",
        )
        return "second code confirmed the user"

    r.run("boto3.resend_confirmation_code", resend, needs=provisioned)

    def sign_in() -> str:
        res = password_auth(c, ctx.client_id, alice, PASSWORD)
        auth = res.get("AuthenticationResult") or {}
        for k in ("AccessToken", "IdToken", "RefreshToken"):
            expect(isinstance(auth.get(k), str) and auth[k], f"AuthenticationResult lacks {k}")
        expect_eq(auth.get("TokenType"), "Bearer", "TokenType")
        expect_eq(auth.get("ExpiresIn"), 3600, "ExpiresIn")
        expect("ChallengeName" not in res, f"unexpected challenge {res.get('ChallengeName')}")
        ctx.tokens["alice"] = auth
        return "tokens issued"

    r.run("boto3.user_password_auth", sign_in, needs=confirmed_alice)
    signed_in = ("boto3.user_password_auth",)

    r.run(
        "boto3.user_password_auth.wrong_password",
        refused(
            lambda: password_auth(c, ctx.client_id, alice, WRONG_PASSWORD),
            "NotAuthorizedException",
            INCORRECT,
        ),
        needs=confirmed_alice,
    )
    r.run(
        "boto3.user_password_auth.unknown_user",
        refused(
            lambda: password_auth(c, ctx.client_id, alice + "-nobody", PASSWORD),
            "NotAuthorizedException",
            INCORRECT,
        ),
        needs=provisioned,
    )

    def jwks() -> str:
        status, _, doc = http_json("GET", f"{ctx.issuer}/.well-known/jwks.json")
        expect_eq(status, 200, "JWKS status")
        keys = doc.get("keys") if isinstance(doc, dict) else None
        expect(isinstance(keys, list) and len(keys) >= 1, f"not a JWKS: {doc!r}")
        for k in keys:
            for name, want in (("kty", "RSA"), ("alg", "RS256"), ("use", "sig"), ("e", "AQAB")):
                expect_eq(k.get(name), want, f"JWKS key {name}")
            expect(k.get("kid") and k.get("n"), f"JWKS key lacks kid or n: {k}")
        ctx.jwks = doc
        return f"{len(keys)} key(s)"

    r.run("tokens.jwks", jwks, needs=provisioned)

    def discovery() -> None:
        status, _, disc = http_json("GET", f"{ctx.issuer}/.well-known/openid-configuration")
        expect_eq(status, 200, "OIDC discovery status")
        expect(isinstance(disc, dict), f"discovery is not a JSON object: {disc!r}")
        expect_eq(disc.get("issuer"), ctx.issuer, "discovery issuer")
        expect_eq(disc.get("jwks_uri"), f"{ctx.issuer}/.well-known/jwks.json", "discovery jwks_uri")
        expect("RS256" in (disc.get("id_token_signing_alg_values_supported") or []), "RS256 not listed")

    r.run("tokens.oidc_discovery", discovery, needs=provisioned)

    def verify() -> str:
        auth = ctx.tokens["alice"]
        access = verify_cognito_jwt(auth["AccessToken"], ctx.jwks, ctx.issuer, ctx.client_id, "access")
        idt = verify_cognito_jwt(auth["IdToken"], ctx.jwks, ctx.issuer, ctx.client_id, "id")
        expect_eq(access["sub"], signup.get("UserSub"), "access sub")
        expect_eq(idt["sub"], signup.get("UserSub"), "id sub")
        expect_eq(access["username"], alice, "access username")
        expect_eq(idt["cognito:username"], alice, "id cognito:username")
        expect_eq(idt.get("email"), f"{alice}@example.com", "id email")
        expect_eq(idt.get("email_verified"), True, "id email_verified")
        expect("aws.cognito.signin.user.admin" in access.get("scope", "").split(), "access scope")
        expect_eq(access["exp"] - access["iat"], 3600, "access token lifetime")
        expect_eq(idt["exp"] - idt["iat"], 3600, "id token lifetime")
        expect_eq(access["origin_jti"], idt["origin_jti"], "origin_jti shared by access and id")
        expect(access["jti"] != idt["jti"], "access and id tokens share a jti")
        return "signature, iss, aud/client_id, token_use, exp, claims"

    r.run("tokens.verified_against_jwks", verify, needs=signed_in + ("tokens.jwks",))

    def separate_keys() -> None:
        kid_a = header_kid(ctx.tokens["alice"]["AccessToken"])
        kid_i = header_kid(ctx.tokens["alice"]["IdToken"])
        expect(kid_a != kid_i, f"access and ID tokens are both signed with key {kid_a!r}")
        expect(len(ctx.jwks["keys"]) >= 2, "the JWKS has a single key")

    r.run("tokens.separate_signing_keys", separate_keys, needs=signed_in + ("tokens.jwks",))

    def get_user() -> None:
        res = c.get_user(AccessToken=ctx.tokens["alice"]["AccessToken"])
        expect_eq(res.get("Username"), alice, "GetUser Username")
        attrs = {a["Name"]: a["Value"] for a in res.get("UserAttributes", [])}
        expect_eq(attrs.get("email"), f"{alice}@example.com", "email attribute")
        expect_eq(attrs.get("sub"), signup.get("UserSub"), "sub attribute")

    r.run("boto3.get_user", get_user, needs=signed_in)

    def error_shape() -> str:
        status, headers, body = cognito_call(
            ctx.endpoint,
            "InitiateAuth",
            {
                "AuthFlow": "USER_PASSWORD_AUTH",
                "ClientId": ctx.client_id,
                "AuthParameters": {"USERNAME": alice, "PASSWORD": WRONG_PASSWORD},
            },
        )
        expect_eq(status, 400, "HTTP status")
        expect_eq(body, {"__type": "NotAuthorizedException", "message": INCORRECT}, "error body")
        etype = headers.get("x-amzn-errortype", "")
        expect(etype.split(":")[0] == "NotAuthorizedException", f"x-amzn-ErrorType {etype!r}")
        ctype = headers.get("content-type", "")
        expect(ctype.startswith("application/x-amz-json-1.1"), f"content-type {ctype!r}")
        return f"x-amzn-ErrorType: {etype}"

    r.run("wire.error_shape", error_shape, needs=confirmed_alice)

    def refresh_auth() -> None:
        auth = ctx.tokens["alice"]
        res = c.initiate_auth(
            ClientId=ctx.client_id,
            AuthFlow="REFRESH_TOKEN_AUTH",
            AuthParameters={"REFRESH_TOKEN": auth["RefreshToken"]},
        )["AuthenticationResult"]
        expect("RefreshToken" not in res, "REFRESH_TOKEN_AUTH returned a refresh token")
        check_refreshed(ctx, res, "REFRESH_TOKEN_AUTH")

    r.run("boto3.refresh_token_auth", refresh_auth, needs=signed_in + ("tokens.jwks",))

    def get_tokens_from_refresh() -> None:
        auth = ctx.tokens["alice"]
        res = c.get_tokens_from_refresh_token(
            ClientId=ctx.client_id, RefreshToken=auth["RefreshToken"]
        )["AuthenticationResult"]
        expect(
            "RefreshToken" not in res,
            "GetTokensFromRefreshToken rotated the refresh token though rotation is off",
        )
        check_refreshed(ctx, res, "GetTokensFromRefreshToken")

    r.run(
        "boto3.get_tokens_from_refresh_token",
        get_tokens_from_refresh,
        needs=signed_in + ("tokens.jwks",),
    )

    def revoke_token() -> str:
        second = password_auth(c, ctx.client_id, alice, PASSWORD)["AuthenticationResult"]
        res = c.revoke_token(ClientId=ctx.client_id, Token=second["RefreshToken"])
        expect_eq(strip_meta(res), {}, "RevokeToken response")
        expect_client_error(
            lambda: c.get_user(AccessToken=second["AccessToken"]), "NotAuthorizedException", REVOKED
        )
        expect_client_error(
            lambda: c.initiate_auth(
                ClientId=ctx.client_id,
                AuthFlow="REFRESH_TOKEN_AUTH",
                AuthParameters={"REFRESH_TOKEN": second["RefreshToken"]},
            ),
            "NotAuthorizedException",
        )
        # Revocation is per sign-in (origin_jti): the first session is untouched.
        c.get_user(AccessToken=ctx.tokens["alice"]["AccessToken"])
        return "revoked refresh token and its access token refused; other session kept"

    r.run("boto3.revoke_token", revoke_token, needs=signed_in)

    def global_sign_out() -> None:
        auth = ctx.tokens["alice"]
        res = c.global_sign_out(AccessToken=auth["AccessToken"])
        expect_eq(strip_meta(res), {}, "GlobalSignOut response")
        expect_client_error(
            lambda: c.get_user(AccessToken=auth["AccessToken"]), "NotAuthorizedException", REVOKED
        )
        expect_client_error(
            lambda: c.initiate_auth(
                ClientId=ctx.client_id,
                AuthFlow="REFRESH_TOKEN_AUTH",
                AuthParameters={"REFRESH_TOKEN": auth["RefreshToken"]},
            ),
            "NotAuthorizedException",
        )
        fresh = password_auth(c, ctx.client_id, alice, PASSWORD)["AuthenticationResult"]
        c.get_user(AccessToken=fresh["AccessToken"])

    r.run("boto3.global_sign_out", global_sign_out, needs=signed_in)

    groups_made = ("boto3.groups.create_get_list",)
    admin_role = "arn:aws:iam::123456789012:role/conformance-admins"
    reader_role = "arn:aws:iam::123456789012:role/conformance-readers"
    g_admins, g_readers = f"admins-{ctx.run_id}", f"readers-{ctx.run_id}"

    def groups_create() -> str:
        made = c.create_group(
            UserPoolId=ctx.pool_id,
            GroupName=g_readers,
            Description="read-only",
            RoleArn=reader_role,
            Precedence=5,
        )["Group"]
        expect_eq(made.get("GroupName"), g_readers, "CreateGroup GroupName")
        expect_eq(made.get("UserPoolId"), ctx.pool_id, "CreateGroup UserPoolId")
        expect_eq(made.get("Precedence"), 5, "CreateGroup Precedence")
        expect_eq(made.get("RoleArn"), reader_role, "CreateGroup RoleArn")
        # botocore parses the epoch-seconds dates into datetimes.
        for k in ("CreationDate", "LastModifiedDate"):
            expect(hasattr(made.get(k), "timestamp"), f"CreateGroup {k} is {made.get(k)!r}")
        c.create_group(UserPoolId=ctx.pool_id, GroupName=g_admins, RoleArn=admin_role, Precedence=0)
        got = c.get_group(UserPoolId=ctx.pool_id, GroupName=g_readers)["Group"]
        expect_eq(got.get("Description"), "read-only", "GetGroup Description")
        expect_client_error(
            lambda: c.create_group(UserPoolId=ctx.pool_id, GroupName=g_admins),
            "GroupExistsException",
        )
        expect_client_error(
            lambda: c.get_group(UserPoolId=ctx.pool_id, GroupName=g_admins.upper()),
            "ResourceNotFoundException",
        )
        listed: list[str] = []
        token = None
        for _ in range(10):
            kw = {"UserPoolId": ctx.pool_id, "Limit": 1}
            if token:
                kw["NextToken"] = token
            page = c.list_groups(**kw)
            expect(len(page["Groups"]) <= 1, "ListGroups ignored Limit")
            listed += [g["GroupName"] for g in page["Groups"]]
            token = page.get("NextToken")
            if not token:
                break
        expect_eq(sorted(listed), sorted([g_admins, g_readers]), "ListGroups over pages")
        return f"{len(listed)} groups, paged one at a time"

    r.run("boto3.groups.create_get_list", groups_create, needs=provisioned)

    def groups_membership() -> str:
        for g in (g_readers, g_admins):
            res = c.admin_add_user_to_group(UserPoolId=ctx.pool_id, Username=alice, GroupName=g)
            expect_eq(strip_meta(res), {}, "AdminAddUserToGroup response")
        mine = c.admin_list_groups_for_user(UserPoolId=ctx.pool_id, Username=alice)["Groups"]
        names = [g["GroupName"] for g in mine]
        expect_eq(sorted(names), sorted([g_admins, g_readers]), "AdminListGroupsForUser")
        users = c.list_users_in_group(UserPoolId=ctx.pool_id, GroupName=g_admins)["Users"]
        expect_eq([u["Username"] for u in users], [alice], "ListUsersInGroup")
        expect_client_error(
            lambda: c.admin_add_user_to_group(
                UserPoolId=ctx.pool_id, Username=alice + "-nobody", GroupName=g_admins
            ),
            "UserNotFoundException",
        )
        return ", ".join(names)

    r.run("boto3.groups.add_and_list", groups_membership, needs=groups_made + confirmed_alice)

    def groups_claims() -> str:
        auth = password_auth(c, ctx.client_id, alice, PASSWORD)["AuthenticationResult"]
        access = verify_cognito_jwt(auth["AccessToken"], ctx.jwks, ctx.issuer, ctx.client_id, "access")
        idt = verify_cognito_jwt(auth["IdToken"], ctx.jwks, ctx.issuer, ctx.client_id, "id")
        for name, claims in (("access", access), ("id", idt)):
            got = claims.get("cognito:groups")
            expect(isinstance(got, list), f"{name} token cognito:groups is {got!r}")
            expect_eq(sorted(got), sorted([g_admins, g_readers]), f"{name} token cognito:groups")
        expect_eq(sorted(idt.get("cognito:roles") or []), sorted([admin_role, reader_role]), "cognito:roles")
        # Precedence 0 beats 5.
        expect_eq(idt.get("cognito:preferred_role"), admin_role, "cognito:preferred_role")
        return "cognito:groups in both tokens, roles and preferred role in the ID token"

    r.run(
        "tokens.group_claims",
        groups_claims,
        needs=("boto3.groups.add_and_list", "tokens.jwks"),
    )

    def groups_remove() -> str:
        res = c.admin_remove_user_from_group(UserPoolId=ctx.pool_id, Username=alice, GroupName=g_admins)
        expect_eq(strip_meta(res), {}, "AdminRemoveUserFromGroup response")
        mine = c.admin_list_groups_for_user(UserPoolId=ctx.pool_id, Username=alice)["Groups"]
        expect_eq([g["GroupName"] for g in mine], [g_readers], "groups after removal")
        c.delete_group(UserPoolId=ctx.pool_id, GroupName=g_readers)
        expect_client_error(
            lambda: c.get_group(UserPoolId=ctx.pool_id, GroupName=g_readers),
            "ResourceNotFoundException",
        )
        mine = c.admin_list_groups_for_user(UserPoolId=ctx.pool_id, Username=alice)["Groups"]
        expect_eq(mine, [], "groups after the last one was deleted")
        return "removed, deleted, gone from the user"

    r.run("boto3.groups.remove_and_delete", groups_remove, needs=("tokens.group_claims",))


def password_auth(c: Any, client_id: str, username: str, password: str) -> dict[str, Any]:
    return c.initiate_auth(
        ClientId=client_id,
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": username, "PASSWORD": password},
    )


def check_refreshed(ctx: Any, res: dict[str, Any], how: str) -> None:
    import jwt

    before = jwt.decode(ctx.tokens["alice"]["AccessToken"], options={"verify_signature": False})
    access = verify_cognito_jwt(res["AccessToken"], ctx.jwks, ctx.issuer, ctx.client_id, "access")
    verify_cognito_jwt(res["IdToken"], ctx.jwks, ctx.issuer, ctx.client_id, "id")
    expect(access["jti"] != before["jti"], f"{how} returned the same access token")
    expect_eq(access["origin_jti"], before["origin_jti"], f"{how} origin_jti")
    expect_eq(access["auth_time"], before["auth_time"], f"{how} auth_time")
    ctx.client.get_user(AccessToken=res["AccessToken"])


def header_kid(token: str) -> str:
    import jwt

    return str(jwt.get_unverified_header(token).get("kid"))


def strip_meta(res: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in res.items() if k != "ResponseMetadata"}


def refused(fn: Callable[[], Any], code: str, message: str | None = None) -> Callable[[], None]:
    """A check that passes when `fn` fails with this Cognito error."""

    def check() -> None:
        expect_client_error(fn, code, message)

    return check
