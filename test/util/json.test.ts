import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_JSON_DEPTH, memberNames, parseJsonObject } from '../../src/util/json.js';
import { codeOf } from '../support/errors.js';

const parse = (s: string) => parseJsonObject(s, 'ERR_JWS_INVALID', 'header');
const code = codeOf;

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

  it('agrees with JSON.parse on indented text and on names and strings full of quotes, colons and backslashes', () => {
    const tricky = fc.string({
      unit: fc.constantFrom('"', ':', '\\', '{', '[', ',', 'a', 'é', '\u2028'),
    });
    fc.assert(
      fc.property(
        fc.dictionary(tricky, fc.oneof(tricky, fc.jsonValue({ maxDepth: 3 }))),
        fc.constantFrom(0, 1, '\t'),
        (obj, indent) => {
          const text = JSON.stringify(obj, null, indent);
          expect(parse(text)).toEqual(JSON.parse(text));
        },
      ),
    );
  });

  it('rejects a duplicate name wherever it hides: in arrays, spelled with escapes, after strings with quotes and colons', () => {
    for (const bad of [
      '{"a:b":1,"a:b":2}',
      '{"x":"\\":","x":1}',
      '{"x":"\\\\","x":1}',
      '{"a":[{"b":1},{"c":[{"d":1,"d":1}]}]}',
      '{"__proto__":1,"__proto__":2}',
      '{"a":1,"b":{"a":1},"\\u0062":2}',
    ]) {
      expect(
        code(() => parse(bad)),
        bad,
      ).toBe('ERR_JWS_INVALID');
    }
    expect(parse('{"x":"\\\\\\":","y":[{"x":1}]}')).toEqual({ x: '\\":', y: [{ x: 1 }] });
  });

  it('rejects every object with one member written twice, however deep', () => {
    const named = fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 2 }), { minKeys: 1 });
    fc.assert(
      fc.property(named, fc.nat(), fc.boolean(), fc.nat(3), (inner, pick, escaped, depth) => {
        const keys = Object.keys(inner);
        const name = keys[pick % keys.length] as string;
        // The repeated name, possibly spelled with a \u escape for its first character.
        const spelled =
          escaped && name.length > 0
            ? `"\\u${name.charCodeAt(0).toString(16).padStart(4, '0')}${JSON.stringify(name.slice(1)).slice(1)}`
            : JSON.stringify(name);
        const dup = `${JSON.stringify(inner).slice(0, -1)},${spelled}:${JSON.stringify(inner[name])}}`;
        const text = '{"w":['.repeat(depth) + dup + ']}'.repeat(depth);
        expect(code(() => parse(text))).toBe('ERR_JWS_INVALID');
      }),
    );
  });

  it('rejects non-objects and malformed JSON', () => {
    for (const bad of [
      '[]',
      '"x"',
      '1',
      'null',
      '',
      '{',
      '{"a":1,}',
      '{"a":01}',
      '{"a":1}x',
      "{'a':1}",
      '{"a":NaN}',
      '{"a":1e999}',
      '{"a":"\u0001"}',
    ]) {
      expect(
        code(() => parse(bad)),
        bad,
      ).toBe('ERR_JWS_INVALID');
    }
  });

  it('keeps "__proto__" as an own member instead of changing the prototype', () => {
    const o = parse('{"__proto__":{"polluted":true}}');
    expect(Object.getPrototypeOf(o)).toBe(Object.prototype);
    expect(Object.keys(o)).toEqual(['__proto__']);
    expect((o as { polluted?: boolean }).polluted).toBeUndefined();
  });

  it('bounds nesting depth', () => {
    const ok = `${'{"a":'.repeat(MAX_JSON_DEPTH)}1${'}'.repeat(MAX_JSON_DEPTH)}`;
    expect(code(() => parse(ok))).toBe('no error');
    const deep = `${'{"a":'.repeat(MAX_JSON_DEPTH + 1)}1${'}'.repeat(MAX_JSON_DEPTH + 1)}`;
    expect(code(() => parse(deep))).toBe('ERR_JWS_INVALID');
    expect(code(() => parse(`{"a":${'['.repeat(100000)}}`))).toBe('ERR_JWS_INVALID');
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

// The quick path accepts text only when memberNames equals the members JSON.parse kept; these
// check the count itself, so a counter that drifts (and would quietly send every token down the
// slow path, or worse) is caught.
describe('memberNames', () => {
  const count = (v: unknown): number =>
    Array.isArray(v)
      ? v.reduce((n: number, x) => n + count(x), 0)
      : typeof v === 'object' && v !== null
        ? Object.values(v).reduce((n: number, x) => n + 1 + count(x), 0)
        : 0;
  const tricky = fc.string({ unit: fc.constantFrom('"', ':', '\\', ',', '{', '[', 'a', ' ') });

  it('counts every member name of valid JSON, however it is laid out', () => {
    fc.assert(
      fc.property(
        fc.dictionary(tricky, fc.oneof(tricky, fc.jsonValue({ maxDepth: 3 }))),
        fc.constantFrom(0, 2, '\t'),
        (obj, indent) => {
          const text = JSON.stringify(obj, null, indent);
          expect(memberNames(text)).toBe(count(JSON.parse(text)));
        },
      ),
    );
  });

  it('counts names by hand-checked examples', () => {
    expect(memberNames('{}')).toBe(0);
    expect(memberNames('{"a":"b","c":["d","e:",{"f":1}],"g":"\\\\"}')).toBe(4);
    expect(memberNames('{ "a" :\n "x\\":" , "b" : [ "c" , { "d" : null } ] }')).toBe(3);
    expect(memberNames('{"a":1,"a":2}')).toBe(2);
  });
});
