'use strict';
// The real Amplify JS v6 (npm `aws-amplify`, version pinned in ../package-lock.json) driven
// against a Cognito-compatible server, as `cargo xtask conformance` runs it:
//
//   node amplify.cjs --node-dir xtask/.node --target target.json \
//        --scenarios scenarios.json --out results.json --steps amplify-steps.json
//
// Each scenario is a function that records every Amplify call it makes with the `nextStep`
// Amplify answered (or the error it threw) and every Cognito action Amplify put on the wire.
// The sequences are written to --steps; `cargo xtask conformance` compares them with the
// sequences of the same scenarios run through the Rust facade (tests/bin/conformance_runner.rs).
// The sign-in challenge scenarios (MFA, MFA setup, USER_AUTH, custom auth, new password,
// password reset) are in challenges.cjs; their pools and users come from --scenarios,
// written by py/suite_scenarios.py. The account-management checks (attributes, password,
// TOTP, devices) are in account.cjs; they are recorded in --out but not in --steps.
//
// What Amplify v6 needs to run in Node 20 (checked against aws-amplify 6.22.1 on Node
// 20.20): nothing beyond Node itself, except a `navigator` for remembered devices.
// - crypto: Amplify's getCrypto() takes window.crypto, else the global `crypto`; Node 20
//   has the Web Crypto global (`globalThis.crypto.getRandomValues`), which the SRP helper
//   uses for `a` and the device secrets. Node 18 lacks it without
//   --experimental-global-webcrypto, which is why Amplify docs ask for a polyfill there.
// - fetch: Amplify's transfer handler calls the global `fetch` at call time (so it can be
//   wrapped, as below, to record the wire); Node 18+ has it.
// - atob / btoa: globals since Node 16.
// - storage: no `window`, so getLocalStorageWithFallback/getSessionStorageWithFallback
//   fall back to an InMemoryStorage: tokens, the sign-in state and the device record live
//   only as long as the process (one Amplify "browser tab" per process).
// - no `window` also means: UserContextData is never sent (no ASF script), and the
//   custom-endpoint warning goes through ConsoleLogger (silenced below).
// - timers: signUp with autoSignIn arms a 3-minute listener that keeps the event loop
//   alive, so the script ends with process.exit().
// - navigator: Amplify names a new remembered device (ConfirmDevice's DeviceName) with
//   getDeviceName(), which reads the global `navigator` (userAgentData, else userAgent). Node
//   21+ has `navigator.userAgent` ("Node.js/21"); Node 20 has no `navigator`, so the call
//   throws, Amplify swallows the error and never confirms the device. Below, Node 20 gets
//   the same `{userAgent}` Node 21 has, nothing more.
// - module format: the package ships CommonJS and ESM; this file loads the CommonJS build
//   through createRequire, because node_modules lives in the ignored xtask/.node and not
//   beside this script.

const fs = require('node:fs');
const path = require('node:path');
const crypto = require('node:crypto');
const { createRequire } = require('node:module');

if (typeof globalThis.navigator === 'undefined') {
  globalThis.navigator = { userAgent: `Node.js/${process.versions.node.split('.')[0]}` };
}

const args = parseArgs(process.argv.slice(2));
const amplifyRequire = createRequire(path.join(path.resolve(args['node-dir']), 'package.json'));
const { Amplify } = amplifyRequire('aws-amplify');
const auth = amplifyRequire('aws-amplify/auth');
const { ConsoleLogger } = amplifyRequire('aws-amplify/utils');
const { selfTest, Authenticator } = require('./totp.cjs');
const challengeScenarios = require('./challenges.cjs');
const accountChecks = require('./account.cjs');
const AMPLIFY_VERSION = amplifyRequire('aws-amplify/package.json').version;

const PASSWORD = 'Correct-Horse-9!';
const WRONG_PASSWORD = 'Wrong-Horse-9!';
const NEW_PASSWORD = 'New-Horse-9!x';
const INCORRECT = 'Incorrect username or password.';
const REVOKED = 'Access Token has been revoked';

