import { Buffer } from 'node:buffer';
import fc from 'fast-check';
import { afterAll } from 'vitest';
import { JoseError } from '../../src/util/errors.js';
import { runs } from './support.js';

/**
 * Runs `f` on hostile input. The only outcomes allowed are a result (handed to `check`, which
 * asserts it is the correct one) or a JoseError; anything else escapes and fails the property.
 */
export function outcome<T>(
  f: () => T,
  check: (result: T) => void = () => {},
): JoseError | undefined {
  let result: T;
  try {
    result = f();
  } catch (e) {
    if (e instanceof JoseError) return e;
    throw e;
  }
  check(result);
  return undefined;
}

/**
 * A runner for one fuzz file: runs each property at its budget (`base` cases in `npm test`,
 * `FUZZ_RUNS` under `npm run fuzz`) and, when the file is done, prints how many cases ran clean.
 */
export function fuzzRunner(
  file: string,
): <Ts>(property: fc.IRawProperty<Ts>, base: number) => void {
  let cases = 0;
  let properties = 0;
  afterAll(() => {
    // Printed so that `npm run fuzz` reports how many cases ran; the count is not asserted.
    console.log(`fuzz ${file}: ${cases} cases in ${properties} properties ran clean`);
  });
  return (property, base) => {
    const numRuns = runs(base);
    fc.assert(property, { numRuns });
    cases += numRuns;
    properties++;
  };
}

const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** Characters a mutation may put into a token: its own alphabet, and the ones lenient parsers trip over. */
export const tokenChar = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(...B64URL.split('')) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '.',
      '=',
      '+',
      '/',
      ' ',
      '\n',
      '\u0000',
      'é',
      '\ud800',
      '"',
      '{',
      '~',
    ),
  },
);

/** Random base64url text, canonical or not. */
export const b64urlText = fc.oneof(
  fc.uint8Array({ maxLength: 80 }).map((b) => Buffer.from(b).toString('base64url')),
  fc.string({ unit: tokenChar, maxLength: 60 }),
);

/** One structural edit of a compact token; the token is the first argument. */
export type Mutation = (token: string) => string;

/** Flips, truncations, extensions, deletions, part swaps and part replacements of a compact token. */
export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.tuple(fc.nat(), tokenChar).map(
    ([at, c]): Mutation =>
      (t) => {
        const i = t.length === 0 ? 0 : at % t.length;
        return `${t.slice(0, i)}${c}${t.slice(i + 1)}`;
      },
  ),
  fc.nat().map(
    (at): Mutation =>
      (t) =>
        t.slice(0, t.length === 0 ? 0 : at % t.length),
  ),
  fc.tuple(fc.nat(), fc.string({ unit: tokenChar, minLength: 1, maxLength: 8 })).map(
    ([at, s]): Mutation =>
      (t) => {
        const i = at % (t.length + 1);
        return `${t.slice(0, i)}${s}${t.slice(i)}`;
      },
  ),
  fc.nat().map(
    (at): Mutation =>
      (t) =>
        t.length === 0 ? t : `${t.slice(0, at % t.length)}${t.slice((at % t.length) + 1)}`,
  ),
  fc.tuple(fc.nat(), fc.nat()).map(
    ([a, b]): Mutation =>
      (t) => {
        const parts = t.split('.');
        const i = a % parts.length;
        const j = b % parts.length;
        [parts[i], parts[j]] = [parts[j] as string, parts[i] as string];
        return parts.join('.');
      },
  ),
  fc.tuple(fc.nat(), b64urlText).map(
    ([a, s]): Mutation =>
      (t) => {
        const parts = t.split('.');
        parts[a % parts.length] = s;
        return parts.join('.');
      },
  ),
  fc.tuple(fc.nat(), fc.boolean()).map(
    ([a, drop]): Mutation =>
      (t) => {
        const parts = t.split('.');
        const i = a % parts.length;
        if (drop) parts.splice(i, 1);
        else parts.splice(i, 0, parts[i] as string);
        return parts.join('.');
      },
  ),
);

/** One to three mutations applied in turn. */
export const mutations = fc.array(mutation, { minLength: 1, maxLength: 3 }).map(
  (ms): Mutation =>
    (t) =>
      ms.reduce((acc, m) => m(acc), t),
);

/** Values a header member may be given by an attacker. */
export const memberValue = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom(
    'HS256',
    'hs256',
    'none',
    'NONE',
    'RS256',
    'ES256',
    'PS256',
    'dir',
    'A128KW',
    'A128GCM',
    'RSA1_5',
    'RSA-OAEP',
    'ECDH-ES',
    'PBES2-HS256+A128KW',
    'DEF',
    'JWT',
  ),
  fc.constantFrom(
    [],
    ['exp'],
    ['b64'],
    ['alg'],
    ['crit'],
    ['zip'],
    'exp',
    0,
    -1,
    1e308,
    2 ** 53,
    1000,
    1_000_001,
  ),
  fc.constantFrom(
    {},
    { kty: 'oct', k: 'AAAA' },
    { kty: 'EC', crv: 'P-256' },
    { crv: 'P-256', kty: 'EC', x: 'AA', y: 'AA' },
  ),
  b64urlText,
);

/** Header member names worth editing: registered ones, JOSE extensions, and prototype names. */
export const memberName = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.constantFrom(
      'alg',
      'enc',
      'kid',
      'typ',
      'cty',
      'crit',
      'b64',
      'zip',
      'jwk',
      'jku',
      'x5c',
      'x5u',
      'x5t',
      'epk',
      'apu',
      'apv',
      'iv',
      'tag',
      'p2s',
      'p2c',
      'exp',
    ),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty'),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 6 }) },
);

/** Edits of a parsed JSON object: members set to attacker values or removed. */
export const objectEdits = fc.array(
  fc.tuple(memberName, fc.option(memberValue, { nil: undefined })),
  { minLength: 1, maxLength: 3 },
);

/** `obj` with `edits` applied; "__proto__" and friends become own members, as a JSON parser makes them. */
export function applyEdits(
  obj: Record<string, unknown>,
  edits: ReadonlyArray<readonly [string, unknown]>,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...obj };
  for (const [name, value] of edits) {
    if (value === undefined) delete out[name];
    else
      Object.defineProperty(out, name, {
        value,
        enumerable: true,
        writable: true,
        configurable: true,
      });
  }
  return out;
}

/** How an edited header is written: plain JSON, or with whitespace, escapes or a duplicate member. */
export const headerSpelling = fc.constantFrom<(json: string) => string>(
  (j) => j,
  (j) => ` ${j.replace(/,/g, ' , ').replace(/:/g, ' : ')} `,
  (j) => j.replace(/"alg"/, '"\\u0061lg"'),
  (j) => (j.length > 2 ? `${j.slice(0, -1)},"alg":"HS256"}` : j),
  (j) => `${j}\n`,
  (j) => JSON.stringify(JSON.parse(j), null, 1),
);
