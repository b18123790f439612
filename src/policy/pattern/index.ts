import { PolicyProblem } from '../errors.js';
import { normalize, type Ranges } from './sets.js';
import { type Node, parsePattern, unsupported } from './syntax.js';

/**
 * Work a request may spend matching claims, in automaton state visits, shared by `iss` and every
 * `aud` value; a caller creates one per request. Visits, not time, so a refusal is deterministic.
 * @internal
 */
export interface MatchBudget {
  /** State visits left. */
  left: number;
}

/**
 * A compiled `iss-claim` / `aud-claim` pattern.
 * @internal
 */
export interface ClaimPattern {
  /** Whether `value` matches; spends state visits from `budget`. */
  test(value: string, budget: MatchBudget): boolean;
  /** Whether the pattern is anchored at both ends (else it also matches inside longer values). */
  readonly anchored: boolean;
}

/** How a claim value must match: PCRE search (the default, as the gateway does) or the whole value. */
export type PatternMatch = 'search' | 'whole';

/** State visits one request may spend on its claim patterns. */
export const MAX_MATCH_VISITS = 200_000;
/** Longest claim value matched against a pattern; a longer `iss` or `aud` value is refused unread. */
export const MAX_MATCHED_CLAIM_LENGTH = 1024;
/** Most `aud` values matched; a token with more is refused unread. */
export const MAX_MATCHED_AUD_VALUES = 64;

/** Longest pattern accepted; claim patterns are short, and the bound keeps compilation cheap. */
export const MAX_PATTERN_LENGTH = 1024;
// Bounds the automaton, so counted repetitions such as ((a{100}){100}){100} cannot blow it up.
const MAX_STATES = 4096;

/** A Thompson automaton: set states consume one code unit, the others are epsilon splits. */
class Automaton {
  readonly sets: Array<Ranges | undefined> = [];
  readonly negate: boolean[] = [];
  readonly outs: number[][] = [];
  /** State 0 accepts. */
  constructor() {
    this.add(undefined, false, []);
  }

  add(ranges: Ranges | undefined, negate: boolean, outs: number[]): number {
    if (this.outs.length >= MAX_STATES)
      throw unsupported(`is too complex (its automaton would exceed ${MAX_STATES} states)`);
    this.sets.push(ranges);
    this.negate.push(negate);
    this.outs.push(outs);
    return this.outs.length - 1;
  }

  // Built back to front: each node is compiled knowing the state that follows it.
  build(node: Node, next: number): number {
    switch (node.t) {
      case 'set':
        return this.add(node.ranges, node.negate, [next]);
      case 'seq':
        for (let i = node.items.length - 1; i >= 0; i--)
          next = this.build(node.items[i] as Node, next);
        return next;
      case 'alt':
        return this.add(
          undefined,
          false,
          node.options.map((o) => this.build(o, next)),
        );
      case 'rep': {
        let cont = next;
        if (node.max === Infinity) {
          const loop = this.add(undefined, false, []);
          this.outs[loop] = [this.build(node.node, loop), next];
          cont = loop;
        } else {
          for (let k = node.max - node.min; k > 0; k--) {
            const after = cont;
            cont = this.add(undefined, false, [this.build(node.node, after), after]);
          }
        }
        for (let k = 0; k < node.min; k++) cont = this.build(node.node, cont);
        return cont;
      }
    }
  }
}

function inSet(ranges: Ranges, negate: boolean, c: number): boolean {
  let found = false;
  for (let i = 0; i < ranges.length && !found; i += 2)
    found = c >= (ranges[i] as number) && c <= (ranges[i + 1] as number);
  return found !== negate;
}

// PCRE's default tables (no UTF, no locale) fold case for ASCII letters only; folding the sets
// once keeps matching a plain range test.
function foldAscii(r: Ranges): Ranges {
  const extra: number[][] = [];
  for (let i = 0; i < r.length; i += 2) {
    const lo = r[i] as number;
    const hi = r[i + 1] as number;
    const [ua, ub] = [Math.max(lo, 0x41), Math.min(hi, 0x5a)];
    if (ua <= ub) extra.push([ua + 0x20, ub + 0x20]);
    const [la, lb] = [Math.max(lo, 0x61), Math.min(hi, 0x7a)];
    if (la <= lb) extra.push([la - 0x20, lb - 0x20]);
  }
  return extra.length === 0 ? r : normalize([[...r], ...extra]);
}

