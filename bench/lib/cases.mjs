// The operations measured: for each, its input, the floor (first subject), jose-core, the peers,
// the goal (ratio to the floor) and the correctness check every subject passes before timing.
import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { CLAIMS, JWE_HEADER, JWS_HEADER, keyPair, NESTED_HEADER, toPem } from './fixtures.mjs';
import * as floor from './floor.mjs';
import { jwePeers, jwsPeers, nestedPeers } from './peers.mjs';

const HS = ['HS256', 'HS384', 'HS512'];
const ASYMMETRIC = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
];
const PEER_JWS = new Set(['HS256', 'RS256', 'PS256', 'ES256']);
export const JWE_ALGS = ['RSA1_5', 'RSA-OAEP-256', 'dir', 'A128KW', 'A192KW', 'A256KW'];
export const JWE_ENCS = ['A128CBC-HS256', 'A192CBC-HS384', 'A256CBC-HS512'];
const PEER_JWE = new Set([
  'A128KW A128CBC-HS256',
  'RSA-OAEP-256 A128CBC-HS256',
  'dir A128CBC-HS256',
]);

/** The seed's example policy (jwt-generate documentation); its crypto objects win over its JWKs. */
export const SEED_POLICY = {
  'jwt-generate': {
    title: 'jwt-generate',
    'iss-claim': 'iss.claim',
    'exp-claim': 3600,
    jwt: 'generated.jwt',
    'jti-claim': true,
    'sub-claim': 'sub.claim',
    'aud-claim': 'aud.claim',
    'jws-jwk': 'jws.jwk',
    'jws-alg': 'HS256',
    'jws-crypto': 'jwsCryptoObjectName',
    'jwe-enc': 'A128CBC-HS256',
    'jwe-jwk': 'jwe.jwk',
    'jwe-alg': 'A128KW',
    'jwe-crypto': 'jweCryptoObjectName',
  },
};
const POLICY_VARS = { 'iss.claim': CLAIMS.iss, 'sub.claim': CLAIMS.sub, 'aud.claim': CLAIMS.aud };

function mustThrow(what, fn) {
  return async () => {
    try {
      await fn();
    } catch {
      return;
    }
    throw new Error(`${what} was accepted`);
  };
}

// Changes one character in the middle of a part: still canonical base64url, different bytes.
function tamper(token, part) {
  const parts = token.split('.');
  const p = parts[part];
  const i = p.length >> 1;
  parts[part] = p.slice(0, i) + (p[i] === 'A' ? 'B' : 'A') + p.slice(i + 1);
  return parts.join('.');
}

const EXPIRED = {
  ...CLAIMS,
  iat: CLAIMS.iat - 7200,
  nbf: CLAIMS.iat - 7200,
  exp: CLAIMS.iat - 3600,
};

function expectClaims(got, subject) {
  if (!isDeepStrictEqual({ ...got }, { ...CLAIMS })) throw new Error(`${subject}: claims differ`);
}

/** Checks a token producer: the floor's reader must return the claims; `exact` when deterministic. */
function producerCheck(read, exact) {
  return async (subject, out) => {
    if (typeof out !== 'string') throw new Error(`${subject.name}: not a string`);
    expectClaims(read(out), subject.name);
    if (exact !== undefined && subject.name === 'jose-core' && out !== exact)
      throw new Error("jose-core: token differs from the floor's");
  };
}

/** Checks a token reader: right claims; tampered and expired tokens refused. */
function readerCheck(tamperedToken, expiredToken) {
  return async (subject, out) => {
    expectClaims((subject.claimsOf ?? ((r) => r))(await out), subject.name);
    await mustThrow(`${subject.name}: a tampered token`, () => subject.fn(tamperedToken))();
    await mustThrow(`${subject.name}: an expired token`, () => subject.fn(expiredToken))();
  };
}

