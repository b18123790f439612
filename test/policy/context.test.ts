import { describe, expect, it } from 'vitest';
import { createContext } from '../../src/policy/context.js';
import { JoseError } from '../../src/util/errors.js';

describe('createContext', () => {
  it('gets and sets variables by flat dotted name, case-sensitively', () => {
    const ctx = createContext({ 'iss.claim': 'a' });
    expect(ctx.get('iss.claim')).toBe('a');
    expect(ctx.get('ISS.claim')).toBeUndefined();
    ctx.set('generated.jwt', 'tok');
    expect(ctx.get('generated.jwt')).toBe('tok');
    expect(ctx.get('missing')).toBeUndefined();
  });

  it('looks message headers up case-insensitively', () => {
    const ctx = createContext({ 'message.headers.X-Request-Id': 'r1' });
    expect(ctx.get('message.headers.x-request-id')).toBe('r1');
    expect(ctx.get('Message.Headers.X-REQUEST-ID')).toBe('r1');
    ctx.set('message.headers.authorization', 'Bearer t');
    expect(ctx.get('message.headers.Authorization')).toBe('Bearer t');
  });

  it('looks request headers up case-insensitively too, apart from the message headers', () => {
    const ctx = createContext({ 'request.headers.Authorization': 'Bearer r' });
    expect(ctx.get('REQUEST.headers.authorization')).toBe('Bearer r');
    expect(ctx.get('message.headers.authorization')).toBeUndefined();
    expect(ctx.get('request.headersx')).toBeUndefined();
  });

  it('keeps values of any type as given', () => {
    const obj = { kty: 'oct' };
    const ctx = createContext({ o: obj, n: 1 });
    expect(ctx.get('o')).toBe(obj);
    expect(ctx.get('n')).toBe(1);
  });

  it('rejects a non-object seed and non-string names', () => {
    expect(() => createContext(null as never)).toThrow(JoseError);
    expect(() => createContext({}).get(5 as never)).toThrow(JoseError);
  });
});
