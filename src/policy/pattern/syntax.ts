import { PolicyProblem } from '../errors.js';
import { CONTROL_ESCAPES, NEWLINE, normalize, type Ranges, SETS } from './sets.js';

// Counted repetitions beyond this are refused; with the automaton's state bound they keep
// patterns such as ((a{100}){100}){100} from being built at all.
const MAX_REPEAT = 1000;

/** A parsed claim pattern. @internal */
export type Node =
  | { t: 'set'; ranges: Ranges; negate: boolean }
  | { t: 'seq'; items: Node[] }
  | { t: 'alt'; options: Node[] }
  | { t: 'rep'; node: Node; min: number; max: number };

/**
 * How a pattern is anchored: `start` for a leading `^` or `\A`; `end` for a trailing `\z`
 * (`strict`: the very end) or `$` / `\Z` (`newline`: the end, or before a final newline, as PCRE
 * has it without DOLLAR_ENDONLY).
 * @internal
 */
export interface Parsed {
  node: Node;
  caseless: boolean;
  start: boolean;
  end: 'none' | 'strict' | 'newline';
}

// PCRE constructs the automaton cannot run in linear time, or that change matching globally,
// each refused by name at compile time.
const GROUP_CONSTRUCTS: Array<[string, string]> = [
  ['(?=', 'a lookahead (?=...)'],
  ['(?!', 'a negative lookahead (?!...)'],
  ['(?<=', 'a lookbehind (?<=...)'],
  ['(?<!', 'a negative lookbehind (?<!...)'],
  ['(?>', 'an atomic group (?>...)'],
  ['(?P=', 'a backreference (?P=name)'],
  ['(?P>', 'a subroutine call (?P>name)'],
  ['(?R)', 'recursion (?R)'],
  ['(?|', 'a branch reset group (?|...)'],
  ['(?#', 'a comment group (?#...)'],
  ['(?(', 'a conditional group (?(...)...)'],
];

function startsQuantifier(c: string | undefined): boolean {
  return c === '*' || c === '+' || c === '?' || c === '{';
}

/** A pattern problem, worded to follow the property name. @internal */
export function unsupported(message: string): PolicyProblem {
  return new PolicyProblem(message);
}

/** Recursive-descent parser for the supported subset of PCRE syntax. */
class Parser {
  private pos = 0;
  private readonly last: number;
  constructor(
    private readonly src: string,
    first: number,
    last: number,
  ) {
    this.pos = first;
    this.last = last;
  }

  parse(): Node {
    const node = this.alternation();
    if (this.pos < this.last) throw unsupported('has an unmatched ")"');
    return node;
  }

  private alternation(): Node {
    const options = [this.sequence()];
    while (this.pos < this.last && this.src[this.pos] === '|') {
      this.pos++;
      options.push(this.sequence());
    }
    return options.length === 1 ? (options[0] as Node) : { t: 'alt', options };
  }

  private sequence(): Node {
    const items: Node[] = [];
    for (
      let c = this.src[this.pos];
      this.pos < this.last && c !== '|' && c !== ')';
      c = this.src[this.pos]
    ) {
      items.push(this.quantified(this.atom()));
    }
    return { t: 'seq', items };
  }

