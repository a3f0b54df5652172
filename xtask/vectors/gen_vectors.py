#!/usr/bin/env python3
"""Generates Cognito SRP test vectors with independent implementations.

Run by `cargo xtask vectors`, which installs the libraries first:
  * pycognito (PyPI) into xtask/.venv, driven in-process here;
  * amazon-cognito-identity-js (npm) into xtask/.node, driven by
    drive_cognito_identity_js.js through its CognitoUser.authenticateUser.

Each library gets its own deterministic set of inputs (seeded, so a rerun
reproduces the committed files byte for byte) and computes A, u, x, S, the
HKDF key and PASSWORD_CLAIM_SIGNATURE with its own code. For about half of the
cases SRP_B is not random but B = (k*v + g^b) mod N, computed here with plain
Python integers from a verifier v = g^x, so the vector also pins the server
half (b_hex and verifier_hex are recorded).

Inputs are varied on purpose: unicode and very long passwords, UUID-like and
e-mail-like USER_ID_FOR_SRP, salts and B with the top bit set (the padHex sign
byte), a as small as 32 bits and as large as 1024 bits, single-digit days in
TIMESTAMP, several pool names and SECRET_BLOCK sizes.

Salts never start with a zero byte: pycognito pads the SALT hex string as it
arrives, while Amplify and amazon-cognito-identity-js parse it as an integer
first, so `00xx…` salts (with xx < 0x80) hash differently in the two families.
Real Cognito salts do not hit this in practice, and our crate follows the
integer reading (Amplify's). Pool ids have exactly one `_`, as real ones do
(pycognito takes the second `_`-separated field, everybody else the rest).
"""

import argparse
import base64
import datetime as real_datetime
import hashlib
import json
import os
import random
import subprocess
import sys
import types

N_HEX = (
    "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD1"
    "29024E088A67CC74020BBEA63B139B22514A08798E3404DD"
    "EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245"
    "E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED"
    "EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3D"
    "C2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F"
    "83655D23DCA3AD961C62F356208552BB9ED529077096966D"
    "670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B"
    "E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9"
    "DE2BCBF6955817183995497CEA956AE515D2261898FA0510"
    "15728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64"
    "ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7"
    "ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6B"
    "F12FFA06D98A0864D87602733EC86A64521F2B18177B200C"
    "BBE117577A615D6C770988C0BAD946E208E24FA074E5AB31"
    "43DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF"
)
N = int(N_HEX, 16)
G = 2


# --- Plain-integer server half (our own few lines, independent of both libraries)

