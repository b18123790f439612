import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type JWTClaimOptions, type JWTClaims, validateClaims } from '../../src/jwt/claims.js';
import { JoseError } from '../../src/util/errors.js';

const NOW = new Date('2030-06-01T00:00:00Z');
const T = NOW.getTime() / 1000;

function outcome(
  claims: JWTClaims,
  options: JWTClaimOptions = {},
  header: { typ?: unknown } = {},
): string {
  try {
    validateClaims(claims, header, { currentDate: NOW, ...options });
    return 'ok';
  } catch (e) {
    if (!(e instanceof JoseError)) return `not a JoseError: ${String(e)}`;
    return e.claim === undefined ? e.code : `${e.code}:${e.claim}`;
  }
}

describe('JWT claim checks (RFC 7519 s4.1)', () => {
  it('exp: valid strictly before exp; expired at and after (s4.1.4); tolerance extends it', () => {
    expect(outcome({ exp: T + 1 })).toBe('ok');
    expect(outcome({ exp: T })).toBe('ERR_JWT_EXPIRED:exp');
    expect(outcome({ exp: T - 1 })).toBe('ERR_JWT_EXPIRED:exp');
    expect(outcome({ exp: T - 10 }, { clockTolerance: 11 })).toBe('ok');
    expect(outcome({ exp: T - 10 }, { clockTolerance: 10 })).toBe('ERR_JWT_EXPIRED:exp');
    expect(outcome({ exp: T + 0.5 })).toBe('ok');
  });

  it('nbf: not before nbf (s4.1.5); at nbf is fine; tolerance applies', () => {
    expect(outcome({ nbf: T })).toBe('ok');
    expect(outcome({ nbf: T + 1 })).toBe('ERR_JWT_CLAIM_INVALID:nbf');
    expect(outcome({ nbf: T + 5 }, { clockTolerance: 5 })).toBe('ok');
  });

  it('iat: a future iat is refused; maxTokenAge bounds the age and requires iat', () => {
    expect(outcome({ iat: T })).toBe('ok');
    expect(outcome({ iat: T + 60 })).toBe('ERR_JWT_CLAIM_INVALID:iat');
    expect(outcome({ iat: T - 100 }, { maxTokenAge: 100 })).toBe('ok');
    expect(outcome({ iat: T - 101 }, { maxTokenAge: 100 })).toBe('ERR_JWT_EXPIRED:iat');
    expect(outcome({}, { maxTokenAge: 100 })).toBe('ERR_JWT_CLAIM_INVALID:iat');
  });

  it('NumericDate claims must be finite numbers (s2)', () => {
    for (const bad of [
      '1700000000',
      null,
      true,
      [1],
      { n: 1 },
      Number.NaN,
      Number.POSITIVE_INFINITY,
    ]) {
      for (const name of ['exp', 'nbf', 'iat'])
        expect(outcome({ [name]: bad }), `${name}=${String(bad)}`).toBe(
          `ERR_JWT_CLAIM_INVALID:${name}`,
        );
    }
  });

  it('NumericDate claims beyond MAX_SAFE_INTEGER in magnitude are refused; fractions are kept (s2)', () => {
    const max = Number.MAX_SAFE_INTEGER;
    for (const bad of [
      1e300,
      -1e300,
      max + 2,
      -(max + 2),
      Number.MAX_VALUE,
      Number.NEGATIVE_INFINITY,
    ]) {
      for (const name of ['exp', 'nbf', 'iat']) {
        expect(outcome({ [name]: bad }), `${name}=${bad}`).toBe(`ERR_JWT_CLAIM_INVALID:${name}`);
      }
    }
    // The largest safe value is a NumericDate: a far-future exp passes, a far-future nbf fails as a time.
    expect(outcome({ exp: max })).toBe('ok');
    expect(outcome({ nbf: -max, iat: -max })).toBe('ok');
    expect(outcome({ exp: T + 0.25, nbf: T - 0.75, iat: T - 0.5 })).toBe('ok');
    expect(outcome({ nbf: max })).toBe('ERR_JWT_CLAIM_INVALID:nbf');
  });

  it('iss, sub, jti must be strings; aud a string or an array of strings', () => {
    for (const name of ['iss', 'sub', 'jti'])
      expect(outcome({ [name]: 1 })).toBe(`ERR_JWT_CLAIM_INVALID:${name}`);
    expect(outcome({ aud: 1 } as never)).toBe('ERR_JWT_CLAIM_INVALID:aud');
    expect(outcome({ aud: ['a', 2] } as never)).toBe('ERR_JWT_CLAIM_INVALID:aud');
    expect(outcome({ aud: ['a', 'b'] })).toBe('ok');
  });

  it('issuer, subject, audience expectations', () => {
    expect(outcome({ iss: 'a' }, { issuer: 'a' })).toBe('ok');
    expect(outcome({ iss: 'a' }, { issuer: ['b', 'a'] })).toBe('ok');
    expect(outcome({ iss: 'a' }, { issuer: 'b' })).toBe('ERR_JWT_CLAIM_INVALID:iss');
    expect(outcome({}, { issuer: 'b' })).toBe('ERR_JWT_CLAIM_INVALID:iss');
    expect(outcome({ sub: 's' }, { subject: 's' })).toBe('ok');
    expect(outcome({ sub: 's' }, { subject: 't' })).toBe('ERR_JWT_CLAIM_INVALID:sub');
    expect(outcome({ aud: 'x' }, { audience: 'x' })).toBe('ok');
    expect(outcome({ aud: ['y', 'x'] }, { audience: 'x' })).toBe('ok');
    expect(outcome({ aud: ['y', 'x'] }, { audience: ['z', 'y'] })).toBe('ok');
    expect(outcome({ aud: ['y'] }, { audience: 'x' })).toBe('ERR_JWT_CLAIM_INVALID:aud');
    expect(outcome({}, { audience: 'x' })).toBe('ERR_JWT_CLAIM_INVALID:aud');
  });

  it('requiredClaims and typ', () => {
    expect(outcome({ a: 1 }, { requiredClaims: ['a'] })).toBe('ok');
    expect(outcome({}, { requiredClaims: ['a'] })).toBe('ERR_JWT_CLAIM_INVALID:a');
    expect(outcome({}, { typ: 'JWT' }, { typ: 'jwt' })).toBe('ok');
    expect(outcome({}, { typ: 'at+jwt' }, { typ: 'application/at+JWT' })).toBe('ok');
    expect(outcome({}, { typ: 'JWT' }, { typ: 'at+jwt' })).toBe('ERR_JWT_CLAIM_INVALID:typ');
    expect(outcome({}, { typ: 'JWT' }, {})).toBe('ERR_JWT_CLAIM_INVALID:typ');
  });

  it('bad options are argument errors', () => {
    expect(outcome({}, { clockTolerance: -1 })).toBe('ERR_INVALID_ARGUMENT');
    expect(outcome({}, { clockTolerance: 301 })).toBe('ERR_INVALID_ARGUMENT');
    expect(outcome({}, { clockTolerance: Number.NaN })).toBe('ERR_INVALID_ARGUMENT');
    expect(outcome({}, { currentDate: new Date(Number.NaN) })).toBe('ERR_INVALID_ARGUMENT');
    for (const notDate of [Date.now(), '2030-01-01', null, {}])
      expect(outcome({}, { currentDate: notDate as unknown as Date })).toBe('ERR_INVALID_ARGUMENT');
    expect(outcome({ iat: T }, { maxTokenAge: -1 })).toBe('ERR_INVALID_ARGUMENT');
  });

  it('any claim set gives ok or a JoseError', () => {
    fc.assert(
      fc.property(
        fc.dictionary(
          fc.constantFrom('iss', 'sub', 'aud', 'exp', 'nbf', 'iat', 'jti', 'x'),
          fc.jsonValue({ maxDepth: 2 }),
        ),
        (claims) => {
          expect(
            outcome(claims as JWTClaims, { issuer: 'i', audience: 'a', maxTokenAge: 10 }),
          ).not.toMatch(/^not a JoseError/);
        },
      ),
    );
  });
});
