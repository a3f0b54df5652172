'use strict';
// The official AWS SDK for JavaScript v3 (`@aws-sdk/client-cognito-identity-provider`, version
// pinned in ../package-lock.json) driven against a Cognito-compatible server, as
// `cargo xtask conformance` runs it:
//
//   node sdk_v3.cjs --node-dir xtask/.node --target target.json --out sdk_v3.json
//
// The SDK is the strictest client there is: it deserializes every timestamp to a `Date`, maps
// `__type` / `x-amzn-ErrorType` to its exported exception classes (an unknown name becomes the
// generic service exception), reads `x-amzn-RequestId` into `$metadata.requestId`, and signs the
// admin operations with SigV4 (dummy static credentials: the mock accepts any signature) while it
// sends the user operations (SignUp, InitiateAuth, GetUser, …) unsigned. It is configured with
// `endpoint` = the server, region us-east-1 (or the target's), `maxAttempts: 1` (a retried 5xx
// must not hide a failure).
//
// The suite provisions its own pool (email as the username attribute, a password policy,
// auto-verified email) and two app clients (one with a secret, one public), administers users,
// signs users up and in, and checks the errors as the SDK's exception classes. Full SRP goes
// through `cognito-srp-helper` (npm, pinned), an SRP implementation that is neither ours nor
// Amplify's nor amazon-cognito-identity-js's (its own jsbn + crypto-js arithmetic). Tokens are
// verified with node:crypto against the pool's JWKS. Codes come from the mock's outbox
// (`/_mock/codes`); without it (moto, --against without --mock-api) the confirmation goes through
// AdminConfirmSignUp and the checks say so.

const fs = require('node:fs');
const path = require('node:path');
const crypto = require('node:crypto');
const { createRequire } = require('node:module');

const args = parseArgs(process.argv.slice(2));
const nodeDir = path.resolve(args['node-dir']);
const libRequire = createRequire(path.join(nodeDir, 'package.json'));
const sdk = libRequire('@aws-sdk/client-cognito-identity-provider');
const srpHelper = libRequire('cognito-srp-helper');
const versionOf = (pkg) =>
  JSON.parse(fs.readFileSync(path.join(nodeDir, 'node_modules', pkg, 'package.json'), 'utf8')).version;
const SDK_VERSION = versionOf('@aws-sdk/client-cognito-identity-provider');
const SRP_HELPER_VERSION = versionOf('cognito-srp-helper');

const {
  CognitoIdentityProviderClient,
  CognitoIdentityProviderServiceException,
  CreateUserPoolCommand,
  DescribeUserPoolCommand,
  CreateUserPoolClientCommand,
  DescribeUserPoolClientCommand,
  UpdateUserPoolClientCommand,
  ListUserPoolsCommand,
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminSetUserPasswordCommand,
  AdminUpdateUserAttributesCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminDeleteUserCommand,
  AdminConfirmSignUpCommand,
  ListUsersCommand,
  SignUpCommand,
  ConfirmSignUpCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  GetUserCommand,
  RevokeTokenCommand,
  GlobalSignOutCommand,
  NotAuthorizedException,
  UserNotFoundException,
  UsernameExistsException,
  InvalidPasswordException,
  CodeMismatchException,
  InvalidParameterException,
} = sdk;

const PASSWORD = 'Correct-Horse-9!';
const NEW_PASSWORD = 'Permanent-Horse-9!';
const TEMP_PASSWORD = 'Temporary-Horse-9!';
const WRONG_PASSWORD = 'Wrong-Horse-9!x';
const WEAK_PASSWORD = 'Sh0rt!x'; // every character class, 7 < MinimumLength 10
const INCORRECT = 'Incorrect username or password.';
const REVOKED = 'Access Token has been revoked';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ACCESS_KEY_ID = 'AKIDCONFORMANCEEXAMPLE';

const target = JSON.parse(fs.readFileSync(args.target, 'utf8'));
const endpoint = target.endpoint.replace(/\/+$/, '');
const region = target.region || 'us-east-1';
const runId = crypto.randomBytes(4).toString('hex');

// ---------------------------------------------------------------- the SDK client and its wire

/** What the SDK put on the wire, one entry per call (recorded inside the SDK's stack). */
let wire = [];

const client = new CognitoIdentityProviderClient({
  endpoint,
  region,
  credentials: { accessKeyId: ACCESS_KEY_ID, secretAccessKey: 'conformance-dummy-secret-key' },
  maxAttempts: 1,
});
// Low in the deserialize step, inside the SDK's deserializer: the request is the signed one the
// SDK sends, the answer the raw HTTP response (errors included) before the SDK reads it.
client.middlewareStack.add(
  (next, context) => async (a) => {
    const entry = { command: context.commandName, headers: lowerKeys(a.request.headers || {}) };
    wire.push(entry);
    const out = await next(a);
    entry.status = out.response && out.response.statusCode;
    entry.responseHeaders = lowerKeys((out.response && out.response.headers) || {});
    return out;
  },
  { step: 'deserialize', name: 'conformanceWireRecorder', priority: 'low' },
);

function lowerKeys(o) {
  const out = {};
  for (const [k, v] of Object.entries(o)) out[k.toLowerCase()] = v;
  return out;
}

const send = (command) => client.send(command);

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

let clockOffset = 0;
const nowMs = () => Date.now() + clockOffset * 1000;

/** A timestamp the SDK deserialized: a real, valid Date, near the server's now. */
function validDate(v, what) {
  expect(v instanceof Date, `${what} is not a Date but ${typeof v} ${JSON.stringify(v)}`);
  expect(!Number.isNaN(v.getTime()), `${what} is an invalid Date`);
  const skew = Math.abs(v.getTime() - nowMs());
  expect(skew < 15 * 60 * 1000, `${what} ${v.toISOString()} is ${Math.round(skew / 1000)} s away from now`);
  return v;
}

function attrs(list) {
  const out = {};
  for (const a of list || []) out[a.Name] = a.Value;
  return out;
}

/** `$metadata` of a successful answer: 200 and a request id read from `x-amzn-RequestId`. */
function okMeta(res, what) {
  expectEq(res.$metadata && res.$metadata.httpStatusCode, 200, `${what}: HTTP status`);
  expect(res.$metadata.requestId, `${what}: no $metadata.requestId (x-amzn-RequestId)`);
}

/**
 * A call that must fail with this SDK exception class (instanceof the exported class and of the
 * service's base exception), this message, HTTP 400, `$fault: client` and a request id.
 */
