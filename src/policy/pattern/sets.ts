/** Sorted, disjoint inclusive code unit ranges, flattened: [lo, hi, lo, hi, ...]. @internal */
export type Ranges = readonly number[];

const MAX_CHAR = 0xffff;

const DIGIT: Ranges = [0x30, 0x39];
const WORD: Ranges = [0x30, 0x39, 0x41, 0x5a, 0x5f, 0x5f, 0x61, 0x7a];
// PCRE2's defaults (no UCP): \s is the ASCII space characters, \h and \v the horizontal and
// vertical white space it lists.
const SPACE: Ranges = [0x09, 0x0d, 0x20, 0x20];
const HSPACE: Ranges = [
  0x09, 0x09, 0x20, 0x20, 0xa0, 0xa0, 0x1680, 0x1680, 0x180e, 0x180e, 0x2000, 0x200a, 0x202f,
  0x202f, 0x205f, 0x205f, 0x3000, 0x3000,
];
const VSPACE: Ranges = [0x0a, 0x0d, 0x85, 0x85, 0x2028, 0x2029];
/** What `.` does not match. @internal */
export const NEWLINE: Ranges = [0x0a, 0x0a];
/** The control escapes PCRE knows (`\t`, `\n`, ...), by their letter. @internal */
export const CONTROL_ESCAPES: Record<string, number> = {
  t: 0x09,
  n: 0x0a,
  f: 0x0c,
  r: 0x0d,
  e: 0x1b,
  a: 0x07,
};

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

/** The class escapes (`\d \w \s \h \v` and their negations), by their letter. @internal */
export const SETS: Record<string, Ranges> = {
  d: DIGIT,
  D: complement(DIGIT),
  w: WORD,
  W: complement(WORD),
  s: SPACE,
  S: complement(SPACE),
  h: HSPACE,
  H: complement(HSPACE),
  v: VSPACE,
  V: complement(VSPACE),
};

/** Sorts and merges ranges given as [lo, hi, ...] pieces into one {@link Ranges}. @internal */
export function normalize(parts: number[][]): Ranges {
  const pairs: Array<[number, number]> = [];
  for (const p of parts)
    for (let i = 0; i < p.length; i += 2) pairs.push([p[i] as number, p[i + 1] as number]);
  pairs.sort((a, b) => a[0] - b[0]);
  const out: number[] = [];
  for (const [lo, hi] of pairs) {
    const last = out.length - 1;
    if (last > 0 && lo <= (out[last] as number) + 1) out[last] = Math.max(out[last] as number, hi);
    else out.push(lo, hi);
  }
  return out;
}
