'use strict';
// amazon-cognito-identity-js (npm, version pinned in ../package-lock.json) — the older AWS
// library many apps still use — driven against a Cognito-compatible server, as
// `cargo xtask conformance` runs it:
//
//   node identity_js.cjs --node-dir xtask/.node --target target.json \
//        --scenarios scenarios.json --out identity_js.json
//
// Every check goes through the library's public API (CognitoUserPool with the server's
// `endpoint`, CognitoUser, AuthenticationDetails); the library computes SRP, TIMESTAMP and
// the challenge answers itself. Codes come from the mock's outbox (/_mock/codes), TOTP codes
// from totp.cjs (RFC 6238). The pools come from --scenarios (py/suite_scenarios.py): `basic`
// (the boto3 suite's pool), `mfa_optional` (SMS and TOTP MFA), `default` (the mock's seeded
// pool, whose custom-auth trigger is the built-in one, docs/mock.md) and one user created
// with AdminCreateUser for the NEW_PASSWORD_REQUIRED check.
//
// What the library needs in Node 20: nothing. It calls the global `fetch` at call time
// (isomorphic-unfetch keeps Node's), its SRP uses its own BigInteger and @aws-crypto's
// SHA-256, and its randomness comes from the global Web Crypto. Tokens live in the
// `Storage` given to CognitoUserPool; the suite passes an in-memory store that behaves like
// a browser's localStorage (getItem answers `null` for a missing key), so the library sends
// what it sends from a browser (e.g. `"DEVICE_KEY": null` when refreshing).

const fs = require('node:fs');
const path = require('node:path');
const crypto = require('node:crypto');
const { createRequire } = require('node:module');

const args = parseArgs(process.argv.slice(2));
const libRequire = createRequire(path.join(path.resolve(args['node-dir']), 'package.json'));
const {
  CognitoUserPool,
  CognitoUser,
  AuthenticationDetails,
  CognitoUserAttribute,
  CognitoRefreshToken,
} = libRequire('amazon-cognito-identity-js');
const LIB_VERSION = libRequire('amazon-cognito-identity-js/package.json').version;
const { selfTest, Authenticator } = require('./totp.cjs');

const PASSWORD = 'Correct-Horse-9!';
const WRONG_PASSWORD = 'Wrong-Horse-9!';
const NEW_PASSWORD = 'New-Horse-9!x';
const RESET_PASSWORD = 'Reset-Horse-9!y';
const INCORRECT = 'Incorrect username or password.';
const REVOKED = 'Access Token has been revoked';

const target = JSON.parse(fs.readFileSync(args.target, 'utf8'));
const scenarioFile = JSON.parse(fs.readFileSync(args.scenarios, 'utf8'));
const endpoint = target.endpoint.replace(/\/+$/, '');
const runId = crypto.randomBytes(4).toString('hex');

// ---------------------------------------------------------------- wire recording

const realFetch = globalThis.fetch;
let wire = [];
globalThis.fetch = async (input, init = {}) => {
  const response = await realFetch(input, init);
  const headers = new Headers(init.headers || {});
  const entry = {
    action: (headers.get('x-amz-target') || '').replace(/^AWSCognitoIdentityProviderService\./, ''),
    status: response.status,
  };
  try {
    const body = JSON.parse(init.body || '{}');
    if (body.AuthFlow) entry.authFlow = body.AuthFlow;
    if (body.ChallengeName) entry.challengeName = body.ChallengeName;
    if (body.AuthParameters) entry.authParameters = Object.keys(body.AuthParameters);
    if (body.ChallengeResponses) entry.challengeResponses = Object.keys(body.ChallengeResponses);
  } catch (_) {
    // not JSON: leave it out
  }
  if (response.status >= 300) {
    entry.error = (response.headers.get('x-amzn-errortype') || '').split(':')[0] || undefined;
  }
  wire.push(entry);
  return response;
};

function wireHas(pred, what) {
  expect(wire.some(pred), `the library never sent ${what}; wire: ${wire.map((w) => w.action + (w.authFlow ? `(${w.authFlow})` : '') + (w.challengeName ? `(${w.challengeName})` : '')).join(', ')}`);
}

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

/** A store with the browser's localStorage contract: strings in, `null` for a missing key. */
class LocalStorageLike {
  constructor() {
    this.items = new Map();
  }

  getItem(key) {
    return this.items.has(key) ? this.items.get(key) : null;
  }

  setItem(key, value) {
    this.items.set(key, String(value));
  }

  removeItem(key) {
    this.items.delete(key);
  }

  clear() {
    this.items.clear();
  }
}

/** One "app": a CognitoUserPool for a provisioned pool with its own token storage. */
function app(poolKey, storage = new LocalStorageLike()) {
  const p = (scenarioFile.pools || {})[poolKey];
  if (!p) throw new Skip(`the ${poolKey} pool was not provisioned (see the scenarios.pool.* checks)`);
  const userPool = new CognitoUserPool({
    UserPoolId: p.userPoolId,
    ClientId: p.userPoolClientId,
    endpoint: `${endpoint}/`,
    Storage: storage,
  });
  return { userPool, storage, poolId: p.userPoolId, clientId: p.userPoolClientId, poolKey };
}

function userOf(a, username) {
  return new CognitoUser({ Username: username, Pool: a.userPool, Storage: a.storage });
}

/** Node-style callback API → promise. */
function node(fn) {
  return new Promise((resolve, reject) => fn((err, data, extra) => (err ? reject(err) : resolve(extra === undefined ? data : [data, extra]))));
}

const EVENTS = [
  'onSuccess',
  'newPasswordRequired',
  'mfaRequired',
  'totpRequired',
  'customChallenge',
  'selectMFAType',
  'mfaSetup',
  'associateSecretCode',
  'inputVerificationCode',
];

/**
 * Callback-map API → promise of `{event, args}`: which callback the library called
 * (onFailure rejects).
 */
function flow(fn) {
  return new Promise((resolve, reject) => {
    const callbacks = { onFailure: reject };
    for (const event of EVENTS) callbacks[event] = (...a) => resolve({ event, args: a });
    fn(callbacks);
  });
}