async function refused(promise, Cls, message, what) {
  let result;
  try {
    result = await promise;
  } catch (e) {
    const got = `${e && e.constructor && e.constructor.name} (name ${e && e.name}) ${JSON.stringify(e && e.message)}`;
    expect(e instanceof Cls, `${what}: expected an instance of ${Cls.name}, got ${got}`);
    expect(e instanceof CognitoIdentityProviderServiceException, `${what}: not a CognitoIdentityProviderServiceException`);
    expectEq(e.name, Cls.name, `${what}: error name`);
    if (message !== undefined) expectEq(e.message, message, `${what}: message`);
    expectEq(e.$metadata && e.$metadata.httpStatusCode, 400, `${what}: $metadata.httpStatusCode`);
    expectEq(e.$fault, 'client', `${what}: $fault`);
    expect(e.$metadata.requestId, `${what}: no $metadata.requestId`);
    return e;
  }
  throw new CheckFailed(`${what}: expected ${Cls.name}, got success ${JSON.stringify(result && Object.keys(result))}`);
}

/** SECRET_HASH = Base64(HMAC-SHA256(key = client secret, message = username + client id)). */
function secretHash(username, c) {
  return crypto.createHmac('sha256', c.secret).update(`${username}${c.id}`).digest('base64');
}

/** The newest outbox entry for a user of the suite's pool (with this purpose, if given). */
async function outboxEntries(username) {
  const q = new URLSearchParams({ username, userPoolId: state.poolId });
  const r = await fetch(`${endpoint}/_mock/codes?${q}`);
  expectEq(r.status, 200, 'GET /_mock/codes status');
  return r.json();
}

async function latestCode(username, purpose) {
  if (!target.mockApi) throw new Skip('the server has no /_mock outbox to read codes from');
  const entries = (await outboxEntries(username)).filter((e) => !purpose || e.purpose === purpose);
  expect(entries.length > 0, `no ${purpose || ''} code in the outbox for ${username}`);
  return String(entries[entries.length - 1].code);
}

function wrongCode(code) {
  const s = String(code);
  return s.slice(0, -1) + String((Number(s.slice(-1)) + 1) % 10);
}

let jwksDoc;
async function jwks() {
  if (!jwksDoc) {
    const r = await fetch(`${endpoint}/${state.poolId}/.well-known/jwks.json`);
    expectEq(r.status, 200, 'JWKS status');
    jwksDoc = await r.json();
    expect(Array.isArray(jwksDoc.keys) && jwksDoc.keys.length > 0, 'the JWKS has no keys');
  }
  return jwksDoc;
}

function decodeJwt(token, what) {
  const parts = String(token).split('.');
  expect(parts.length === 3, `${what} is not a JWS (${parts.length} parts)`);
  return {
    parts,
    header: JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8')),
    claims: JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')),
  };
}

/** Whether the RS256 signature of `token` verifies with the JWKS key its `kid` names. */
async function signatureVerifies(token, what) {
  const parts = String(token).split('.');
  expect(parts.length === 3, `${what} is not a JWS (${parts.length} parts)`);
  const header = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8'));
  expectEq(header.alg, 'RS256', `${what} alg`);
  const jwk = (await jwks()).keys.find((k) => k.kid === header.kid);
  expect(jwk, `${what} kid ${header.kid} is not in the JWKS`);
  return crypto.verify(
    'RSA-SHA256',
    Buffer.from(`${parts[0]}.${parts[1]}`),
    crypto.createPublicKey({ key: jwk, format: 'jwk' }),
    Buffer.from(parts[2], 'base64url'),
  );
}

/** Verifies a Cognito JWT: RS256 by kid, iss, exp, token_use, aud (ID) / client_id (access). */
async function verifyJwt(token, tokenUse, c) {
  const what = `${tokenUse} token`;
  expect(await signatureVerifies(token, what), `${what}: the signature does not verify against the JWKS`);
  const { claims } = decodeJwt(token, what);
  expectEq(claims.iss, `${endpoint}/${state.poolId}`, `${what} iss`);
  expectEq(claims.token_use, tokenUse, `${what} token_use`);
  expect(Number.isInteger(claims.exp) && claims.exp * 1000 > nowMs(), `${what} exp ${claims.exp} is not in the future`);
  expect(Number.isInteger(claims.iat) && claims.iat < claims.exp, `${what} iat ${claims.iat}`);
  if (tokenUse === 'id') {
    expectEq(claims.aud, c.id, 'id token aud');
  } else {
    expectEq(claims.client_id, c.id, 'access token client_id');
    expect(!('aud' in claims), 'the access token carries `aud` (Cognito access tokens have client_id only)');
  }
  return claims;
}

/** AuthenticationResult of a completed sign-in: all three tokens, Bearer, 3600 s, verified. */
async function verifyAuthResult(res, c, what, { refresh = true } = {}) {
  expect(!res.ChallengeName, `${what}: unexpected challenge ${res.ChallengeName}`);
  const r = res.AuthenticationResult;
  expect(r, `${what}: no AuthenticationResult`);
  expectEq(r.TokenType, 'Bearer', `${what}: TokenType`);
  expect(typeof r.ExpiresIn === 'number' && r.ExpiresIn > 0, `${what}: ExpiresIn ${r.ExpiresIn}`);
  if (refresh) expect(typeof r.RefreshToken === 'string' && r.RefreshToken.length > 0, `${what}: no RefreshToken`);
  else expect(r.RefreshToken === undefined, `${what}: a RefreshToken came back (REFRESH_TOKEN_AUTH returns none)`);
  const access = await verifyJwt(r.AccessToken, 'access', c);
  const id = await verifyJwt(r.IdToken, 'id', c);
  expectEq(access.exp - access.iat, r.ExpiresIn, `${what}: access token lifetime = ExpiresIn`);
  return { tokens: r, access, id };
}

// ---------------------------------------------------------------- state shared by the checks

const state = {
  poolId: undefined,
  pool: undefined,
  secret: undefined, // { id, secret }
  pub: undefined, // { id }
  admin: undefined, // { email, username (uuid) }
  user: undefined, // { email, sub }
  session: undefined, // tokens of the USER_PASSWORD_AUTH sign-in
};

const userEmail = (tag) => `sdkv3-${runId}-${tag}@example.com`;

async function passwordSignIn(c, username, password) {
  const AuthParameters = { USERNAME: username, PASSWORD: password };
  if (c.secret) AuthParameters.SECRET_HASH = secretHash(username, c);
  return send(new InitiateAuthCommand({ ClientId: c.id, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters }));
}

/**
 * USER_SRP_AUTH then PASSWORD_VERIFIER, every SRP value computed by cognito-srp-helper (the
 * password not pre-hashed: with email as the username attribute, the verifier is keyed on the
 * internal username, USER_ID_FOR_SRP, which the helper takes from the challenge).
 */