async function jwsCases(lib, peers, alg) {
  const kp = keyPair(alg);
  const header = JWS_HEADER(alg);
  const headerJson = JSON.stringify(header);
  const floorSign = floor.jwsSigner(alg, headerJson, kp.private);
  const floorVerify = floor.jwsVerifier(alg, kp.public);
  const signKey = kp.secret
    ? lib.importJWK({ kty: 'oct', k: kp.raw.toString('base64url') })
    : lib.importKey(toPem(kp.private));
  const verifyKey = kp.secret ? signKey : signKey.toPublic();
  const verifyOptions = { algorithms: [alg] };
  const p = PEER_JWS.has(alg) ? await jwsPeers(peers, alg) : { sign: [], verify: [] };
  const token = floorSign(CLAIMS);
  const deterministic = alg.startsWith('HS') || alg.startsWith('RS');
  const family = alg.startsWith('HS') ? 'JWS HMAC' : 'JWS asymmetric';
  const goal = alg.startsWith('HS') ? 0.95 : 0.97;
  return [
    {
      id: `${alg} sign`,
      family,
      goal,
      input: CLAIMS,
      subjects: [
        { name: 'floor', fn: floorSign },
        { name: 'jose-core', fn: (claims) => lib.signJWT(claims, header, signKey) },
        ...p.sign,
      ],
      check: producerCheck(floorVerify, deterministic ? token : undefined),
    },
    {
      id: `${alg} verify`,
      family,
      goal,
      input: token,
      subjects: [
        { name: 'floor', fn: floorVerify },
        {
          name: 'jose-core',
          fn: (t) => lib.verifyJWT(t, verifyKey, verifyOptions),
          claimsOf: (r) => r.claims,
        },
        ...p.verify,
      ],
      check: readerCheck(tamper(token, 2), floorSign(EXPIRED)),
    },
  ];
}

function jweKeys(lib, alg, enc) {
  const kp = keyPair(alg === 'dir' ? enc : alg);
  if (kp.secret) {
    const key = lib.importJWK({ kty: 'oct', k: kp.raw.toString('base64url') });
    const floorKey = alg === 'dir' ? kp.raw : kp.private;
    return {
      encryptKey: key,
      decryptKey: key,
      floorEncryptKey: floorKey,
      floorDecryptKey: floorKey,
    };
  }
  const decryptKey = lib.importKey(toPem(kp.private));
  return {
    encryptKey: decryptKey.toPublic(),
    decryptKey,
    floorEncryptKey: kp.public,
    floorDecryptKey: kp.private,
  };
}

async function jweCases(lib, peers, alg, enc) {
  const k = jweKeys(lib, alg, enc);
  const header = JWE_HEADER(alg, enc);
  const floorEncrypt = floor.jwtEncrypter(alg, enc, JSON.stringify(header), k.floorEncryptKey);
  const floorDecrypt = floor.jwtDecrypter(alg, enc, k.floorDecryptKey);
  const options = { keyManagementAlgorithms: [alg], contentEncryptionAlgorithms: [enc] };
  const p = PEER_JWE.has(`${alg} ${enc}`)
    ? await jwePeers(peers, alg, enc)
    : { encrypt: [], decrypt: [] };
  const token = floorEncrypt(CLAIMS);
  return [
    {
      id: `${alg} ${enc} encrypt`,
      family: 'JWE',
      goal: 0.9,
      input: CLAIMS,
      subjects: [
        { name: 'floor', fn: floorEncrypt },
        { name: 'jose-core', fn: (claims) => lib.encryptJWT(claims, header, k.encryptKey) },
        ...p.encrypt,
      ],
      check: producerCheck(floorDecrypt),
    },
    {
      id: `${alg} ${enc} decrypt`,
      family: 'JWE',
      goal: 0.9,
      input: token,
      subjects: [
        { name: 'floor', fn: floorDecrypt },
        {
          name: 'jose-core',
          fn: (t) => lib.decryptJWT(t, k.decryptKey, options),
          claimsOf: (r) => r.claims,
        },
        ...p.decrypt,
      ],
      check: readerCheck(tamper(token, 3), floorEncrypt(EXPIRED)),
    },
  ];
}

const NESTED = { jwsAlg: 'HS256', alg: 'A128KW', enc: 'A128CBC-HS256' };

