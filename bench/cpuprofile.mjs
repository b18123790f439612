// Summarises a V8 .cpuprofile: the functions with the most self time, and with the most
// inclusive time (their own plus their callees'), as shares of all samples.
//   node bench/cpuprofile.mjs /tmp/prof/x.cpuprofile [top]
import { readFileSync } from 'node:fs';

const [file, topArg = '30'] = process.argv.slice(2);
const prof = JSON.parse(readFileSync(file, 'utf8'));
const top = Number(topArg);
const byId = new Map(prof.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

const timeById = new Map();
let total = 0;
prof.samples.forEach((id, i) => {
  const dt = prof.timeDeltas[i] ?? 0;
  timeById.set(id, (timeById.get(id) ?? 0) + dt);
  total += dt;
});

const label = (n) => {
  const f = n.callFrame;
  const where = f.url.replace(/^file:\/\//, '').replace(/^.*\/(dist|node_modules|bench)\//, '$1/');
  return `${f.functionName || '(anonymous)'} ${where}${where ? `:${f.lineNumber + 1}` : ''}`;
};

const selfTime = new Map();
const inclusive = new Map();
for (const [id, t] of timeById) {
  const l = label(byId.get(id));
  selfTime.set(l, (selfTime.get(l) ?? 0) + t);
  // A function counted once per sample, however deep it recurses.
  const seen = new Set();
  for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
    const name = label(byId.get(cur));
    if (seen.has(name)) continue;
    seen.add(name);
    inclusive.set(name, (inclusive.get(name) ?? 0) + t);
  }
}

const print = (title, m) => {
  console.log(`-- ${title}`);
  for (const [l, t] of [...m].sort((a, b) => b[1] - a[1]).slice(0, top))
    console.log(`${((100 * t) / total).toFixed(1).padStart(6)}%  ${l}`);
};
print('self', selfTime);
print('inclusive', inclusive);