async function srpSignIn(c, username, password) {
  const session = srpHelper.createSrpSession(username, password, state.poolId, false);
  const AuthParameters = { USERNAME: username, CHALLENGE_NAME: 'SRP_A' };
  if (c.secret) AuthParameters.SECRET_HASH = secretHash(username, c);
  const init = await send(
    new InitiateAuthCommand(srpHelper.wrapInitiateAuth(session, { ClientId: c.id, AuthFlow: 'USER_SRP_AUTH', AuthParameters })),
  );
  okMeta(init, 'InitiateAuth USER_SRP_AUTH');
  expectEq(init.ChallengeName, 'PASSWORD_VERIFIER', 'InitiateAuth USER_SRP_AUTH ChallengeName');
  const p = init.ChallengeParameters || {};
  for (const k of ['SALT', 'SRP_B', 'SECRET_BLOCK', 'USERNAME', 'USER_ID_FOR_SRP']) {
    expect(typeof p[k] === 'string' && p[k].length > 0, `PASSWORD_VERIFIER ChallengeParameters lack ${k}: ${JSON.stringify(Object.keys(p))}`);
  }
  const signed = srpHelper.signSrpSession(session, init);
  const userId = p.USER_ID_FOR_SRP;
  const ChallengeResponses = { USERNAME: userId };
  if (c.secret) ChallengeResponses.SECRET_HASH = secretHash(userId, c);
  const res = await send(
    new RespondToAuthChallengeCommand(
      srpHelper.wrapAuthChallenge(signed, {
        ClientId: c.id,
        ChallengeName: 'PASSWORD_VERIFIER',
        ChallengeResponses,
        Session: init.Session,
      }),
    ),
  );
  return { init, res };
}

// ---------------------------------------------------------------- checks

