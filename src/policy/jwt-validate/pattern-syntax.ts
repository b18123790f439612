import { PolicyProblem } from '../errors.js';

// Counted repetitions beyond this are refused; with the automaton's state bound they keep
// patterns such as ((a{100}){100}){100} from being built at all.
const MAX_REPEAT = 1000;
const MAX_CHAR = 0xffff;

/** Sorted, disjoint inclusive code unit ranges, flattened: [lo, hi, lo, hi, ...]. @internal */
export type Ranges = readonly number[];

/** A parsed claim pattern. @internal */
export type Node =
  | { t: 'set'; ranges: Ranges; negate: boolean }
  | { t: 'seq'; items: Node[] }
  | { t: 'alt'; options: Node[] }
  | { t: 'rep'; node: Node; min: number; max: number };

const DIGIT: Ranges = [0x30, 0x39];
const WORD: Ranges = [0x30, 0x39, 0x41, 0x5a, 0x5f, 0x5f, 0x61, 0x7a];
// ECMAScript WhiteSpace and LineTerminator code points, as `\s` matches them.
const SPACE: Ranges = [0x09, 0x0d, 0x20, 0x20, 0xa0, 0xa0, 0x1680, 0x1680, 0x2000, 0x200a, 0x2028, 0x2029, 0x202f, 0x202f, 0x205f, 0x205f, 0x3000, 0x3000, 0xfeff, 0xfeff];
const LINE_TERMINATORS: Ranges = [0x0a, 0x0a, 0x0d, 0x0d, 0x2028, 0x2029];
const CONTROL_ESCAPES: Record<string, number> = { t: 0x09, n: 0x0a, v: 0x0b, f: 0x0c, r: 0x0d };

function complement(r: Ranges): Ranges {
  const out: number[] = [];
  let from = 0;
  for (let i = 0; i < r.length; i += 2) {
    if ((r[i] as number) > from) out.push(from, (r[i] as number) - 1);
    from = (r[i + 1] as number) + 1;
  }
  if (from <= MAX_CHAR) out.push(from, MAX_CHAR);
  return out;
}

const SETS: Record<string, Ranges> = { d: DIGIT, D: complement(DIGIT), w: WORD, W: complement(WORD), s: SPACE, S: complement(SPACE) };

function startsQuantifier(c: string | undefined): boolean {
  return c === '*' || c === '+' || c === '?' || c === '{';
}

/** A pattern problem, worded to follow the property name. @internal */
export function unsupported(message: string): PolicyProblem {
  return new PolicyProblem(message);
}

/** Recursive-descent parser for the supported subset of ECMAScript regular expression syntax. */
class Parser {
  private pos = 0;
  constructor(private readonly src: string) {}

  parse(): Node {
    const node = this.alternation();
    if (this.pos < this.src.length) throw unsupported('has an unmatched ")"');
    return node;
  }

  private alternation(): Node {
    const options = [this.sequence()];
    while (this.src[this.pos] === '|') {
      this.pos++;
      options.push(this.sequence());
    }
    return options.length === 1 ? (options[0] as Node) : { t: 'alt', options };
  }

  private sequence(): Node {
    const items: Node[] = [];
    for (let c = this.src[this.pos]; c !== undefined && c !== '|' && c !== ')'; c = this.src[this.pos]) {
      const atom = this.atom();
      if (atom === undefined) continue;
      items.push(this.quantified(atom));
    }
    return { t: 'seq', items };
  }