/** Thrown when a request's matching budget runs out; the token is refused, never half-checked. @internal */
export class MatchBudgetExhausted extends PolicyProblem {
  constructor() {
    const message = `matching the claim patterns needs more than ${MAX_MATCH_VISITS} automaton steps`;
    super(message, 'ERR_JWT_CLAIM_INVALID');
  }
}

/**
 * Compiles a claim pattern written in PCRE syntax, as the gateway's `iss-claim` and `aud-claim`
 * are. With `search` (the default) it matches anywhere in the value unless anchored, as PCRE
 * does: `^` or `\\A` at the start, `$` or `\\Z` at the end (also before a final newline), `\\z` at
 * the very end. With `whole` the whole value must match, anchors or not. A leading `(?i)` makes
 * ASCII letters match either case (PCRE's default tables). Matching runs an automaton over the
 * value, so it takes time linear in the value's length whatever the pattern: no pattern can
 * backtrack catastrophically.
 *
 * Supported: literals and escaped punctuation, `.` (any unit but a newline), classes (`[a-z]`,
 * `[^...]`, a leading `]` literal), `\\d \\w \\s \\h \\v` and their negations (ASCII, PCRE's defaults),
 * `\\t \\n \\r \\f \\e \\a \\0 \\xHH \\x{HHHH}`, groups `(...)`, `(?:...)` and named ones, alternation, and
 * the quantifiers `* + ? {n} {n,} {n,m}` (n, m at most 1000), greedy or lazy.
 * Refused, by name: backreferences, lookarounds, atomic groups, possessive quantifiers,
 * recursion, conditionals, inline options other than a leading `(?i)`, word boundaries, anchors
 * anywhere else, and patterns longer than {@link MAX_PATTERN_LENGTH}.
 *
 * @throws {PolicyProblem} naming what is wrong with the pattern
 * @internal
 */
export function compileClaimPattern(source: string, match: PatternMatch = 'search'): ClaimPattern {
  if (source.length > MAX_PATTERN_LENGTH)
    throw unsupported(`is longer than ${MAX_PATTERN_LENGTH} characters`);
  const parsed = parsePattern(source);
  const machine = new Automaton();
  const start = machine.build(parsed.node, 0);
  const { negate, outs } = machine;
  const sets = parsed.caseless
    ? machine.sets.map((r) => (r === undefined ? r : foldAscii(r)))
    : machine.sets;
  const fromStart = match === 'whole' || parsed.start;
  const toEnd = match === 'whole' || parsed.end !== 'none';
  const beforeNewline = match === 'search' && parsed.end === 'newline';
  // Per-state mark of the step that last reached it; steps keep counting across calls.
  const mark = new Float64Array(outs.length).fill(-1);
  let step = 0;
  let visits = 0;
  const close = (from: number, into: number[]): void => {
    const stack = [from];
    while (stack.length > 0) {
      const s = stack.pop() as number;
      visits++;
      if (mark[s] === step) continue;
      mark[s] = step;
      if (sets[s] !== undefined) into.push(s);
      else for (const o of outs[s] as number[]) stack.push(o);
    }
  };
  const test = (value: string, budget: MatchBudget): boolean => {
    visits = 0;
    const spend = (): void => {
      budget.left -= visits;
      visits = 0;
      if (budget.left < 0) throw new MatchBudgetExhausted();
    };
    step++;
    let current: number[] = [];
    close(start, current);
    const n = value.length;
    for (let i = 0; ; i++) {
      spend();
      // State 0 accepts: reached here, the pattern has matched value[..i).
      if (
        mark[0] === step &&
        (!toEnd || i === n || (beforeNewline && i === n - 1 && value.charCodeAt(i) === 0x0a))
      )
        return true;
      if (i === n || (current.length === 0 && fromStart)) return false;
      const c = value.charCodeAt(i);
      step++;
      const next: number[] = [];
      for (const s of current)
        if (inSet(sets[s] as Ranges, negate[s] as boolean, c))
          close((outs[s] as number[])[0] as number, next);
      // Unanchored: a match may also begin at the next position.
      if (!fromStart) close(start, next);
      current = next;
    }
  };
  return { test, anchored: fromStart && toEnd };
}