async function nestedCases(lib, peers) {
  const { jwsAlg, alg, enc } = NESTED;
  const mac = keyPair(jwsAlg);
  const k = jweKeys(lib, alg, enc);
  const macKey = lib.importJWK({ kty: 'oct', k: mac.raw.toString('base64url') });
  const jwsHeader = JWS_HEADER(jwsAlg);
  const jweHeader = JWE_HEADER(alg, enc);
  const floorEncrypt = floor.nestedEncrypter(
    jwsAlg,
    JSON.stringify(jwsHeader),
    mac.private,
    alg,
    enc,
    JSON.stringify(NESTED_HEADER(alg, enc)),
    k.floorEncryptKey,
  );
  const floorDecrypt = floor.nestedDecrypter(alg, enc, k.floorDecryptKey, jwsAlg, mac.public);
  const options = {
    keyManagementAlgorithms: [alg],
    contentEncryptionAlgorithms: [enc],
    verificationKey: macKey,
    algorithms: [jwsAlg],
  };
  const p = await nestedPeers(peers, jwsAlg, alg, enc);
  const token = floorEncrypt(CLAIMS);
  return [
    {
      id: `nested ${jwsAlg} in ${alg} ${enc} encrypt`,
      family: 'nested',
      goal: 0.9,
      input: CLAIMS,
      subjects: [
        { name: 'floor', fn: floorEncrypt },
        {
          name: 'jose-core',
          fn: (claims) =>
            lib.encryptJWT(lib.signJWT(claims, jwsHeader, macKey), jweHeader, k.encryptKey),
        },
        ...p.encrypt,
      ],
      check: producerCheck(floorDecrypt),
    },
    {
      id: `nested ${jwsAlg} in ${alg} ${enc} decrypt`,
      family: 'nested',
      goal: 0.9,
      input: token,
      subjects: [
        { name: 'floor', fn: floorDecrypt },
        {
          name: 'jose-core',
          fn: (t) => lib.decryptJWT(t, k.decryptKey, options),
          claimsOf: (r) => r.claims,
        },
        ...p.decrypt,
      ],
      check: readerCheck(tamper(token, 3), floorEncrypt(EXPIRED)),
    },
  ];
}

const POLICY_ID = `jwt-generate seed policy (${NESTED.jwsAlg} in ${NESTED.alg} ${NESTED.enc})`;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function policyCase(lib) {
  const { jwsAlg, alg, enc } = NESTED;
  const mac = keyPair(jwsAlg);
  const kek = keyPair(alg);
  const cryptoObjects = lib.createCryptoObjects({
    jwsCryptoObjectName: { type: 'shared-secret-key', value: mac.raw },
    jweCryptoObjectName: { type: 'shared-secret-key', value: kek.raw },
  });
  const generator = lib.compileJwtGenerate(SEED_POLICY, { cryptoObjects });
  const context = lib.createContext(POLICY_VARS);
  const floorEncrypt = floor.nestedEncrypter(
    jwsAlg,
    JSON.stringify(JWS_HEADER(jwsAlg)),
    mac.private,
    alg,
    enc,
    JSON.stringify(NESTED_HEADER(alg, enc)),
    kek.private,
  );
  const floorDecrypt = floor.nestedDecrypter(alg, enc, kek.private, jwsAlg, mac.public);
  // The same token's minimal work: its claim set (a fresh iat, exp and jti), then sign and encrypt.
  const floorGenerate = () => {
    const iat = Math.floor(Date.now() / 1000);
    return floorEncrypt({
      iss: POLICY_VARS['iss.claim'],
      sub: POLICY_VARS['sub.claim'],
      aud: POLICY_VARS['aud.claim'],
      iat,
      exp: iat + 3600,
      jti: randomUUID(),
    });
  };
  return {
    id: POLICY_ID,
    family: 'policy',
    goal: 0.85,
    input: undefined,
    subjects: [
      { name: 'floor', fn: floorGenerate },
      { name: 'jose-core', fn: () => generator.execute(context) },
    ],
    check: async (subject, out) => {
      const c = floorDecrypt(out);
      const ok =
        c.iss === POLICY_VARS['iss.claim'] &&
        c.sub === POLICY_VARS['sub.claim'] &&
        c.aud === POLICY_VARS['aud.claim'] &&
        c.exp - c.iat === 3600 &&
        Math.abs(c.iat - Date.now() / 1000) < 5 &&
        UUID.test(c.jti);
      if (!ok) throw new Error(`${subject.name}: generated claims are wrong`);
      if (subject.name === 'jose-core' && context.get('generated.jwt') !== out)
        throw new Error('jose-core: token not written to generated.jwt');
    },
  };
}

/** The operations whose name `wanted` accepts, in report order; keys are made only for those. */
export async function buildCases(lib, peers, wanted = () => true) {
  const any = (...ids) => ids.some(wanted);
  const cases = [];
  for (const alg of [...HS, ...ASYMMETRIC])
    if (any(`${alg} sign`, `${alg} verify`)) cases.push(...(await jwsCases(lib, peers, alg)));
  for (const alg of JWE_ALGS) {
    for (const enc of JWE_ENCS)
      if (any(`${alg} ${enc} encrypt`, `${alg} ${enc} decrypt`))
        cases.push(...(await jweCases(lib, peers, alg, enc)));
  }
  const n = `nested ${NESTED.jwsAlg} in ${NESTED.alg} ${NESTED.enc}`;
  if (any(`${n} encrypt`, `${n} decrypt`)) cases.push(...(await nestedCases(lib, peers)));
  if (wanted(POLICY_ID)) cases.push(policyCase(lib));
  return cases.filter((c) => wanted(c.id));
}
