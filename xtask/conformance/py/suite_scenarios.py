"""Provisioning for the sign-in step scenarios (issue 4 and issue 5).

Creates, with boto3 and nothing but the AWS API, the pools, app clients and users that the
Amplify suite (`js/amplify.cjs`) and the Rust runner of the same scenarios
(`cognito-auth-e2e`'s `conformance-runner`) need to reach every sign-in step, and writes
them to `scenarios.json`:

    {"endpoint", "region", "mockApi",
     "pools":     {"mfa_optional": {"userPoolId", "userPoolClientId"}, ...},
     "scenarios": {"mfa_sms": {"pool": "mfa_optional",
                               "users": {"amplify": {"username", "password", ...},
                                         "rust":    {...}}}, ...}}

Every user exists once per runner, because a scenario changes its user (a new password,
an authenticator that was set up, a used TOTP code). Scenarios that sign a user up
themselves only name their pool.

Nothing here goes through mock-cognito's `/_mock` API: pools are configured with
CreateUserPool / SetUserPoolMfaConfig, users with AdminCreateUser, AdminSetUserPassword,
AdminSetUserMFAPreference and AdminResetUserPassword, authenticators with
AssociateSoftwareToken / VerifySoftwareToken (the TOTP code computed here, RFC 6238).
The custom-auth scenarios use the mock's default pool, whose custom-auth triggers are the
built-in default (docs/mock.md) — the AWS API can only attach Lambda ARNs, which a local
server cannot run. Servers without the `/_mock` outbox (moto) get only the `basic` pool:
the codes the other scenarios need are readable nowhere else.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import struct
import time
from dataclasses import dataclass, field
from typing import Any

from checklib import Runner, Skip, expect, expect_eq

RUNNERS = ("amplify", "rust")
TEMP_PASSWORD = "Temp-Passw0rd!"

SNS_ROLE = "arn:aws:iam::123456789012:role/conformance-cognito-sns"
SES_IDENTITY = "arn:aws:ses:us-east-1:123456789012:identity/no-reply@example.com"

PUBLIC_FLOWS = [
    "ALLOW_USER_SRP_AUTH",
    "ALLOW_USER_PASSWORD_AUTH",
    "ALLOW_REFRESH_TOKEN_AUTH",
]


# ------------------------------------------------------------------ RFC 6238


def base32_decode(secret: str) -> bytes:
    s = secret.strip().replace(" ", "").upper()
    return base64.b32decode(s + "=" * (-len(s) % 8))


def hotp(key: bytes, counter: int, digits: int = 6) -> str:
    mac = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = mac[-1] & 0x0F
    value = struct.unpack(">I", mac[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(value % 10**digits).zfill(digits)


def totp(secret: str, now: float | None = None) -> str:
    return hotp(base32_decode(secret), int((time.time() if now is None else now) // 30))


def _self_test() -> None:
    # RFC 6238 appendix B, SHA-1: T = 59 s gives 94287082 (8 digits).
    key = b"12345678901234567890"
    expect_eq(hotp(key, 59 // 30, 8), "94287082", "RFC 6238 vector (T=59)")
    expect_eq(hotp(key, 1111111109 // 30, 8), "07081804", "RFC 6238 vector (T=1111111109)")


# ------------------------------------------------------------------ what to create


@dataclass
class UserSpec:
    """One scenario's user; created once per runner."""

    email: bool = True
    phone: bool = False
    name: bool = True
    status: str = "CONFIRMED"  # CONFIRMED | FORCE_CHANGE_PASSWORD | RESET_REQUIRED
    totp: bool = False  # register an authenticator (AssociateSoftwareToken + Verify)
    # SetUserMFAPreference settings: factor -> "enabled" | "preferred"
    mfa: dict[str, str] = field(default_factory=dict)