const CHECKS = [
  // ------------------------------------------------------------ provisioning
  {
    name: 'sdk_v3.create_user_pool',
    async run() {
      const res = await send(
        new CreateUserPoolCommand({
          PoolName: `sdkv3-${runId}`,
          Policies: {
            PasswordPolicy: {
              MinimumLength: 10,
              RequireUppercase: true,
              RequireLowercase: true,
              RequireNumbers: true,
              RequireSymbols: true,
              TemporaryPasswordValidityDays: 7,
            },
          },
          AutoVerifiedAttributes: ['email'],
          UsernameAttributes: ['email'],
          UsernameConfiguration: { CaseSensitive: false },
          Schema: [{ Name: 'name', AttributeDataType: 'String', Mutable: true, Required: false }],
        }),
      );
      okMeta(res, 'CreateUserPool');
      const p = res.UserPool;
      expect(p && typeof p.Id === 'string', 'CreateUserPool returned no UserPool.Id');
      expect(new RegExp(`^${region}_[0-9A-Za-z]+$`).test(p.Id), `pool id ${p.Id} is not {region}_…`);
      validDate(p.CreationDate, 'UserPool.CreationDate');
      validDate(p.LastModifiedDate, 'UserPool.LastModifiedDate');
      expectEq(p.Policies && p.Policies.PasswordPolicy && p.Policies.PasswordPolicy.MinimumLength, 10, 'PasswordPolicy.MinimumLength');
      state.poolId = p.Id;
      state.pool = p;
      return p.Id;
    },
  },
  {
    name: 'sdk_v3.describe_user_pool',
    needs: ['sdk_v3.create_user_pool'],
    async run() {
      const res = await send(new DescribeUserPoolCommand({ UserPoolId: state.poolId }));
      okMeta(res, 'DescribeUserPool');
      const p = res.UserPool;
      expectEq(p.Id, state.poolId, 'UserPool.Id');
      expectEq(p.Name, `sdkv3-${runId}`, 'UserPool.Name');
      validDate(p.CreationDate, 'UserPool.CreationDate');
      validDate(p.LastModifiedDate, 'UserPool.LastModifiedDate');
      expectEq(p.CreationDate.getTime(), state.pool.CreationDate.getTime(), 'CreationDate of DescribeUserPool = of CreateUserPool');
      expect(p.LastModifiedDate.getTime() >= p.CreationDate.getTime(), 'LastModifiedDate before CreationDate');
      const pp = p.Policies.PasswordPolicy;
      expectEq(
        [pp.MinimumLength, pp.RequireUppercase, pp.RequireLowercase, pp.RequireNumbers, pp.RequireSymbols, pp.TemporaryPasswordValidityDays],
        [10, true, true, true, true, 7],
        'PasswordPolicy',
      );
      expectEq(p.UsernameAttributes, ['email'], 'UsernameAttributes');
      expectEq(p.AutoVerifiedAttributes, ['email'], 'AutoVerifiedAttributes');
      expectEq(p.UsernameConfiguration && p.UsernameConfiguration.CaseSensitive, false, 'UsernameConfiguration.CaseSensitive');
      expectEq(p.MfaConfiguration, 'OFF', 'MfaConfiguration');
      expectEq(p.Arn && p.Arn.endsWith(`:userpool/${state.poolId}`), true, `Arn ${p.Arn}`);
      const schema = new Set((p.SchemaAttributes || []).map((a) => a.Name));
      for (const a of ['sub', 'email', 'email_verified', 'name']) expect(schema.has(a), `SchemaAttributes lack ${a}`);
    },
  },
  {
    name: 'sdk_v3.create_user_pool_client',
    needs: ['sdk_v3.create_user_pool'],
    async run() {
      const secret = await send(
        new CreateUserPoolClientCommand({
          UserPoolId: state.poolId,
          ClientName: 'sdkv3-secret',
          GenerateSecret: true,
          ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
          EnableTokenRevocation: true,
          PreventUserExistenceErrors: 'LEGACY',
        }),
      );
      okMeta(secret, 'CreateUserPoolClient (secret)');
      const s = secret.UserPoolClient;
      expectEq(s.UserPoolId, state.poolId, 'secret client UserPoolId');
      expect(typeof s.ClientSecret === 'string' && s.ClientSecret.length >= 24, 'GenerateSecret: true gave no ClientSecret');
      state.secret = { id: s.ClientId, secret: s.ClientSecret, created: s };
      const pub = await send(
        new CreateUserPoolClientCommand({
          UserPoolId: state.poolId,
          ClientName: 'sdkv3-public',
          GenerateSecret: false,
          ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
          PreventUserExistenceErrors: 'LEGACY',
        }),
      );
      okMeta(pub, 'CreateUserPoolClient (public)');
      const u = pub.UserPoolClient;
      expect(u.ClientSecret === undefined, 'the public client has a ClientSecret');
      expect(u.ClientId !== s.ClientId, 'both clients have the same id');
      state.pub = { id: u.ClientId, created: u };
      for (const id of [s.ClientId, u.ClientId]) expect(/^[a-z0-9]{26}$/.test(id), `client id ${id} is not 26 [a-z0-9]`);
    },
  },
  {
    // Apart from the creation, so that a server without these dates still gets the later checks.
    name: 'sdk_v3.create_user_pool_client.dates',
    needs: ['sdk_v3.create_user_pool_client'],
    async run() {
      for (const [what, c] of [['secret', state.secret.created], ['public', state.pub.created]]) {
        validDate(c.CreationDate, `CreateUserPoolClient (${what}) UserPoolClient.CreationDate`);
        validDate(c.LastModifiedDate, `CreateUserPoolClient (${what}) UserPoolClient.LastModifiedDate`);
      }
    },
  },
  {
    name: 'sdk_v3.describe_user_pool_client',
    needs: ['sdk_v3.create_user_pool_client'],
    async run() {
      const s = (await send(new DescribeUserPoolClientCommand({ UserPoolId: state.poolId, ClientId: state.secret.id }))).UserPoolClient;
      expectEq(s.ClientSecret, state.secret.secret, 'DescribeUserPoolClient ClientSecret');
      expectEq(s.ClientName, 'sdkv3-secret', 'ClientName');
      expectEq([...s.ExplicitAuthFlows].sort(), ['ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_USER_SRP_AUTH'], 'ExplicitAuthFlows');
      expectEq([s.EnableTokenRevocation, s.PreventUserExistenceErrors], [true, 'LEGACY'], 'EnableTokenRevocation, PreventUserExistenceErrors');
      validDate(s.CreationDate, 'CreationDate');
      validDate(s.LastModifiedDate, 'LastModifiedDate');
      const u = (await send(new DescribeUserPoolClientCommand({ UserPoolId: state.poolId, ClientId: state.pub.id }))).UserPoolClient;
      expect(u.ClientSecret === undefined, 'the public client describes with a ClientSecret');
      expectEq([...u.ExplicitAuthFlows].sort(), ['ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_SRP_AUTH'], 'public ExplicitAuthFlows');
    },
  },
  {
    name: 'sdk_v3.list_user_pools',
    needs: ['sdk_v3.create_user_pool'],
    async run() {
      let NextToken;
      let pages = 0;
      let found;
      do {
        const res = await send(new ListUserPoolsCommand({ MaxResults: 2, NextToken }));
        okMeta(res, 'ListUserPools');
        expect((res.UserPools || []).length <= 2, `ListUserPools MaxResults 2 gave ${res.UserPools.length}`);
        for (const p of res.UserPools || []) {
          validDate(p.CreationDate, `ListUserPools ${p.Id} CreationDate`);
          validDate(p.LastModifiedDate, `ListUserPools ${p.Id} LastModifiedDate`);
          if (p.Id === state.poolId) found = p;
        }
        NextToken = res.NextToken;
        pages += 1;
      } while (NextToken && pages < 200);
      expect(found, `the pool ${state.poolId} is on none of ${pages} pages`);
      expectEq(found.Name, `sdkv3-${runId}`, 'ListUserPools Name');
      return `${pages} page(s)`;
    },
  },
  {
    name: 'sdk_v3.error.flow_not_enabled',
    needs: ['sdk_v3.create_user_pool_client'],
    async run() {
      // The public client does not allow USER_PASSWORD_AUTH (yet).
      await refused(
        passwordSignIn(state.pub, userEmail('nobody'), PASSWORD),
        InvalidParameterException,
        'USER_PASSWORD_AUTH flow not enabled for this client',
        'InitiateAuth USER_PASSWORD_AUTH on a client without ALLOW_USER_PASSWORD_AUTH',
      );
    },
  },
  {
    name: 'sdk_v3.update_user_pool_client',
    needs: ['sdk_v3.create_user_pool_client'],
    async run() {
      const before = (await send(new DescribeUserPoolClientCommand({ UserPoolId: state.poolId, ClientId: state.pub.id }))).UserPoolClient;
      // UpdateUserPoolClient replaces the settings: everything that must stay is sent again.
      const res = await send(
        new UpdateUserPoolClientCommand({
          UserPoolId: state.poolId,
          ClientId: state.pub.id,
          ClientName: 'sdkv3-public-updated',
          ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_PASSWORD_AUTH'],
          PreventUserExistenceErrors: 'LEGACY',
          EnableTokenRevocation: true,
          AccessTokenValidity: 30,
          TokenValidityUnits: { AccessToken: 'minutes' },
        }),
      );
      okMeta(res, 'UpdateUserPoolClient');
      const u = res.UserPoolClient;
      expectEq(u.ClientName, 'sdkv3-public-updated', 'updated ClientName');
      expectEq([u.AccessTokenValidity, u.TokenValidityUnits && u.TokenValidityUnits.AccessToken], [30, 'minutes'], 'AccessTokenValidity');
      validDate(u.LastModifiedDate, 'updated LastModifiedDate');
      expectEq(u.CreationDate.getTime(), before.CreationDate.getTime(), 'CreationDate kept by the update');
      expect(u.LastModifiedDate.getTime() >= before.LastModifiedDate.getTime(), 'LastModifiedDate went back');
      const d = (await send(new DescribeUserPoolClientCommand({ UserPoolId: state.poolId, ClientId: state.pub.id }))).UserPoolClient;
      expectEq([...d.ExplicitAuthFlows].sort(), ['ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_USER_SRP_AUTH'], 'described ExplicitAuthFlows');
    },
  },

  {
    name: 'sdk_v3.alias_pool',
    async run() {
      // A second pool where the username is a name and email an alias (AliasAttributes).
      const pool = (
        await send(
          new CreateUserPoolCommand({
            PoolName: `sdkv3-alias-${runId}`,
            AliasAttributes: ['email'],
            AutoVerifiedAttributes: ['email'],
          }),
        )
      ).UserPool;
      expectEq(pool.AliasAttributes, ['email'], 'AliasAttributes');
      validDate(pool.CreationDate, 'alias pool CreationDate');
      const c = (
        await send(
          new CreateUserPoolClientCommand({
            UserPoolId: pool.Id,
            ClientName: 'sdkv3-alias',
            ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
          }),
        )
      ).UserPoolClient;
      const username = `sdkv3-alias-${runId}`;
      const email = userEmail('alias');
      const create = (Username) =>
        send(
          new AdminCreateUserCommand({
            UserPoolId: pool.Id,
            Username,
            TemporaryPassword: TEMP_PASSWORD,
            MessageAction: 'SUPPRESS',
            UserAttributes: [
              { Name: 'email', Value: email },
              { Name: 'email_verified', Value: 'true' },
            ],
          }),
        );
      const u = (await create(username)).User;
      expectEq([u.Username, u.UserStatus], [username, 'FORCE_CHANGE_PASSWORD'], 'AdminCreateUser in the alias pool');
      validDate(u.UserCreateDate, 'UserCreateDate');
      // AdminCreateUser words a taken username differently from SignUp.
      await refused(create(username), UsernameExistsException, 'User account already exists', 'AdminCreateUser of a taken username');
      await refused(
        create(email),
        InvalidParameterException,
        'Username cannot be of email format, since user pool is configured for email alias.',
        'AdminCreateUser with an email as the username of an email-alias pool',
      );
      await send(new AdminSetUserPasswordCommand({ UserPoolId: pool.Id, Username: username, Password: NEW_PASSWORD, Permanent: true }));
      const byAlias = await send(new AdminGetUserCommand({ UserPoolId: pool.Id, Username: email }));
      expectEq([byAlias.Username, byAlias.UserStatus], [username, 'CONFIRMED'], 'AdminGetUser by the email alias');
      const res = await send(
        new InitiateAuthCommand({ ClientId: c.ClientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: email, PASSWORD: NEW_PASSWORD } }),
      );
      const claims = decodeJwt(res.AuthenticationResult.AccessToken, 'alias access token').claims;
      expectEq([claims.username, claims.client_id], [username, c.ClientId], 'signed in by the alias: access token username, client_id');
    },
  },

  // ------------------------------------------------------------ administering users
  {
    name: 'sdk_v3.admin_create_user',
    needs: ['sdk_v3.create_user_pool'],
    async run() {
      const email = userEmail('admin');
      const res = await send(
        new AdminCreateUserCommand({
          UserPoolId: state.poolId,
          Username: email,
          TemporaryPassword: TEMP_PASSWORD,
          MessageAction: 'SUPPRESS',
          UserAttributes: [
            { Name: 'email', Value: email },
            { Name: 'email_verified', Value: 'true' },
            { Name: 'name', Value: 'Ada Admin' },
          ],
        }),
      );
      okMeta(res, 'AdminCreateUser');
      const u = res.User;
      expectEq(u.UserStatus, 'FORCE_CHANGE_PASSWORD', 'UserStatus');
      expectEq(u.Enabled, true, 'Enabled');
      validDate(u.UserCreateDate, 'User.UserCreateDate');
      validDate(u.UserLastModifiedDate, 'User.UserLastModifiedDate');
      const a = attrs(u.Attributes);
      expect(UUID.test(a.sub || ''), `sub ${a.sub} is not a UUID`);
      // Email is the username attribute: Cognito makes the username itself a UUID (the sub).
      expectEq(u.Username, a.sub, 'User.Username of an email-as-username pool');
      expectEq([a.email, a.name], [email, 'Ada Admin'], 'email, name');
      if (target.mockApi) {
        expectEq((await outboxEntries(email)).length, 0, 'messages sent despite MessageAction SUPPRESS');
      }
      state.admin = { email, username: u.Username };
    },
  },
  {
    name: 'sdk_v3.admin_get_user',
    needs: ['sdk_v3.admin_create_user'],
    async run() {
      const res = await send(new AdminGetUserCommand({ UserPoolId: state.poolId, Username: state.admin.email }));
      okMeta(res, 'AdminGetUser');
      expectEq(res.Username, state.admin.username, 'AdminGetUser by email: Username');
      expectEq(res.UserStatus, 'FORCE_CHANGE_PASSWORD', 'UserStatus');
      expectEq(res.Enabled, true, 'Enabled');
      validDate(res.UserCreateDate, 'UserCreateDate');
      validDate(res.UserLastModifiedDate, 'UserLastModifiedDate');
      const a = attrs(res.UserAttributes);
      expectEq([a.email, a.email_verified, a.sub, a.name], [state.admin.email, 'true', state.admin.username, 'Ada Admin'], 'UserAttributes');
      const bySub = await send(new AdminGetUserCommand({ UserPoolId: state.poolId, Username: state.admin.username }));
      expectEq(bySub.Username, state.admin.username, 'AdminGetUser by username');
    },
  },
  {
    name: 'sdk_v3.list_users',
    needs: ['sdk_v3.admin_create_user'],
    async run() {
      const prefix = `sdkv3-${runId}-list`;
      const made = new Set();
      for (const i of [1, 2, 3]) {
        const email = `${prefix}${i}@example.com`;
        const r = await send(
          new AdminCreateUserCommand({
            UserPoolId: state.poolId,
            Username: email,
            TemporaryPassword: TEMP_PASSWORD,
            MessageAction: 'SUPPRESS',
            UserAttributes: [{ Name: 'email', Value: email }],
          }),
        );
        made.add(r.User.Username);
      }
      const seen = [];
      let PaginationToken;
      let pages = 0;
      do {
        const res = await send(
          new ListUsersCommand({ UserPoolId: state.poolId, Filter: `email ^= "${prefix}"`, Limit: 2, PaginationToken }),
        );
        okMeta(res, 'ListUsers');
        expect(res.Users.length <= 2, `Limit 2 gave ${res.Users.length} users`);
        for (const u of res.Users) {
          validDate(u.UserCreateDate, `ListUsers ${u.Username} UserCreateDate`);
          validDate(u.UserLastModifiedDate, `ListUsers ${u.Username} UserLastModifiedDate`);
          expect(attrs(u.Attributes).email.startsWith(prefix), `ListUsers returned ${attrs(u.Attributes).email}, outside the filter`);
          seen.push(u.Username);
        }
        PaginationToken = res.PaginationToken;
        pages += 1;
        if (pages === 1) expect(PaginationToken, 'the first page of 2 of 3 users has no PaginationToken');
      } while (PaginationToken && pages < 10);
      expectEq(pages, 2, 'pages of 2 for 3 users');
      expectEq([...seen].sort(), [...made].sort(), 'the users listed across the pages');
      const exact = await send(new ListUsersCommand({ UserPoolId: state.poolId, Filter: `email = "${state.admin.email}"` }));
      expectEq(exact.Users.map((u) => u.Username), [state.admin.username], 'ListUsers email = exact');
    },
  },
  {
    name: 'sdk_v3.admin_set_user_password',
    needs: ['sdk_v3.admin_get_user'],
    async run() {
      await refused(
        send(new AdminSetUserPasswordCommand({ UserPoolId: state.poolId, Username: state.admin.email, Password: WEAK_PASSWORD, Permanent: true })),
        InvalidPasswordException,
        'Password did not conform with policy: Password not long enough',
        'AdminSetUserPassword with a weak password',
      );
      const res = await send(
        new AdminSetUserPasswordCommand({ UserPoolId: state.poolId, Username: state.admin.email, Password: NEW_PASSWORD, Permanent: true }),
      );
      okMeta(res, 'AdminSetUserPassword');
      const u = await send(new AdminGetUserCommand({ UserPoolId: state.poolId, Username: state.admin.email }));
      expectEq(u.UserStatus, 'CONFIRMED', 'UserStatus after AdminSetUserPassword Permanent');
    },
  },
  {
    name: 'sdk_v3.admin_update_user_attributes',
    needs: ['sdk_v3.admin_get_user'],
    async run() {
      const before = await send(new AdminGetUserCommand({ UserPoolId: state.poolId, Username: state.admin.email }));
      const res = await send(
        new AdminUpdateUserAttributesCommand({
          UserPoolId: state.poolId,
          Username: state.admin.email,
          UserAttributes: [
            { Name: 'name', Value: 'Ada Updated' },
            { Name: 'given_name', Value: 'Ada' },
          ],
        }),
      );
      okMeta(res, 'AdminUpdateUserAttributes');
      const after = await send(new AdminGetUserCommand({ UserPoolId: state.poolId, Username: state.admin.email }));
      const a = attrs(after.UserAttributes);
      expectEq([a.name, a.given_name, a.email], ['Ada Updated', 'Ada', state.admin.email], 'attributes after the update');
      validDate(after.UserLastModifiedDate, 'UserLastModifiedDate');
      expect(after.UserLastModifiedDate.getTime() >= before.UserLastModifiedDate.getTime(), 'UserLastModifiedDate went back');
    },
  },
  {
    name: 'sdk_v3.admin_disable_enable_user',
    needs: ['sdk_v3.admin_set_user_password', 'sdk_v3.update_user_pool_client'],
    async run() {
      okMeta(await send(new AdminDisableUserCommand({ UserPoolId: state.poolId, Username: state.admin.email })), 'AdminDisableUser');
      expectEq((await send(new AdminGetUserCommand({ UserPoolId: state.poolId, Username: state.admin.email }))).Enabled, false, 'Enabled after AdminDisableUser');
      await refused(passwordSignIn(state.secret, state.admin.email, NEW_PASSWORD), NotAuthorizedException, 'User is disabled.', 'sign-in of a disabled user');
      okMeta(await send(new AdminEnableUserCommand({ UserPoolId: state.poolId, Username: state.admin.email })), 'AdminEnableUser');
      expectEq((await send(new AdminGetUserCommand({ UserPoolId: state.poolId, Username: state.admin.email }))).Enabled, true, 'Enabled after AdminEnableUser');
      await verifyAuthResult(await passwordSignIn(state.secret, state.admin.email, NEW_PASSWORD), state.secret, 'sign-in after AdminEnableUser');
    },
  },
  {
    name: 'sdk_v3.admin_delete_user',
    needs: ['sdk_v3.admin_disable_enable_user'],
    async run() {
      okMeta(await send(new AdminDeleteUserCommand({ UserPoolId: state.poolId, Username: state.admin.email })), 'AdminDeleteUser');
      await refused(
        send(new AdminGetUserCommand({ UserPoolId: state.poolId, Username: state.admin.email })),
        UserNotFoundException,
        'User does not exist.',
        'AdminGetUser after AdminDeleteUser',
      );
    },
  },

  // ------------------------------------------------------------ user flows
  {
    name: 'sdk_v3.sign_up',
    needs: ['sdk_v3.create_user_pool_client'],
    async run() {
      const email = userEmail('user');
      const res = await send(
        new SignUpCommand({
          ClientId: state.secret.id,
          SecretHash: secretHash(email, state.secret),
          Username: email,
          Password: PASSWORD,
          UserAttributes: [{ Name: 'name', Value: 'Sam SDK' }],
        }),
      );
      okMeta(res, 'SignUp');
      expectEq(res.UserConfirmed, false, 'UserConfirmed');
      expect(UUID.test(res.UserSub || ''), `UserSub ${res.UserSub} is not a UUID`);
      state.user = { email, sub: res.UserSub, delivery: res.CodeDeliveryDetails };
      const u = await send(new AdminGetUserCommand({ UserPoolId: state.poolId, Username: email }));
      expectEq([u.Username, u.UserStatus], [res.UserSub, 'UNCONFIRMED'], 'AdminGetUser after SignUp');
    },
  },
  {
    name: 'sdk_v3.sign_up.code_delivery_details',
    needs: ['sdk_v3.sign_up'],
    async run() {
      const d = state.user.delivery || {};
      expectEq([d.DeliveryMedium, d.AttributeName], ['EMAIL', 'email'], 'CodeDeliveryDetails');
      expect(typeof d.Destination === 'string' && d.Destination !== state.user.email && d.Destination.includes('***'), `Destination ${d.Destination} is not masked`);
    },
  },
  {
    name: 'sdk_v3.error.username_exists',
    needs: ['sdk_v3.sign_up'],
    async run() {
      await refused(
        send(
          new SignUpCommand({
            ClientId: state.secret.id,
            SecretHash: secretHash(state.user.email, state.secret),
            Username: state.user.email,
            Password: PASSWORD,
          }),
        ),
        UsernameExistsException,
        'An account with the given email already exists.',
        'SignUp of an existing email',
      );
    },
  },
  {
    name: 'sdk_v3.error.invalid_password',
    needs: ['sdk_v3.create_user_pool_client'],
    async run() {
      const email = userEmail('weak');
      await refused(
        send(new SignUpCommand({ ClientId: state.secret.id, SecretHash: secretHash(email, state.secret), Username: email, Password: WEAK_PASSWORD })),
        InvalidPasswordException,
        'Password did not conform with policy: Password not long enough',
        'SignUp with a password shorter than MinimumLength',
      );
    },
  },
  {
    name: 'sdk_v3.error.code_mismatch',
    needs: ['sdk_v3.sign_up'],
    async run() {
      // Without the outbox a fixed code stands in; a 1-in-a-million collision would show here.
      const wrong = target.mockApi ? wrongCode(await latestCode(state.user.email, 'SIGN_UP')) : '000000';
      await refused(
        send(
          new ConfirmSignUpCommand({
            ClientId: state.secret.id,
            SecretHash: secretHash(state.user.email, state.secret),
            Username: state.user.email,
            ConfirmationCode: wrong,
          }),
        ),
        CodeMismatchException,
        'Invalid verification code provided, please try again.',
        'ConfirmSignUp with a wrong code',
      );
    },
  },
  {
    name: 'sdk_v3.confirm_sign_up',
    needs: ['sdk_v3.sign_up'],
    async run() {
      let how = '';
      if (target.mockApi) {
        const code = await latestCode(state.user.email, 'SIGN_UP');
        const res = await send(
          new ConfirmSignUpCommand({
            ClientId: state.secret.id,
            SecretHash: secretHash(state.user.email, state.secret),
            Username: state.user.email,
            ConfirmationCode: code,
          }),
        );
        okMeta(res, 'ConfirmSignUp');
      } else {
        await send(new AdminConfirmSignUpCommand({ UserPoolId: state.poolId, Username: state.user.email }));
        how = 'no /_mock outbox: confirmed with AdminConfirmSignUp';
      }
      const u = await send(new AdminGetUserCommand({ UserPoolId: state.poolId, Username: state.user.email }));
      expectEq(u.UserStatus, 'CONFIRMED', 'UserStatus after confirmation');
      if (target.mockApi) expectEq(attrs(u.UserAttributes).email_verified, 'true', 'email_verified after ConfirmSignUp (auto-verified email)');
      return how;
    },
  },
  {
    name: 'sdk_v3.user_password_auth',
    needs: ['sdk_v3.confirm_sign_up'],
    async run() {
      const res = await passwordSignIn(state.secret, state.user.email, PASSWORD);
      okMeta(res, 'InitiateAuth USER_PASSWORD_AUTH');
      const { tokens, access, id } = await verifyAuthResult(res, state.secret, 'USER_PASSWORD_AUTH');
      expectEq(tokens.ExpiresIn, 3600, 'ExpiresIn');
      expectEq([access.sub, access.username], [state.user.sub, state.user.sub], 'access token sub, username');
      expectEq([id.sub, id['cognito:username'], id.email, id.email_verified, id.name], [state.user.sub, state.user.sub, state.user.email, true, 'Sam SDK'], 'id token claims');
      expectEq(access.scope, 'aws.cognito.signin.user.admin', 'access token scope');
      state.session = tokens;
    },
  },
  {
    name: 'sdk_v3.get_user',
    needs: ['sdk_v3.user_password_auth'],
    async run() {
      const res = await send(new GetUserCommand({ AccessToken: state.session.AccessToken }));
      okMeta(res, 'GetUser');
      expectEq(res.Username, state.user.sub, 'GetUser Username');
      const a = attrs(res.UserAttributes);
      expectEq([a.sub, a.email, a.name], [state.user.sub, state.user.email, 'Sam SDK'], 'GetUser UserAttributes');
    },
  },
  {
    name: 'sdk_v3.refresh_token_auth',
    needs: ['sdk_v3.user_password_auth'],
    async run() {
      // SECRET_HASH of a refresh is computed over the internal username (here the sub).
      const res = await send(
        new InitiateAuthCommand({
          ClientId: state.secret.id,
          AuthFlow: 'REFRESH_TOKEN_AUTH',
          AuthParameters: { REFRESH_TOKEN: state.session.RefreshToken, SECRET_HASH: secretHash(state.user.sub, state.secret) },
        }),
      );
      okMeta(res, 'InitiateAuth REFRESH_TOKEN_AUTH');
      const { tokens, access } = await verifyAuthResult(res, state.secret, 'REFRESH_TOKEN_AUTH', { refresh: false });
      const first = decodeJwt(state.session.AccessToken, 'first access token').claims;
      expectEq([access.sub, access.origin_jti, access.auth_time], [first.sub, first.origin_jti, first.auth_time], 'sub, origin_jti, auth_time kept by the refresh');
      expect(access.jti !== first.jti, 'the refreshed access token has the same jti');
      expect(tokens.AccessToken !== state.session.AccessToken, 'the refresh returned the same access token');
    },
  },
  {
    name: 'sdk_v3.revoke_token',
    needs: ['sdk_v3.get_user'],
    async run() {
      const second = (await passwordSignIn(state.secret, state.user.email, PASSWORD)).AuthenticationResult;
      const res = await send(new RevokeTokenCommand({ Token: second.RefreshToken, ClientId: state.secret.id, ClientSecret: state.secret.secret }));
      okMeta(res, 'RevokeToken');
      await refused(send(new GetUserCommand({ AccessToken: second.AccessToken })), NotAuthorizedException, REVOKED, 'GetUser after RevokeToken');
      await refused(
        send(
          new InitiateAuthCommand({
            ClientId: state.secret.id,
            AuthFlow: 'REFRESH_TOKEN_AUTH',
            AuthParameters: { REFRESH_TOKEN: second.RefreshToken, SECRET_HASH: secretHash(state.user.sub, state.secret) },
          }),
        ),
        NotAuthorizedException,
        undefined,
        'REFRESH_TOKEN_AUTH with the revoked refresh token',
      );
      // The first sign-in is another session: untouched.
      expectEq((await send(new GetUserCommand({ AccessToken: state.session.AccessToken }))).Username, state.user.sub, 'GetUser with the other session');
    },
  },
  {
    name: 'sdk_v3.global_sign_out',
    needs: ['sdk_v3.revoke_token', 'sdk_v3.refresh_token_auth'],
    async run() {
      okMeta(await send(new GlobalSignOutCommand({ AccessToken: state.session.AccessToken })), 'GlobalSignOut');
      await refused(send(new GetUserCommand({ AccessToken: state.session.AccessToken })), NotAuthorizedException, REVOKED, 'GetUser after GlobalSignOut');
      await refused(
        send(
          new InitiateAuthCommand({
            ClientId: state.secret.id,
            AuthFlow: 'REFRESH_TOKEN_AUTH',
            AuthParameters: { REFRESH_TOKEN: state.session.RefreshToken, SECRET_HASH: secretHash(state.user.sub, state.secret) },
          }),
        ),
        NotAuthorizedException,
        undefined,
        'REFRESH_TOKEN_AUTH after GlobalSignOut',
      );
      await verifyAuthResult(await passwordSignIn(state.secret, state.user.email, PASSWORD), state.secret, 'a new sign-in after GlobalSignOut');
    },
  },

  // ------------------------------------------------------------ errors as SDK exception classes
  {
    name: 'sdk_v3.error.wrong_password',
    needs: ['sdk_v3.confirm_sign_up'],
    async run() {
      const e = await refused(passwordSignIn(state.secret, state.user.email, WRONG_PASSWORD), NotAuthorizedException, INCORRECT, 'USER_PASSWORD_AUTH with a wrong password');
      const last = wire[wire.length - 1];
      const h = last.responseHeaders || {};
      expectEq(
        [last.status, String(h['x-amzn-errortype'] || '').split(':')[0], h['content-type'], h['x-amzn-requestid']],
        [400, 'NotAuthorizedException', 'application/x-amz-json-1.1', e.$metadata.requestId],
        'the raw answer: status, x-amzn-ErrorType, content-type, x-amzn-RequestId',
      );
      return `requestId ${e.$metadata.requestId}`;
    },
  },
  {
    name: 'sdk_v3.error.unknown_user',
    needs: ['sdk_v3.create_user_pool_client'],
    async run() {
      // PreventUserExistenceErrors LEGACY: Cognito says the user does not exist.
      await refused(passwordSignIn(state.secret, userEmail('nobody'), PASSWORD), UserNotFoundException, 'User does not exist.', 'USER_PASSWORD_AUTH of an unknown user');
    },
  },
  {
    name: 'sdk_v3.error.secret_hash',
    needs: ['sdk_v3.confirm_sign_up'],
    async run() {
      await refused(
        send(
          new InitiateAuthCommand({
            ClientId: state.secret.id,
            AuthFlow: 'USER_PASSWORD_AUTH',
            AuthParameters: { USERNAME: state.user.email, PASSWORD },
          }),
        ),
        NotAuthorizedException,
        `Client ${state.secret.id} is configured for secret but secret was not received`,
        'InitiateAuth on the secret client without SECRET_HASH',
      );
      await refused(
        send(
          new InitiateAuthCommand({
            ClientId: state.secret.id,
            AuthFlow: 'USER_PASSWORD_AUTH',
            AuthParameters: { USERNAME: state.user.email, PASSWORD, SECRET_HASH: secretHash(`${state.user.email}x`, state.secret) },
          }),
        ),
        NotAuthorizedException,
        `Unable to verify secret hash for client ${state.secret.id}`,
        'InitiateAuth on the secret client with a wrong SECRET_HASH',
      );
    },
  },

  // ------------------------------------------------------------ SRP by cognito-srp-helper
  {
    name: 'sdk_v3.srp.sign_in',
    needs: ['sdk_v3.confirm_sign_up', 'sdk_v3.update_user_pool_client'],
    async run() {
      const { init, res } = await srpSignIn(state.pub, state.user.email, PASSWORD);
      expectEq(init.ChallengeParameters.USER_ID_FOR_SRP, state.user.sub, 'USER_ID_FOR_SRP of an email-as-username pool');
      okMeta(res, 'RespondToAuthChallenge PASSWORD_VERIFIER');
      const { tokens, access } = await verifyAuthResult(res, state.pub, 'SRP sign-in (public client)');
      // The public client's access tokens last 30 minutes since UpdateUserPoolClient.
      expectEq([tokens.ExpiresIn, access.exp - access.iat], [1800, 1800], 'access token lifetime after UpdateUserPoolClient (30 minutes)');
      expectEq(access.username, state.user.sub, 'access token username');
      state.srpTokens = tokens;
    },
  },
  {
    name: 'sdk_v3.srp.secret_client',
    needs: ['sdk_v3.confirm_sign_up'],
    async run() {
      const { res } = await srpSignIn(state.secret, state.user.email, PASSWORD);
      await verifyAuthResult(res, state.secret, 'SRP sign-in with SECRET_HASH');
    },
  },
  {
    name: 'sdk_v3.srp.wrong_password',
    needs: ['sdk_v3.srp.sign_in'],
    async run() {
      await refused(srpSignIn(state.pub, state.user.email, WRONG_PASSWORD), NotAuthorizedException, INCORRECT, 'SRP with a wrong password');
    },
  },

  // ------------------------------------------------------------ tokens
  {
    name: 'sdk_v3.tokens.verified',
    needs: ['sdk_v3.srp.sign_in'],
    async run() {
      const t = state.srpTokens;
      const access = await verifyJwt(t.AccessToken, 'access', state.pub);
      const id = await verifyJwt(t.IdToken, 'id', state.pub);
      expectEq([access.sub, id.sub, id['cognito:username'], id.email], [state.user.sub, state.user.sub, state.user.sub, state.user.email], 'claims');
      expectEq(access.origin_jti, id.origin_jti, 'shared origin_jti');
      const ah = decodeJwt(t.AccessToken, 'access token').header;
      const ih = decodeJwt(t.IdToken, 'id token').header;
      expect(ah.kid && ih.kid, 'a token header has no kid');
      // The verification can fail: one flipped payload character must break it.
      const [h, p, s] = t.IdToken.split('.');
      const flipped = p.slice(0, 10) + (p[10] === 'A' ? 'B' : 'A') + p.slice(11);
      expect(!(await signatureVerifies(`${h}.${flipped}.${s}`, 'tampered id token')), 'a tampered ID token still verifies');
      expect(!(await signatureVerifies(`${h}.${t.AccessToken.split('.')[1]}.${s}`, 'spliced token')), 'the ID signature verifies the access payload');
    },
  },

  // ------------------------------------------------------------ what the SDK put on the wire
  {
    name: 'sdk_v3.wire.signing',
    needs: ['sdk_v3.user_password_auth', 'sdk_v3.admin_get_user'],
    async run() {
      const all = allWire;
      const admin = all.filter((w) => /^(Admin|Create|Describe|Update|List)/.test(w.command));
      const user = all.filter((w) => /^(SignUp|ConfirmSignUp|InitiateAuth|RespondToAuthChallenge|GetUser|RevokeToken|GlobalSignOut)Command$/.test(w.command));
      expect(admin.length > 0 && user.length > 0, 'no admin or no user calls recorded');
      const scope = new RegExp(`^AWS4-HMAC-SHA256 Credential=${ACCESS_KEY_ID}/\\d{8}/${region}/cognito-idp/aws4_request, SignedHeaders=[^,]+, Signature=[0-9a-f]{64}$`);
      for (const w of admin) {
        expect(scope.test(w.headers.authorization || ''), `${w.command} was not SigV4-signed for cognito-idp: ${w.headers.authorization}`);
        expect(w.headers['x-amz-date'], `${w.command} has no x-amz-date`);
      }
      for (const w of user) expect(!w.headers.authorization, `${w.command} was signed (Cognito's user operations are unsigned)`);
      for (const w of all) {
        expectEq(w.headers['content-type'], 'application/x-amz-json-1.1', `${w.command} content-type`);
        expectEq(w.headers['x-amz-target'], `AWSCognitoIdentityProviderService.${w.command.replace(/Command$/, '')}`, `${w.command} x-amz-target`);
      }
      return `${admin.length} signed, ${user.length} unsigned calls`;
    },
  },
];