function expectEvent(result, event, what) {
  expectEq(result.event, event, `${what}: the callback the library called`);
  return result.args;
}

/** A call that must fail with this error code (and message). */
async function refused(promise, code, message, what) {
  let result;
  try {
    result = await promise;
  } catch (e) {
    if (e.code !== code || (message !== undefined && e.message !== message)) {
      throw new CheckFailed(`${what}: expected ${code} ${JSON.stringify(message)}, got ${e.code || e.name} ${JSON.stringify(e.message)}`);
    }
    return e;
  }
  throw new CheckFailed(`${what}: expected ${code}, got success ${JSON.stringify(result && (result.event || result))}`);
}

function details(username, password) {
  return new AuthenticationDetails({ Username: username, Password: password });
}

/** authenticateUser with the user's current flow type, as a promise of the callback it hit. */
function authenticate(user, password, flowType) {
  if (flowType) user.setAuthenticationFlowType(flowType);
  return flow((cb) => user.authenticateUser(details(user.getUsername(), password), cb));
}

async function signIn(a, username, password, flowType) {
  const user = userOf(a, username);
  if (flowType) user.setAuthenticationFlowType(flowType);
  const [session] = expectEvent(await authenticate(user, password), 'onSuccess', `authenticateUser(${username})`);
  return { user, session };
}

/** Raw Cognito call, outside the library (checks on what the server answers). */
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

async function expectRefreshRefused(a, refreshToken) {
  const r = await cognito('InitiateAuth', {
    ClientId: a.clientId,
    AuthFlow: 'REFRESH_TOKEN_AUTH',
    AuthParameters: { REFRESH_TOKEN: refreshToken },
  });
  expectEq([r.status, r.body && r.body.__type], [400, 'NotAuthorizedException'], 'REFRESH_TOKEN_AUTH with the signed-out refresh token');
}

/** The newest outbox entry for a user of a pool (with this purpose, if given). */
async function outboxEntry(a, username, purpose) {
  if (!target.mockApi) throw new Skip('the server has no /_mock outbox to read codes from');
  const q = new URLSearchParams({ username, userPoolId: a.poolId });
  const r = await realFetch(`${endpoint}/_mock/codes?${q}`);
  expectEq(r.status, 200, 'GET /_mock/codes status');
  const entries = (await r.json()).filter((e) => !purpose || e.purpose === purpose);
  expect(entries.length > 0, `no ${purpose || ''} code in the outbox for ${username}`);
  return entries[entries.length - 1];
}

async function latestCode(a, username, purpose) {
  return String((await outboxEntry(a, username, purpose)).code);
}

/** The same code with its last digit changed: certainly wrong. */
function wrongCode(code) {
  const s = String(code);
  return s.slice(0, -1) + String((Number(s.slice(-1)) + 1) % 10);
}

let clockOffset = 0;
const clock = () => Date.now() / 1000 + clockOffset;
const authenticator = new Authenticator(clock);

const jwksCache = new Map();
async function jwks(poolId) {
  if (!jwksCache.has(poolId)) {
    const r = await realFetch(`${endpoint}/${poolId}/.well-known/jwks.json`);
    expectEq(r.status, 200, 'JWKS status');
    jwksCache.set(poolId, await r.json());
  }
  return jwksCache.get(poolId);
}

/** Verifies a Cognito JWT: RS256 signature by kid, iss, exp, token_use, aud / client_id. */
async function verifyJwt(a, token, tokenUse) {
  const parts = String(token).split('.');
  expect(parts.length === 3, `${tokenUse} token is not a JWS`);
  const header = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8'));
  const claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
  expectEq(header.alg, 'RS256', `${tokenUse} token alg`);
  const jwk = (await jwks(a.poolId)).keys.find((k) => k.kid === header.kid);
  expect(jwk, `${tokenUse} token kid ${header.kid} is not in the JWKS`);
  const ok = crypto.verify(
    'RSA-SHA256',
    Buffer.from(`${parts[0]}.${parts[1]}`),
    crypto.createPublicKey({ key: jwk, format: 'jwk' }),
    Buffer.from(parts[2], 'base64url'),
  );
  expect(ok, `${tokenUse} token signature does not verify`);
  expectEq(claims.iss, `${endpoint}/${a.poolId}`, `${tokenUse} token iss`);
  expectEq(claims.token_use, tokenUse, `${tokenUse} token_use`);
  expect(claims.exp * 1000 > Date.now(), `${tokenUse} token expired`);
  if (tokenUse === 'id') expectEq(claims.aud, a.clientId, 'id token aud');
  else expectEq(claims.client_id, a.clientId, 'access token client_id');
  return claims;
}

/**
 * A CognitoUserSession the library built: valid, its tokens verified against the JWKS, and
 * the library's own decoding of them agreeing with the verified claims.
 */
async function verifySession(a, session, username) {
  expect(session && session.isValid(), 'the library says the session is not valid');
  const access = session.getAccessToken().getJwtToken();
  const id = session.getIdToken().getJwtToken();
  const accessClaims = await verifyJwt(a, access, 'access');
  const idClaims = await verifyJwt(a, id, 'id');
  expect(session.getRefreshToken().getToken(), 'the session has no refresh token');
  expectEq(session.getAccessToken().decodePayload().sub, accessClaims.sub, 'decoded access token sub');
  expectEq(session.getIdToken().getExpiration(), idClaims.exp, 'id token expiration the library read');
  if (username) {
    expectEq(accessClaims.username, username, 'access token username');
    expectEq(idClaims['cognito:username'], username, 'id token cognito:username');
  }
  return { access, id, refresh: session.getRefreshToken().getToken(), accessClaims, idClaims };
}

function attributesOf(list) {
  const out = {};
  for (const attr of list) out[attr.getName()] = attr.getValue();
  return out;
}

const attr = (Name, Value) => new CognitoUserAttribute({ Name, Value });