  private atom(): Node {
    const src = this.src;
    const c = src[this.pos] as string;
    if (c === '^' || c === '$') {
      throw unsupported(
        `uses "${c}" inside the pattern; anchors may only begin (^, \\A) or end ($, \\Z, \\z) it`,
      );
    }
    if (c === '(') {
      for (const [open, name] of GROUP_CONSTRUCTS)
        if (src.startsWith(open, this.pos))
          throw unsupported(`uses ${name}, which is not supported`);
    }
    this.pos++;
    switch (c) {
      case '(': {
        if (src[this.pos] === '?') {
          const named = /^\?(?:P?<[A-Za-z_]\w*>|'[A-Za-z_]\w*')/.exec(src.slice(this.pos));
          if (src[this.pos + 1] === ':') this.pos += 2;
          else if (named !== null) this.pos += named[0].length;
          else {
            const what = `(${src.slice(this.pos, this.pos + 3)}`;
            throw unsupported(
              `uses the group or inline option "${what}", which is not supported; only a leading (?i) is`,
            );
          }
        }
        const inner = this.alternation();
        if (src[this.pos] !== ')' || this.pos >= this.last)
          throw unsupported('has an unterminated "("');
        this.pos++;
        return inner;
      }
      case '[':
        return this.characterClass();
      case '.':
        return { t: 'set', ranges: NEWLINE, negate: true };
      case '\\': {
        const e = this.escape(false);
        return typeof e === 'number'
          ? { t: 'set', ranges: [e, e], negate: false }
          : { t: 'set', ranges: e, negate: false };
      }
      case '*':
      case '+':
      case '?':
        throw unsupported('has a quantifier with nothing to repeat');
      case '{':
        throw unsupported('has a "{" that is not a quantifier; escape a literal one as \\{');
      case ']':
      case '}':
        throw unsupported(`has a lone "${c}"; escape a literal one as \\${c}`);
      default:
        return { t: 'set', ranges: [c.charCodeAt(0), c.charCodeAt(0)], negate: false };
    }
  }

  private quantified(atom: Node): Node {
    const src = this.src;
    let min: number;
    let max: number;
    const c = this.pos < this.last ? src[this.pos] : undefined;
    if (c === '*' || c === '+' || c === '?') {
      this.pos++;
      [min, max] = c === '*' ? [0, Infinity] : c === '+' ? [1, Infinity] : [0, 1];
    } else if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(src.slice(this.pos, this.last));
      if (m === null)
        throw unsupported('has a "{" that is not a quantifier; escape a literal one as \\{');
      this.pos += m[0].length;
      min = Number(m[1]);
      max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
      if (min > MAX_REPEAT || (max !== Infinity && max > MAX_REPEAT))
        throw unsupported(`repeats more than ${MAX_REPEAT} times`);
      if (max < min) throw unsupported('has a {min,max} quantifier whose numbers are out of order');
    } else {
      return atom;
    }
    // A lazy quantifier accepts the same values as a greedy one; only captures would differ.
    const next = this.pos < this.last ? src[this.pos] : undefined;
    if (next === '+') throw unsupported('uses a possessive quantifier, which is not supported');
    if (next === '?') this.pos++;
    if (this.pos < this.last && startsQuantifier(src[this.pos]))
      throw unsupported('has a quantifier with nothing to repeat');
    return { t: 'rep', node: atom, min, max };
  }

  /** After a backslash: a code unit, or a set (\d \w \s \h \v and their negations). */
  private escape(inClass: boolean): number | Ranges {
    const c = this.pos < this.last ? this.src[this.pos] : undefined;
    if (c === undefined) throw unsupported('ends with a lone "\\"');
    this.pos++;
    if (Object.hasOwn(SETS, c)) return SETS[c] as Ranges;
    if (Object.hasOwn(CONTROL_ESCAPES, c)) return CONTROL_ESCAPES[c] as number;
    if (c === '0' && !/[0-7]/.test(this.src[this.pos] ?? '')) return 0;
    if (c === 'x') return this.hex();
    if (/[1-9]/.test(c) || c === 'k' || c === 'g')
      throw unsupported(`uses a backreference (\\${c}), which is not supported`);
    if (c === 'b' || c === 'B') {
      throw unsupported(
        inClass
          ? 'uses \\b in a class; write \\x08 for a backspace'
          : 'uses a word boundary (\\b, \\B), which is not supported',
      );
    }
    if (c === 'A' || c === 'z' || c === 'Z')
      throw unsupported(`uses "\\${c}" inside the pattern; anchors may only begin or end it`);
    if (c === 'u') throw unsupported('uses \\u, which is not PCRE syntax; write \\x{HHHH}');
    if (/[A-Za-z0-9]/.test(c)) throw unsupported(`uses the escape \\${c}, which is not supported`);
    return c.charCodeAt(0);
  }

  private hex(): number {
    const rest = this.src.slice(this.pos, this.last);
    const m = /^(?:\{([0-9A-Fa-f]{1,4})\}|([0-9A-Fa-f]{2}))/.exec(rest);
    if (m === null)
      throw unsupported('has a \\x escape without 2 hex digits or {1 to 4 hex digits}');
    this.pos += m[0].length;
    return parseInt((m[1] ?? m[2]) as string, 16);
  }

  private characterClass(): Node {
    const src = this.src;
    const negate = src[this.pos] === '^';
    if (negate) this.pos++;
    const parts: number[][] = [];
    const member = (): number | Ranges => {
      if (this.pos >= this.last) throw unsupported('has an unterminated "["');
      const c = src[this.pos] as string;
      if (c === '[' && src[this.pos + 1] === ':')
        throw unsupported('uses a POSIX class [:name:], which is not supported');
      this.pos++;
      return c === '\\' ? this.escape(true) : c.charCodeAt(0);
    };
    // PCRE reads a "]" right after "[" or "[^" as a literal member.
    let leading = true;
    while (leading || src[this.pos] !== ']') {
      leading = false;
      if (this.pos >= this.last) throw unsupported('has an unterminated "["');
      const lo = member();
      if (src[this.pos] === '-' && src[this.pos + 1] !== ']' && this.pos + 1 < this.last) {
        this.pos++;
        const hi = member();
        if (typeof lo !== 'number' || typeof hi !== 'number') {
          throw unsupported('has a class range with a class escape (\\d, \\w, ...) as an end');
        }
        if (lo > hi) throw unsupported('has a class range out of order');
        parts.push([lo, hi]);
      } else {
        parts.push(typeof lo === 'number' ? [lo, lo] : [...lo]);
      }
    }
    this.pos++;
    return { t: 'set', ranges: normalize(parts), negate };
  }
}

