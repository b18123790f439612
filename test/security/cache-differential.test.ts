import { Buffer } from 'node:buffer';
import { createSecretKey } from 'node:crypto';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { decryptCompact, encryptCompact } from '../../src/jwe/compact.js';
import { signCompact, verifyCompact } from '../../src/jws/compact.js';
import { setHeaderCaching } from '../../src/util/cache.js';
import { JoseError } from '../../src/util/errors.js';
import { runs } from './support.js';

// The header caches (docs/decisions/0002) must change no outcome: every call gives the same
// token, result or error code with the caches on (and warm, across a sequence of calls whose
// results the caller then changes) as with them off.
const MAC = createSecretKey(Buffer.alloc(32, 1));
const KEK = createSecretKey(Buffer.alloc(16, 2));
const FIXED = { cek: Buffer.alloc(16, 3), iv: Buffer.alloc(12, 4) };

afterEach(() => setHeaderCaching(true));

// A result as comparable data, or the error's code; any other throw fails the test.
function outcome(f: () => unknown): unknown {
  try {
    return JSON.parse(
      JSON.stringify(f(), (_k, v) =>
        v instanceof Uint8Array ? Buffer.from(v).toString('hex') : v,
      ),
    );
  } catch (e) {
    if (e instanceof JoseError) return e.code;
    throw e;
  }
}

// A small pool of header values, so that a sequence repeats headers and hits the caches.
const member = fc.constantFrom<[string, unknown]>(
  ['kid', 'a'],
  ['kid', 'b'],
  ['typ', 'JWT'],
  ['x', 1],
  ['x', { y: [1, 2] }],
  ['crit', ['exp']],
  ['exp', 5],
  ['b64', false],
  ['zip', 'DEF'],
  ['alg', 'none'],
  ['cty', 'JWT'],
);
const header = fc.array(member, { maxLength: 3 }).map((members) => Object.fromEntries(members));
const step = fc.record({
  header,
  payload: fc.string({ maxLength: 8 }),
  flip: fc.nat(60),
  understood: fc.boolean(),
});

type Step = { header: Record<string, unknown>; payload: string; flip: number; understood: boolean };

// A token with one character replaced, so some mutations fall in the header.
function mutate(token: string, at: number): string {
  const i = at % token.length;
  return `${token.slice(0, i)}${token[i] === 'A' ? 'B' : 'A'}${token.slice(i + 1)}`;
}

function runJws(steps: Step[]): unknown[] {
  return steps.flatMap((s) => {
    const token = outcome(() => signCompact(s.payload, { alg: 'HS256', ...s.header }, MAC));
    if (typeof token !== 'string' || token.startsWith('ERR_')) return [token];
    const options = { algorithms: ['HS256' as const], crit: s.understood ? ['exp'] : [] };
    const first = outcome(() => {
      const r = verifyCompact(token, MAC, options);
      const seen = { payload: r.payload, header: { ...r.protectedHeader } };
      // The caller changes what it was handed; nothing remembered may change with it.
      (r.protectedHeader as Record<string, unknown>).leaked = true;
      return seen;
    });
    return [
      token,
      first,
      outcome(() => verifyCompact(mutate(token, s.flip), MAC, options).protectedHeader),
    ];
  });
}

function runJwe(steps: Step[]): unknown[] {
  return steps.flatMap((s) => {
    const token = outcome(() =>
      encryptCompact(s.payload, { alg: 'A128KW', enc: 'A128GCM', ...s.header }, KEK, FIXED),
    );
    if (typeof token !== 'string' || token.startsWith('ERR_')) return [token];
    const options = { crit: s.understood ? ['exp'] : [] };
    const first = outcome(() => {
      const r = decryptCompact(token, KEK, options);
      const seen = { plaintext: r.plaintext, header: { ...r.protectedHeader } };
      (r.protectedHeader as Record<string, unknown>).leaked = true;
      return seen;
    });
    return [
      token,
      first,
      outcome(() => decryptCompact(mutate(token, s.flip), KEK, options).protectedHeader),
    ];
  });
}

describe('the header caches change no outcome', () => {
  for (const [name, run] of [
    ['JWS compact', runJws],
    ['JWE compact', runJwe],
  ] as const) {
    it(`${name}: a sequence of sign/encrypt, verify/decrypt and tampered tokens, caches on and off`, () => {
      fc.assert(
        fc.property(fc.array(step, { minLength: 1, maxLength: 12 }), (steps) => {
          setHeaderCaching(true);
          const cached = run(steps);
          setHeaderCaching(false);
          const uncached = run(steps);
          setHeaderCaching(true);
          expect(cached).toEqual(uncached);
        }),
        { numRuns: runs(60) },
      );
    });
  }
});
