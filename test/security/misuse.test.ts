import { createSecretKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import * as jose from '../../src/index.js';
import { JoseError } from '../../src/util/errors.js';

// API misuse: every public function, given in any argument position a value whose conversion to
// a string or property key throws, or that has no prototype, answers with a JoseError (a
// PolicyError for the policies), never with the TypeError a careless String(x) or
// Object.hasOwn(table, x) would raise. Objects that throw from their own getters or proxies
// are outside this promise: they run the caller's code, not ours.
const HOSTILE: Array<[string, unknown]> = [
  ['an object whose toString is not a function', { toString: 1, valueOf: 1 }],
  ['an object with a broken Symbol.toPrimitive', { [Symbol.toPrimitive]: 1 }],
  ['an object without a prototype', Object.create(null) as unknown],
  ['a symbol', Symbol('hostile')],
  ['an array holding a symbol', [Symbol('hostile')]],
  ['a bigint', 10n],
  ['a function', () => 'key'],
];

const hmac = jose.generateKey('HS256');
const kek = new jose.JoseKey(createSecretKey(randomBytes(16)));
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const jws = jose.signCompact('x', { alg: 'HS256' }, hmac);
const jwe = jose.encryptCompact('x', { alg: 'A128KW', enc: 'A128GCM' }, kek);
const cryptoObjects = jose.createCryptoObjects({
  hmac: { type: 'shared-secret-key', value: randomBytes(32) },
});
// Every policy failure message, recorded instead of printed: the runs stay silent, and what was
// reported can be checked.
const logged: string[] = [];
const record = (message: unknown): void => void logged.push(String(message));
const env = { cryptoObjects, logger: { error: record, warn: record } };
const ctx = (): jose.RuntimeContext =>
  jose.createContext({ 'iss.claim': 'gw', 'message.headers.authorization': `Bearer ${jws}` });

// Each entry point with valid arguments; each position is replaced in turn.
const CALLS: Array<[string, unknown[], (...args: never[]) => unknown]> = [
  ['generateKey', ['HS256', {}], jose.generateKey],
  ['importJWK', [jose.exportJWK(hmac, { private: true }), 'HS256'], jose.importJWK],
  ['importKey', [randomBytes(32), { alg: 'HS256', format: undefined }], jose.importKey],
  ['exportJWK', [rsa.privateKey, { private: false }], jose.exportJWK],
  ['thumbprint', [jose.exportJWK(rsa.publicKey), 'sha256'], jose.thumbprint],
  ['JWKSet', [{ keys: [jose.exportJWK(rsa.publicKey)] }], (s: never) => new jose.JWKSet(s)],
  [
    'JWKSet.select',
    [{ alg: 'RS256', kid: 'a' }],
    (h: never) => new jose.JWKSet({ keys: [jose.exportJWK(rsa.publicKey)] }).select(h),
  ],
  ['createLocalKeySet', [{ keys: [] }], jose.createLocalKeySet],
  ['JoseKey', [rsa.publicKey, { alg: 'RS256' }], (k: never, b: never) => new jose.JoseKey(k, b)],
  ['signCompact', ['x', { alg: 'HS256' }, hmac], jose.signCompact],
  ['verifyCompact', [jws, hmac, { algorithms: ['HS256'], crit: [] }], jose.verifyCompact],
  ['signJSON', ['x', [{ protectedHeader: { alg: 'HS256' }, key: hmac }]], jose.signJSON],
  [
    'verifyJSON',
    [
      jose.signJSON('x', [{ protectedHeader: { alg: 'HS256' }, key: hmac }]),
      hmac,
      { algorithms: ['HS256'] },
    ],
    jose.verifyJSON,
  ],
  ['encryptCompact', ['x', { alg: 'A128KW', enc: 'A128GCM' }, kek, {}], jose.encryptCompact],
  ['decryptCompact', [jwe, kek, { keyManagementAlgorithms: ['A128KW'] }], jose.decryptCompact],
  [
    'encryptJSON',
    ['x', { protectedHeader: { alg: 'A128KW', enc: 'A128GCM' } }, [{ key: kek }]],
    jose.encryptJSON,
  ],
  [
    'decryptJSON',
    [
      jose.encryptJSON('x', { protectedHeader: { alg: 'A128KW', enc: 'A128GCM' } }, [{ key: kek }]),
      kek,
      {},
    ],
    jose.decryptJSON,
  ],
  ['signJWT', [{ sub: 'a' }, { alg: 'HS256' }, hmac], jose.signJWT],
  [
    'verifyJWT',
    [
      jose.signJWT(
        { iss: 'a', aud: 'b', sub: 'c', iat: Math.floor(Date.now() / 1000) },
        { alg: 'HS256', typ: 'JWT' },
        hmac,
      ),
      hmac,
      {
        issuer: 'a',
        audience: ['b'],
        subject: 'c',
        typ: 'JWT',
        clockTolerance: 1,
        maxTokenAge: 60,
        requiredClaims: ['sub'],
        currentDate: new Date(),
      },
    ],
    jose.verifyJWT,
  ],
  ['encryptJWT', [{ sub: 'a' }, { alg: 'A128KW', enc: 'A128GCM' }, kek], jose.encryptJWT],
  [
    'decryptJWT',
    [
      jose.encryptJWT({ sub: 'a' }, { alg: 'A128KW', enc: 'A128GCM' }, kek),
      kek,
      { requiredClaims: ['sub'] },
    ],
    jose.decryptJWT,
  ],
  ['decodeJWT', [jws, { maxTokenLength: 100 }], jose.decodeJWT],
  ['createContext', [{ a: 1 }], jose.createContext],
  [
    'createCryptoObjects',
    [{ hmac: { type: 'shared-secret-key', value: randomBytes(32) } }],
    jose.createCryptoObjects,
  ],
];

const POLICY_CALLS: Array<[string, unknown[], (...args: never[]) => unknown]> = [
  ['jwtValidate', [{ 'jws-crypto': 'hmac', 'iss-claim': 'gw' }, ctx(), env], jose.jwtValidate],
  ['compileJwtValidate', [{ 'jws-crypto': 'hmac' }, env], jose.compileJwtValidate],
  [
    'jwtGenerate',
    [
      { 'iss-claim': 'iss.claim', 'jws-alg': 'HS256', 'jws-crypto': 'hmac', jwt: 'out' },
      ctx(),
      env,
    ],
    jose.jwtGenerate,
  ],
  [
    'compileJwtGenerate',
    [{ 'iss-claim': 'iss.claim', 'jws-alg': 'HS256', 'jws-crypto': 'hmac' }, env],
    jose.compileJwtGenerate,
  ],
];

/** Replaces the value at `path` (positions into arrays and objects) of a deep copy of `args`. */
function substitutions(args: unknown[]): Array<[string, unknown[]]> {
  const out: Array<[string, unknown[]]> = [];
  for (const [name, hostile] of HOSTILE) {
    for (let i = 0; i < args.length; i++) {
      out.push([`argument ${i}: ${name}`, args.map((a, j) => (j === i ? hostile : a))]);
      const arg = args[i];
      if (
        typeof arg === 'object' &&
        arg !== null &&
        !Array.isArray(arg) &&
        !(arg instanceof Uint8Array) &&
        Object.getPrototypeOf(arg) === Object.prototype
      ) {
        for (const member of Object.keys(arg)) {
          out.push([
            `argument ${i}.${member}: ${name}`,
            args.map((a, j) => (j === i ? { ...(a as object), [member]: hostile } : a)),
          ]);
        }
      }
    }
  }
  return out;
}

describe('hostile argument values give a JoseError, never a TypeError (fixed: generateKey, importKey format, createCryptoObjects type and file, JoseKey binding, JWT claim expectations, policy context and env)', () => {
  for (const [name, args, f] of CALLS) {
    it(name, () => {
      for (const [where, hostileArgs] of substitutions(args)) {
        try {
          f(...(hostileArgs as never[]));
        } catch (e) {
          expect(
            e,
            `${name}, ${where}: ${String(e instanceof Error ? e.message : typeof e)}`,
          ).toBeInstanceOf(JoseError);
        }
      }
    });
  }

  for (const [name, args, f] of POLICY_CALLS) {
    it(`${name} (PolicyError)`, () => {
      logged.length = 0;
      // A hostile env without a logger leaves the policy its default, console: record that too.
      const fallbacks = [
        vi.spyOn(console, 'error').mockImplementation(record),
        vi.spyOn(console, 'warn').mockImplementation(record),
      ];
      try {
        for (const [where, hostileArgs] of substitutions(args)) {
          try {
            const compiled = f(...(hostileArgs as never[]));
            if (typeof compiled === 'object' && compiled !== null && 'execute' in compiled)
              (compiled as { execute(c: jose.RuntimeContext): unknown }).execute(ctx());
          } catch (e) {
            expect(e, `${name}, ${where}`).toBeInstanceOf(jose.PolicyError);
          }
        }
      } finally {
        for (const f of fallbacks) f.mockRestore();
      }
      expect(logged.filter((m) => !/^jwt-(generate|validate): \S/.test(m))).toEqual([]);
    });
  }

  it('encryptJWT refuses a claim set under a header whose cty says nested JWT, which no decryptJWT would accept (fixed)', () => {
    for (const cty of ['JWT', 'jwt', 'application/JWT']) {
      expect(() =>
        jose.encryptJWT({ sub: 'a' }, { alg: 'A128KW', enc: 'A128GCM', cty }, kek),
      ).toThrow(JoseError);
    }
    const nested = jose.encryptJWT(
      jose.signJWT({ sub: 'a' }, { alg: 'HS256' }, hmac),
      { alg: 'A128KW', enc: 'A128GCM' },
      kek,
    );
    expect(jose.decryptJWT(nested, kek, { verificationKey: hmac }).claims.sub).toBe('a');
  });

  it('createCryptoObjects reads only a file named by a path, never a file descriptor (stdin, or any file the process holds open) (fixed)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'jose-core-fd-'));
    const path = join(dir, 'rsa.pem');
    writeFileSync(path, rsa.privateKey.export({ format: 'pem', type: 'pkcs8' }) as string);
    const fd = openSync(path, 'r');
    try {
      expect(() =>
        jose.createCryptoObjects({ k: { type: 'crypto-key', file: fd as never } }),
      ).toThrow(JoseError);
      expect(
        jose.createCryptoObjects({ k: { type: 'crypto-key', file: path } }).get('k')?.key.type,
      ).toBe('private');
    } finally {
      closeSync(fd);
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the fixed cases, by name', () => {
    expect(() => jose.generateKey({ toString: 1 } as never)).toThrow(JoseError);
    expect(() => jose.importKey(randomBytes(32), { format: { toString: 1 } as never })).toThrow(
      JoseError,
    );
    expect(() => jose.createCryptoObjects({ a: { type: { toString: 1 } } as never })).toThrow(
      JoseError,
    );
    for (const binding of [
      null,
      5,
      { keyOps: 5 },
      { keyOps: [1] },
      { alg: { toString: 1 } },
      { x509: { x5c: 'MII' } },
    ]) {
      expect(
        () => new jose.JoseKey(rsa.publicKey, binding as never),
        JSON.stringify(binding),
      ).toThrow(JoseError);
    }
    const token = jose.signJWT({ sub: 'a' }, { alg: 'HS256' }, hmac);
    for (const options of [
      { requiredClaims: 'sub' },
      { issuer: 1 },
      { audience: [1] },
      { subject: ['a'] },
      { typ: {} },
    ]) {
      expect(() => jose.verifyJWT(token, hmac, options as never), JSON.stringify(options)).toThrow(
        JoseError,
      );
    }
    expect(() => jose.jwtValidate({ 'jws-crypto': 'hmac' }, {} as never, env)).toThrow(
      jose.PolicyError,
    );
    expect(() =>
      jose.jwtValidate({ 'jws-crypto': 'hmac' }, ctx(), { cryptoObjects, logger: {} as never }),
    ).toThrow(jose.PolicyError);
    expect(() =>
      jose.compileJwtGenerate(
        { 'iss-claim': 'iss.claim', 'jws-alg': 'HS256', 'jws-crypto': 'hmac' },
        { cryptoObjects, catch: 'handler' as never },
      ),
    ).toThrow(jose.PolicyError);
  });
});