  // Returns undefined for an anchor: the whole value is matched anyway.
  private atom(): Node | undefined {
    const src = this.src;
    const c = src[this.pos] as string;
    if (c === '^' || c === '$') {
      const edge = c === '^' ? this.pos === 0 : this.pos === src.length - 1;
      if (!edge) throw unsupported(`uses "${c}" inside the pattern; the whole value is always matched, so "^" and "$" may only begin and end it`);
      this.pos++;
      if (startsQuantifier(src[this.pos])) throw unsupported('has a quantifier with nothing to repeat');
      return undefined;
    }
    this.pos++;
    switch (c) {
      case '(': {
        if (src[this.pos] === '?') {
          if (src[this.pos + 1] !== ':') throw unsupported('uses a lookaround or named group, which is not supported');
          this.pos += 2;
        }
        const inner = this.alternation();
        if (src[this.pos] !== ')') throw unsupported('has an unterminated "("');
        this.pos++;
        return inner;
      }
      case '[':
        return this.characterClass();
      case '.':
        return { t: 'set', ranges: LINE_TERMINATORS, negate: true };
      case '\\': {
        const e = this.escape(false);
        return typeof e === 'number' ? { t: 'set', ranges: [e, e], negate: false } : { t: 'set', ranges: e, negate: false };
      }
      case '*':
      case '+':
      case '?':
      case '{':
        throw unsupported(c === '{' ? 'has a "{" that is not a quantifier; escape a literal one as \\{' : 'has a quantifier with nothing to repeat');
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
    const c = src[this.pos];
    if (c === '*' || c === '+' || c === '?') {
      this.pos++;
      [min, max] = c === '*' ? [0, Infinity] : c === '+' ? [1, Infinity] : [0, 1];
    } else if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(src.slice(this.pos));
      if (m === null) throw unsupported('has a "{" that is not a quantifier; escape a literal one as \\{');
      this.pos += m[0].length;
      min = Number(m[1]);
      max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
      if (min > MAX_REPEAT || (max !== Infinity && max > MAX_REPEAT)) throw unsupported(`repeats more than ${MAX_REPEAT} times`);
      if (max < min) throw unsupported('has a {min,max} quantifier whose numbers are out of order');
    } else {
      return atom;
    }
    // A lazy quantifier matches the same whole values as a greedy one.
    if (src[this.pos] === '?') this.pos++;
    if (startsQuantifier(src[this.pos])) throw unsupported('has a quantifier with nothing to repeat');
    return { t: 'rep', node: atom, min, max };
  }

  /** After a backslash: a code unit, or a set (\d \w \s and their negations). */
  private escape(inClass: boolean): number | Ranges {
    const c = this.src[this.pos];
    if (c === undefined) throw unsupported('ends with a lone "\\"');
    this.pos++;
    if (Object.hasOwn(SETS, c)) return SETS[c] as Ranges;
    if (Object.hasOwn(CONTROL_ESCAPES, c)) return CONTROL_ESCAPES[c] as number;
    if (c === '0' && !/[0-9]/.test(this.src[this.pos] ?? '')) return 0;
    if (c === 'x' || c === 'u') {
      const digits = c === 'x' ? 2 : 4;
      const hex = this.src.slice(this.pos, this.pos + digits);
      if (!new RegExp(`^[0-9A-Fa-f]{${digits}}$`).test(hex)) throw unsupported(`has a \\${c} escape without ${digits} hex digits`);
      this.pos += digits;
      return parseInt(hex, 16);
    }
    if (/[0-9]/.test(c)) throw unsupported('uses a backreference or octal escape, which is not supported');
    if (c === 'b' || c === 'B') throw unsupported(inClass ? 'uses \\b in a class; write \\x08 for a backspace' : 'uses a word boundary, which is not supported');
    if (/[A-Za-z]/.test(c)) throw unsupported(`uses the escape \\${c}, which is not supported`);
    return c.charCodeAt(0);
  }

  private characterClass(): Node {
    const src = this.src;
    const negate = src[this.pos] === '^';
    if (negate) this.pos++;
    const parts: number[][] = [];
    const member = (): number | Ranges => {
      const c = src[this.pos];
      if (c === undefined) throw unsupported('has an unterminated "["');
      this.pos++;
      return c === '\\' ? this.escape(true) : c.charCodeAt(0);
    };
    while (src[this.pos] !== ']') {
      const lo = member();
      if (src[this.pos] === '-' && src[this.pos + 1] !== ']' && src[this.pos + 1] !== undefined) {
        this.pos++;
        const hi = member();
        if (typeof lo !== 'number' || typeof hi !== 'number') throw unsupported('has a class range with \\d, \\w or \\s as an end');
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

function normalize(parts: number[][]): Ranges {
  const pairs: Array<[number, number]> = [];
  for (const p of parts) for (let i = 0; i < p.length; i += 2) pairs.push([p[i] as number, p[i + 1] as number]);
  pairs.sort((a, b) => a[0] - b[0]);
  const out: number[] = [];
  for (const [lo, hi] of pairs) {
    const last = out.length - 1;
    if (last > 0 && lo <= (out[last] as number) + 1) out[last] = Math.max(out[last] as number, hi);
    else out.push(lo, hi);
  }
  return out;
}

/**
 * Parses the supported subset of ECMAScript regular expression syntax (see compileClaimPattern).
 * @throws {PolicyProblem} naming the construct that is not supported
 * @internal
 */
export function parsePattern(source: string): Node {
  return new Parser(source).parse();
}
