#!/usr/bin/env python3
"""Times Cognito SRP's computations with GMP (gmpy2.powmod per exponentiation).

Run by `cargo xtask bench-srp` next to the criterion benches of
cognito-auth-srp, at the same exponent sizes: ephemerals a and b of 256 bits
(the crate's EPHEMERAL_BYTES) unless a name says a1024 (Amplify's and
pycognito's 128-byte a), x and u of 256 bits (SHA-256 outputs). Hashing, HKDF
and HMAC are done with hashlib/hmac as any Python client would; they are a few
microseconds against milliseconds of modular exponentiation.

Prints one line per computation: name, median and minimum seconds per call
(tab-separated).
"""

import hashlib
import hmac
import secrets
import statistics
import sys
import time

import gmpy2

N = gmpy2.mpz(
    "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A0879"
    "8E3404DDEF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B"
    "0BFF5CB6F406B7EDEE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA4836"
    "1C55D39A69163FA8FD24CF5F83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804"
    "F1746C08CA18217C32905E462E36CE3BE39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6"
    "955817183995497CEA956AE515D2261898FA051015728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64"
    "ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7ABF5AE8CDB0933D71E8C94E04A25619DCEE3D226"
    "1AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200CBBE117577A615D6C770988C0BAD946E2"
    "08E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF",
    16,
)
G = gmpy2.mpz(2)
POOL = "AbCdEf123"
USER = "3f1c2b9e-7a4d-4e8b-9c0f-1a2b3c4d5e6f"
PASSWORD = "correct horse battery staple"
TIMESTAMP = "Tue Jan 2 15:04:05 UTC 2024"
BLOCK = bytes(range(32))


def pad(n):
    n = int(n)
    raw = n.to_bytes(max(1, (n.bit_length() + 7) // 8), "big")
    return b"\x00" + raw if raw[0] & 0x80 else raw


def h(*parts):
    d = hashlib.sha256()
    for p in parts:
        d.update(p)
    return d.digest()


K = gmpy2.mpz(int.from_bytes(h(pad(N), pad(G)), "big"))


def rand_bits(bits):
    return gmpy2.mpz(secrets.randbits(bits) | (1 << (bits - 1)))


def x_of(salt):
    inner = h(f"{POOL}{USER}:{PASSWORD}".encode())
    return gmpy2.mpz(int.from_bytes(h(pad(salt), inner), "big"))


def key_of(u, s):
    prk = hmac.new(pad(u), pad(s), hashlib.sha256).digest()
    return hmac.new(prk, b"Caldera Derived Key\x01", hashlib.sha256).digest()[:16]


def sign(key):
    msg = POOL.encode() + USER.encode() + BLOCK + TIMESTAMP.encode()
    return hmac.new(key, msg, hashlib.sha256).digest()


SALT = gmpy2.mpz(int.from_bytes(secrets.token_bytes(16), "big") | (1 << 127))
V = gmpy2.powmod(G, x_of(SALT), N)
B_PRIV = rand_bits(256)
B_PUB = (K * V + gmpy2.powmod(G, B_PRIV, N)) % N


def client_a(a):
    return gmpy2.powmod(G, a, N)


def client_response(a, big_a):
    u = gmpy2.mpz(int.from_bytes(h(pad(big_a), pad(B_PUB)), "big"))
    x = x_of(SALT)
    base = (B_PUB - K * gmpy2.powmod(G, x, N)) % N
    s = gmpy2.powmod(base, a + u * x, N)
    return sign(key_of(u, s))


def client_sign_in(a):
    return client_response(a, client_a(a))


def server_b(b):
    return (K * V + gmpy2.powmod(G, b, N)) % N


def server_verify(big_a, b, big_b, expected):
    u = gmpy2.mpz(int.from_bytes(h(pad(big_a), pad(big_b)), "big"))
    s = gmpy2.powmod(big_a * gmpy2.powmod(V, u, N) % N, b, N)
    return hmac.compare_digest(sign(key_of(u, s)), expected)


def server_verification(big_a, b, expected):
    return server_verify(big_a, b, server_b(b), expected)


def measure(fn, budget=1.5):
    """Median and minimum time per call over batches of about 20 ms (the same
    estimator as cognito-auth-srp's examples/srp_timing.rs)."""
    fn()
    start = time.perf_counter()
    fn()
    once = max(time.perf_counter() - start, 1e-7)
    batch = max(1, int(0.02 / once))
    samples = []
    deadline = time.perf_counter() + budget
    while time.perf_counter() < deadline or len(samples) < 5:
        t = time.perf_counter()
        for _ in range(batch):
            fn()
        samples.append((time.perf_counter() - t) / batch)
    return statistics.median(samples), min(samples)


def main():
    budget = float(sys.argv[1]) if len(sys.argv) > 1 else 1.5
    a = rand_bits(256)
    a1024 = rand_bits(1024)
    big_a = client_a(a)
    expected = client_response(a, big_a)
    if not server_verify(big_a, B_PRIV, B_PUB, expected):
        sys.exit("GMP reference does not verify its own signature")
    rows = [
        ("srp/client_a", lambda: client_a(a)),
        ("srp/client_response", lambda: client_response(a, big_a)),
        ("srp/client_sign_in", lambda: client_sign_in(a)),
        ("srp/client_sign_in_a1024", lambda: client_sign_in(a1024)),
        ("srp/server_b", lambda: server_b(B_PRIV)),
        ("srp/server_verify", lambda: server_verify(big_a, B_PRIV, B_PUB, expected)),
        ("srp/server_verification", lambda: server_verification(big_a, B_PRIV, expected)),
    ]
    base = gmpy2.mpz(int.from_bytes(secrets.token_bytes(384), "big")) % N
    for bits in (256, 512, 1024):
        e = rand_bits(bits)
        rows.append((f"modexp/g_{bits}", lambda e=e: gmpy2.powmod(G, e, N)))
        rows.append((f"modexp/var_{bits}", lambda e=e: gmpy2.powmod(base, e, N)))
    print(f"# gmpy2 {gmpy2.version()} {gmpy2.mp_version()}", flush=True)
    for name, fn in rows:
        median, best = measure(fn, budget)
        print(f"{name}\t{median:.9f}\t{best:.9f}", flush=True)


if __name__ == "__main__":
    main()
