import { Buffer } from 'node:buffer';
import { createHmac, createSecretKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { KeyLike } from '../../src/jwk/coerce.js';
import { exportJWK } from '../../src/jwk/export.js';
import { JoseKey } from '../../src/jwk/key.js';
import { createLocalKeySet } from '../../src/jwk/keyset.js';
import { signCompact, verifyCompact } from '../../src/jws/compact.js';
import type { JWSAlgorithm } from '../../src/jws/index.js';
import { signJSON } from '../../src/jws/json.js';
import { verifyJSON } from '../../src/jws/json-verify.js';
import type { JWSKeyResolver, VerifyOptions } from '../../src/jws/types.js';
import { decodeJWT } from '../../src/jwt/decode.js';
import { signJWT, verifyJWT } from '../../src/jwt/jwt.js';
import { JoseError } from '../../src/util/errors.js';
import {
  applyEdits,
  b64urlText,
  fuzzRunner,
  headerSpelling,
  memberValue,
  mutations,
  objectEdits,
  outcome,
} from './fuzz-support.js';
import { b64, timeoutFor } from './support.js';

// Fuzzing of every JWS and JWT entry point: arbitrary strings and JSON, structured mutations of
// valid tokens, and re-signed headers with hostile members. The only outcomes allowed are the
// correct result or a JoseError.
const run = fuzzRunner('jws');
const BASE = 150;
const timeout = timeoutFor(BASE, 40);

const hmacSecret = randomBytes(32);
const hmac = new JoseKey(createSecretKey(hmacSecret));
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const SIGNERS: Array<{ alg: string; sign: KeyLike; verify: KeyLike }> = [
  { alg: 'HS256', sign: hmac, verify: hmac },
  { alg: 'RS256', sign: rsa.privateKey, verify: rsa.publicKey },
  { alg: 'PS256', sign: rsa.privateKey, verify: rsa.publicKey },
  { alg: 'ES256', sign: ec.privateKey, verify: ec.publicKey },
];
const ALGS = SIGNERS.map((s) => s.alg);
const keySet = createLocalKeySet(
  {
    keys: [
      { ...exportJWK(hmac, { private: true }), alg: 'HS256' },
      exportJWK(rsa.publicKey),
      exportJWK(ec.publicKey),
    ],
  },
  { allowMixed: true },
);

// Valid tokens to mutate: every signer, a few payloads, compact and JSON.
const PAYLOADS = ['{"sub":"alice","exp":4102444800}', 'plain text', '\u0000\u00ff binary-ish'];
const VALID = SIGNERS.flatMap((s) =>
  PAYLOADS.map((payload) => ({
    ...s,
    payload,
    token: signCompact(payload, { alg: s.alg, kid: 'k1' }, s.sign),
  })),
);
const validToken = fc.constantFrom(...VALID);

/** Verification keys and resolvers a caller might pass, hostile ones included. */
const keyArg = fc.oneof(
  fc.constantFrom<unknown>(hmac, rsa.publicKey, ec.publicKey, keySet),
  fc.constantFrom<unknown>(
    (() => {
      throw new JoseError('ERR_KEY_NOT_FOUND', 'no key');
    }) as JWSKeyResolver,
    (() => 'not a key') as unknown as JWSKeyResolver,
    null,
    'secret',
    new Uint8Array(32),
    { kty: 'oct', k: b64(hmacSecret) },
  ),
  fc.anything({ maxDepth: 2 }),
);

/** Options a caller might pass, hostile ones included. */
const optionsArg = fc.oneof(
  fc.constantFrom<unknown>(
    undefined,
    {},
    { algorithms: ALGS },
    { algorithms: [] },
    { algorithms: ['none'] },
    { crit: ['exp', 'b64'] },
    { maxTokenLength: 64 },
    { detachedPayload: 'plain text' },
  ),
  fc.record(
    {
      algorithms: fc.option(fc.subarray(ALGS), { nil: undefined }),
      crit: fc.option(fc.array(fc.string({ maxLength: 4 }), { maxLength: 2 }), { nil: undefined }),
    },
    { requiredKeys: [] },
  ),
  fc.anything({ maxDepth: 2 }),
);

/** Text that looks more or less like a compact JWS. */
const tokenLike = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.array(b64urlText, { minLength: 1, maxLength: 6 }).map((parts) => parts.join('.')),
  fc
    .tuple(
      fc.json({ maxDepth: 3 }),
      fc.uint8Array({ maxLength: 40 }),
      fc.uint8Array({ maxLength: 70 }),
    )
    .map(([h, p, s]) => `${b64(h)}.${b64(p)}.${b64(s)}`),
  fc.anything({ maxDepth: 1 }),
);

