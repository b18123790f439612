import { Buffer } from 'node:buffer';
import { createSecretKey } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decryptCompact, encryptCompact } from '../../src/jwe/compact.js';
import { decryptJSON } from '../../src/jwe/json-decrypt.js';
import { encryptJSON } from '../../src/jwe/json-encrypt.js';
import { signCompact, verifyCompact } from '../../src/jws/compact.js';
import { signJSON } from '../../src/jws/json.js';
import { verifyJSON } from '../../src/jws/json-verify.js';
import { JoseError } from '../../src/util/errors.js';
import { codeOf, runs } from './support.js';

// Producers and consumers are twins: nothing is emitted that its own counterpart refuses
// (RFC 7515 s5.1 / RFC 7516 s5.1 produce what s5.2 of each accepts).
const MAC_KEY = createSecretKey(Buffer.alloc(32, 3));
const KEK = createSecretKey(Buffer.alloc(16, 5));

// An object nested `depth` deep, counting the object itself.
function nested(depth: number): Record<string, unknown> {
  let o: Record<string, unknown> = {};
  for (let i = 1; i < depth; i++) o = { n: o };
  return o;
}

const produce = {
  signCompact: (h: Record<string, unknown>) => signCompact('p', { alg: 'HS256', ...h }, MAC_KEY),
  signJSON: (h: Record<string, unknown>) =>
    signJSON('p', [{ protectedHeader: { alg: 'HS256', ...h }, key: MAC_KEY }]),
  encryptCompact: (h: Record<string, unknown>) =>
    encryptCompact('p', { alg: 'A128KW', enc: 'A128GCM', ...h }, KEK),
  encryptJSON: (h: Record<string, unknown>) =>
    encryptJSON('p', { protectedHeader: { alg: 'A128KW', enc: 'A128GCM', ...h } }, [{ key: KEK }]),
};

// The same for a member of an unprotected header, which JSON serializations carry as JSON.
const produceUnprotected = {
  signJSON: (h: Record<string, unknown>) =>
    signJSON('p', [{ protectedHeader: { alg: 'HS256' }, unprotectedHeader: h, key: MAC_KEY }]),
  encryptJSON: (h: Record<string, unknown>) =>
    encryptJSON('p', { protectedHeader: { alg: 'A128KW', enc: 'A128GCM' }, unprotectedHeader: h }, [
      { key: KEK },
    ]),
};

const consume = {
  signCompact: (t: unknown) =>
    verifyCompact(t as string, MAC_KEY, { algorithms: ['HS256'] }).payload,
  signJSON: (t: unknown) => verifyJSON(t as never, MAC_KEY, { algorithms: ['HS256'] }).payload,
  encryptCompact: (t: unknown) => decryptCompact(t as string, KEK).plaintext,
  encryptJSON: (t: unknown) => decryptJSON(t as never, KEK).plaintext,
};

const NAMES = Object.keys(produce) as (keyof typeof produce)[];
// Registered names have their own syntax checks; the property is about everything else.
const REGISTERED = [
  'alg',
  'enc',
  'crit',
  'b64',
  'zip',
  'kid',
  'jku',
  'jwk',
  'x5u',
  'x5c',
  'x5t',
  'x5t#S256',
  'typ',
  'cty',
  'epk',
  'apu',
  'apv',
  'iv',
  'tag',
  'p2s',
  'p2c',
];

describe('what a producer emits, its consumer accepts', () => {
  it.each(NAMES)(
    '%s refuses up front a protected header nested 40 deep (JSON depth limit 32)',
    (name) => {
      expect(codeOf(() => produce[name]({ x: nested(40) }))).toBe('ERR_INVALID_ARGUMENT');
    },
  );

  it.each(NAMES)(
    '%s still emits a header member nested to the depth limit, and it reads back',
    (name) => {
      // The header object is depth 1, so its member may be 31 deep.
      const token = produce[name]({ x: nested(31) });
      expect(Buffer.from(consume[name](token)).toString()).toBe('p');
    },
  );

  it.each(['signJSON', 'encryptJSON'] as const)(
    '%s: so is any unprotected header member',
    (name) => {
      fc.assert(
        fc.property(
          fc.string({ maxLength: 6 }),
          fc.jsonValue({ maxDepth: 40 }),
          (member, value) => {
            if (REGISTERED.includes(member)) return;
            let token: unknown;
            try {
              token = produceUnprotected[name]({ [member]: value });
            } catch (e) {
              expect(e).toBeInstanceOf(JoseError);
              expect((e as JoseError).code).toBe('ERR_INVALID_ARGUMENT');
              return;
            }
            expect(Buffer.from(consume[name](token)).toString()).toBe('p');
          },
        ),
        { numRuns: runs(150) },
      );
      expect(codeOf(() => produceUnprotected[name]({ x: nested(40) }))).toBe(
        'ERR_INVALID_ARGUMENT',
      );
    },
  );

  it.each(NAMES)(
    '%s: any extra header member either is refused up front or round-trips',
    (name) => {
      fc.assert(
        fc.property(
          fc.string({ maxLength: 6 }),
          fc.jsonValue({ maxDepth: 40 }),
          (member, value) => {
            if (REGISTERED.includes(member)) return;
            let token: unknown;
            try {
              token = produce[name]({ [member]: value });
            } catch (e) {
              expect(e).toBeInstanceOf(JoseError);
              expect((e as JoseError).code).toBe('ERR_INVALID_ARGUMENT');
              return;
            }
            expect(Buffer.from(consume[name](token)).toString()).toBe('p');
          },
        ),
        { numRuns: runs(150) },
      );
    },
  );
});
