import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PolicyProblem } from '../../src/policy/errors.js';
import {
  compileClaimPattern,
  MAX_MATCH_VISITS,
  MAX_PATTERN_LENGTH,
  type MatchBudget,
  type PatternMatch,
} from '../../src/policy/pattern/index.js';

function refusal(source: string): string {
  try {
    compileClaimPattern(source);
  } catch (e) {
    if (e instanceof PolicyProblem) return e.message;
    throw e;
  }
  throw new Error(`expected ${JSON.stringify(source)} to be refused`);
}

function matcher(source: string, match: PatternMatch = 'search'): (value: string) => boolean {
  const p = compileClaimPattern(source, match);
  return (value) => p.test(value, { left: MAX_MATCH_VISITS });
}

describe('claim patterns: PCRE search semantics (IBM: iss-claim / aud-claim are PCREs)', () => {
  it('matches anywhere in the value unless anchored, as PCRE does', () => {
    const m = matcher('issuer');
    expect([m('issuer'), m('my-issuer-1'), m('issu')]).toEqual([true, true, false]);
    const start = matcher('^api-');
    expect([start('api-orders'), start('x-api-orders')]).toEqual([true, false]);
    const url = matcher('^https://issuer');
    expect([url('https://issuer.example'), url('http://issuer')]).toEqual([true, false]);
    const both = matcher('^https://idp\\.example\\.com$');
    expect([
      both('https://idp.example.com'),
      both('https://idp.example.com.evil.net'),
      both('xhttps://idp.example.com'),
    ]).toEqual([true, false, false]);
  });

  it('whole-value matching on request (patternMatch: whole) ignores the anchors', () => {
    for (const p of ['^api$', '^api', 'api$', 'api']) {
      const m = matcher(p, 'whole');
      expect([m('api'), m('api2'), m('xapi')], p).toEqual([true, false, false]);
    }
  });

  it('understands (?i), \\A, \\z and \\Z; $ and \\Z also match before a final newline, \\z never', () => {
    const ci = matcher('(?i)^HTTPS://IdP\\.Example$');
    expect([
      ci('https://idp.example'),
      ci('HTTPS://IDP.EXAMPLE'),
      ci('https://idp.example.org'),
    ]).toEqual([true, true, false]);
    expect([
      matcher('(?i)^[a-c]+$')('aBC'),
      matcher('(?i)^[^a]$')('A'),
      matcher('(?i)^\\d$')('1'),
    ]).toEqual([true, false, true]);
    expect(matcher('\\Aapi\\z')('api')).toBe(true);
    expect(matcher('\\Aapi\\z')('api\n')).toBe(false);
    expect(matcher('\\Aapi\\Z')('api\n')).toBe(true);
    expect(matcher('^api$')('api\n')).toBe(true);
    expect(matcher('^api$')('api\n\n')).toBe(false);
    expect(matcher('a\\$')('xa$y')).toBe(true);
    expect(matcher('^$')('')).toBe(true);
    expect(matcher('[]a]')(']')).toBe(true);
    expect(matcher('\\x{41}\\x42')('AB')).toBe(true);
    expect(matcher('^(?<host>[a-z]+)\\.example$')('idp.example')).toBe(true);
  });

  it('refuses what cannot run in linear time, naming the construct', () => {
    expect(refusal('(a)\\1')).toMatch(/backreference \(\\1\)/);
    expect(refusal('(?P<n>a)(?P=n)')).toMatch(/backreference \(\?P=name\)/);
    expect(refusal('\\k<n>')).toMatch(/backreference/);
    expect(refusal('(?=a)a')).toMatch(/lookahead/);
    expect(refusal('(?!a)b')).toMatch(/negative lookahead/);
    expect(refusal('(?<=a)b')).toMatch(/lookbehind/);
    expect(refusal('(?<!a)b')).toMatch(/negative lookbehind/);
    expect(refusal('(?>a+)')).toMatch(/atomic group/);
    expect(refusal('a++')).toMatch(/possessive quantifier/);
    expect(refusal('(?R)')).toMatch(/recursion/);
    expect(refusal('a(?i)b')).toMatch(/only a leading \(\?i\)/);
    expect(refusal('\\bapi')).toMatch(/word boundary/);
    expect(refusal('a^b')).toMatch(/"\^" inside the pattern/);
    expect(refusal('^a|b$')).toMatch(/one branch of a top-level "\|"/);
    expect(refusal('a{1001}')).toMatch(/more than 1000 times/);
    expect(refusal('\\u0041')).toMatch(/not PCRE syntax/);
    expect(refusal('[[:alpha:]]')).toMatch(/POSIX class/);
    expect(refusal('(a')).toMatch(/unterminated "\("/);
    expect(refusal('a**')).toMatch(/nothing to repeat/);
    expect(refusal('a'.repeat(MAX_PATTERN_LENGTH + 1))).toMatch(/longer than 1024/);
    expect(refusal('((a{100}){100}){100}')).toMatch(/too complex/);
  });

  it('a pattern that makes a backtracking engine explode answers at once, and correctly', () => {
    const evil = `${'a'.repeat(5000)}b`;
    for (const p of ['^(a+)+$', '^(a|a)*$', '^(a*)*c']) expect(matcher(p)(evil), p).toBe(false);
    expect(matcher('(a+)+b')(evil)).toBe(true);
  });

  it('counts its work in state visits and stops at the budget (work, not time)', () => {
    const p = compileClaimPattern('(a|b)*c(a|b){20}');
    const value = 'ab'.repeat(512);
    const budget: MatchBudget = { left: MAX_MATCH_VISITS };
    expect(p.test(value, budget)).toBe(false);
    const spent = MAX_MATCH_VISITS - budget.left;
    // Linear: twice the value costs about twice the visits, never the square.
    const budget2: MatchBudget = { left: MAX_MATCH_VISITS };
    p.test(value + value, budget2);
    const spent2 = MAX_MATCH_VISITS - budget2.left;
    expect(spent2 / spent).toBeGreaterThan(1.8);
    expect(spent2 / spent).toBeLessThan(2.2);
    expect(() => p.test(value, { left: spent - 1 })).toThrow(/more than 200000 automaton steps/);
  });

  it('gives the same answer as JavaScript RegExp on random patterns and values, searching and whole (property)', () => {
    const atom = fc.constantFrom(
      'a',
      'b',
      'c',
      '.',
      '\\d',
      '\\w',
      '\\s',
      '\\.',
      '[ab]',
      '[^a]',
      '[a-c1]',
      '\\x61',
      '1',
      ' ',
      '-',
    );
    const quant = fc.constantFrom('', '', '*', '+', '?', '{2}', '{1,2}', '{0,}', '*?');
    const term = (depth: number): fc.Arbitrary<string> =>
      fc
        .tuple(depth === 0 ? atom : fc.oneof(atom, atom, group(depth - 1)), quant)
        .map(([a, q]) => a + q);
    const alt = (depth: number): fc.Arbitrary<string> =>
      fc
        .array(
          fc.array(term(depth), { maxLength: 3 }).map((t) => t.join('')),
          { minLength: 1, maxLength: 3 },
        )
        .map((s) => s.join('|'));
    const group = (depth: number): fc.Arbitrary<string> =>
      fc.tuple(fc.constantFrom('(', '(?:'), alt(depth)).map(([open, inner]) => `${open}${inner})`);
    const value = fc
      .array(fc.constantFrom('a', 'b', 'c', '1', ' ', '.', '-', '\n'), { maxLength: 8 })
      .map((c) => c.join(''));
    fc.assert(
      fc.property(alt(2), fc.array(value, { minLength: 1, maxLength: 8 }), (p, values) => {
        const search = matcher(p);
        const whole = matcher(p, 'whole');
        for (const v of values) {
          expect(search(v), `${JSON.stringify(p)} in ${JSON.stringify(v)}`).toBe(
            new RegExp(p).test(v),
          );
          expect(whole(v), `${JSON.stringify(p)} is ${JSON.stringify(v)}`).toBe(
            new RegExp(`^(?:${p})$`).test(v),
          );
        }
      }),
      { numRuns: 300 },
    );
  });

  it('any text is compiled or refused with a PolicyProblem, and matching any value answers a boolean (property)', () => {
    const pieces = fc.constantFrom(
      'a',
      '(',
      ')',
      '[',
      ']',
      '{',
      '}',
      '^',
      '$',
      '\\',
      '|',
      '*',
      '+',
      '?',
      '.',
      '-',
      ':',
      '<',
      '=',
      '!',
      'i',
      'x',
      '1',
      'z',
      'A',
      'Z',
      ',',
    );
    fc.assert(
      fc.property(
        fc.array(pieces, { maxLength: 24 }).map((a) => a.join('')),
        fc.string({ maxLength: 40 }),
        (source, value) => {
          let p: ReturnType<typeof compileClaimPattern>;
          try {
            p = compileClaimPattern(source);
          } catch (e) {
            expect(e).toBeInstanceOf(PolicyProblem);
            return;
          }
          expect(typeof p.test(value, { left: MAX_MATCH_VISITS })).toBe('boolean');
        },
      ),
      { numRuns: 2000 },
    );
  });
});
