import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { asKey } from '../../src/jwk/coerce.js';
import type { JWK } from '../../src/jwk/types.js';
import { signCompact, verifyCompact } from '../../src/jws/compact.js';
import { codeOf, NO_ERROR } from '../support/errors.js';

// asKey reuses the import of a public JWK object only while its members stay what they were.
const pair = () => {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  return {
    pub: publicKey.export({ format: 'jwk' }) as JWK,
    priv: privateKey.export({ format: 'jwk' }) as JWK,
  };
};
const a = pair();
const b = pair();
const tokenA = signCompact('a', { alg: 'ES256' }, asKey(a.priv));
const tokenB = signCompact('b', { alg: 'ES256' }, asKey(b.priv));
const verifies = (token: string, jwk: unknown): boolean =>
  codeOf(() => verifyCompact(token, jwk as JWK, { algorithms: ['ES256'] })) === NO_ERROR;

describe('asKey with JWK objects', () => {
  it('imports the same unchanged public JWK object once', () => {
    const jwk = { ...a.pub, kid: 'a' };
    expect(asKey(jwk)).toBe(asKey(jwk));
    expect(asKey({ ...jwk })).not.toBe(asKey(jwk));
  });

  it('sees a public JWK object whose key members were replaced: the new key verifies, the old one no longer', () => {
    const jwk: JWK = { ...a.pub };
    expect(verifies(tokenA, jwk)).toBe(true);
    jwk.x = b.pub.x as string;
    jwk.y = b.pub.y as string;
    expect(verifies(tokenA, jwk)).toBe(false);
    expect(verifies(tokenB, jwk)).toBe(true);
  });

  it('sees binding members added, changed or edited in place (RFC 7517 s4.2-4.4)', () => {
    const jwk: JWK = { ...a.pub, key_ops: ['verify'] };
    expect(verifies(tokenA, jwk)).toBe(true);
    (jwk.key_ops as string[])[0] = 'encrypt';
    expect(codeOf(() => verifyCompact(tokenA, jwk, { algorithms: ['ES256'] }))).toBe(
      'ERR_KEY_UNSUITABLE',
    );
    (jwk.key_ops as string[])[0] = 'verify';
    expect(verifies(tokenA, jwk)).toBe(true);
    jwk.alg = 'ES384';
    expect(codeOf(() => verifyCompact(tokenA, jwk, { algorithms: ['ES256'] }))).toBe(
      'ERR_KEY_UNSUITABLE',
    );
    delete jwk.alg;
    jwk.use = 'enc';
    expect(codeOf(() => verifyCompact(tokenA, jwk, { algorithms: ['ES256'] }))).toBe(
      'ERR_JWK_INVALID',
    );
    delete jwk.use;
    jwk.kid = 'now-with-kid';
    expect(asKey(jwk).kid).toBe('now-with-kid');
  });

  it('a public JWK object that gains a private member is imported again, as a private key', () => {
    const jwk: JWK = { ...a.pub };
    expect(asKey(jwk).type).toBe('public');
    jwk.d = a.priv.d as string;
    expect(asKey(jwk).type).toBe('private');
    jwk.d = b.priv.d as string;
    expect(codeOf(() => asKey(jwk))).toBe('ERR_JWK_INVALID');
  });

  it('private JWK objects are imported on every call, never held', () => {
    expect(asKey(a.priv)).not.toBe(asKey(a.priv));
  });

  it('a JWK that is not plain data (accessors, a prototype) is imported as it reads, every time', () => {
    let x = a.pub.x as string;
    const withGetter = { ...a.pub };
    Object.defineProperty(withGetter, 'x', { get: () => x, enumerable: true });
    expect(verifies(tokenA, withGetter)).toBe(true);
    x = b.pub.x as string;
    expect(verifies(tokenA, withGetter)).toBe(false);
    const inherited = Object.create({ ...a.pub }) as JWK;
    expect(verifies(tokenA, inherited)).toBe(true);
    expect(asKey(inherited)).not.toBe(asKey(inherited));
  });

  it('a non-enumerable member added after the import is noticed', () => {
    const jwk: JWK = { ...a.pub };
    expect(asKey(jwk).type).toBe('public');
    Object.defineProperty(jwk, 'd', { value: a.priv.d, enumerable: false });
    expect(asKey(jwk).type).toBe('private');
  });
});
