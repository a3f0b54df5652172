'use strict';
// RFC 6238 (TOTP, SHA-1, 6 digits, 30 s steps) over RFC 4226 (HOTP), written for the
// conformance suite: the authenticator app of the MFA scenarios. Checked against the
// RFC's own vectors by selfTest().

const crypto = require('node:crypto');

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 base32 (what Cognito's SecretCode is), padding and spaces ignored. */
function base32Decode(text) {
  const clean = String(text).toUpperCase().replace(/[\s=]/g, '');
  const out = [];
  let buffer = 0;
  let bits = 0;
  for (const ch of clean) {
    const v = ALPHABET.indexOf(ch);
    if (v < 0) throw new Error(`not base32: ${JSON.stringify(ch)}`);
    buffer = ((buffer << 5) | v) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out.push((buffer >>> bits) & 0xff);
    }
  }
  return Buffer.from(out);
}

/** RFC 4226 HOTP: HMAC-SHA-1 over the 8-byte counter, dynamic truncation. */
function hotp(key, counter, digits = 6) {
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(counter));
  const mac = crypto.createHmac('sha1', key).update(msg).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const value = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(value % 10 ** digits).padStart(digits, '0');
}

function selfTest() {
  // RFC 6238 appendix B, SHA-1, 8 digits.
  const key = Buffer.from('12345678901234567890', 'ascii');
  for (const [t, want] of [[59, '94287082'], [1111111109, '07081804'], [2000000000, '69279037']]) {
    const got = hotp(key, Math.floor(t / 30), 8);
    if (got !== want) throw new Error(`RFC 6238 vector T=${t}: expected ${want}, got ${got}`);
  }
  if (base32Decode('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ').toString('ascii') !== '12345678901234567890') {
    throw new Error('base32 decoding is wrong');
  }
}

/**
 * An authenticator app: codes for the current 30 s step of `clock()` (seconds), never
 * handing out a step twice for the same secret (Cognito refuses a code used before).
 * When the current step was used it gives the next one (servers accept ±1 step), and
 * beyond that waits for time to catch up.
 */
class Authenticator {
  constructor(clock) {
    this.clock = clock;
    this.used = new Map();
  }

  /** Records a step spent elsewhere (e.g. by VerifySoftwareToken during provisioning). */
  markUsed(secret, step) {
    if (typeof step !== 'number') return;
    const last = this.used.has(secret) ? this.used.get(secret) : -Infinity;
    this.used.set(secret, Math.max(last, step));
  }

  async code(secret) {
    let now = Math.floor(this.clock() / 30);
    const last = this.used.has(secret) ? this.used.get(secret) : -Infinity;
    let step = Math.max(now, last + 1);
    while (step > now + 1) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      now = Math.floor(this.clock() / 30);
    }
    this.used.set(secret, step);
    return hotp(base32Decode(secret), step);
  }

  /** A 6-digit code that is not valid for this secret within ±2 steps of now. */
  wrongCode(secret) {
    const now = Math.floor(this.clock() / 30);
    const key = base32Decode(secret);
    const valid = new Set([-2, -1, 0, 1, 2].map((d) => hotp(key, now + d)));
    for (let d = 0; d <= 9; d += 1) {
      const candidate = String(d).repeat(6);
      if (!valid.has(candidate)) return candidate;
    }
    throw new Error('no wrong code found');
  }
}

module.exports = { base32Decode, hotp, selfTest, Authenticator };
