import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { PolicyProblem } from '../../src/policy/errors.js';
import { compileClaimPattern, MAX_PATTERN_LENGTH } from '../../src/policy/jwt-validate/pattern.js';

function refusal(source: string): string {
  try {
    compileClaimPattern(source);
  } catch (e) {
    if (e instanceof PolicyProblem) return e.message;
    throw e;
  }
  throw new Error(`expected ${JSON.stringify(source)} to be refused`);
}

describe('jwt-validate claim patterns: whole-value matching', () => {
  it('matches the whole value only, so a prefix or suffix is never enough', () => {
    const m = compileClaimPattern('https://idp\\.example\\.com');
    expect(m('https://idp.example.com')).toBe(true);
    expect(m('https://idp.example.com.evil.net')).toBe(false);
    expect(m('xhttps://idp.example.com')).toBe(false);
    expect(m('https://idpXexample.com')).toBe(false);
  });

  it('accepts a leading ^ and trailing $, which change nothing', () => {
    for (const p of ['^api$', '^api', 'api$', 'api']) {
      const m = compileClaimPattern(p);
      expect([m('api'), m('api2'), m('xapi')]).toEqual([true, false, false]);
    }
    expect(compileClaimPattern('^$')('')).toBe(true);
    expect(compileClaimPattern('a\\$')('a$')).toBe(true);
  });

  it('supports alternation, groups, classes, escapes and every quantifier form', () => {
    const cases: Array<[string, string[], string[]]> = [
      ['api1|api2', ['api1', 'api2'], ['api', 'api12']],
      ['https://(a|b)\\.example/.*', ['https://a.example/', 'https://b.example/x/y'], ['https://c.example/']],
      ['(?:ab)+', ['ab', 'abab'], ['', 'aba']],
      ['[a-c]{2,3}', ['ab', 'cba'], ['a', 'abcd', 'ad']],
      ['x{2}', ['xx'], ['x', 'xxx']],
      ['x{2,}', ['xx', 'xxxxx'], ['x']],
      ['[^/]+/\\d+', ['users/42'], ['users/', 'a/b/1']],
      ['\\w+@\\w+\\.\\w{2,}', ['a_b@ex.org'], ['a b@ex.org']],
      ['\\s?x', ['x', ' x', '\tx'], ['  x']],
      ['\\x41\\u0042\\t', ['AB\t'], ['AB ']],
      ['[\\d\\-.]+', ['1-2.3'], ['1_2']],
      ['a.c', ['abc', 'a c'], ['a\nc']],
      ['a*?b+?', ['b', 'aab'], ['a']],
      ['[]', [], ['', 'a']],
      ['(a*)*', ['', 'aaa'], ['b']],
    ];
    for (const [p, yes, no] of cases) {
      const m = compileClaimPattern(p);
      for (const v of yes) expect(m(v), `${p} ~ ${v}`).toBe(true);
      for (const v of no) expect(m(v), `${p} !~ ${v}`).toBe(false);
    }
  });

  it('refuses what it does not implement, and says what', () => {
    expect(refusal('(a)\\1')).toMatch(/backreference/);
    expect(refusal('(?=a)a')).toMatch(/lookaround/);
    expect(refusal('(?<n>a)')).toMatch(/lookaround or named group/);
    expect(refusal('\\bapi')).toMatch(/word boundary/);
    expect(refusal('a^b')).toMatch(/"\^" inside the pattern/);
    expect(refusal('a$|b')).toMatch(/"\$" inside the pattern/);
    expect(refusal('a{1')).toMatch(/escape a literal one as \\\{/);
    expect(refusal('a]')).toMatch(/lone "\]"/);
    expect(refusal('a}')).toMatch(/lone "\}"/);
    expect(refusal('a{1001}')).toMatch(/more than 1000 times/);
    expect(refusal('\\p{L}')).toMatch(/escape \\p/);
    expect(refusal('[\\d-z]')).toMatch(/class range/);
    expect(refusal('[\\b]')).toMatch(/\\b in a class/);
    expect(refusal('\\x4')).toMatch(/2 hex digits/);
    expect(refusal('(a')).toMatch(/not a valid regular expression/);
    expect(refusal('a**')).toMatch(/not a valid regular expression/);
    expect(refusal('^*')).toMatch(/not a valid regular expression/);
    expect(refusal('a'.repeat(MAX_PATTERN_LENGTH + 1))).toMatch(/longer than 1024/);
  });

  it('refuses a pattern whose automaton would be huge instead of building it', () => {
    expect(refusal('((a{100}){100}){100}')).toMatch(/too complex/);
  });

  it('a pattern that makes a backtracking engine explode answers at once, and correctly', () => {
    const evil = `${'a'.repeat(5000)}b`;
    for (const p of ['(a+)+', '(a|a)*', '(a*)*c', '(.*a){20}']) {
      expect(compileClaimPattern(p)(evil), p).toBe(false);
    }
    expect(compileClaimPattern('(a+)+b')(evil)).toBe(true);
  });

  it('gives the same answer as JavaScript RegExp ^(?:p)$ on random patterns and values (property)', () => {
    const atom = fc.oneof(
      fc.constantFrom('a', 'b', 'c', '.', '\\d', '\\w', '\\s', '\\.', '[ab]', '[^a]', '[a-c1]', '\\x61'),
      fc.constantFrom('1', ' ', '-'),
    );
    const quant = fc.constantFrom('', '', '*', '+', '?', '{2}', '{1,2}', '{0,}', '*?');
    const term = (depth: number): fc.Arbitrary<string> =>
      fc.tuple(depth === 0 ? atom : fc.oneof(atom, atom, group(depth - 1)), quant).map(([a, q]) => a + q);
    const alt = (depth: number): fc.Arbitrary<string> =>
      fc.array(fc.array(term(depth), { maxLength: 3 }).map((t) => t.join('')), { minLength: 1, maxLength: 3 }).map((s) => s.join('|'));
    const group = (depth: number): fc.Arbitrary<string> => fc.tuple(fc.constantFrom('(', '(?:'), alt(depth)).map(([open, inner]) => `${open}${inner})`);
    const pattern = alt(2);
    const value = fc.array(fc.constantFrom('a', 'b', 'c', '1', ' ', '.', '-', '\n'), { maxLength: 8 }).map((c) => c.join(''));
    fc.assert(
      fc.property(pattern, fc.array(value, { minLength: 1, maxLength: 8 }), (p, values) => {
        const ours = compileClaimPattern(p);
        const theirs = new RegExp(`^(?:${p})$`);
        for (const v of values) expect(ours(v), `${JSON.stringify(p)} on ${JSON.stringify(v)}`).toBe(theirs.test(v));
      }),
      { numRuns: 300 },
    );
  });
});