def pad_bytes(n):
    """bytes(padHex(n)): minimal big-endian bytes, 00 prepended if the top bit is set."""
    raw = n.to_bytes(max(1, (n.bit_length() + 7) // 8), "big")
    return b"\x00" + raw if raw[0] & 0x80 else raw


def sha256(data):
    return hashlib.sha256(data).digest()


K = int.from_bytes(sha256(pad_bytes(N) + pad_bytes(G)), "big")


def plain_x(salt_int, pool_name, user_id, password):
    inner = sha256(f"{pool_name}{user_id}:{password}".encode("utf-8"))
    return int.from_bytes(sha256(pad_bytes(salt_int) + inner), "big")


# --- Inputs

POOL_IDS = [
    "us-east-1_AbCdEf123",
    "eu-west-2_x9YzQ0",
    "ap-southeast-2_Zz",
    "us-west-2_abc",
    "eu-central-1_Q1w2E3r4T",
    "ca-central-1_0000000000",
]

PASSWORDS = [
    "Passw0rd!",
    "correct horse battery staple",
    "pässwörd-Ünïcödé-ß",
    "密码パスワード🔐🗝️",
    "  leading and trailing spaces  ",
    "^$*.[]{}()?\"!@#%&/\\,><':;|_~`=+-",
    "Ω≈ç√∫˜µ≤≥÷ — «quotes» ‘single’",
    "x",
]


def long_password(rng):
    alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!@#$%^&*()é漢字🙂"
    return "".join(rng.choice(alphabet) for _ in range(rng.choice([256, 1000])))


def user_id(rng, i):
    kind = i % 4
    if kind == 0:
        h = "%032x" % rng.getrandbits(128)
        return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{'89ab'[rng.randrange(4)]}{h[17:20]}-{h[20:]}"
    if kind == 1:
        return f"user{rng.randrange(10**6)}+tag@example.com"
    if kind == 2:
        return "ñandú_" + str(rng.randrange(1000))
    return "u" * rng.choice([1, 64, 128])


def salt_hex(rng, i):
    b = bytearray(rng.getrandbits(8) for _ in range(16))
    if i % 3 == 0:
        b[0] |= 0x80  # padHex adds a sign byte
    elif i % 3 == 1:
        b[0] = 0x10 + (b[0] % 0x70)  # top bit clear, first nibble non-zero
    else:
        b[0] = 1 + (b[0] % 0x0F)  # leading zero nibble, never a zero byte
    return b.hex()


def a_hex(rng, i):
    size = i % 3
    if size == 0:
        return "%x" % (rng.getrandbits(32) | 1)
    if size == 1:
        return "%064x" % (rng.getrandbits(256) | (1 << 255))
    return "%0256x" % ((rng.getrandbits(1024) | (1 << 1023)) % N)


def timestamp_instant(rng, i):
    year = rng.randrange(2018, 2031)
    month = rng.randrange(1, 13)
    day = rng.randrange(1, 10) if i % 2 == 0 else rng.randrange(10, 29)
    return real_datetime.datetime(
        year, month, day, rng.randrange(24), rng.randrange(60), rng.randrange(60),
        tzinfo=real_datetime.timezone.utc,
    )


def make_cases(seed, count):
    rng = random.Random(seed)
    cases = []
    for i in range(count):
        pool_id = POOL_IDS[i % len(POOL_IDS)]
        pool_name = pool_id.split("_", 1)[1]
        uid = user_id(rng, i)
        password = long_password(rng) if i % 7 == 3 else PASSWORDS[i % len(PASSWORDS)]
        salt = salt_hex(rng, i)
        block = bytes(rng.getrandbits(8) for _ in range(rng.choice([16, 48, 96, 1024])))
        when = timestamp_instant(rng, i)
        case = {
            "pool_id": pool_id,
            "login": uid if i % 5 else "alias-typed-by-user",
            "user_id_for_srp": uid,
            "password": password,
            "salt_hex": salt,
            "a_hex": a_hex(rng, i),
            "secret_block_b64": base64.b64encode(block).decode(),
            "unix_seconds": int(when.timestamp()),
        }
        if i % 2 == 0:
            # Server half with plain integers: v = g^x, B = (k*v + g^b) mod N.
            b = rng.getrandbits(256) | (1 << 255)
            v = pow(G, plain_x(int(salt, 16), pool_name, uid, password), N)
            big_b = (K * v + pow(G, b, N)) % N
            case["b_hex"] = "%x" % b
            case["verifier_hex"] = "%x" % v
            case["srp_b_hex"] = "%x" % big_b
        else:
            bits = 3072 if i % 4 == 1 else rng.choice([1024, 2048, 3071])
            big_b = rng.getrandbits(bits) | (1 << (bits - 1))
            case["srp_b_hex"] = "%x" % (big_b % N)
        cases.append(case)
    return cases


def vector(name, source, case, got):
    expected = {
        "srp_a_hex": got["srp_a_hex"],
        "u_hex": got["u_hex"],
        "x_hex": got["x_hex"],
        "s_hex": got["s_hex"],
        "key_hex": got["key_hex"],
        "signature_b64": got["signature_b64"],
    }
    out = {
        "name": name,
        "source": source,
        "pool_id": case["pool_id"],
        "user_id_for_srp": case["user_id_for_srp"],
        "password": case["password"],
        "salt_hex": case["salt_hex"],
        "a_hex": case["a_hex"],
        "srp_b_hex": case["srp_b_hex"],
    }
    if "b_hex" in case:
        out["b_hex"] = case["b_hex"]
        expected["verifier_hex"] = case["verifier_hex"]
    out["secret_block_b64"] = case["secret_block_b64"]
    out["timestamp"] = got["timestamp"]
    out["expected"] = expected
    return out


# --- pycognito

def pycognito_vectors(cases):
    from importlib.metadata import version

    from pycognito import aws_srp

    ver = version("pycognito")
    source = (
        f"pycognito {ver} (PyPI): A from AWSSRP.calculate_a, u from calculate_u, key from "
        "get_password_authentication_key, TIMESTAMP and signature from process_challenge "
        "(clock fixed); x and S recomputed with its pad_hex/hex_hash helpers and checked "
        "against its key; b_hex/verifier with plain Python integers. "
        "Generated by xtask/vectors/gen_vectors.py (`cargo xtask vectors`)."
    )

    class FixedDatetime(real_datetime.datetime):
        fixed = None

        @classmethod
        def utcnow(cls):
            return cls.fixed

    aws_srp.datetime = types.SimpleNamespace(datetime=FixedDatetime)
    vectors = []
    for i, c in enumerate(cases):
        pool_name = c["pool_id"].split("_")[1]
        srp = aws_srp.AWSSRP(
            username=c["login"], password=c["password"], pool_id=c["pool_id"],
            client_id="client", client=object(),
        )
        srp.small_a_value = int(c["a_hex"], 16)
        srp.large_a_value = srp.calculate_a()
        big_b = aws_srp.hex_to_long(c["srp_b_hex"])
        u = aws_srp.calculate_u(srp.large_a_value, big_b)
        key = srp.get_password_authentication_key(
            c["user_id_for_srp"], c["password"], big_b, c["salt_hex"]
        )
        FixedDatetime.fixed = real_datetime.datetime.fromtimestamp(
            c["unix_seconds"], real_datetime.timezone.utc
        ).replace(tzinfo=None)
        response = srp.process_challenge(
            {
                "USERNAME": c["user_id_for_srp"],
                "USER_ID_FOR_SRP": c["user_id_for_srp"],
                "SALT": c["salt_hex"],
                "SRP_B": c["srp_b_hex"],
                "SECRET_BLOCK": c["secret_block_b64"],
            },
            {"USERNAME": c["login"]},
        )
        # x and S with the library's own helpers, then checked against its key.
        x = aws_srp.hex_to_long(
            aws_srp.hex_hash(
                aws_srp.pad_hex(c["salt_hex"])
                + aws_srp.hash_sha256(
                    f"{pool_name}{c['user_id_for_srp']}:{c['password']}".encode("utf-8")
                )
            )
        )
        base = big_b - srp.val_k * pow(srp.val_g, x, srp.big_n)
        s = pow(base, srp.small_a_value + u * x, srp.big_n)
        if aws_srp.compute_hkdf(
            bytearray.fromhex(aws_srp.pad_hex(s)),
            bytearray.fromhex(aws_srp.pad_hex(aws_srp.long_to_hex(u))),
        ) != key:
            sys.exit(f"case {i}: recomputed S does not give pycognito's key")
        got = {
            "srp_a_hex": aws_srp.long_to_hex(srp.large_a_value),
            "u_hex": "%x" % u,
            "x_hex": "%x" % x,
            "s_hex": "%x" % s,
            "key_hex": bytes(key).hex(),
            "signature_b64": response["PASSWORD_CLAIM_SIGNATURE"],
            "timestamp": response["TIMESTAMP"],
        }
        vectors.append(vector(f"pycognito-{i:02}", source, c, got))
    return vectors


# --- amazon-cognito-identity-js

def identity_js_vectors(cases, node_dir):
    driver = os.path.join(os.path.dirname(os.path.abspath(__file__)), "drive_cognito_identity_js.js")
    env = dict(os.environ, NODE_PATH=os.path.join(node_dir, "node_modules"))
    proc = subprocess.run(
        ["node", driver], input=json.dumps(cases), capture_output=True, text=True, env=env
    )
    if proc.returncode != 0:
        sys.exit(f"node driver failed:\n{proc.stderr}")
    report = json.loads(proc.stdout)
    source = (
        f"amazon-cognito-identity-js {report['version']} (npm): its CognitoUser.authenticateUser "
        "(USER_SRP_AUTH) against a stub transport, with its private a chosen and its clock "
        "fixed; A from its InitiateAuth request, u/x/S/key observed in its "
        "AuthenticationHelper, TIMESTAMP and signature from its RespondToAuthChallenge "
        "request; b_hex/verifier with plain Python integers. "
        "Generated by xtask/vectors/gen_vectors.py (`cargo xtask vectors`)."
    )
    vectors = []
    for i, (c, got) in enumerate(zip(cases, report["results"])):
        if "error" in got:
            sys.exit(f"case {i}: amazon-cognito-identity-js failed: {got['error']}")
        if got.get("username") != c["user_id_for_srp"]:
            sys.exit(f"case {i}: USERNAME in the response is {got.get('username')!r}")
        vectors.append(vector(f"amazon-cognito-identity-js-{i:02}", source, c, got))
    return vectors


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out-dir", required=True)
    parser.add_argument("--node-dir", help="folder holding node_modules/amazon-cognito-identity-js")
    parser.add_argument("--count", type=int, default=24)
    args = parser.parse_args()

    outputs = {"pycognito.json": pycognito_vectors(make_cases(0x5EED_0001, args.count))}
    if args.node_dir:
        outputs["amazon-cognito-identity-js.json"] = identity_js_vectors(
            make_cases(0x5EED_0002, args.count), args.node_dir
        )
    for name, vectors in outputs.items():
        path = os.path.join(args.out_dir, name)
        with open(path, "w", encoding="utf-8") as f:
            json.dump(vectors, f, indent=2, ensure_ascii=False)
            f.write("\n")
        print(f"wrote {len(vectors)} vectors to {path}")


if __name__ == "__main__":
    main()
