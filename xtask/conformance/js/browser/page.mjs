// The page the browser suite (../browser.cjs) serves: the real Amplify JS v6 (and
// amazon-cognito-identity-js), bundled for the browser by esbuild, exposed to the test
// driver as `window.conformance`. Every call
// answers `{ok: true, value}` or `{ok: false, name, message}` (what Amplify threw), so that
// the driver sees errors as Amplify reports them. The page records the Cognito calls
// Amplify made through the browser's fetch (action, status, error type as the page can
// read it) in `window.conformance.wire`.

import { Amplify } from 'aws-amplify';
import {
  signUp,
  confirmSignUp,
  signIn,
  signOut,
  fetchAuthSession,
  getCurrentUser,
} from 'aws-amplify/auth';
import { CognitoUserPool, CognitoUser, AuthenticationDetails } from 'amazon-cognito-identity-js';

const wire = [];
const pageFetch = window.fetch.bind(window);
window.fetch = async (input, init = {}) => {
  const headers = new Headers(init.headers || {});
  const entry = {
    action: (headers.get('x-amz-target') || '').replace(/^AWSCognitoIdentityProviderService\./, ''),
  };
  try {
    const body = JSON.parse(init.body || '{}');
    if (body.AuthFlow) entry.authFlow = body.AuthFlow;
    if (body.ChallengeName) entry.challengeName = body.ChallengeName;
    const params = body.AuthParameters || body.ChallengeResponses || {};
    const nulls = Object.keys(params).filter((k) => params[k] === null);
    if (nulls.length) entry.nullParameters = nulls;
  } catch (_) {
    // not JSON
  }
  wire.push(entry);
  try {
    const response = await pageFetch(input, init);
    entry.status = response.status;
    // Readable by page code only when the server exposes it (Access-Control-Expose-Headers).
    entry.errorType = response.headers.get('x-amzn-errortype') || undefined;
    entry.requestId = response.headers.get('x-amzn-requestid') || undefined;
    return response;
  } catch (e) {
    entry.networkError = `${e.name}: ${e.message}`;
    throw e;
  }
};

async function call(fn) {
  try {
    return { ok: true, value: await fn() };
  } catch (e) {
    return { ok: false, name: e.name, message: e.message };
  }
}

function step(result) {
  const next = (result && result.nextStep) || {};
  return next.signInStep || next.signUpStep || null;
}

window.conformance = {
  wire,
  configure({ userPoolId, userPoolClientId, endpoint }) {
    Amplify.configure({
      Auth: {
        Cognito: {
          userPoolId,
          userPoolClientId,
          userPoolEndpoint: endpoint,
          loginWith: { username: true, email: false },
        },
      },
    });
    return { ok: true, value: { origin: window.location.origin } };
  },
  signUp: (username, password, email) =>
    call(async () => {
      const r = await signUp({ username, password, options: { userAttributes: { email } } });
      return {
        isSignUpComplete: r.isSignUpComplete,
        nextStep: step(r),
        userId: r.userId,
        delivery: r.nextStep && r.nextStep.codeDeliveryDetails,
      };
    }),
  confirmSignUp: (username, confirmationCode) =>
    call(async () => {
      const r = await confirmSignUp({ username, confirmationCode });
      return { isSignUpComplete: r.isSignUpComplete, nextStep: step(r) };
    }),
  signIn: (username, password, authFlowType) =>
    call(async () => {
      const r = await signIn({ username, password, options: authFlowType ? { authFlowType } : undefined });
      return { isSignedIn: r.isSignedIn, nextStep: step(r) };
    }),
  fetchAuthSession: (forceRefresh) =>
    call(async () => {
      const s = await fetchAuthSession({ forceRefresh: !!forceRefresh });
      return {
        access: s.tokens && s.tokens.accessToken ? s.tokens.accessToken.toString() : null,
        id: s.tokens && s.tokens.idToken ? s.tokens.idToken.toString() : null,
        userSub: s.userSub || null,
      };
    }),
  getCurrentUser: () => call(async () => ({ ...(await getCurrentUser()) })),
  signOut: (global) => call(async () => (await signOut({ global: !!global }), null)),
  storageKeys: () => Object.keys(window.localStorage),
  // amazon-cognito-identity-js in the same page, with its default storage (localStorage).
  identityJs: {
    user: null,
    session: null,
    signIn(cfg, username, password) {
      const pool = new CognitoUserPool({ UserPoolId: cfg.userPoolId, ClientId: cfg.userPoolClientId, endpoint: `${cfg.endpoint}/` });
      const user = new CognitoUser({ Username: username, Pool: pool });
      return call(
        () =>
          new Promise((resolve, reject) =>
            user.authenticateUser(new AuthenticationDetails({ Username: username, Password: password }), {
              onSuccess: (session) => {
                this.user = user;
                this.session = session;
                resolve({ access: session.getAccessToken().getJwtToken(), refresh: session.getRefreshToken().getToken() });
              },
              onFailure: reject,
              newPasswordRequired: () => reject(new Error('unexpected newPasswordRequired')),
              mfaRequired: () => reject(new Error('unexpected mfaRequired')),
              totpRequired: () => reject(new Error('unexpected totpRequired')),
              customChallenge: () => reject(new Error('unexpected customChallenge')),
            }),
          ),
      );
    },
    refreshSession() {
      return call(
        () =>
          new Promise((resolve, reject) =>
            this.user.refreshSession(this.session.getRefreshToken(), (err, session) =>
              err ? reject(err) : resolve({ access: session.getAccessToken().getJwtToken() }),
            ),
          ),
      );
    },
    signOut() {
      return call(() => new Promise((resolve) => this.user.signOut((err) => resolve(err ? `${err.name}: ${err.message}` : null))));
    },
  },
  /** A fetch the driver uses as a control: to a server that answers without CORS headers. */
  plainFetch: (url) => call(async () => (await pageFetch(url, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } })).status),
};
document.title = 'conformance: ready';
