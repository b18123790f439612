import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseJsonObject, MAX_JSON_DEPTH } from '../../src/util/json.js';
import { JoseError } from '../../src/util/errors.js';

const parse = (s: string) => parseJsonObject(s, 'ERR_JWS_INVALID', 'header');
const code = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return e instanceof JoseError ? e.code : `not a JoseError: ${String(e)}`;
  }
  return 'no error';
};

describe('parseJsonObject', () => {
  it('agrees with JSON.parse on objects without duplicate names', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 4 })), (obj) => {
        const text = JSON.stringify(obj);
        expect(parse(text)).toEqual(JSON.parse(text));
      }),
    );
  });

  it('rejects duplicate member names at any depth', () => {
    expect(code(() => parse('{"alg":"HS256","alg":"none"}'))).toBe('ERR_JWS_INVALID');
    expect(code(() => parse('{"a":{"b":1,"b":2}}'))).toBe('ERR_JWS_INVALID');
    expect(code(() => parse('{"a":1,"\\u0061":2}'))).toBe('ERR_JWS_INVALID');
  });

  it('rejects non-objects and malformed JSON', () => {
    for (const bad of ['[]', '"x"', '1', 'null', '', '{', '{"a":1,}', '{"a":01}', '{"a":1}x', "{'a':1}", '{"a":NaN}', '{"a":1e999}', '{"a":"\u0001"}']) {
      expect(code(() => parse(bad)), bad).toBe('ERR_JWS_INVALID');
    }
  });

  it('keeps "__proto__" as an own member instead of changing the prototype', () => {
    const o = parse('{"__proto__":{"polluted":true}}');
    expect(Object.getPrototypeOf(o)).toBe(Object.prototype);
    expect(Object.keys(o)).toEqual(['__proto__']);
    expect((o as { polluted?: boolean }).polluted).toBeUndefined();
  });

  it('bounds nesting depth', () => {
    const ok = '{"a":'.repeat(MAX_JSON_DEPTH) + '1' + '}'.repeat(MAX_JSON_DEPTH);
    expect(code(() => parse(ok))).toBe('no error');
    const deep = '{"a":'.repeat(MAX_JSON_DEPTH + 1) + '1' + '}'.repeat(MAX_JSON_DEPTH + 1);
    expect(code(() => parse(deep))).toBe('ERR_JWS_INVALID');
    expect(code(() => parse('{"a":' + '['.repeat(100000) + '}'))).toBe('ERR_JWS_INVALID');
  });

  it('never throws anything but JoseError on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const c = code(() => parse(s));
        expect(c === 'no error' || c === 'ERR_JWS_INVALID').toBe(true);
      }),
    );
  });
});