/** The payload a verification must return for a token signed over `payload`. */
const expectPayload =
  (payload: string) =>
  (result: { payload: Uint8Array }): void => {
    expect(Buffer.from(result.payload).equals(Buffer.from(payload, 'utf8'))).toBe(true);
  };
const neverVerifies = (): void => {
  throw new Error('random input verified');
};

describe('fuzz: JWS and JWT entry points on hostile input', () => {
  it('verifyCompact, verifyJWT and decodeJWT on arbitrary strings and values', { timeout }, () => {
    run(
      fc.property(tokenLike, keyArg, optionsArg, (token, key, options) => {
        outcome(
          () => verifyCompact(token as string, key as KeyLike, options as VerifyOptions),
          neverVerifies,
        );
        outcome(
          () => verifyJWT(token as string, key as KeyLike, options as VerifyOptions),
          neverVerifies,
        );
        outcome(
          () => decodeJWT(token as string, options as never),
          (d) => expect(['JWS', 'JWE']).toContain(d.kind),
        );
      }),
      BASE,
    );
  });

  it('mutated valid tokens: only the unchanged token (or its detached form, given the payload) verifies, with its own payload', {
    timeout,
  }, () => {
    run(
      fc.property(
        validToken,
        mutations,
        optionsArg,
        fc.boolean(),
        (valid, mutate, options, viaSet) => {
          const token = mutate(valid.token);
          const key = viaSet ? keySet : valid.verify;
          // The one other token that may verify is the same one with its payload detached, when
          // the caller supplies that payload (RFC 7515 Appendix F); without it the emptied part is
          // the empty payload, which the signature does not cover.
          const detached = valid.token.replace(/\.[^.]*\./, '..');
          const supplied = (options as { detachedPayload?: unknown } | undefined)?.detachedPayload;
          outcome(
            () => verifyCompact(token, key, options as VerifyOptions),
            (r) => {
              expect(
                token === valid.token || (token === detached && supplied === valid.payload),
              ).toBe(true);
              expectPayload(valid.payload)(r);
            },
          );
          outcome(
            () => verifyJWT(token, key, options as VerifyOptions),
            (r) => {
              expect(token).toBe(valid.token);
              expect(r.claims.sub).toBe('alice');
            },
          );
          outcome(() => decodeJWT(token));
        },
      ),
      BASE,
    );
  });

  it('re-signed headers with hostile members and spellings: what verifies is exactly what was signed', {
    timeout,
  }, () => {
    run(
      fc.property(
        objectEdits,
        headerSpelling,
        fc.uint8Array({ minLength: 1, maxLength: 60 }),
        optionsArg,
        (edits, spell, payloadBytes, options) => {
          const header = applyEdits({ alg: 'HS256' }, edits);
          let text: string;
          try {
            text = spell(JSON.stringify(header));
          } catch {
            return;
          }
          const payload = Buffer.from(payloadBytes);
          const input = `${b64(text)}.${b64(payload)}`;
          const token = `${input}.${createHmac('sha256', hmacSecret).update(input).digest('base64url')}`;
          outcome(
            () => verifyCompact(token, hmac, options as VerifyOptions),
            (r) => {
              expect(r.protectedHeader).toEqual(JSON.parse(text));
              expect(r.protectedHeader.alg).toBe('HS256');
              expect(r.protectedHeader.b64).not.toBe(false);
              expect(Buffer.from(r.payload).equals(payload)).toBe(true);
            },
          );
        },
      ),
      BASE,
    );
  });

  it('verifyJSON on arbitrary JSON text and values', { timeout }, () => {
    run(
      fc.property(
        fc.oneof(
          fc.json({ maxDepth: 4 }),
          fc.jsonValue({ maxDepth: 4 }),
          fc.anything({ maxDepth: 3 }),
        ),
        keyArg,
        optionsArg,
        (jws, key, options) => {
          outcome(
            () => verifyJSON(jws as string, key as KeyLike, options as VerifyOptions),
            neverVerifies,
          );
        },
      ),
      BASE,
    );
  });

  it('verifyJSON on mutated valid JSON serializations: what verifies carries the signed payload', {
    timeout,
  }, () => {
    const general = signJSON(
      '{"sub":"alice"}',
      SIGNERS.slice(0, 3).map((s) => ({
        protectedHeader: { alg: s.alg },
        unprotectedHeader: { kid: s.alg },
        key: s.sign,
      })),
    );
    const flat = signJSON('{"sub":"alice"}', [
      { protectedHeader: { alg: 'ES256' }, key: ec.privateKey },
    ]);
    const entry = fc.oneof(fc.constant(-1), fc.nat(3));
    run(
      fc.property(
        fc.constantFrom(
          general as unknown as Record<string, unknown>,
          flat as unknown as Record<string, unknown>,
        ),
        entry,
        objectEdits,
        fc.boolean(),
        keyArg,
        (jws, at, edits, asText, key) => {
          let mutated: Record<string, unknown>;
          const signatures = jws.signatures as Array<Record<string, unknown>> | undefined;
          if (at < 0 || signatures === undefined) mutated = applyEdits(jws, edits);
          else
            mutated = {
              ...jws,
              signatures: signatures.map((s, i) =>
                i === at % signatures.length ? applyEdits(s, edits) : s,
              ),
            };
          const input = asText ? JSON.stringify(mutated) : mutated;
          outcome(
            () => verifyJSON(input as never, key as KeyLike),
            (r) => expect(Buffer.from(r.payload).toString()).toBe('{"sub":"alice"}'),
          );
        },
      ),
      BASE,
    );
  });

  it('signCompact, signJSON and signJWT with hostile headers and claims: what is produced verifies back to the same content', {
    timeout,
  }, () => {
    const signer = fc.constantFrom(...SIGNERS);
    run(
      fc.property(
        signer,
        objectEdits,
        fc.oneof(fc.string({ maxLength: 40 }), fc.uint8Array({ maxLength: 40 })),
        fc.dictionary(fc.string({ maxLength: 6 }), memberValue, { maxKeys: 4 }),
        (s, edits, payload, claims) => {
          const header = applyEdits({ alg: s.alg }, edits);
          const crit = Array.isArray(header.crit) ? (header.crit as string[]) : [];
          // An edit may name another algorithm the same key fits (RS256 for a PS256 key).
          // The mutated header's own name, whatever it is: the library checks it at run time.
          const algorithms = (typeof header.alg === 'string' ? [header.alg] : []) as JWSAlgorithm[];
          // An empty payload part is the empty payload; a compact unencoded payload (RFC 7797) is
          // always detached, so the verifier supplies it.
          const detached = header.b64 === false ? { detachedPayload: payload } : {};
          outcome(
            () => signCompact(payload, header, s.sign),
            (token) => {
              const r = verifyCompact(token, s.verify, { algorithms, crit, ...detached });
              expect(Buffer.from(r.payload).equals(Buffer.from(payload))).toBe(true);
            },
          );
          outcome(
            () => signJSON(payload, [{ protectedHeader: header, key: s.sign }]),
            (jws) =>
              expect(
                Buffer.from(verifyJSON(jws, s.verify, { algorithms, crit }).payload).equals(
                  Buffer.from(payload),
                ),
              ).toBe(true),
          );
          outcome(
            () => signJWT(claims, header, s.sign),
            (token) => {
              const verified = outcome(
                () => verifyJWT(token, s.verify, { algorithms, crit }),
                (r) => expect(r.claims).toEqual(JSON.parse(JSON.stringify(claims))),
              );
              // Random claims may be expired or not yet valid, and nothing else may go wrong.
              if (verified !== undefined)
                expect(['ERR_JWT_EXPIRED', 'ERR_JWT_CLAIM_INVALID']).toContain(verified.code);
            },
          );
        },
      ),
      BASE,
    );
  });

  it('the round-trip oracle holds for unencoded and empty payloads (RFC 7797; RFC 7515 s7: an empty payload is a payload)', () => {
    for (const payload of ['', 'abc', new Uint8Array(0)]) {
      const header = { alg: 'HS256', b64: false, crit: ['b64'] };
      const token = signCompact(payload, header, hmac);
      expect(
        Buffer.from(
          verifyCompact(token, hmac, { crit: ['b64'], detachedPayload: payload }).payload,
        ).equals(Buffer.from(payload)),
      ).toBe(true);
      const jws = signJSON(payload, [{ protectedHeader: header, key: hmac }]);
      expect(
        Buffer.from(verifyJSON(jws, hmac, { crit: ['b64'] }).payload).equals(Buffer.from(payload)),
      ).toBe(true);
      const encoded = signCompact(payload, { alg: 'HS256' }, hmac);
      expect(Buffer.from(verifyCompact(encoded, hmac).payload).equals(Buffer.from(payload))).toBe(
        true,
      );
    }
  });

  it('signing and verifying with arbitrary keys, headers, signers and options never throw anything but a JoseError', {
    timeout,
  }, () => {
    run(
      fc.property(
        fc.anything({ maxDepth: 2 }),
        fc.anything({ maxDepth: 2 }),
        keyArg,
        fc.anything({ maxDepth: 2 }),
        (payload, header, key, options) => {
          outcome(() =>
            signCompact(payload as string, header as never, key as KeyLike, options as never),
          );
          outcome(() => signJSON(payload as string, header as never, options as never));
          outcome(() => signJWT(payload as never, header as never, key as KeyLike));
          outcome(() =>
            verifyJSON(
              { payload: 'eA', signatures: [header] } as never,
              key as KeyLike,
              options as never,
            ),
          );
        },
      ),
      BASE,
    );
  });
});
