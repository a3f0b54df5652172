'use strict';
// The real Amplify JS v6 in a real browser against a Cognito-compatible server, as
// `cargo xtask conformance --browser` runs it:
//
//   node browser.cjs --node-dir xtask/.node --target target.json --scenarios scenarios.json \
//        --out browser.json --work target/conformance/browser [--chromium /usr/bin/chromium]
//
// 1. Bundles js/browser/page.mjs (our page code around `aws-amplify`, pinned in
//    ../package-lock.json, with amazon-cognito-identity-js) for the browser with esbuild
//    (pinned there too). Amplify v6 ships CommonJS and ESM builds only, no prebuilt
//    browser bundle.
// 2. Serves the page from its own loopback port, so that every Cognito call is
//    cross-origin (page http://127.0.0.1:P, server http://127.0.0.1:Q): the browser sends
//    CORS preflights and hides any answer that lacks Access-Control-Allow-Origin.
// 3. Starts Debian's Chromium through playwright-core (never a browser Playwright would
//    download), headless, with a fresh profile, and drives the page: signUp →
//    confirmSignUp (code from /_mock/codes, read here) → signIn (SRP) → fetchAuthSession →
//    signOut, and a wrong password; then amazon-cognito-identity-js from the same page
//    (SRP sign-in, refreshSession, signOut). Tokens are verified here against the JWKS.
// 4. Watches the browser: console messages, failed requests and, through the DevTools
//    protocol, every request the network stack made, preflights included. A control fetch
//    to a server that sends no CORS headers must be reported as a CORS failure, so the
//    watch is known to see one.

const fs = require('node:fs');
const os = require('node:os');
const http = require('node:http');
const path = require('node:path');
const crypto = require('node:crypto');
const { createRequire } = require('node:module');

const args = parseArgs(process.argv.slice(2));
const nodeDir = path.resolve(args['node-dir']);
const nodeRequire = createRequire(path.join(nodeDir, 'package.json'));
const esbuild = nodeRequire('esbuild');
const { chromium } = nodeRequire('playwright-core');
const AMPLIFY_VERSION = nodeRequire('aws-amplify/package.json').version;
const IDENTITY_JS_VERSION = nodeRequire('amazon-cognito-identity-js/package.json').version;

const CHROMIUM = args.chromium || '/usr/bin/chromium';
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const PASSWORD = 'Correct-Horse-9!';
const WRONG_PASSWORD = 'Wrong-Horse-9!';
const INCORRECT = 'Incorrect username or password.';
const REVOKED = 'Access Token has been revoked';
const CALL_TIMEOUT_MS = 30000;

const target = JSON.parse(fs.readFileSync(args.target, 'utf8'));
const scenarioFile = JSON.parse(fs.readFileSync(args.scenarios, 'utf8'));
const endpoint = target.endpoint.replace(/\/+$/, '');
const runId = crypto.randomBytes(4).toString('hex');

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

// ---------------------------------------------------------------- the page and its servers

async function bundle(work) {
  const outfile = path.join(work, 'bundle.js');
  const result = await esbuild.build({
    entryPoints: [path.join(__dirname, 'browser', 'page.mjs')],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    outfile,
    nodePaths: [path.join(nodeDir, 'node_modules')],
    // amazon-cognito-identity-js (through its `buffer` and isomorphic-unfetch dependencies)
    // reads Node's `global`, which browsers lack; apps bundling it for the browser map it
    // to globalThis, as here. Amplify v6 alone needs nothing.
    define: { 'process.env.NODE_ENV': '"production"', global: 'globalThis' },
    logLevel: 'silent',
  });
  expect(result.errors.length === 0, `esbuild: ${JSON.stringify(result.errors)}`);
  return { outfile, bytes: fs.statSync(outfile).size };
}