# scenario -> (pool, user or None when the scenario signs its user up itself)
SCENARIOS: dict[str, tuple[str, UserSpec | None]] = {
    "mfa_sms": ("mfa_optional", UserSpec(phone=True, mfa={"SMS": "preferred"})),
    "mfa_email": ("mfa_optional", UserSpec(mfa={"EMAIL": "preferred"})),
    "mfa_totp": ("mfa_optional", UserSpec(totp=True, mfa={"SOFTWARE_TOKEN": "preferred"})),
    "mfa_selection": (
        "mfa_optional",
        UserSpec(
            phone=True,
            totp=True,
            mfa={"SMS": "enabled", "SOFTWARE_TOKEN": "enabled", "EMAIL": "enabled"},
        ),
    ),
    "mfa_setup_totp": ("mfa_on_totp", UserSpec()),
    "mfa_setup_email": ("mfa_on_email", UserSpec(email=False)),
    "mfa_setup_selection_totp": ("mfa_on_both", UserSpec()),
    "mfa_setup_selection_email": ("mfa_on_both", UserSpec(email=False)),
    "new_password_then_totp_setup": ("mfa_on_totp", UserSpec(status="FORCE_CHANGE_PASSWORD")),
    "new_password_required": (
        "required_name",
        UserSpec(name=False, status="FORCE_CHANGE_PASSWORD"),
    ),
    "reset_password": ("basic", UserSpec(status="RESET_REQUIRED")),
    "user_auth_select_password": ("user_auth", UserSpec()),
    "user_auth_select_password_srp": ("user_auth", UserSpec()),
    "user_auth_select_email_otp": ("user_auth", UserSpec()),
    "user_auth_preferred_password": ("user_auth", UserSpec()),
    "user_auth_preferred_password_srp": ("user_auth", UserSpec()),
    "user_auth_preferred_email_otp": ("user_auth", UserSpec()),
    "user_auth_preferred_sms_otp": ("user_auth", UserSpec(phone=True)),
    "auto_sign_in_user_auth": ("user_auth", None),
    "custom_without_srp": ("default", UserSpec()),
    "custom_with_srp": ("default", UserSpec()),
    "custom_wrong_answers": ("default", UserSpec()),
    # amazon-cognito-identity-js (js/identity_js.cjs): NEW_PASSWORD_REQUIRED needs an
    # AdminCreateUser user; its other checks sign their users up through the library.
    "identity_js_new_password": ("basic", UserSpec(name=False, status="FORCE_CHANGE_PASSWORD")),
}

# Scenarios whose users only some runners need (every other scenario: RUNNERS).
RUNNERS_OF: dict[str, tuple[str, ...]] = {
    "identity_js_new_password": ("identity_js",),
}