/** signUp + confirmRegistration with the outbox code, through the library. */
async function signUpConfirmed(a, username, extraAttributes = []) {
  await node((cb) =>
    a.userPool.signUp(username, PASSWORD, [attr('email', `${username}@example.com`), ...extraAttributes], null, cb),
  );
  const code = await latestCode(a, username, 'SIGN_UP');
  const confirmed = await node((cb) => userOf(a, username).confirmRegistration(code, true, cb));
  expectEq(confirmed, 'SUCCESS', 'confirmRegistration');
}

// ---------------------------------------------------------------- checks

const state = {};
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const CHECKS = [
  {
    name: 'identity_js.sign_up',
    async run() {
      const a = app('basic');
      const username = `ijs-${runId}-main`;
      const result = await node((cb) =>
        a.userPool.signUp(
          username,
          PASSWORD,
          [attr('email', `${username}@example.com`), attr('name', 'Identity JS')],
          // ValidationData goes to a pre sign-up trigger; Cognito accepts it without one.
          [attr('invite', 'conformance')],
          cb,
        ),
      );
      expectEq(result.userConfirmed, false, 'userConfirmed');
      expect(UUID_RE.test(result.userSub), `userSub is not a UUID: ${result.userSub}`);
      expectEq(result.user.getUsername(), username, 'the CognitoUser signUp returned');
      state.main = { a, username, sub: result.userSub, password: PASSWORD, delivery: result.codeDeliveryDetails };
      return username;
    },
  },
  {
    name: 'identity_js.sign_up.code_delivery_details',
    needs: ['identity_js.sign_up'],
    async run() {
      const delivery = state.main.delivery || {};
      expectEq([delivery.DeliveryMedium, delivery.AttributeName], ['EMAIL', 'email'], 'codeDeliveryDetails');
      expect(/\*/.test(delivery.Destination || ''), `destination is not masked: ${delivery.Destination}`);
      return `code sent to ${delivery.Destination}`;
    },
  },
  {
    name: 'identity_js.sign_up.username_exists',
    needs: ['identity_js.sign_up'],
    async run() {
      const { a, username } = state.main;
      await refused(
        node((cb) => a.userPool.signUp(username, PASSWORD, [attr('email', `${username}@example.com`)], null, cb)),
        'UsernameExistsException',
        'User already exists',
        'signUp of an existing username',
      );
    },
  },
  {
    name: 'identity_js.unconfirmed_refused',
    needs: ['identity_js.sign_up'],
    async run() {
      const { a, username } = state.main;
      await refused(
        authenticate(userOf(a, username), PASSWORD),
        'UserNotConfirmedException',
        'User is not confirmed.',
        'authenticateUser (SRP) of an unconfirmed user',
      );
    },
  },
  {
    name: 'identity_js.resend_confirmation_code',
    needs: ['identity_js.sign_up'],
    async run() {
      const { a, username } = state.main;
      const before = await outboxEntry(a, username, 'SIGN_UP');
      const result = await node((cb) => userOf(a, username).resendConfirmationCode(cb));
      const delivery = result.CodeDeliveryDetails || {};
      expectEq([delivery.DeliveryMedium, delivery.AttributeName], ['EMAIL', 'email'], 'CodeDeliveryDetails');
      const after = await outboxEntry(a, username, 'SIGN_UP');
      expect(after.sentAt >= before.sentAt && (after.code !== before.code || after.sentAt !== before.sentAt), 'no new code in the outbox');
    },
  },
  {
    name: 'identity_js.confirm_registration',
    needs: ['identity_js.resend_confirmation_code'],
    async run() {
      const { a, username } = state.main;
      const code = await latestCode(a, username, 'SIGN_UP');
      await refused(
        node((cb) => userOf(a, username).confirmRegistration(wrongCode(code), true, cb)),
        'CodeMismatchException',
        'Invalid verification code provided, please try again.',
        'confirmRegistration with a wrong code',
      );
      const result = await node((cb) => userOf(a, username).confirmRegistration(code, true, cb));
      expectEq(result, 'SUCCESS', 'confirmRegistration');
      await refused(
        node((cb) => userOf(a, username).confirmRegistration(code, true, cb)),
        'NotAuthorizedException',
        'User cannot be confirmed. Current status is CONFIRMED',
        'confirmRegistration a second time',
      );
    },
  },
  {
    name: 'identity_js.srp_sign_in',
    needs: ['identity_js.confirm_registration'],
    async run() {
      const { a, username, sub } = state.main;
      const { user, session } = await signIn(a, username, PASSWORD);
      expectEq(user.getAuthenticationFlowType(), 'USER_SRP_AUTH', 'default flow type');
      wireHas((w) => w.authFlow === 'USER_SRP_AUTH' && w.status === 200, 'InitiateAuth USER_SRP_AUTH');
      wireHas((w) => w.challengeName === 'PASSWORD_VERIFIER' && w.status === 200, 'a PASSWORD_VERIFIER answer');
      const tokens = await verifySession(a, session, username);
      expectEq(tokens.accessClaims.sub, sub, 'access token sub = signUp userSub');
      expectEq(tokens.idClaims.email, `${username}@example.com`, 'id token email');
      expectEq(tokens.idClaims.email_verified, true, 'id token email_verified');
      expectEq(tokens.idClaims.name, 'Identity JS', 'id token name');
      expect(tokens.accessClaims.origin_jti, 'no origin_jti: the library will not revoke on signOut');
      state.main.user = user;
      state.main.tokens = tokens;
    },
  },
  {
    name: 'identity_js.get_session',
    needs: ['identity_js.srp_sign_in'],
    async run() {
      const { a, username, tokens } = state.main;
      // A new CognitoUserPool over the same storage: the app after a page reload.
      const reloaded = new CognitoUserPool({
        UserPoolId: a.poolId,
        ClientId: a.clientId,
        endpoint: `${endpoint}/`,
        Storage: a.storage,
      });
      const current = reloaded.getCurrentUser();
      expect(current, 'getCurrentUser() found no user in the storage');
      expectEq(current.getUsername(), username, 'getCurrentUser username');
      const before = wire.length;
      const session = await node((cb) => current.getSession(cb));
      expectEq(wire.length, before, 'calls getSession made for a valid cached session');
      expectEq(session.getAccessToken().getJwtToken(), tokens.access, 'cached access token');
      expectEq(session.getRefreshToken().getToken(), tokens.refresh, 'cached refresh token');
    },
  },
  {
    name: 'identity_js.refresh_session',
    needs: ['identity_js.srp_sign_in'],
    async run() {
      const { a, username, user, tokens } = state.main;
      const session = await node((cb) => user.refreshSession(new CognitoRefreshToken({ RefreshToken: tokens.refresh }), cb));
      wireHas((w) => w.authFlow === 'REFRESH_TOKEN_AUTH' && w.status === 200, 'InitiateAuth REFRESH_TOKEN_AUTH');
      const refreshed = await verifySession(a, session, username);
      expect(refreshed.access !== tokens.access, 'refreshSession kept the old access token');
      expectEq(refreshed.refresh, tokens.refresh, 'refresh token (kept by the library when none is returned)');
      expectEq(refreshed.accessClaims.origin_jti, tokens.accessClaims.origin_jti, 'origin_jti after refresh');
      expectEq(refreshed.accessClaims.auth_time, tokens.accessClaims.auth_time, 'auth_time after refresh');
      state.main.tokens = refreshed;
    },
  },
  {
    name: 'identity_js.get_session_refreshes_expired',
    needs: ['identity_js.refresh_session'],
    async run() {
      const { a, username, tokens } = state.main;
      // The library judges expiry by its stored clock drift: two hours of drift make the
      // cached tokens look expired, so getSession must refresh them with the refresh token.
      a.storage.setItem(`CognitoIdentityServiceProvider.${a.clientId}.${username}.clockDrift`, '-7200');
      const user = a.userPool.getCurrentUser();
      const before = wire.length;
      const session = await node((cb) => user.getSession(cb));
      const calls = wire.slice(before);
      expect(calls.some((w) => w.authFlow === 'REFRESH_TOKEN_AUTH' && w.status === 200), `getSession did not refresh; wire: ${JSON.stringify(calls)}`);
      const refresh = calls.find((w) => w.authFlow === 'REFRESH_TOKEN_AUTH');
      const refreshed = await verifySession(a, session, username);
      expect(refreshed.access !== tokens.access, 'getSession kept the expired-looking access token');
      state.main.user = user;
      state.main.tokens = refreshed;
      // From a browser-like storage the library sends `"DEVICE_KEY": null`, which Cognito
      // takes as absent.
      return `REFRESH_TOKEN_AUTH with ${refresh.authParameters.join(', ')}`;
    },
  },
  {
    name: 'identity_js.wrong_password',
    needs: ['identity_js.confirm_registration'],
    async run() {
      const { a, username } = state.main;
      await refused(authenticate(userOf(a, username), WRONG_PASSWORD), 'NotAuthorizedException', INCORRECT, 'SRP with a wrong password');
      const plain = userOf(a, username);
      plain.setAuthenticationFlowType('USER_PASSWORD_AUTH');
      await refused(authenticate(plain, WRONG_PASSWORD), 'NotAuthorizedException', INCORRECT, 'USER_PASSWORD_AUTH with a wrong password');
    },
  },
  {
    name: 'identity_js.unknown_user',
    async run() {
      const a = app('basic');
      const username = `ijs-${runId}-nobody`;
      await refused(authenticate(userOf(a, username), PASSWORD), 'NotAuthorizedException', INCORRECT, 'SRP for a user that does not exist');
      const plain = userOf(a, username);
      plain.setAuthenticationFlowType('USER_PASSWORD_AUTH');
      await refused(authenticate(plain, PASSWORD), 'NotAuthorizedException', INCORRECT, 'USER_PASSWORD_AUTH for a user that does not exist');
    },
  },
  {
    name: 'identity_js.user_password_auth',
    needs: ['identity_js.confirm_registration'],
    async run() {
      const { a, username } = state.main;
      const { session } = await signIn(a, username, PASSWORD, 'USER_PASSWORD_AUTH');
      wireHas((w) => w.authFlow === 'USER_PASSWORD_AUTH' && w.status === 200, 'InitiateAuth USER_PASSWORD_AUTH');
      expect(!wire.some((w) => w.challengeName === 'PASSWORD_VERIFIER'), 'USER_PASSWORD_AUTH answered a PASSWORD_VERIFIER');
      await verifySession(a, session, username);
    },
  },
  {
    name: 'identity_js.user_attributes',
    needs: ['identity_js.srp_sign_in'],
    async run() {
      const { a, username, sub } = state.main;
      const { user } = await signIn(a, username, PASSWORD, 'USER_PASSWORD_AUTH');
      let attrs = attributesOf(await node((cb) => user.getUserAttributes(cb)));
      expectEq([attrs.sub, attrs.email, attrs.email_verified, attrs.name], [sub, `${username}@example.com`, 'true', 'Identity JS'], 'getUserAttributes');
      // A plain attribute changes at once.
      const [ok] = await node((cb) => user.updateAttributes([attr('name', 'Renamed JS'), attr('given_name', 'Ren')], cb));
      expectEq(ok, 'SUCCESS', 'updateAttributes(name, given_name)');
      attrs = attributesOf(await node((cb) => user.getUserAttributes(cb)));
      expectEq([attrs.name, attrs.given_name], ['Renamed JS', 'Ren'], 'attributes after updateAttributes');
      // A new email is sent a code and is unverified until the code comes back.
      const newEmail = `${username}-new@example.com`;
      const [ok2, result] = await node((cb) => user.updateAttributes([attr('email', newEmail)], cb));
      expectEq(ok2, 'SUCCESS', 'updateAttributes(email)');
      const list = (result && result.CodeDeliveryDetailsList) || [];
      expectEq(list.map((d) => [d.DeliveryMedium, d.AttributeName]), [['EMAIL', 'email']], 'CodeDeliveryDetailsList for a new email');
      attrs = attributesOf(await node((cb) => user.getUserAttributes(cb)));
      expectEq([attrs.email, attrs.email_verified], [newEmail, 'false'], 'email after updateAttributes');
      const code = await latestCode(a, username, 'VERIFY_ATTRIBUTE:email');
      await refused(
        flow((cb) => user.verifyAttribute('email', wrongCode(code), cb)),
        'CodeMismatchException',
        'Invalid verification code provided, please try again.',
        'verifyAttribute(email) with a wrong code',
      );
      // getAttributeVerificationCode sends a fresh code, which verifies.
      const sent = expectEvent(await flow((cb) => user.getAttributeVerificationCode('email', cb)), 'inputVerificationCode', 'getAttributeVerificationCode');
      expectEq((sent[0].CodeDeliveryDetails || {}).AttributeName, 'email', 'getAttributeVerificationCode delivery');
      const fresh = await latestCode(a, username, 'VERIFY_ATTRIBUTE:email');
      expectEvent(await flow((cb) => user.verifyAttribute('email', fresh, cb)), 'onSuccess', 'verifyAttribute(email)');
      attrs = attributesOf(await node((cb) => user.getUserAttributes(cb)));
      expectEq(attrs.email_verified, 'true', 'email_verified after verifyAttribute');
      expectEq(await node((cb) => user.deleteAttributes(['given_name'], cb)), 'SUCCESS', 'deleteAttributes');
      const data = await node((cb) => user.getUserData(cb, { bypassCache: true }));
      expectEq(data.Username, username, 'getUserData Username');
      const fromData = Object.fromEntries(data.UserAttributes.map((x) => [x.Name, x.Value]));
      expect(!('given_name' in fromData), 'given_name survived deleteAttributes');
      expectEq(fromData.email, newEmail, 'getUserData email');
      state.main.email = newEmail;
    },
  },
  {
    name: 'identity_js.change_password',
    needs: ['identity_js.srp_sign_in'],
    async run() {
      const { a, username } = state.main;
      const { user } = await signIn(a, username, state.main.password, 'USER_PASSWORD_AUTH');
      await refused(
        node((cb) => user.changePassword(WRONG_PASSWORD, NEW_PASSWORD, cb)),
        'NotAuthorizedException',
        INCORRECT,
        'changePassword with a wrong old password',
      );
      await refused(
        node((cb) => user.changePassword(state.main.password, 'short', cb)),
        'InvalidPasswordException',
        undefined,
        'changePassword to a password the policy refuses',
      );
      expectEq(await node((cb) => user.changePassword(state.main.password, NEW_PASSWORD, cb)), 'SUCCESS', 'changePassword');
      await refused(authenticate(userOf(a, username), state.main.password, 'USER_PASSWORD_AUTH'), 'NotAuthorizedException', INCORRECT, 'USER_PASSWORD_AUTH with the old password');
      state.main.password = NEW_PASSWORD;
      await signIn(a, username, NEW_PASSWORD); // SRP: the verifier follows the new password
    },
  },
  {
    name: 'identity_js.forgot_password',
    needs: ['identity_js.srp_sign_in'],
    async run() {
      const { a, username } = state.main;
      const user = userOf(a, username);
      const [data] = expectEvent(await flow((cb) => user.forgotPassword(cb)), 'inputVerificationCode', 'forgotPassword');
      const delivery = data.CodeDeliveryDetails || {};
      expectEq([delivery.DeliveryMedium, delivery.AttributeName], ['EMAIL', 'email'], 'forgotPassword CodeDeliveryDetails');
      const code = await latestCode(a, username, 'FORGOT_PASSWORD');
      await refused(
        flow((cb) => user.confirmPassword(wrongCode(code), RESET_PASSWORD, cb)),
        'CodeMismatchException',
        'Invalid verification code provided, please try again.',
        'confirmPassword with a wrong code',
      );
      const [ok] = expectEvent(await flow((cb) => user.confirmPassword(code, RESET_PASSWORD, cb)), 'onSuccess', 'confirmPassword');
      expectEq(ok, 'SUCCESS', 'confirmPassword result');
      await refused(authenticate(userOf(a, username), state.main.password, 'USER_PASSWORD_AUTH'), 'NotAuthorizedException', INCORRECT, 'USER_PASSWORD_AUTH with the password before the reset');
      state.main.password = RESET_PASSWORD;
      await signIn(a, username, RESET_PASSWORD); // SRP: the verifier follows the reset
    },
  },
  {
    name: 'identity_js.sign_out_revokes',
    needs: ['identity_js.srp_sign_in'],
    async run() {
      const { a, username } = state.main;
      const { user, session } = await signIn(a, username, state.main.password);
      const tokens = await verifySession(a, session);
      const err = await new Promise((resolve) => user.signOut(resolve));
      expect(!err, `signOut failed: ${err && (err.code || err.message)}`);
      wireHas((w) => w.action === 'RevokeToken' && w.status === 200, 'a successful RevokeToken');
      expectEq(a.userPool.getCurrentUser(), null, 'getCurrentUser after signOut');
      await expectAccessRevoked(tokens.access);
      await expectRefreshRefused(a, tokens.refresh);
    },
  },
  {
    name: 'identity_js.global_sign_out',
    needs: ['identity_js.srp_sign_in'],
    async run() {
      const { a, username } = state.main;
      // Two devices: two apps with their own storage, each signed in.
      const phone = app('basic');
      const first = await signIn(a, username, state.main.password);
      const second = await signIn(phone, username, state.main.password, 'USER_PASSWORD_AUTH');
      const firstTokens = await verifySession(a, first.session);
      const [ok] = expectEvent(await flow((cb) => first.user.globalSignOut(cb)), 'onSuccess', 'globalSignOut');
      expectEq(ok, 'SUCCESS', 'globalSignOut result');
      wireHas((w) => w.action === 'GlobalSignOut' && w.status === 200, 'a successful GlobalSignOut');
      await expectAccessRevoked(firstTokens.access);
      await expectRefreshRefused(a, firstTokens.refresh);
      // The other device's tokens are revoked too; the library reports it on its next call.
      await refused(
        node((cb) => second.user.getUserAttributes(cb)),
        'NotAuthorizedException',
        REVOKED,
        'getUserAttributes on the other device after globalSignOut',
      );
      // A new sign-in works.
      await signIn(a, username, state.main.password, 'USER_PASSWORD_AUTH');
    },
  },
  {
    name: 'identity_js.new_password_required',
    async run() {
      const a = app('basic');
      const provisioned = (((scenarioFile.scenarios || {}).identity_js_new_password || {}).users || {}).identity_js;
      if (!provisioned) throw new Skip('no FORCE_CHANGE_PASSWORD user was provisioned (scenarios.pool.basic)');
      const user = userOf(a, provisioned.username);
      const [userAttributes, requiredAttributes] = expectEvent(
        await authenticate(user, provisioned.password),
        'newPasswordRequired',
        'authenticateUser with the temporary password',
      );
      expectEq(userAttributes.email, provisioned.email, 'newPasswordRequired userAttributes.email');
      expect(Array.isArray(requiredAttributes), 'requiredAttributes is not an array');
      await refused(
        flow((cb) => user.completeNewPasswordChallenge('short', {}, cb)),
        'InvalidPasswordException',
        undefined,
        'completeNewPasswordChallenge with a password the policy refuses',
      );
      const [session] = expectEvent(
        await flow((cb) => user.completeNewPasswordChallenge(NEW_PASSWORD, { name: 'Invited JS' }, cb)),
        'onSuccess',
        'completeNewPasswordChallenge',
      );
      const tokens = await verifySession(a, session, provisioned.username);
      expectEq(tokens.idClaims.name, 'Invited JS', 'attribute set with the new password');
      wireHas((w) => w.challengeName === 'NEW_PASSWORD_REQUIRED' && w.status === 200, 'a NEW_PASSWORD_REQUIRED answer');
      await refused(authenticate(userOf(a, provisioned.username), provisioned.password), 'NotAuthorizedException', INCORRECT, 'the temporary password after the change');
      await signIn(a, provisioned.username, NEW_PASSWORD);
      return `required attributes: ${JSON.stringify(requiredAttributes)}`;
    },
  },
  {
    name: 'identity_js.totp_mfa',
    async run() {
      const a = app('mfa_optional');
      const username = `ijs-${runId}-totp`;
      await signUpConfirmed(a, username);
      // No factor is set up yet, so MFA OPTIONAL lets the user in.
      const { user } = await signIn(a, username, PASSWORD, 'USER_PASSWORD_AUTH');
      const [secret] = expectEvent(await flow((cb) => user.associateSoftwareToken(cb)), 'associateSecretCode', 'associateSoftwareToken');
      expect(/^[A-Z2-7]+=*$/.test(secret) && secret.length >= 16, `SecretCode is not base32: ${secret}`);
      await refused(
        flow((cb) => user.verifySoftwareToken(authenticator.wrongCode(secret), 'identity-js', cb)),
        'EnableSoftwareTokenMFAException',
        undefined,
        'verifySoftwareToken with a wrong code',
      );
      const [verified] = expectEvent(
        await flow(async (cb) => user.verifySoftwareToken(await authenticator.code(secret), 'identity-js', cb)),
        'onSuccess',
        'verifySoftwareToken',
      );
      expectEq(verified.Status, 'SUCCESS', 'VerifySoftwareToken Status');
      expectEq(
        await node((cb) => user.setUserMfaPreference(null, { Enabled: true, PreferredMfa: true }, cb)),
        'SUCCESS',
        'setUserMfaPreference(TOTP preferred)',
      );
      const data = await node((cb) => user.getUserData(cb, { bypassCache: true }));
      expectEq([data.PreferredMfaSetting, data.UserMFASettingList], ['SOFTWARE_TOKEN_MFA', ['SOFTWARE_TOKEN_MFA']], 'getUserData MFA settings');
      // Now the sign-in asks for the authenticator's code.
      const again = userOf(a, username);
      const [challengeName] = expectEvent(await authenticate(again, PASSWORD), 'totpRequired', 'authenticateUser with TOTP preferred');
      expectEq(challengeName, 'SOFTWARE_TOKEN_MFA', 'totpRequired challenge name');
      await refused(
        flow((cb) => again.sendMFACode(authenticator.wrongCode(secret), cb, 'SOFTWARE_TOKEN_MFA')),
        'CodeMismatchException',
        'Invalid code received for user',
        'sendMFACode with a wrong TOTP code',
      );
      const [session] = expectEvent(
        await flow(async (cb) => again.sendMFACode(await authenticator.code(secret), cb, 'SOFTWARE_TOKEN_MFA')),
        'onSuccess',
        'sendMFACode(SOFTWARE_TOKEN_MFA)',
      );
      wireHas((w) => w.challengeName === 'SOFTWARE_TOKEN_MFA' && w.status === 200, 'a SOFTWARE_TOKEN_MFA answer');
      await verifySession(a, session, username);
      state.totp = { a, username, secret, user: again };
    },
  },
  {
    name: 'identity_js.sms_mfa',
    needs: ['identity_js.totp_mfa'],
    async run() {
      const { a, username, user } = state.totp;
      // A phone number, verified with the code the library asks for, then SMS preferred.
      const phone = `+1555${String(parseInt(runId, 16) % 10000000).padStart(7, '0')}`;
      expectEq((await node((cb) => user.updateAttributes([attr('phone_number', phone)], cb)))[0], 'SUCCESS', 'updateAttributes(phone_number)');
      expectEvent(await flow((cb) => user.getAttributeVerificationCode('phone_number', cb)), 'inputVerificationCode', 'getAttributeVerificationCode(phone_number)');
      const entry = await outboxEntry(a, username, 'VERIFY_ATTRIBUTE:phone_number');
      expectEq([entry.medium, entry.destination], ['SMS', phone], 'phone verification code delivery');
      expectEvent(await flow((cb) => user.verifyAttribute('phone_number', String(entry.code), cb)), 'onSuccess', 'verifyAttribute(phone_number)');
      expectEq(
        await node((cb) => user.setUserMfaPreference({ Enabled: true, PreferredMfa: true }, { Enabled: true, PreferredMfa: false }, cb)),
        'SUCCESS',
        'setUserMfaPreference(SMS preferred, TOTP enabled)',
      );
      const again = userOf(a, username);
      const [challengeName, params] = expectEvent(await authenticate(again, PASSWORD), 'mfaRequired', 'authenticateUser with SMS preferred');
      expectEq(challengeName, 'SMS_MFA', 'mfaRequired challenge name');
      expectEq(params.CODE_DELIVERY_DELIVERY_MEDIUM, 'SMS', 'CODE_DELIVERY_DELIVERY_MEDIUM');
      expect(/\*/.test(params.CODE_DELIVERY_DESTINATION || '') && params.CODE_DELIVERY_DESTINATION.endsWith(phone.slice(-4)), `CODE_DELIVERY_DESTINATION: ${params.CODE_DELIVERY_DESTINATION}`);
      const code = await latestCode(a, username, 'SMS_MFA');
      await refused(
        flow((cb) => again.sendMFACode(wrongCode(code), cb)),
        'CodeMismatchException',
        'Invalid code or auth state for the user.',
        'sendMFACode with a wrong SMS code',
      );
      const [session] = expectEvent(await flow((cb) => again.sendMFACode(code, cb)), 'onSuccess', 'sendMFACode(SMS_MFA)');
      await verifySession(a, session, username);
      state.totp.user = again;
    },
  },
  {
    name: 'identity_js.mfa_selection',
    needs: ['identity_js.sms_mfa'],
    async run() {
      const { a, username, user } = state.totp;
      expectEq(
        await node((cb) => user.setUserMfaPreference({ Enabled: true, PreferredMfa: false }, { Enabled: true, PreferredMfa: false }, cb)),
        'SUCCESS',
        'setUserMfaPreference(both enabled, none preferred)',
      );
      const again = userOf(a, username);
      const [challengeName, params] = expectEvent(await authenticate(again, PASSWORD), 'selectMFAType', 'authenticateUser with two factors, none preferred');
      expectEq(challengeName, 'SELECT_MFA_TYPE', 'selectMFAType challenge name');
      expectEq(JSON.parse(params.MFAS_CAN_CHOOSE).sort(), ['SMS_MFA', 'SOFTWARE_TOKEN_MFA'], 'MFAS_CAN_CHOOSE');
      const [smsName, smsParams] = expectEvent(
        await flow((cb) => again.sendMFASelectionAnswer('SMS_MFA', cb)),
        'mfaRequired',
        'sendMFASelectionAnswer(SMS_MFA)',
      );
      expectEq([smsName, smsParams.CODE_DELIVERY_DELIVERY_MEDIUM], ['SMS_MFA', 'SMS'], 'challenge after the selection');
      const code = await latestCode(a, username, 'SMS_MFA');
      const [session] = expectEvent(await flow((cb) => again.sendMFACode(code, cb)), 'onSuccess', 'sendMFACode after the selection');
      wireHas((w) => w.challengeName === 'SELECT_MFA_TYPE' && w.status === 200, 'a SELECT_MFA_TYPE answer');
      await verifySession(a, session, username);
    },
  },
  {
    name: 'identity_js.legacy_sms_mfa',
    needs: ['identity_js.mfa_selection'],
    async run() {
      // enableMFA / disableMFA: the library's older SMS-only switch (SetUserSettings), which
      // Cognito still serves for SMS MFA; getMFAOptions reads GetUser's legacy MFAOptions.
      const { a, username, user } = state.totp;
      expectEq(
        await node((cb) => user.setUserMfaPreference({ Enabled: false, PreferredMfa: false }, { Enabled: false, PreferredMfa: false }, cb)),
        'SUCCESS',
        'setUserMfaPreference(all off)',
      );
      expectEq(await node((cb) => user.enableMFA(cb)), 'SUCCESS', 'enableMFA');
      wireHas((w) => w.action === 'SetUserSettings' && w.status === 200, 'SetUserSettings');
      expectEq(await node((cb) => user.getMFAOptions(cb)), [{ DeliveryMedium: 'SMS', AttributeName: 'phone_number' }], 'getMFAOptions after enableMFA');
      const again = userOf(a, username);
      const [challengeName] = expectEvent(await authenticate(again, PASSWORD), 'mfaRequired', 'authenticateUser after enableMFA');
      expectEq(challengeName, 'SMS_MFA', 'mfaRequired challenge name');
      const [session] = expectEvent(await flow(async (cb) => again.sendMFACode(await latestCode(a, username, 'SMS_MFA'), cb)), 'onSuccess', 'sendMFACode');
      await verifySession(a, session, username);
      expectEq(await node((cb) => again.disableMFA(cb)), 'SUCCESS', 'disableMFA');
      const options = await node((cb) => again.getMFAOptions(cb));
      expect(!options || options.length === 0, `getMFAOptions after disableMFA: ${JSON.stringify(options)}`);
      expectEvent(await authenticate(userOf(a, username), PASSWORD), 'onSuccess', 'authenticateUser after disableMFA');
    },
  },
  {
    name: 'identity_js.mfa_setup_totp',
    async run() {
      // MFA ON with TOTP only and nothing set up: the sign-in itself sets up the authenticator,
      // with the sign-in Session instead of an access token.
      const a = app('mfa_on_totp');
      const username = `ijs-${runId}-setup`;
      await signUpConfirmed(a, username);
      const user = userOf(a, username);
      const [challengeName, params] = expectEvent(await authenticate(user, PASSWORD), 'mfaSetup', 'authenticateUser with MFA ON and no factor');
      expectEq(challengeName, 'MFA_SETUP', 'mfaSetup challenge name');
      expectEq(JSON.parse(params.MFAS_CAN_SETUP), ['SOFTWARE_TOKEN_MFA'], 'MFAS_CAN_SETUP');
      const [secret] = expectEvent(await flow((cb) => user.associateSoftwareToken(cb)), 'associateSecretCode', 'associateSoftwareToken (Session)');
      const [session] = expectEvent(
        await flow(async (cb) => user.verifySoftwareToken(await authenticator.code(secret), 'identity-js', cb)),
        'onSuccess',
        'verifySoftwareToken (Session) and the MFA_SETUP answer',
      );
      wireHas((w) => w.action === 'AssociateSoftwareToken' && w.status === 200, 'AssociateSoftwareToken');
      wireHas((w) => w.challengeName === 'MFA_SETUP' && w.status === 200, 'an MFA_SETUP answer');
      await verifySession(a, session, username);
      // The next sign-in asks for the authenticator's code.
      const again = userOf(a, username);
      expectEvent(await authenticate(again, PASSWORD), 'totpRequired', 'authenticateUser after the setup');
      const [next] = expectEvent(
        await flow(async (cb) => again.sendMFACode(await authenticator.code(secret), cb, 'SOFTWARE_TOKEN_MFA')),
        'onSuccess',
        'sendMFACode(SOFTWARE_TOKEN_MFA)',
      );
      await verifySession(a, next, username);
    },
  },
  {
    name: 'identity_js.custom_auth',
    async run() {
      const a = app('default');
      const username = `ijs-${runId}-custom`;
      await signUpConfirmed(a, username);
      state.custom = { a, username };
      // CUSTOM_AUTH through authenticateUser: the library starts with SRP_A
      // (CHALLENGE_NAME=SRP_A), answers PASSWORD_VERIFIER, then hands over the custom challenge.
      const user = userOf(a, username);
      user.setAuthenticationFlowType('CUSTOM_AUTH');
      expectEvent(await authenticate(user, PASSWORD), 'customChallenge', 'authenticateUser with CUSTOM_AUTH');
      wireHas(
        (w) => w.authFlow === 'CUSTOM_AUTH' && (w.authParameters || []).includes('SRP_A') && (w.authParameters || []).includes('CHALLENGE_NAME'),
        'InitiateAuth CUSTOM_AUTH with SRP_A and CHALLENGE_NAME',
      );
      wireHas((w) => w.challengeName === 'PASSWORD_VERIFIER' && w.status === 200, 'a PASSWORD_VERIFIER answer');
      const first = await latestCode(a, username, 'CUSTOM_CHALLENGE');
      // A wrong answer: the trigger asks again, with a new code.
      expectEvent(await flow((cb) => user.sendCustomChallengeAnswer(wrongCode(first), cb)), 'customChallenge', 'sendCustomChallengeAnswer with a wrong answer');
      const second = await latestCode(a, username, 'CUSTOM_CHALLENGE');
      const [session] = expectEvent(await flow((cb) => user.sendCustomChallengeAnswer(second, cb)), 'onSuccess', 'sendCustomChallengeAnswer');
      await verifySession(a, session, username);
    },
  },
  {
    name: 'identity_js.custom_auth_without_srp',
    needs: ['identity_js.custom_auth'],
    async run() {
      const { a, username } = state.custom;
      // initiateAuth: CUSTOM_AUTH without a password.
      const user = userOf(a, username);
      const start = wire.length;
      expectEvent(
        await flow((cb) => user.initiateAuth(new AuthenticationDetails({ Username: username }), cb)),
        'customChallenge',
        'initiateAuth',
      );
      const init = wire.slice(start).find((w) => w.action === 'InitiateAuth');
      expectEq([init.authFlow, init.authParameters], ['CUSTOM_AUTH', ['USERNAME']], 'InitiateAuth of initiateAuth');
      const code = await latestCode(a, username, 'CUSTOM_CHALLENGE');
      const [session] = expectEvent(await flow((cb) => user.sendCustomChallengeAnswer(code, cb)), 'onSuccess', 'sendCustomChallengeAnswer');
      await verifySession(a, session, username);
    },
  },
  {
    name: 'identity_js.delete_user',
    needs: ['identity_js.srp_sign_in', 'identity_js.global_sign_out', 'identity_js.sign_out_revokes'],
    async run() {
      const { a, username } = state.main;
      const { user } = await signIn(a, username, state.main.password, 'USER_PASSWORD_AUTH');
      expectEq(await node((cb) => user.deleteUser(cb)), 'SUCCESS', 'deleteUser');
      await refused(authenticate(userOf(a, username), state.main.password), 'NotAuthorizedException', INCORRECT, 'SRP after deleteUser');
    },
  },
];

