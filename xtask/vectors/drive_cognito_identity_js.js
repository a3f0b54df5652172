// Drives amazon-cognito-identity-js's own USER_SRP_AUTH code for each case
// read from stdin (JSON array) and prints what the library computed (JSON
// array). Run by gen_vectors.py; NODE_PATH points at the library's install.
//
// The library is used unmodified. We only (1) choose its private `a` by
// replacing AuthenticationHelper.prototype.generateRandomSmallA, (2) fix the
// clock its DateHelper reads, (3) give CognitoUser a stub transport that
// answers InitiateAuth with our PASSWORD_VERIFIER challenge and records the
// RespondToAuthChallenge request, and (4) observe x, S and the HKDF key by
// wrapping calculateS / getPasswordAuthenticationKey around the originals.
'use strict';

const lib = require('amazon-cognito-identity-js');
const AuthenticationHelper = require('amazon-cognito-identity-js/lib/AuthenticationHelper').default;
const BigInteger = require('amazon-cognito-identity-js/lib/BigInteger').default;

const RealDate = Date;
let fixedMillis = 0;
class FixedDate extends RealDate {
  constructor(...args) {
    if (args.length === 0) super(fixedMillis);
    else super(...args);
  }
  static now() { return fixedMillis; }
}

let nextSmallA = null;
let record = null;

AuthenticationHelper.prototype.generateRandomSmallA = function () {
  return nextSmallA || new BigInteger('1', 16);
};
const originalS = AuthenticationHelper.prototype.calculateS;
AuthenticationHelper.prototype.calculateS = function (xValue, serverB, callback) {
  if (record) record.x_hex = xValue.toString(16);
  return originalS.call(this, xValue, serverB, (err, s) => {
    if (record && s) record.s_hex = s.toString(16);
    callback(err, s);
  });
};
const originalKey = AuthenticationHelper.prototype.getPasswordAuthenticationKey;
AuthenticationHelper.prototype.getPasswordAuthenticationKey = function (user, pw, serverB, salt, callback) {
  const helper = this;
  return originalKey.call(this, user, pw, serverB, salt, (err, key) => {
    if (record && key) {
      record.key_hex = Buffer.from(key).toString('hex');
      record.u_hex = helper.UValue.toString(16);
    }
    callback(err, key);
  });
};

class MemoryStorage {
  constructor() { this.items = {}; }
  setItem(k, v) { this.items[k] = String(v); }
  getItem(k) { return Object.prototype.hasOwnProperty.call(this.items, k) ? this.items[k] : null; }
  removeItem(k) { delete this.items[k]; }
  clear() { this.items = {}; }
}

function runCase(c) {
  record = {};
  nextSmallA = new BigInteger(c.a_hex, 16);
  fixedMillis = c.unix_seconds * 1000;
  const storage = new MemoryStorage();
  const pool = new lib.CognitoUserPool({
    UserPoolId: c.pool_id,
    ClientId: 'abcdefghijklmnopqrstuvwxyz',
    Storage: storage,
  });
  const user = new lib.CognitoUser({ Username: c.login, Pool: pool, Storage: storage });
  user.setAuthenticationFlowType('USER_SRP_AUTH');
  let failure = null;
  user.client = {
    request(operation, params, callback) {
      if (operation === 'InitiateAuth') {
        record.srp_a_hex = params.AuthParameters.SRP_A;
        return callback(null, {
          ChallengeName: 'PASSWORD_VERIFIER',
          Session: 'session',
          ChallengeParameters: {
            USERNAME: c.user_id_for_srp,
            USER_ID_FOR_SRP: c.user_id_for_srp,
            SALT: c.salt_hex,
            SRP_B: c.srp_b_hex,
            SECRET_BLOCK: c.secret_block_b64,
          },
        });
      }
      if (operation === 'RespondToAuthChallenge') {
        record.signature_b64 = params.ChallengeResponses.PASSWORD_CLAIM_SIGNATURE;
        record.timestamp = params.ChallengeResponses.TIMESTAMP;
        record.username = params.ChallengeResponses.USERNAME;
        const stop = new Error('stub transport: stop after PASSWORD_VERIFIER');
        stop.code = 'StubStop';
        return callback(stop, null);
      }
      return callback(new Error('unexpected operation ' + operation), null);
    },
  };
  const authDetails = new lib.AuthenticationDetails({ Username: c.login, Password: c.password });
  global.Date = FixedDate;
  try {
    user.authenticateUser(authDetails, {
      onSuccess() { failure = 'unexpected success'; },
      onFailure(err) { if (!err || err.code !== 'StubStop') failure = String(err && err.message); },
      newPasswordRequired() { failure = 'unexpected challenge'; },
      mfaRequired() { failure = 'unexpected challenge'; },
      totpRequired() { failure = 'unexpected challenge'; },
      customChallenge() { failure = 'unexpected challenge'; },
    });
  } finally {
    global.Date = RealDate;
  }
  const out = record;
  record = null;
  if (failure) out.error = failure;
  return out;
}

let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (d) => { input += d; });
process.stdin.on('end', () => {
  const cases = JSON.parse(input);
  const version = require('amazon-cognito-identity-js/package.json').version;
  process.stdout.write(JSON.stringify({ version, results: cases.map(runCase) }));
});
