import { parsePattern, unsupported, type Node, type Ranges } from './pattern-syntax.js';

/**
 * A compiled `iss-claim` / `aud-claim` pattern: whether a claim value matches it, whole.
 * @internal
 */
export type ClaimPattern = (value: string) => boolean;

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
    if (this.outs.length >= MAX_STATES) throw unsupported(`is too complex (its automaton would exceed ${MAX_STATES} states)`);
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
        for (let i = node.items.length - 1; i >= 0; i--) next = this.build(node.items[i] as Node, next);
        return next;
      case 'alt':
        return this.add(undefined, false, node.options.map((o) => this.build(o, next)));
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
  for (let i = 0; i < ranges.length && !found; i += 2) found = c >= (ranges[i] as number) && c <= (ranges[i + 1] as number);
  return found !== negate;
}

/**
 * Compiles a claim pattern: an ECMAScript regular expression (no flags) that must match the
 * WHOLE claim value, as if written `^(?:pattern)$`; a leading `^` and trailing `$` are allowed
 * and change nothing. Matching runs an automaton over the value, so it takes time linear in
 * the value's length whatever the pattern: no pattern can backtrack catastrophically.
 *
 * Supported: literals and escaped punctuation, `.`, classes (`[a-z]`, `[^...]`), `\d \w \s`
 * and their negations, `\t \n \v \f \r \0 \xHH \uHHHH`, groups `(...)` and `(?:...)`,
 * alternation, and the quantifiers `* + ? {n} {n,} {n,m}` (n, m at most 1000), greedy or lazy.
 * Refused: backreferences, lookarounds, named groups, word boundaries, `^`/`$` anywhere else,
 * unescaped `{ } ]` used as literals, and patterns longer than {@link MAX_PATTERN_LENGTH}.
 *
 * @throws {PolicyProblem} naming what is wrong with the pattern
 * @internal
 */
export function compileClaimPattern(source: string): ClaimPattern {
  if (source.length > MAX_PATTERN_LENGTH) throw unsupported(`is longer than ${MAX_PATTERN_LENGTH} characters`);
  try {
    new RegExp(source);
  } catch {
    throw unsupported('is not a valid regular expression');
  }
  const machine = new Automaton();
  const start = machine.build(parsePattern(source), 0);
  const { sets, negate, outs } = machine;
  // Per-state mark of the step that last reached it; steps keep counting across calls.
  const mark = new Float64Array(outs.length).fill(-1);
  let step = 0;
  const close = (from: number, into: number[]): void => {
    const stack = [from];
    while (stack.length > 0) {
      const s = stack.pop() as number;
      if (mark[s] === step) continue;
      mark[s] = step;
      if (sets[s] !== undefined) into.push(s);
      else for (const o of outs[s] as number[]) stack.push(o);
    }
  };
  return (value) => {
    step++;
    let current: number[] = [];
    close(start, current);
    let i = 0;
    for (; i < value.length && current.length > 0; i++) {
      const c = value.charCodeAt(i);
      step++;
      const next: number[] = [];
      for (const s of current) if (inSet(sets[s] as Ranges, negate[s] as boolean, c)) close((outs[s] as number[])[0] as number, next);
      current = next;
    }
    return i === value.length && mark[0] === step;
  };
}