// ---------------------------------------------------------------- runner

async function main() {
  selfTest();
  if (target.mockApi) {
    const r = await realFetch(`${endpoint}/_mock/clock`);
    if (r.status === 200) clockOffset = Number((await r.json()).offsetSeconds) || 0;
  }
  const results = [];
  const status = {};
  for (const check of CHECKS) {
    const started = performance.now();
    let outcome = 'pass';
    let detail = '';
    const missing = (check.needs || []).filter((n) => status[n] !== 'pass');
    if (missing.length) {
      outcome = 'skip';
      detail = `needs ${missing.join(', ')}`;
    } else {
      wire = [];
      try {
        detail = (await check.run()) || '';
      } catch (e) {
        outcome = e instanceof Skip ? 'skip' : 'fail';
        detail = e instanceof CheckFailed || e instanceof Skip ? e.message : `${e.code || e.name}: ${e.message}`;
        if (outcome === 'fail' && !(e instanceof CheckFailed) && e.stack) {
          process.stderr.write(`${e.stack}\n`);
        }
      }
    }
    status[check.name] = outcome;
    const ms = Math.round((performance.now() - started) * 10) / 10;
    results.push({ name: check.name, status: outcome, detail, ms });
    process.stderr.write(`  ${outcome.padEnd(4)}  ${check.name}${detail ? `  — ${detail}` : ''}\n`);
  }
  fs.writeFileSync(
    args.out,
    JSON.stringify({ suite: 'identity_js', library: `amazon-cognito-identity-js ${LIB_VERSION}`, node: process.version, checks: results }, null, 2),
  );
}

function parseArgs(argv) {
  const out = {};
  for (let i = 0; i < argv.length; i += 2) {
    if (!argv[i].startsWith('--') || argv[i + 1] === undefined) {
      throw new Error(`bad argument ${argv[i]}`);
    }
    out[argv[i].slice(2)] = argv[i + 1];
  }
  for (const required of ['node-dir', 'target', 'scenarios', 'out']) {
    if (!out[required]) throw new Error(`missing --${required}`);
  }
  return out;
}

main().then(
  () => process.exit(0),
  (e) => {
    process.stderr.write(`identity-js suite crashed: ${e && e.stack ? e.stack : e}\n`);
    process.exit(2);
  },
);