const target = JSON.parse(fs.readFileSync(args.target, 'utf8'));
const scenarioFile = JSON.parse(fs.readFileSync(args.scenarios, 'utf8'));
const endpoint = target.endpoint.replace(/\/+$/, '');
// The pool Amplify is configured with (Amplify.configure is called again when a scenario
// needs another pool); `basic` is the pool the boto3 suite provisioned.
const pool = { key: null, userPoolId: null, userPoolClientId: null };
const issuer = () => `${endpoint}/${pool.userPoolId}`;
const runId = crypto.randomBytes(4).toString('hex');

// ---------------------------------------------------------------- wire recording

const realFetch = globalThis.fetch;
let recording = null;
globalThis.fetch = async (input, init = {}) => {
  const response = await realFetch(input, init);
  if (recording) {
    const headers = new Headers(init.headers || {});
    const targetHeader = headers.get('x-amz-target') || '';
    const entry = { action: targetHeader.replace(/^AWSCognitoIdentityProviderService\./, '') };
    try {
      const body = JSON.parse(init.body || '{}');
      if (body.AuthFlow) entry.authFlow = body.AuthFlow;
      if (body.ChallengeName) entry.challengeName = body.ChallengeName;
      if (body.Session) entry.session = true;
    } catch (_) {
      // not JSON: leave it out
    }
    entry.status = response.status;
    if (response.status >= 300) {
      entry.error = (response.headers.get('x-amzn-errortype') || '').split(':')[0] || undefined;
    }
    recording.wire.push(entry);
  }
  return response;
};

// ---------------------------------------------------------------- helpers

class CheckFailed extends Error {}
class Skip extends Error {}

function expect(cond, message) {
  if (!cond) throw new CheckFailed(message);
}

function expectEq(got, want, what) {
  if (JSON.stringify(got) !== JSON.stringify(want)) {
    throw new CheckFailed(`${what}: expected ${JSON.stringify(want)}, got ${JSON.stringify(got)}`);
  }
}

function stepOf(result) {
  const next = (result && result.nextStep) || {};
  return next.signInStep || next.signUpStep || next.resetPasswordStep || null;
}

/** Runs one Amplify call, recording its nextStep (or thrown error) in the scenario. */
async function step(rec, call, fn) {
  try {
    const result = await fn();
    const entry = { call, nextStep: stepOf(result) };
    if (result && 'isSignedIn' in result) entry.isSignedIn = result.isSignedIn;
    if (result && 'isSignUpComplete' in result) entry.isSignUpComplete = result.isSignUpComplete;
    rec.steps.push(entry);
    return result;
  } catch (e) {
    rec.steps.push({ call, error: e.name, message: e.message });
    throw e;
  }
}

/** Runs one Amplify call that must fail with this error name (and message). */
async function refused(rec, call, fn, name, message) {
  let result;
  try {
    result = await step(rec, call, fn);
  } catch (e) {
    if (e.name !== name || (message !== undefined && e.message !== message)) {
      throw new CheckFailed(`${call}: expected ${name} ${JSON.stringify(message)}, got ${e.name} ${JSON.stringify(e.message)}`);
    }
    return e;
  }
  throw new CheckFailed(`${call}: expected ${name}, got ${JSON.stringify(result)}`);
}

