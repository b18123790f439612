import { describe, expect, it } from 'vitest';
import { verifyJWT } from '../../src/jwt/jwt.js';
import { JoseError } from '../../src/util/errors.js';
import { publishedVector } from '../support/vectors.js';

// RFC 7519 s3.1's example JWT is the token of RFC 7515 Appendix A.1 (HS256, exp 1300819380).
const a1 = publishedVector('rfc7515-appendix-a.json', 'RFC7515-A.1', ['compact', 'key']);

describe('RFC 7519 s3.1 example JWT (= RFC 7515 A.1)', () => {
  it('verifies with its published key and gives the published claims while unexpired', () => {
    const { claims, protectedHeader } = verifyJWT(a1.compact, a1.key, {
      algorithms: ['HS256'],
      issuer: 'joe',
      typ: 'JWT',
      currentDate: new Date(1300819379 * 1000),
    });
    expect(protectedHeader).toEqual({ typ: 'JWT', alg: 'HS256' });
    expect(claims).toEqual({ iss: 'joe', exp: 1300819380, 'http://example.com/is_root': true });
  });

  it('is expired from its exp on (RFC 7519 s4.1.4)', () => {
    try {
      verifyJWT(a1.compact, a1.key, { currentDate: new Date(1300819380 * 1000) });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(JoseError);
      expect((e as JoseError).code).toBe('ERR_JWT_EXPIRED');
      expect((e as JoseError).claim).toBe('exp');
    }
  });
});
