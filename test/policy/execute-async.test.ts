// executeAsync against execute: the same tokens, claims, variables, log lines and errors, for
// jwt-generate and jwt-validate, each case run through both.
import { describe, expect, it } from 'vitest';
import { createContext, type RuntimeContext } from '../../src/policy/context.js';
import { PolicyError } from '../../src/policy/errors.js';
import { compileJwtGenerate } from '../../src/policy/jwt-generate/index.js';
import type { JwtGeneratePolicy } from '../../src/policy/jwt-generate/properties.js';
import { compileJwtValidate } from '../../src/policy/jwt-validate/index.js';
import type { JwtValidatePolicy } from '../../src/policy/jwt-validate/properties.js';
import { cryptoObjects, jwkOf } from './validate-support.js';

const FIXED = new Date('2026-01-02T03:04:05.678Z');
const LATER = new Date('2026-01-02T05:04:05.678Z');
const VARS = { 'iss.claim': 'https://gw.example', 'sub.claim': 'alice', 'aud.claim': 'api' };

interface Outcome {
  result: unknown;
  error?: { status: number; reason: string; detail: string };
  vars: Record<string, unknown>;
  logged: string[];
  caught: number;
}

type Executor = 'execute' | 'executeAsync';
const BOTH: Executor[] = ['execute', 'executeAsync'];

async function outcome(
  run: (
    ctx: RuntimeContext,
    env: { logger: { error(m: string): void }; catch?: () => void },
  ) => unknown,
  vars: Record<string, unknown>,
  read: string[],
  withCatch = false,
): Promise<Outcome> {
  const ctx = createContext(vars);
  const logged: string[] = [];
  let caught = 0;
  const env = {
    logger: { error: (m: string) => void logged.push(m) },
    ...(withCatch ? { catch: () => void caught++ } : {}),
  };
  let result: unknown;
  let error: Outcome['error'];
  try {
    result = await run(ctx, env);
  } catch (e) {
    if (!(e instanceof PolicyError)) throw e;
    error = { status: e.status, reason: e.reason, detail: e.detail };
  }
  return {
    result,
    ...(error === undefined ? {} : { error }),
    vars: Object.fromEntries(read.map((n) => [n, ctx.get(n)])),
    logged,
    caught,
  };
}

function generate(
  policy: JwtGeneratePolicy,
  how: Executor,
  vars: Record<string, unknown> = VARS,
  withCatch = false,
  now = FIXED,
): Promise<Outcome> {
  return outcome(
    (ctx, env) =>
      compileJwtGenerate(policy, { cryptoObjects, currentDate: () => now, ...env })[how](ctx),
    vars,
    ['message.headers.authorization', 'out.jwt', 'jwt-generate.error-message'],
    withCatch,
  );
}

function validate(
  policy: JwtValidatePolicy,
  how: Executor,
  token: string,
  now = FIXED,
): Promise<Outcome> {
  return outcome(
    (ctx, env) =>
      compileJwtValidate(policy, { cryptoObjects, currentDate: () => now, ...env })[how](ctx),
    { 'message.headers.authorization': `Bearer ${token}` },
    ['decoded.claims', 'jwt-validate.error-message'],
  );
}

const BASE: JwtGeneratePolicy = {
  'iss-claim': 'iss.claim',
  'sub-claim': 'sub.claim',
  'aud-claim': 'aud.claim',
  'exp-claim': 3600,
};

describe('jwt-generate: executeAsync does what execute does', () => {
  it.each([
    ['RS256', { 'jws-alg': 'RS256', 'jws-crypto': 'rsaKey' }],
    ['HS256', { 'jws-alg': 'HS256', 'jws-crypto': 'hs256' }],
    ['PS256', { 'jws-alg': 'PS256', 'jws-crypto': 'rsaKey' }],
  ] as const)('%s: the same token, in the same variable', async (_alg, props) => {
    const policy = { ...BASE, ...props };
    const [a, b] = await Promise.all(BOTH.map((how) => generate(policy, how)));
    expect(typeof a?.result).toBe('string');
    if (_alg !== 'PS256') expect(b).toEqual(a);
    else expect(b?.vars['message.headers.authorization']).toMatch(/^Bearer ey/);
  });

  it('an error: the same status, reason, detail, variable and log line; a catch handler alike', async () => {
    // The key comes from a request variable, so it is found unsuitable at run time, by signJWT.
    const policy: JwtGeneratePolicy = { ...BASE, 'jws-alg': 'RS256', 'jws-jwk': 'k' };
    const vars = { ...VARS, k: jwkOf('ES256Key', 'private') };
    const [a, b] = await Promise.all(BOTH.map((how) => generate(policy, how, vars)));
    expect(a?.error?.status).toBe(500);
    expect(a?.error?.detail).toMatch(/^jws-jwk: ERR_KEY_UNSUITABLE/);
    expect(b).toEqual(a);
    const [c, d] = await Promise.all(BOTH.map((how) => generate(policy, how, vars, true)));
    expect(c).toMatchObject({ result: undefined, caught: 1 });
    expect(d).toEqual(c);
  });

  it('a missing request variable fails alike, before any key is used', async () => {
    const policy: JwtGeneratePolicy = {
      'iss-claim': 'missing.var',
      'jws-alg': 'HS256',
      'jws-crypto': 'hs256',
    };
    const [a, b] = await Promise.all(BOTH.map((how) => generate(policy, how, {})));
    expect(b).toEqual(a);
  });
});

