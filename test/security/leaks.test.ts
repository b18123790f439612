import { Buffer } from 'node:buffer';
import { createSecretKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as jose from '../../src/index.js';
import { JoseError } from '../../src/util/errors.js';
import { fuzzRunner, mutations } from './fuzz-support.js';
import { timeoutFor } from './support.js';

// "No error message or JoseError property ever contains key material or a whole token": many
// failures are provoked with known keys and tokens, and everything an error carries (message,
// own properties, causes, as node's inspect prints them) is searched for any 16-character
// window of the secrets in every encoding, of the tokens, and of attacker-chosen text.
const run = fuzzRunner('leaks');
const WINDOW = 16;

const hmacBytes = randomBytes(32);
const hmac = new jose.JoseKey(createSecretKey(hmacBytes));
const cekBytes = randomBytes(32);
const cek = new jose.JoseKey(createSecretKey(cekBytes));
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const password = 'correct horse battery staple 1729';
const MARKER = 'INJECTED<script>\r\nX-Evil: 1';

const rsaJwk = rsa.privateKey.export({ format: 'jwk' });
const ecJwk = ec.privateKey.export({ format: 'jwk' });
const pemBody = (pem: string): string[] =>
  pem.split('\n').filter((l) => l.length > 0 && !l.startsWith('-----'));
const SECRETS: string[] = [
  ...[hmacBytes, cekBytes].flatMap((b) => [
    b.toString('base64url'),
    b.toString('base64'),
    b.toString('hex'),
    b.toString('latin1'),
  ]),
  ...(['d', 'p', 'q', 'dp', 'dq', 'qi'] as const).map((m) => rsaJwk[m] as string),
  ecJwk.d as string,
  ...pemBody(rsa.privateKey.export({ format: 'pem', type: 'pkcs8' }) as string),
  ...pemBody(ec.privateKey.export({ format: 'pem', type: 'pkcs8' }) as string),
  password,
  Buffer.from(password).toString('base64url'),
];

/** Every 16-character window of `s` (all of it when shorter). */
const windows = (s: string): string[] =>
  s.length <= WINDOW
    ? [s]
    : Array.from({ length: s.length - WINDOW + 1 }, (_, i) => s.slice(i, i + WINDOW));
const SECRET_WINDOWS = new Set(SECRETS.flatMap(windows));

/** Everything an error exposes, as text: message, own properties, stack, and causes to any depth. */
const exposed = (e: unknown): string =>
  inspect(e, { depth: 10, showHidden: true, breakLength: Infinity });

function expectNoLeak(e: unknown, ...inputs: string[]): void {
  const t = exposed(e);
  for (const w of SECRET_WINDOWS)
    if (t.includes(w))
      throw new Error(`an error exposes key material (${JSON.stringify(w)}): ${t.slice(0, 300)}`);
  for (const input of inputs) {
    for (const w of windows(input)) {
      // Short windows of public, fixed text (an algorithm name) may occur in a message by right.
      if (input.length >= WINDOW && t.includes(w))
        throw new Error(`an error echoes its input (${JSON.stringify(w)}): ${t.slice(0, 300)}`);
    }
  }
  expect(t).not.toContain(MARKER);
}

/** Calls `f` and checks whatever it throws; returns whether it threw. */
function failure(f: () => unknown, ...inputs: string[]): boolean {
  try {
    f();
    return false;
  } catch (e) {
    if (!(e instanceof JoseError) && !(e instanceof jose.PolicyError)) throw e;
    expectNoLeak(e, ...inputs);
    return true;
  }
}

const TOKENS: Array<[string, string, (t: string) => unknown]> = [
  [
    'HS256',
    jose.signJWT({ sub: 'a', note: MARKER }, { alg: 'HS256', kid: MARKER }, hmac),
    (t) => jose.verifyJWT(t, hmac, { issuer: MARKER, audience: 'x' }),
  ],
  [
    'RS256',
    jose.signJWT({ sub: 'a' }, { alg: 'RS256' }, rsa.privateKey),
    (t) => jose.verifyJWT(t, rsa.publicKey, { algorithms: ['PS256'] }),
  ],
  [
    'ES256',
    jose.signCompact('x', { alg: 'ES256' }, ec.privateKey),
    (t) => jose.verifyCompact(t, ec.publicKey),
  ],
  [
    'dir',
    jose.encryptJWT({ sub: MARKER }, { alg: 'dir', enc: 'A256GCM', kid: MARKER }, cek),
    (t) => jose.decryptJWT(t, cek, { subject: 'b' }),
  ],
  [
    'RSA-OAEP',
    jose.encryptCompact('x', { alg: 'RSA-OAEP-256', enc: 'A128CBC-HS256' }, rsa.publicKey),
    (t) => jose.decryptCompact(t, rsa.privateKey),
  ],
  [
    'RSA1_5',
    jose.encryptCompact('x', { alg: 'RSA1_5', enc: 'A128CBC-HS256' }, rsa.publicKey),
    (t) => jose.decryptCompact(t, rsa.privateKey, { keyManagementAlgorithms: ['RSA1_5'] }),
  ],
  [
    'ECDH-ES',
    jose.encryptCompact('x', { alg: 'ECDH-ES+A128KW', enc: 'A128GCM' }, ec.publicKey),
    (t) => jose.decryptCompact(t, ec.privateKey),
  ],
  [
    'PBES2',
    jose.encryptCompact('x', { alg: 'PBES2-HS256+A128KW', enc: 'A128GCM', p2c: 1000 }, password),
    (t) => jose.decryptCompact(t, password, { keyManagementAlgorithms: ['PBES2-HS256+A128KW'] }),
  ],
];

describe('errors never carry key material, whole tokens or attacker text', () => {
  it('the search finds a secret, an echoed token and the marker when they are there', () => {
    const token = TOKENS[0]?.[1] as string;
    expect(() =>
      expectNoLeak(new JoseError('ERR_JWS_INVALID', `bad key ${hmacBytes.toString('hex')}`)),
    ).toThrow(/key material/);
    expect(() =>
      expectNoLeak(
        new JoseError('ERR_JWS_INVALID', 'bad', { cause: new Error(rsaJwk.d as string) }),
      ),
    ).toThrow(/key material/);
    expect(() =>
      expectNoLeak(new JoseError('ERR_JWS_INVALID', `bad token ${token.slice(5, 30)}`), token),
    ).toThrow(/echoes/);
    expect(() => expectNoLeak(new JoseError('ERR_JWS_INVALID', `bad ${MARKER}`))).toThrow();
  });

  it('wrong keys, wrong algorithms and failed claim checks on valid tokens', () => {
    let failures = 0;
    for (const [, token, check] of TOKENS) {
      if (failure(() => check(token), token)) failures++;
      for (const key of [
        hmac,
        cek,
        rsa.privateKey,
        rsa.publicKey,
        ec.privateKey,
        password,
        jose.exportJWK(rsa.privateKey, { private: true }),
      ]) {
        if (failure(() => jose.verifyCompact(token, key as never), token)) failures++;
        if (
          failure(
            () =>
              jose.decryptCompact(token, key as never, {
                keyManagementAlgorithms: [
                  'dir',
                  'RSA-OAEP-256',
                  'RSA1_5',
                  'ECDH-ES+A128KW',
                  'PBES2-HS256+A128KW',
                ],
              }),
            token,
          )
        )
          failures++;
      }
    }
    expect(failures).toBeGreaterThan(100);
  });

  it('mutated tokens of every kind', { timeout: timeoutFor(150, 20) }, () => {
    run(
      fc.property(fc.constantFrom(...TOKENS), mutations, ([, token, check], mutate) => {
        const mutated = mutate(token);
        failure(() => check(mutated), token, mutated);
      }),
      150,
    );
  });

  it('key import failures with secret material in the input', () => {
    const pem = rsa.privateKey.export({ format: 'pem', type: 'pkcs8' }) as string;
    const cases: Array<() => unknown> = [
      () => jose.importJWK({ ...rsaJwk, d: `${rsaJwk.d as string}A` } as never),
      () => jose.importJWK({ ...rsaJwk, p: rsaJwk.q, q: rsaJwk.p } as never),
      () =>
        jose.importJWK({
          ...ecJwk,
          x: jose.exportJWK(generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey).x,
        } as never),
      () => jose.importJWK({ kty: 'oct', k: `${hmacBytes.toString('base64url')}=` }),
      () =>
        jose.importJWK(
          JSON.stringify({ kty: 'oct', k: hmacBytes.toString('base64url') }).replace(
            '}',
            ',"k":"AA"}',
          ),
        ),
      () => jose.importKey(pem.replace('PRIVATE KEY-----\n', 'PRIVATE KEY-----\n!')),
      () => jose.importKey(pem.replace(/-----END PRIVATE KEY-----/, '-----END PUBLIC KEY-----')),
      () => jose.importKey(Buffer.from(pem)),
      () => jose.importKey(Buffer.from(pem, 'latin1'), { format: 'spki' }),
      () => jose.exportJWK(hmac),
      () => jose.signCompact('x', { alg: 'HS512' }, hmac),
      () => jose.encryptCompact('x', { alg: 'dir', enc: 'A128GCM' }, cek),
      () =>
        jose.createCryptoObjects({
          k: { type: 'shared-secret-key', value: hmacBytes.toString('base64url') },
        }),
      () => jose.createCryptoObjects({ k: { type: 'crypto-certificate', value: pem } }),
      () => jose.createCryptoObjects({ k: { type: 'crypto-key', value: pem.replace('A', '*') } }),
    ];
    for (const f of cases) expect(failure(f, pem)).toBe(true);
  });

  it('policies: PolicyError detail and message, the error-message variable and the log hold no secret or token', () => {
    const logged: string[] = [];
    const pem = rsa.privateKey.export({ format: 'pem', type: 'pkcs8' }) as string;
    const cryptoObjects = jose.createCryptoObjects({
      hmac: { type: 'shared-secret-key', value: hmacBytes },
      signer: { type: 'crypto-key', value: pem },
    });
    const env = { cryptoObjects, logger: { error: (m: string) => void logged.push(m) } };
    const tokens = [
      ...TOKENS.map(([, t]) => t),
      jose.signJWT({ iss: MARKER, aud: MARKER }, { alg: 'HS256' }, hmac),
    ];
    const policies: object[] = [
      { 'jws-crypto': 'hmac', 'iss-claim': 'gw', 'aud-claim': 'api' },
      { 'jws-jwk': 'jwk.var' },
      { 'jwe-jwk': 'jwk.var' },
      { 'jwe-crypto': 'signer', 'jws-crypto': 'hmac' },
    ];
    for (const policy of policies) {
      for (const token of tokens) {
        for (const header of [`Bearer ${token}`, token, `Bearer ${token}x`]) {
          const ctx = jose.createContext({
            'message.headers.authorization': header,
            'jwk.var': JSON.stringify(jose.exportJWK(rsa.privateKey, { private: true })),
          });
          failure(() => jose.jwtValidate(policy as never, ctx, env), token);
          const message = ctx.get('jwt-validate.error-message');
          if (message !== undefined) expectNoLeak(message, token);
        }
      }
    }
    const generate = [
      { 'iss-claim': 'iss', 'jws-alg': 'HS512', 'jws-crypto': 'hmac' },
      { 'iss-claim': 'iss', 'jws-alg': 'RS256', 'jws-jwk': 'jwk.var' },
      { 'iss-claim': 'iss', 'jwe-alg': 'dir', 'jwe-enc': 'A128GCM', 'jwe-jwk': 'jwk.var' },
    ];
    for (const policy of generate) {
      const ctx = jose.createContext({
        iss: MARKER,
        'jwk.var': { kty: 'oct', k: hmacBytes.toString('base64url'), alg: 'HS384' },
      });
      failure(() => jose.jwtGenerate(policy as never, ctx, env));
    }
    expect(logged.length).toBeGreaterThan(20);
    for (const m of logged) expectNoLeak(m);
  });
});