// ---------------------------------------------------------------- runner

let allWire = [];

async function main() {
  if (target.mockApi) {
    const r = await fetch(`${endpoint}/_mock/clock`);
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
        detail = e instanceof CheckFailed || e instanceof Skip ? e.message : `${e.name}: ${e.message}`;
        if (outcome === 'fail' && !(e instanceof CheckFailed) && e.stack) {
          process.stderr.write(`${e.stack}\n`);
        }
      }
      allWire.push(...wire);
    }
    status[check.name] = outcome;
    const ms = Math.round((performance.now() - started) * 10) / 10;
    results.push({ name: check.name, status: outcome, detail, ms });
    process.stderr.write(`  ${outcome.padEnd(4)}  ${check.name}${detail ? `  — ${detail}` : ''}\n`);
  }
  fs.writeFileSync(
    args.out,
    JSON.stringify(
      {
        suite: 'sdk_v3',
        library: `@aws-sdk/client-cognito-identity-provider ${SDK_VERSION}, cognito-srp-helper ${SRP_HELPER_VERSION}`,
        node: process.version,
        checks: results,
      },
      null,
      2,
    ),
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
  for (const required of ['node-dir', 'target', 'out']) {
    if (!out[required]) throw new Error(`missing --${required}`);
  }
  return out;
}

main().then(
  () => process.exit(0),
  (e) => {
    process.stderr.write(`sdk-v3 suite crashed: ${e && e.stack ? e.stack : e}\n`);
    process.exit(2);
  },
);