describe('jwt-validate: executeAsync does what execute does', () => {
  const signed = async (props: JwtGeneratePolicy): Promise<string> => {
    const made = await generate({ ...BASE, ...props, jwt: 'out.jwt' }, 'execute');
    expect(made.error).toBeUndefined();
    return made.result as string;
  };

  it.each([
    ['RS256', { 'jws-alg': 'RS256', 'jws-crypto': 'rsaKey' }, { 'jws-crypto': 'rsaCert' }],
    ['ES256', { 'jws-alg': 'ES256', 'jws-crypto': 'ES256Key' }, { 'jws-crypto': 'ES256Cert' }],
    [
      'RS256 in RSA-OAEP-256',
      {
        'jws-alg': 'RS256',
        'jws-crypto': 'rsaKey',
        'jwe-alg': 'RSA-OAEP-256',
        'jwe-enc': 'A128CBC-HS256',
        'jwe-crypto': 'rsaCert',
      },
      { 'jws-crypto': 'rsaCert', 'jwe-crypto': 'rsaKey' },
    ],
  ] as const)(
    '%s: the same claims; expired, tampered and refused alike',
    async (_name, gen, val) => {
      const token = await signed(gen as JwtGeneratePolicy);
      const policy: JwtValidatePolicy = {
        ...val,
        'iss-claim': 'https://gw\\.example',
        'aud-claim': 'api',
      };
      const ok = await Promise.all(BOTH.map((how) => validate(policy, how, token)));
      expect(ok[0]?.error).toBeUndefined();
      expect(ok[0]?.result).toMatchObject({ sub: 'alice', iss: 'https://gw.example' });
      expect(ok[1]).toEqual(ok[0]);
      const expired = await Promise.all(BOTH.map((how) => validate(policy, how, token, LATER)));
      expect(expired[0]?.error?.status).toBe(401);
      expect(expired[1]).toEqual(expired[0]);
      const tampered = token.slice(0, -6) + (token.endsWith('AAAAAA') ? 'BBBBBB' : 'AAAAAA');
      const bad = await Promise.all(BOTH.map((how) => validate(policy, how, tampered)));
      expect(bad[0]?.error?.detail).toMatch(/ERR_/);
      expect(bad[1]).toEqual(bad[0]);
      const wrongIss = await Promise.all(
        BOTH.map((how) => validate({ ...policy, 'iss-claim': 'other' }, how, token)),
      );
      expect(wrongIss[0]?.error?.detail).toMatch(/^iss-claim/);
      expect(wrongIss[1]).toEqual(wrongIss[0]);
    },
  );

  it('a request without a token fails alike', async () => {
    const [a, b] = await Promise.all(
      BOTH.map((how) =>
        outcome(
          (ctx, env) =>
            compileJwtValidate({ 'jws-crypto': 'rsaCert' }, { cryptoObjects, ...env })[how](ctx),
          {},
          ['jwt-validate.error-message'],
        ),
      ),
    );
    expect(a?.error?.detail).toMatch(/no Authorization header/);
    expect(b).toEqual(a);
  });
});

describe('executeAsync does its private-key work off the event loop', () => {
  it('8 RS256 jwt-generate runs: the event loop turns before they are all done', async () => {
    const policy = compileJwtGenerate(
      { ...BASE, 'jws-alg': 'RS256', 'jws-crypto': 'rsaKey' },
      { cryptoObjects, currentDate: FIXED },
    );
    await policy.executeAsync(createContext(VARS));
    let settled = 0;
    const turn = new Promise<number>((resolve) => setImmediate(() => resolve(settled)));
    await Promise.all(
      Array.from({ length: 8 }, () =>
        policy.executeAsync(createContext(VARS)).then(() => settled++),
      ),
    );
    expect(await turn).toBeLessThan(8);
  });
});