def run(r: Runner, ctx: Any, out_path: str) -> None:
    from conformance import PASSWORD

    c = ctx.client
    doc: dict[str, Any] = {
        "endpoint": ctx.endpoint,
        "region": ctx.region,
        "mockApi": ctx.mock_api,
        "runId": ctx.run_id,
        "pools": {},
        "scenarios": {},
    }
    if ctx.pool_id and ctx.client_id:
        doc["pools"]["basic"] = {"userPoolId": ctx.pool_id, "userPoolClientId": ctx.client_id}
    pools: dict[str, dict[str, str]] = doc["pools"]
    # A phone number per user: +1 555 01xx xxx, unique within this run.
    phones = iter(range(1000000))

    r.run("scenarios.totp_self_test", lambda: _self_test())

    def create_pool(key: str, **kwargs: Any) -> str:
        pool = c.create_user_pool(
            PoolName=f"scenarios-{key}-{ctx.run_id}",
            AutoVerifiedAttributes=["email"],
            UserPoolTier="ESSENTIALS",
            Policies={
                "PasswordPolicy": {
                    "MinimumLength": 8,
                    "RequireUppercase": True,
                    "RequireLowercase": True,
                    "RequireNumbers": True,
                    "RequireSymbols": True,
                },
                **kwargs.pop("Policies", {}),
            },
            **kwargs,
        )["UserPool"]
        return pool["Id"]

    def create_client(pool_id: str, flows: list[str]) -> str:
        client = c.create_user_pool_client(
            UserPoolId=pool_id,
            ClientName="scenarios",
            GenerateSecret=False,
            ExplicitAuthFlows=flows,
            EnableTokenRevocation=True,
            PreventUserExistenceErrors="ENABLED",
        )["UserPoolClient"]
        return client["ClientId"]

    def mfa_pool(key: str, mode: str, sms: bool, totp_on: bool, email: bool) -> None:
        extra: dict[str, Any] = {}
        if sms:
            extra["SmsConfiguration"] = {"SnsCallerArn": SNS_ROLE, "ExternalId": ctx.run_id}
        if email:
            extra["EmailConfiguration"] = {
                "EmailSendingAccount": "DEVELOPER",
                "SourceArn": SES_IDENTITY,
            }
        pool_id = create_pool(key, **extra)
        cfg: dict[str, Any] = {
            "UserPoolId": pool_id,
            "MfaConfiguration": mode,
            "SoftwareTokenMfaConfiguration": {"Enabled": totp_on},
        }
        if sms:
            cfg["SmsMfaConfiguration"] = {
                "SmsAuthenticationMessage": "Your code is {####}",
                "SmsConfiguration": extra["SmsConfiguration"],
            }
        if email:
            cfg["EmailMfaConfiguration"] = {
                "Message": "Your code is {####}",
                "Subject": "Your sign-in code",
            }
        c.set_user_pool_mfa_config(**cfg)
        got = c.get_user_pool_mfa_config(UserPoolId=pool_id)
        expect_eq(got.get("MfaConfiguration"), mode, f"{key}: MfaConfiguration")
        expect_eq(
            bool((got.get("SoftwareTokenMfaConfiguration") or {}).get("Enabled")),
            totp_on,
            f"{key}: SoftwareTokenMfaConfiguration.Enabled",
        )
        expect_eq("SmsMfaConfiguration" in got, sms, f"{key}: SmsMfaConfiguration present")
        expect_eq("EmailMfaConfiguration" in got, email, f"{key}: EmailMfaConfiguration present")
        pools[key] = {"userPoolId": pool_id, "userPoolClientId": create_client(pool_id, PUBLIC_FLOWS)}

    def user_auth_pool() -> None:
        key = "user_auth"
        pool_id = create_pool(
            key,
            Policies={
                "SignInPolicy": {"AllowedFirstAuthFactors": ["PASSWORD", "EMAIL_OTP", "SMS_OTP"]}
            },
            SmsConfiguration={"SnsCallerArn": SNS_ROLE, "ExternalId": ctx.run_id},
            EmailConfiguration={"EmailSendingAccount": "DEVELOPER", "SourceArn": SES_IDENTITY},
        )
        described = c.describe_user_pool(UserPoolId=pool_id)["UserPool"]
        factors = described["Policies"]["SignInPolicy"]["AllowedFirstAuthFactors"]
        expect_eq(sorted(factors), ["EMAIL_OTP", "PASSWORD", "SMS_OTP"], "AllowedFirstAuthFactors")
        client_id = create_client(pool_id, PUBLIC_FLOWS + ["ALLOW_USER_AUTH"])
        pools[key] = {"userPoolId": pool_id, "userPoolClientId": client_id}

    def required_name_pool() -> None:
        key = "required_name"
        pool_id = create_pool(
            key,
            Schema=[
                {"Name": "name", "AttributeDataType": "String", "Required": True, "Mutable": True}
            ],
        )
        pools[key] = {"userPoolId": pool_id, "userPoolClientId": create_client(pool_id, PUBLIC_FLOWS)}

    def default_pool() -> None:
        # The mock's seeded pool: its custom-auth triggers are the built-in default.
        expect(ctx.default_pool_id and ctx.default_client_id, "the server printed no default pool")
        pools["default"] = {
            "userPoolId": ctx.default_pool_id,
            "userPoolClientId": ctx.default_client_id,
        }

    def create_user(pool_key: str, scenario: str, runner: str, spec: UserSpec) -> dict[str, Any]:
        pool_id, client_id = pools[pool_key]["userPoolId"], pools[pool_key]["userPoolClientId"]
        username = f"{runner[:3]}-{ctx.run_id}-{scenario.replace('_', '-')}"
        out: dict[str, Any] = {"username": username, "password": PASSWORD}
        attrs = []
        if spec.email:
            out["email"] = f"{username}@example.com"
            attrs += [
                {"Name": "email", "Value": out["email"]},
                {"Name": "email_verified", "Value": "true"},
            ]
        if spec.phone:
            out["phone"] = f"+1555{next(phones):07d}"
            attrs += [
                {"Name": "phone_number", "Value": out["phone"]},
                {"Name": "phone_number_verified", "Value": "true"},
            ]
        if spec.name:
            attrs.append({"Name": "name", "Value": f"Conformance {runner}"})
        c.admin_create_user(
            UserPoolId=pool_id,
            Username=username,
            TemporaryPassword=TEMP_PASSWORD,
            MessageAction="SUPPRESS",
            UserAttributes=attrs,
        )
        if spec.status == "FORCE_CHANGE_PASSWORD":
            out["password"] = TEMP_PASSWORD
        else:
            c.admin_set_user_password(
                UserPoolId=pool_id, Username=username, Password=PASSWORD, Permanent=True
            )
        if spec.totp:
            # Sign in (no factor is enabled yet, so no MFA) and register an authenticator.
            auth = c.initiate_auth(
                ClientId=client_id,
                AuthFlow="USER_PASSWORD_AUTH",
                AuthParameters={"USERNAME": username, "PASSWORD": PASSWORD},
            )
            expect("AuthenticationResult" in auth, f"{username}: no tokens to register TOTP with")
            access = auth["AuthenticationResult"]["AccessToken"]
            secret = c.associate_software_token(AccessToken=access)["SecretCode"]
            now = time.time()
            verified = c.verify_software_token(
                AccessToken=access, UserCode=totp(secret, now), FriendlyDeviceName="conformance"
            )
            expect_eq(verified.get("Status"), "SUCCESS", f"{username}: VerifySoftwareToken")
            out["totpSecret"] = secret
            # Cognito spends the time step whose code VerifySoftwareToken accepted: the
            # clients' authenticators must not hand that code out again.
            out["totpUsedStep"] = int(now // 30)
        if spec.mfa:
            prefs: dict[str, Any] = {}
            for factor, how in spec.mfa.items():
                key = {"SMS": "SMSMfaSettings", "SOFTWARE_TOKEN": "SoftwareTokenMfaSettings",
                       "EMAIL": "EmailMfaSettings"}[factor]
                prefs[key] = {"Enabled": True, "PreferredMfa": how == "preferred"}
            c.admin_set_user_mfa_preference(UserPoolId=pool_id, Username=username, **prefs)
            got = c.admin_get_user(UserPoolId=pool_id, Username=username)
            want = sorted(f"{f}_MFA" if f != "EMAIL" else "EMAIL_OTP" for f in spec.mfa)
            expect_eq(sorted(got.get("UserMFASettingList") or []), want, f"{username}: UserMFASettingList")
        if spec.status == "RESET_REQUIRED":
            c.admin_reset_user_password(UserPoolId=pool_id, Username=username)
        got = c.admin_get_user(UserPoolId=pool_id, Username=username)
        expect_eq(got.get("UserStatus"), spec.status, f"{username}: UserStatus")
        return out

    def provision(pool_key: str, make_pool: Any) -> Any:
        def fn() -> str:
            if not ctx.mock_api:
                raise Skip("the server has no /_mock outbox, which these scenarios read codes from")
            if pool_key not in pools:
                make_pool()
            made = []
            for scenario, (p, spec) in SCENARIOS.items():
                if p != pool_key:
                    continue
                entry: dict[str, Any] = {"pool": p, "users": {}}
                if spec is not None:
                    for runner in RUNNERS_OF.get(scenario, RUNNERS):
                        entry["users"][runner] = create_user(p, scenario, runner, spec)
                doc["scenarios"][scenario] = entry
                made.append(scenario)
            return f"{pools[pool_key]['userPoolId']}: {', '.join(made)}"

        return fn

    r.run("scenarios.pool.mfa_optional", provision(
        "mfa_optional", lambda: mfa_pool("mfa_optional", "OPTIONAL", True, True, True)))
    r.run("scenarios.pool.mfa_on_totp", provision(
        "mfa_on_totp", lambda: mfa_pool("mfa_on_totp", "ON", False, True, False)))
    r.run("scenarios.pool.mfa_on_email", provision(
        "mfa_on_email", lambda: mfa_pool("mfa_on_email", "ON", False, False, True)))
    r.run("scenarios.pool.mfa_on_both", provision(
        "mfa_on_both", lambda: mfa_pool("mfa_on_both", "ON", False, True, True)))
    r.run("scenarios.pool.user_auth", provision("user_auth", user_auth_pool))
    r.run("scenarios.pool.required_name", provision("required_name", required_name_pool))
    r.run("scenarios.pool.default", provision("default", default_pool))

    def basic_users() -> str:
        if not ctx.mock_api:
            raise Skip("the server has no /_mock outbox")
        expect("basic" in pools, "no provisioned pool (boto3.create_user_pool_client failed)")
        return provision("basic", lambda: None)()

    r.run("scenarios.pool.basic", basic_users)

    with open(out_path, "w", encoding="utf-8") as f:
        json.dump(doc, f, indent=2)