async function cognito(action, body) {
  const response = await realFetch(`${endpoint}/`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': `AWSCognitoIdentityProviderService.${action}`,
    },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

async function expectAccessRevoked(accessToken) {
  const r = await cognito('GetUser', { AccessToken: accessToken });
  expectEq(
    { status: r.status, type: r.body && r.body.__type, message: r.body && r.body.message },
    { status: 400, type: 'NotAuthorizedException', message: REVOKED },
    'GetUser with the signed-out access token',
  );
}

/** The newest outbox entry for a user of the current pool (with this purpose, if given). */
async function outboxEntry(username, purpose) {
  const q = new URLSearchParams({ username, userPoolId: pool.userPoolId });
  const r = await realFetch(`${endpoint}/_mock/codes?${q}`);
  expectEq(r.status, 200, 'GET /_mock/codes status');
  const entries = (await r.json()).filter((e) => !purpose || e.purpose === purpose);
  expect(entries.length > 0, `no ${purpose || ''} code in the outbox for ${username}`);
  return entries[entries.length - 1];
}

async function latestCode(username, purpose) {
  if (!target.mockApi) return '123456'; // servers without an outbox (moto) accept any code
  return String((await outboxEntry(username, purpose)).code);
}

/** The mock's clock in seconds (it can be moved with /_mock/clock), else this machine's. */
let clockOffset = 0;
const clock = () => Date.now() / 1000 + clockOffset;

const jwksCache = new Map();
async function jwks() {
  if (!jwksCache.has(pool.userPoolId)) {
    const r = await realFetch(`${issuer()}/.well-known/jwks.json`);
    expectEq(r.status, 200, 'JWKS status');
    jwksCache.set(pool.userPoolId, await r.json());
  }
  return jwksCache.get(pool.userPoolId);
}

/** Verifies a Cognito JWT: RS256 signature by kid, iss, exp, token_use, aud / client_id. */
async function verifyJwt(token, tokenUse) {
  const parts = String(token).split('.');
  expect(parts.length === 3, `${tokenUse} token is not a JWS`);
  const header = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8'));
  const claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
  expectEq(header.alg, 'RS256', `${tokenUse} token alg`);
  const jwk = (await jwks()).keys.find((k) => k.kid === header.kid);
  expect(jwk, `${tokenUse} token kid ${header.kid} is not in the JWKS`);
  const key = crypto.createPublicKey({ key: jwk, format: 'jwk' });
  const ok = crypto.verify(
    'RSA-SHA256',
    Buffer.from(`${parts[0]}.${parts[1]}`),
    key,
    Buffer.from(parts[2], 'base64url'),
  );
  expect(ok, `${tokenUse} token signature does not verify`);
  expectEq(claims.iss, issuer(), `${tokenUse} token iss`);
  expectEq(claims.token_use, tokenUse, 'token_use');
  expect(claims.exp * 1000 > Date.now(), `${tokenUse} token expired`);
  if (tokenUse === 'id') expectEq(claims.aud, pool.userPoolClientId, 'id token aud');
  else expectEq(claims.client_id, pool.userPoolClientId, 'access token client_id');
  return claims;
}

/** fetchAuthSession, requiring tokens, verified against the JWKS. */
async function session(rec, options) {
  const s = await step(rec, options ? 'fetchAuthSession(forceRefresh)' : 'fetchAuthSession', () =>
    auth.fetchAuthSession(options),
  );
  expect(s.tokens && s.tokens.accessToken && s.tokens.idToken, 'fetchAuthSession returned no tokens');
  const access = s.tokens.accessToken.toString();
  const id = s.tokens.idToken.toString();
  const accessClaims = await verifyJwt(access, 'access');
  await verifyJwt(id, 'id');
  expectEq(s.userSub, accessClaims.sub, 'fetchAuthSession userSub');
  return { access, id, accessClaims };
}

/** The same code with its last digit changed: certainly wrong. */
function wrongCode(code) {
  const s = String(code);
  return s.slice(0, -1) + String((Number(s.slice(-1)) + 1) % 10);
}

function wireHas(rec, pred, what) {
  expect(rec.wire.some(pred), `Amplify never sent ${what}; wire: ${rec.wire.map((w) => w.action).join(', ')}`);
}

async function signUpUser(rec, username, options = {}) {
  const result = await step(rec, 'signUp', () =>
    auth.signUp({
      username,
      password: PASSWORD,
      options: { userAttributes: { email: `${username}@example.com` }, ...options },
    }),
  );
  expectEq(stepOf(result), 'CONFIRM_SIGN_UP', 'signUp nextStep');
  expectEq(result.isSignUpComplete, false, 'isSignUpComplete');
  return result;
}

// ---------------------------------------------------------------- scenarios

const users = {};
// One authenticator for every scenario: it never hands out a TOTP time step twice per secret.
const authenticator = new Authenticator(clock);

const SCENARIOS = [
  {
    name: 'amplify.sign_up_confirm_sign_in_srp',
    async run(rec) {
      const username = `amp-${runId}-srp`;
      const up = await signUpUser(rec, username);
      const code = await latestCode(username);
      const confirmed = await step(rec, 'confirmSignUp', () =>
        auth.confirmSignUp({ username, confirmationCode: code }),
      );
      expectEq([confirmed.isSignUpComplete, stepOf(confirmed)], [true, 'DONE'], 'confirmSignUp');
      users.confirmed = username;
      const signedIn = await step(rec, 'signIn', () => auth.signIn({ username, password: PASSWORD }));
      expectEq([signedIn.isSignedIn, stepOf(signedIn)], [true, 'DONE'], 'signIn');
      wireHas(rec, (w) => w.authFlow === 'USER_SRP_AUTH', 'InitiateAuth USER_SRP_AUTH');
      wireHas(rec, (w) => w.challengeName === 'PASSWORD_VERIFIER', 'a PASSWORD_VERIFIER answer');
      const tokens = await session(rec);
      const current = await step(rec, 'getCurrentUser', () => auth.getCurrentUser());
      expectEq(current.username, username, 'getCurrentUser username');
      expectEq(current.userId, tokens.accessClaims.sub, 'getCurrentUser userId');
      expect(tokens.accessClaims.origin_jti, 'access token has no origin_jti, so signOut cannot revoke');
      await step(rec, 'signOut', () => auth.signOut());
      wireHas(rec, (w) => w.action === 'RevokeToken' && w.status === 200, 'a successful RevokeToken');
      const after = await step(rec, 'fetchAuthSession', () => auth.fetchAuthSession());
      expect(!after.tokens, 'tokens survived signOut');
      await expectAccessRevoked(tokens.access);
      const delivery = up.nextStep.codeDeliveryDetails || {};
      expectEq([delivery.deliveryMedium, delivery.attributeName], ['EMAIL', 'email'], 'signUp codeDeliveryDetails');
      return 'signUp → confirmSignUp (outbox code) → SRP signIn → tokens verified → signOut revoked them';
    },
  },
  {
    name: 'amplify.sign_in_wrong_password',
    needs: () => users.confirmed,
    async run(rec) {
      await refused(
        rec,
        'signIn',
        () => auth.signIn({ username: users.confirmed, password: WRONG_PASSWORD }),
        'NotAuthorizedException',
        INCORRECT,
      );
    },
  },
  {
    name: 'amplify.sign_in_user_password_auth',
    needs: () => users.confirmed,
    async run(rec) {
      const r = await step(rec, 'signIn', () =>
        auth.signIn({
          username: users.confirmed,
          password: PASSWORD,
          options: { authFlowType: 'USER_PASSWORD_AUTH' },
        }),
      );
      expectEq([r.isSignedIn, stepOf(r)], [true, 'DONE'], 'signIn');
      wireHas(rec, (w) => w.authFlow === 'USER_PASSWORD_AUTH', 'InitiateAuth USER_PASSWORD_AUTH');
      await session(rec);
      await step(rec, 'signOut', () => auth.signOut());
    },
  },
  {
    name: 'amplify.refresh',
    needs: () => users.confirmed,
    async run(rec) {
      await step(rec, 'signIn', () => auth.signIn({ username: users.confirmed, password: PASSWORD }));
      const before = await session(rec);
      const after = await session(rec, { forceRefresh: true });
      wireHas(
        rec,
        (w) => (w.action === 'GetTokensFromRefreshToken' || w.authFlow === 'REFRESH_TOKEN_AUTH') && w.status === 200,
        'a successful refresh',
      );
      expect(after.access !== before.access, 'forceRefresh kept the old access token');
      expectEq(after.accessClaims.origin_jti, before.accessClaims.origin_jti, 'origin_jti after refresh');
      await step(rec, 'signOut', () => auth.signOut());
      const refreshCall = rec.wire.find((w) => w.action === 'GetTokensFromRefreshToken') ? 'GetTokensFromRefreshToken' : 'REFRESH_TOKEN_AUTH';
      return `refreshed with ${refreshCall}`;
    },
  },
  {
    name: 'amplify.global_sign_out',
    needs: () => users.confirmed,
    async run(rec) {
      await step(rec, 'signIn', () => auth.signIn({ username: users.confirmed, password: PASSWORD }));
      const tokens = await session(rec);
      await step(rec, 'signOut(global)', () => auth.signOut({ global: true }));
      wireHas(rec, (w) => w.action === 'GlobalSignOut' && w.status === 200, 'a successful GlobalSignOut');
      await expectAccessRevoked(tokens.access);
    },
  },
  {
    name: 'amplify.sign_in_unconfirmed',
    async run(rec) {
      const username = `amp-${runId}-unconfirmed`;
      await signUpUser(rec, username);
      const r = await step(rec, 'signIn', () => auth.signIn({ username, password: PASSWORD }));
      expectEq([r.isSignedIn, stepOf(r)], [false, 'CONFIRM_SIGN_UP'], 'signIn of an unconfirmed user');
      // Complete the step: confirm (a wrong code first), then sign in.
      const code = await latestCode(username);
      if (target.mockApi) {
        await refused(
          rec,
          'confirmSignUp',
          () => auth.confirmSignUp({ username, confirmationCode: wrongCode(code) }),
          'CodeMismatchException',
          'Invalid verification code provided, please try again.',
        );
      }
      const confirmed = await step(rec, 'confirmSignUp', () =>
        auth.confirmSignUp({ username, confirmationCode: code }),
      );
      expectEq([confirmed.isSignUpComplete, stepOf(confirmed)], [true, 'DONE'], 'confirmSignUp');
      const signedIn = await step(rec, 'signIn', () => auth.signIn({ username, password: PASSWORD }));
      expectEq([signedIn.isSignedIn, stepOf(signedIn)], [true, 'DONE'], 'signIn after confirmSignUp');
      await session(rec);
    },
  },
  {
    name: 'amplify.auto_sign_in',
    async run(rec) {
      const username = `amp-${runId}-auto`;
      await signUpUser(rec, username, { autoSignIn: true });
      const code = await latestCode(username);
      const confirmed = await step(rec, 'confirmSignUp', () =>
        auth.confirmSignUp({ username, confirmationCode: code }),
      );
      expectEq(
        [confirmed.isSignUpComplete, stepOf(confirmed)],
        [true, 'COMPLETE_AUTO_SIGN_IN'],
        'confirmSignUp with autoSignIn armed',
      );
      const r = await step(rec, 'autoSignIn', () => auth.autoSignIn());
      expectEq([r.isSignedIn, stepOf(r)], [true, 'DONE'], 'autoSignIn');
      const tokens = await session(rec);
      expectEq(tokens.accessClaims.username, username, 'access token username');
      await step(rec, 'signOut', () => auth.signOut());
    },
  },
  ...challengeScenarios({
    auth,
    target,
    runId,
    PASSWORD,
    NEW_PASSWORD,
    CheckFailed,
    expect,
    expectEq,
    stepOf,
    step,
    refused,
    session,
    wireHas,
    wrongCode,
    latestCode,
    outboxEntry,
    authenticator,
  }),
  // Account management (attributes, password, TOTP, devices): checks, not step sequences.
  ...accountChecks({
    auth,
    target,
    runId,
    pool,
    configure,
    cognito,
    verifyJwt,
    PASSWORD,
    NEW_PASSWORD,
    Skip,
    expect,
    expectEq,
    stepOf,
    step,
    refused,
    session,
    wireHas,
    wrongCode,
    outboxEntry,
    authenticator,
  }).map((check) => ({ ...check, compare: false })),
];

// ---------------------------------------------------------------- runner

function configure(key, p) {
  if (pool.key === key) return;
  Amplify.configure({
    Auth: {
      Cognito: {
        userPoolId: p.userPoolId,
        userPoolClientId: p.userPoolClientId,
        userPoolEndpoint: endpoint,
        loginWith: { username: true, email: false },
      },
    },
  });
  Object.assign(pool, { key, userPoolId: p.userPoolId, userPoolClientId: p.userPoolClientId });
}

async function main() {
  ConsoleLogger.LOG_LEVEL = 'ERROR';
  const results = [];
  const sequences = [];
  selfTest();
  if (target.mockApi) {
    const r = await realFetch(`${endpoint}/_mock/clock`);
    if (r.status === 200) clockOffset = Number((await r.json()).offsetSeconds) || 0;
  }
  const pools = scenarioFile.pools || {};
  if (!pools.basic) {
    results.push({ name: 'amplify.configure', status: 'fail', detail: 'no provisioned pool (the boto3 provisioning failed)', ms: 0 });
  } else {
    for (const sc of SCENARIOS) {
      const rec = { scenario: sc.name, steps: [], wire: [] };
      const started = performance.now();
      let status = 'pass';
      let detail = '';
      const key = sc.name.replace(/^amplify\./, '');
      const poolKey = sc.pool || 'basic';
      const provisioned = (scenarioFile.scenarios || {})[key];
      const user = provisioned && provisioned.users && provisioned.users.amplify;
      if (sc.needs && !sc.needs()) {
        status = 'skip';
        detail = 'needs amplify.sign_up_confirm_sign_in_srp (no confirmed user)';
      } else if (!pools[poolKey] || (sc.user && !user)) {
        status = 'skip';
        detail = `not provisioned (${poolKey} pool${sc.user ? ' and user' : ''}; see the scenarios.pool.* checks)`;
      } else {
        configure(poolKey, pools[poolKey]);
        recording = rec;
        try {
          detail = (await sc.run(rec, user)) || '';
        } catch (e) {
          status = e instanceof Skip ? 'skip' : 'fail';
          detail = e instanceof CheckFailed || e instanceof Skip ? e.message : `${e.name}: ${e.message}`;
        } finally {
          recording = null;
          try {
            await auth.signOut(); // every scenario starts signed out
          } catch (_) {
            // signOut never throws for network reasons; ignore anything else too
          }
        }
      }
      const ms = Math.round((performance.now() - started) * 10) / 10;
      results.push({ name: sc.name, status, detail, ms });
      if (sc.compare !== false) sequences.push({ ...rec, status });
      process.stderr.write(`  ${status.padEnd(4)}  ${sc.name}${detail ? `  — ${detail}` : ''}\n`);
    }
  }
  fs.writeFileSync(args.out, JSON.stringify({ suite: 'amplify', amplifyVersion: AMPLIFY_VERSION, node: process.version, checks: results }, null, 2));
  fs.writeFileSync(args.steps, JSON.stringify({ amplifyVersion: AMPLIFY_VERSION, scenarios: sequences }, null, 2));
}

function parseArgs(argv) {
  const out = {};
  for (let i = 0; i < argv.length; i += 2) {
    if (!argv[i].startsWith('--') || argv[i + 1] === undefined) {
      throw new Error(`bad argument ${argv[i]}`);
    }
    out[argv[i].slice(2)] = argv[i + 1];
  }
  for (const required of ['node-dir', 'target', 'scenarios', 'out', 'steps']) {
    if (!out[required]) throw new Error(`missing --${required}`);
  }
  return out;
}

main().then(
  () => process.exit(0),
  (e) => {
    process.stderr.write(`amplify suite crashed: ${e && e.stack ? e.stack : e}\n`);
    process.exit(2);
  },
);