/**
 * Parses the supported subset of PCRE syntax (see compileClaimPattern): a leading `(?i)`, then
 * `^` or `\\A`, the pattern, then `$`, `\\Z` or `\\z`.
 * @throws {PolicyProblem} naming the construct that is not supported
 * @internal
 */
export function parsePattern(source: string): Parsed {
  let first = 0;
  let last = source.length;
  const caseless = source.startsWith('(?i)');
  if (caseless) first = 4;
  let start = false;
  if (source.startsWith('^', first)) [start, first] = [true, first + 1];
  else if (source.startsWith('\\A', first)) [start, first] = [true, first + 2];
  let end: Parsed['end'] = 'none';
  // A trailing anchor, unless its backslash or "$" is itself escaped.
  const escaped = (at: number): boolean => {
    let n = 0;
    for (let i = at - 1; i >= first && source[i] === '\\'; i--) n++;
    return n % 2 === 1;
  };
  if (last - first >= 1 && source.endsWith('$') && !escaped(last - 1))
    [end, last] = ['newline', last - 1];
  else if (
    last - first >= 2 &&
    (source.endsWith('\\Z') || source.endsWith('\\z')) &&
    !escaped(last - 2)
  ) {
    [end, last] = [source.endsWith('z') ? 'strict' : 'newline', last - 2];
  }
  if (startsQuantifier(source[first]) && first > 0)
    throw unsupported('has a quantifier with nothing to repeat');
  const node = new Parser(source, first, last).parse();
  // An anchor next to a top-level "|" would bind to one branch only.
  if ((start || end !== 'none') && node.t === 'alt') {
    throw unsupported(
      'anchors only one branch of a top-level "|"; group the alternatives, e.g. ^(?:a|b)$',
    );
  }
  return { node, caseless, start, end };
}