function listen(handler) {
  return new Promise((resolve, reject) => {
    const server = http.createServer(handler);
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

const INDEX = '<!doctype html><html><head><meta charset="utf-8"><title>conformance</title></head>' +
  '<body><script src="/bundle.js"></script></body></html>';

async function pageServer(bundleFile) {
  const js = fs.readFileSync(bundleFile);
  return listen((req, res) => {
    if (req.url === '/' || req.url === '/index.html') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(INDEX);
    } else if (req.url === '/bundle.js') {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' });
      res.end(js);
    } else if (req.url === '/favicon.ico') {
      res.writeHead(204);
      res.end();
    } else {
      res.writeHead(404);
      res.end();
    }
  });
}

/** The control: a server on a third origin that answers without any CORS header. */
function plainServer() {
  return listen((req, res) => {
    req.resume();
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{}');
  });
}

const portOf = (server) => server.address().port;

// ---------------------------------------------------------------- Cognito from Node

async function cognito(action, body) {
  const response = await fetch(`${endpoint}/`, {
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

async function latestCode(poolId, username) {
  if (!target.mockApi) throw new Skip('the server has no /_mock outbox to read codes from');
  const q = new URLSearchParams({ username, userPoolId: poolId });
  const r = await fetch(`${endpoint}/_mock/codes?${q}`);
  expectEq(r.status, 200, 'GET /_mock/codes status');
  const entries = await r.json();
  expect(entries.length > 0, `no code in the outbox for ${username}`);
  return String(entries[entries.length - 1].code);
}

const jwksCache = new Map();
async function verifyJwt(pool, token, tokenUse) {
  const parts = String(token).split('.');
  expect(parts.length === 3, `${tokenUse} token is not a JWS`);
  const header = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8'));
  const claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
  if (!jwksCache.has(pool.userPoolId)) {
    const r = await fetch(`${endpoint}/${pool.userPoolId}/.well-known/jwks.json`);
    expectEq(r.status, 200, 'JWKS status');
    jwksCache.set(pool.userPoolId, await r.json());
  }
  const jwk = jwksCache.get(pool.userPoolId).keys.find((k) => k.kid === header.kid);
  expect(jwk, `${tokenUse} token kid ${header.kid} is not in the JWKS`);
  const ok = crypto.verify(
    'RSA-SHA256',
    Buffer.from(`${parts[0]}.${parts[1]}`),
    crypto.createPublicKey({ key: jwk, format: 'jwk' }),
    Buffer.from(parts[2], 'base64url'),
  );
  expect(ok, `${tokenUse} token signature does not verify`);
  expectEq(claims.iss, `${endpoint}/${pool.userPoolId}`, `${tokenUse} token iss`);
  expectEq(claims.token_use, tokenUse, `${tokenUse} token_use`);
  expect(claims.exp * 1000 > Date.now(), `${tokenUse} token expired`);
  if (tokenUse === 'id') expectEq(claims.aud, pool.userPoolClientId, 'id token aud');
  else expectEq(claims.client_id, pool.userPoolClientId, 'access token client_id');
  return claims;
}

// ---------------------------------------------------------------- the browser

/** Everything the browser reported while the checks ran. */
const watch = {
  console: [],
  pageErrors: [],
  failedRequests: [],
  // DevTools protocol: every request of the network stack, preflights included.
  network: new Map(),
};

function isCorsMessage(text) {
  return /CORS|Access-Control|cross-origin/i.test(text);
}

async function startBrowser(page0Url) {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'conformance-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_FLAGS,
    timeout: 60000,
  });
  const page = context.pages()[0] || (await context.newPage());
  page.on('console', (m) => watch.console.push({ type: m.type(), text: m.text() }));
  page.on('pageerror', (e) => watch.pageErrors.push(String(e && e.message)));
  page.on('requestfailed', (r) =>
    watch.failedRequests.push({ url: r.url(), method: r.method(), failure: (r.failure() || {}).errorText }),
  );
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  cdp.on('Network.requestWillBeSent', (e) => {
    watch.network.set(e.requestId, {
      url: e.request.url,
      method: e.request.method,
      type: e.type,
      target: (e.request.headers || {})['X-Amz-Target'] || (e.request.headers || {})['x-amz-target'] || null,
    });
  });
  cdp.on('Network.responseReceived', (e) => {
    const entry = watch.network.get(e.requestId);
    if (!entry) return;
    entry.status = e.response.status;
    const h = Object.fromEntries(Object.entries(e.response.headers || {}).map(([k, v]) => [k.toLowerCase(), v]));
    entry.allowOrigin = h['access-control-allow-origin'] || null;
  });
  cdp.on('Network.loadingFailed', (e) => {
    const entry = watch.network.get(e.requestId);
    if (entry) {
      entry.failed = e.errorText;
      if (e.corsErrorStatus) entry.corsError = e.corsErrorStatus.corsError;
    }
  });
  await page.goto(page0Url, { waitUntil: 'load', timeout: 30000 });
  try {
    await page.waitForFunction(() => window.conformance !== undefined, null, { timeout: 15000 });
  } catch (e) {
    const errors = [...watch.pageErrors, ...watch.console.filter((m) => m.type === 'error').map((m) => m.text)];
    throw new CheckFailed(`the page did not start (${e.message.split('\n')[0]}); page errors: ${JSON.stringify(errors.slice(0, 3))}`);
  }
  return { context, page, profile, version: context.browser() ? context.browser().version() : null };
}

/** Calls `window.conformance[name](...args)` in the page. */
async function inPage(page, name, ...callArgs) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new CheckFailed(`${name} did not answer within ${CALL_TIMEOUT_MS / 1000} s`)), CALL_TIMEOUT_MS);
  });
  try {
    return await Promise.race([
      page.evaluate(([n, a]) => window.conformance[n](...a), [name, callArgs]),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** A page call that must succeed; returns its value. */
async function ok(page, name, ...callArgs) {
  const r = await inPage(page, name, ...callArgs);
  if (!r.ok) throw new CheckFailed(`${name} threw ${r.name}: ${r.message}`);
  return r.value;
}

async function pageWire(page) {
  return page.evaluate(() => window.conformance.wire.map((w) => ({ ...w })));
}

// ---------------------------------------------------------------- checks

async function main() {
  const work = path.resolve(args.work);
  fs.mkdirSync(work, { recursive: true });
  const results = [];
  const status = {};
  const run = async (name, fn, needs = []) => {
    const started = performance.now();
    let outcome = 'pass';
    let detail = '';
    const missing = needs.filter((n) => status[n] !== 'pass');
    if (missing.length) {
      outcome = 'skip';
      detail = `needs ${missing.join(', ')}`;
    } else {
      try {
        detail = (await fn()) || '';
      } catch (e) {
        outcome = e instanceof Skip ? 'skip' : 'fail';
        detail = e instanceof CheckFailed || e instanceof Skip ? e.message : `${e.name}: ${e.message}`;
      }
    }
    status[name] = outcome;
    const ms = Math.round((performance.now() - started) * 10) / 10;
    results.push({ name, status: outcome, detail, ms });
    process.stderr.write(`  ${outcome.padEnd(4)}  ${name}${detail ? `  — ${detail}` : ''}\n`);
  };

  const pool = (scenarioFile.pools || {}).basic;
  const servers = [];
  let browser = null;
  const ctx = {};
  try {
    await run('browser.page', async () => {
      if (!pool) throw new CheckFailed('no provisioned pool (the boto3 provisioning failed)');
      const built = await bundle(work);
      const pageSrv = await pageServer(built.outfile);
      const plainSrv = await plainServer();
      servers.push(pageSrv, plainSrv);
      ctx.pageOrigin = `http://127.0.0.1:${portOf(pageSrv)}`;
      ctx.plainUrl = `http://127.0.0.1:${portOf(plainSrv)}/`;
      expect(new URL(ctx.pageOrigin).origin !== new URL(endpoint).origin, 'the page and the server share an origin');
      browser = await startBrowser(`${ctx.pageOrigin}/`);
      const configured = await inPage(browser.page, 'configure', {
        userPoolId: pool.userPoolId,
        userPoolClientId: pool.userPoolClientId,
        endpoint,
      });
      expectEq(configured.value.origin, ctx.pageOrigin, 'the page origin');
      return `Amplify ${AMPLIFY_VERSION} and amazon-cognito-identity-js ${IDENTITY_JS_VERSION} bundled (${Math.round(built.bytes / 1024)} KiB), page ${ctx.pageOrigin}, server ${new URL(endpoint).origin}, Chromium ${browser.version}`;
    });

    const page = browser && browser.page;
    const username = `brw-${runId}`;

    await run('browser.sign_up', async () => {
      const r = await ok(page, 'signUp', username, PASSWORD, `${username}@example.com`);
      expectEq([r.isSignUpComplete, r.nextStep], [false, 'CONFIRM_SIGN_UP'], 'signUp');
      ctx.delivery = r.delivery || {};
    }, ['browser.page']);

    await run('browser.sign_up.code_delivery_details', async () => {
      expectEq([ctx.delivery.deliveryMedium, ctx.delivery.attributeName], ['EMAIL', 'email'], 'codeDeliveryDetails');
    }, ['browser.sign_up']);

    await run('browser.confirm_sign_up', async () => {
      const code = await latestCode(pool.userPoolId, username);
      const r = await ok(page, 'confirmSignUp', username, code);
      expectEq([r.isSignUpComplete, r.nextStep], [true, 'DONE'], 'confirmSignUp');
    }, ['browser.sign_up']);

    await run('browser.sign_in_srp', async () => {
      const r = await ok(page, 'signIn', username, PASSWORD);
      expectEq([r.isSignedIn, r.nextStep], [true, 'DONE'], 'signIn');
      const w = await pageWire(page);
      expect(w.some((e) => e.authFlow === 'USER_SRP_AUTH' && e.status === 200), 'no InitiateAuth USER_SRP_AUTH on the wire');
      expect(w.some((e) => e.challengeName === 'PASSWORD_VERIFIER' && e.status === 200), 'no PASSWORD_VERIFIER answer on the wire');
    }, ['browser.confirm_sign_up']);

    await run('browser.fetch_auth_session', async () => {
      const s = await ok(page, 'fetchAuthSession', false);
      expect(s.access && s.id, 'fetchAuthSession returned no tokens');
      const accessClaims = await verifyJwt(pool, s.access, 'access');
      await verifyJwt(pool, s.id, 'id');
      expectEq(s.userSub, accessClaims.sub, 'userSub');
      const current = await ok(page, 'getCurrentUser');
      expectEq([current.username, current.userId], [username, accessClaims.sub], 'getCurrentUser');
      // In a browser Amplify keeps the tokens in localStorage.
      const keys = await page.evaluate(() => window.conformance.storageKeys());
      expect(keys.some((k) => k.startsWith(`CognitoIdentityServiceProvider.${pool.userPoolClientId}.`) && k.endsWith('.accessToken')), `no access token in localStorage: ${JSON.stringify(keys)}`);
      ctx.tokens = s;
    }, ['browser.sign_in_srp']);

    await run('browser.refresh', async () => {
      const s = await ok(page, 'fetchAuthSession', true);
      expect(s.access && s.access !== ctx.tokens.access, 'forceRefresh kept the old access token');
      const before = await verifyJwt(pool, ctx.tokens.access, 'access');
      const after = await verifyJwt(pool, s.access, 'access');
      expectEq(after.origin_jti, before.origin_jti, 'origin_jti after refresh');
      const w = await pageWire(page);
      const refresh = w.find((e) => (e.action === 'GetTokensFromRefreshToken' || e.authFlow === 'REFRESH_TOKEN_AUTH') && e.status === 200);
      expect(refresh, 'no successful refresh on the wire');
      ctx.tokens = s;
      return `refreshed with ${refresh.action === 'GetTokensFromRefreshToken' ? refresh.action : 'REFRESH_TOKEN_AUTH'}`;
    }, ['browser.fetch_auth_session']);

    await run('browser.sign_out', async () => {
      await ok(page, 'signOut', false);
      const w = await pageWire(page);
      expect(w.some((e) => e.action === 'RevokeToken' && e.status === 200), 'no successful RevokeToken on the wire');
      const s = await ok(page, 'fetchAuthSession', false);
      expect(!s.access, 'tokens survived signOut');
      const r = await cognito('GetUser', { AccessToken: ctx.tokens.access });
      expectEq([r.status, r.body && r.body.message], [400, REVOKED], 'GetUser with the signed-out access token');
    }, ['browser.fetch_auth_session']);

    await run('browser.sign_in_wrong_password', async () => {
      if (status['browser.sign_out'] !== 'pass') await inPage(page, 'signOut', false);
      const r = await inPage(page, 'signIn', username, WRONG_PASSWORD);
      expectEq([r.ok, r.name, r.message], [false, 'NotAuthorizedException', INCORRECT], 'signIn with a wrong password');
      // The page reads the error type from the exposed header as well as from the body.
      const w = await pageWire(page);
      const refusedCall = w.filter((e) => e.status === 400).pop();
      expect(refusedCall, 'no 400 answer on the wire');
      expectEq(refusedCall.errorType && refusedCall.errorType.split(':')[0], 'NotAuthorizedException', 'x-amzn-ErrorType as the page reads it');
      expect(refusedCall.requestId, 'x-amzn-RequestId is not readable by the page (Access-Control-Expose-Headers)');
    }, ['browser.confirm_sign_up']);

    await run('browser.identity_js', async () => {
      // amazon-cognito-identity-js from the same page: SRP sign-in, refresh, sign-out. With
      // the browser's localStorage it sends `"DEVICE_KEY": null` when refreshing.
      const cfg = { userPoolId: pool.userPoolId, userPoolClientId: pool.userPoolClientId, endpoint };
      const wrong = await page.evaluate(([c, u, p]) => window.conformance.identityJs.signIn(c, u, p), [cfg, username, WRONG_PASSWORD]);
      expectEq([wrong.ok, wrong.name, wrong.message], [false, 'NotAuthorizedException', INCORRECT], 'authenticateUser with a wrong password');
      const signedIn = await page.evaluate(([c, u, p]) => window.conformance.identityJs.signIn(c, u, p), [cfg, username, PASSWORD]);
      expect(signedIn.ok, `authenticateUser threw ${signedIn.name}: ${signedIn.message}`);
      await verifyJwt(pool, signedIn.value.access, 'access');
      const before = (await pageWire(page)).length;
      const refreshed = await page.evaluate(() => window.conformance.identityJs.refreshSession());
      expect(refreshed.ok, `refreshSession threw ${refreshed.name}: ${refreshed.message}`);
      const after = await verifyJwt(pool, refreshed.value.access, 'access');
      expect(refreshed.value.access !== signedIn.value.access, 'refreshSession kept the old access token');
      const refreshCall = (await pageWire(page)).slice(before).find((e) => e.authFlow === 'REFRESH_TOKEN_AUTH');
      expect(refreshCall && refreshCall.status === 200, `no successful REFRESH_TOKEN_AUTH: ${JSON.stringify(refreshCall)}`);
      const out = await page.evaluate(() => window.conformance.identityJs.signOut());
      expectEq([out.ok, out.value], [true, null], 'signOut (RevokeToken)');
      const r = await cognito('GetUser', { AccessToken: refreshed.value.access });
      expectEq([r.status, r.body && r.body.message], [400, REVOKED], 'GetUser after signOut');
      return `REFRESH_TOKEN_AUTH with null parameters: ${JSON.stringify(refreshCall.nullParameters || [])}; sub ${after.sub.slice(0, 8)}…`;
    }, ['browser.confirm_sign_up']);

    await run('browser.cors_control', async () => {
      // Without CORS headers the browser must refuse the answer: proves the watch sees it.
      const r = await inPage(page, 'plainFetch', ctx.plainUrl);
      expectEq([r.ok, r.name], [false, 'TypeError'], 'fetch to a server without CORS headers');
      await page.waitForTimeout(200);
      const seen =
        watch.console.some((m) => isCorsMessage(m.text) && m.text.includes(ctx.plainUrl.replace(/\/$/, ''))) ||
        [...watch.network.values()].some((n) => n.url === ctx.plainUrl && n.corsError);
      expect(seen, 'the browser blocked the fetch but the watch saw no CORS error');
    }, ['browser.page']);

    await run('browser.no_cors_errors', async () => {
      const origin = new URL(endpoint).origin;
      const toServer = [...watch.network.values()].filter((n) => n.url.startsWith(origin));
      const preflights = toServer.filter((n) => n.method === 'OPTIONS' || n.type === 'Preflight');
      const calls = toServer.filter((n) => n.method === 'POST');
      const corsConsole = watch.console.filter((m) => isCorsMessage(m.text) && !m.text.includes(ctx.plainUrl.replace(/\/$/, '')));
      const failed = watch.failedRequests.filter((f) => f.url.startsWith(origin));
      const blocked = toServer.filter((n) => n.failed || n.corsError);
      expect(corsConsole.length === 0, `CORS messages in the console: ${JSON.stringify(corsConsole.slice(0, 3))}`);
      expect(failed.length === 0 && blocked.length === 0, `failed requests to the server: ${JSON.stringify([...failed, ...blocked].slice(0, 3))}`);
      expect(watch.pageErrors.length === 0, `page errors: ${JSON.stringify(watch.pageErrors.slice(0, 3))}`);
      expect(calls.length > 0, 'no Cognito call reached the network');
      const missingOrigin = calls.filter((n) => n.status !== undefined && !n.allowOrigin);
      expect(missingOrigin.length === 0, `answers without Access-Control-Allow-Origin: ${JSON.stringify(missingOrigin.slice(0, 3))}`);
      expect(preflights.length > 0, 'no CORS preflight was seen: the calls were not cross-origin, or the watch misses preflights');
      return `${calls.length} cross-origin calls, ${preflights.length} preflights, no CORS error`;
    }, ['browser.page']);
  } finally {
    if (browser) {
      await browser.context.close().catch(() => {});
      fs.rmSync(browser.profile, { recursive: true, force: true });
    }
    for (const s of servers) s.close();
  }

  fs.writeFileSync(
    args.out,
    JSON.stringify({ suite: 'browser', amplifyVersion: AMPLIFY_VERSION, chromium: browser && browser.version, checks: results }, null, 2),
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
  for (const required of ['node-dir', 'target', 'scenarios', 'out', 'work']) {
    if (!out[required]) throw new Error(`missing --${required}`);
  }
  return out;
}

main().then(
  () => process.exit(0),
  (e) => {
    process.stderr.write(`browser suite crashed: ${e && e.stack ? e.stack : e}\n`);
    process.exit(2);
  },
);
