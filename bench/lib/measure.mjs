// Interleaved timing: every subject of one operation runs in short batches, one after another,
// in alternating order, for many rounds. Noise from other processes then hits the floor and the
// subjects alike, and the per-round ratio (subject / floor of the same round) cancels most of it.
import { performance } from 'node:perf_hooks';

// Written after every call, so no call can be optimised away.
// biome-ignore lint/correctness/noUnusedVariables: written, never read, on purpose
let sink;

/** Runs `fn(input)` `n` times; returns the elapsed milliseconds. */
async function batch(subject, input, n) {
  const fn = subject.fn;
  const t0 = performance.now();
  if (subject.async) {
    for (let i = 0; i < n; i++) sink = await fn(input);
  } else {
    for (let i = 0; i < n; i++) sink = fn(input);
  }
  return performance.now() - t0;
}

/** Warms `subject` up for about `ms` and returns how many calls fill `batchMs`. */
async function calibrate(subject, input, ms, batchMs) {
  let n = 1;
  let calls = 0;
  let spent = 0;
  while (spent < ms) {
    spent += await batch(subject, input, n);
    calls += n;
    if (n < 1 << 20) n *= 2;
  }
  return Math.max(1, Math.round((calls / spent) * batchMs));
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/**
 * Times `subjects` (the first is the floor) on `input`. Returns, per subject, the median ops/s,
 * its min and max over rounds, and the median, min and max of the per-round ratio to the floor.
 */
export async function measure(subjects, input, { rounds, batchMs, warmupMs }) {
  const sizes = [];
  for (const s of subjects) sizes.push(await calibrate(s, input, warmupMs, batchMs));
  const rates = subjects.map(() => []);
  for (let r = 0; r < rounds; r++) {
    const order = subjects.map((_, i) => i);
    if (r % 2) order.reverse();
    for (const i of order)
      rates[i].push(sizes[i] / ((await batch(subjects[i], input, sizes[i])) / 1000));
  }
  const floor = rates[0];
  return subjects.map((s, i) => {
    const ratios = rates[i].map((v, r) => v / floor[r]);
    return {
      name: s.name,
      ops: median(rates[i]),
      opsMin: Math.min(...rates[i]),
      opsMax: Math.max(...rates[i]),
      ratio: median(ratios),
      ratioMin: Math.min(...ratios),
      ratioMax: Math.max(...ratios),
    };
  });
}

export { median };
