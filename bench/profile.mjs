// Runs jose-core's subject of one benchmark operation for a while, for `node --cpu-prof`:
//   node --cpu-prof --cpu-prof-dir=/tmp/prof bench/profile.mjs "HS256 verify" 3
import { buildCases } from './lib/cases.mjs';

const [name, seconds = '3', subjectName = 'jose-core'] = process.argv.slice(2);
if (name === undefined) {
  console.error('usage: node --cpu-prof bench/profile.mjs "<operation>" [seconds] [subject]');
  process.exit(2);
}
const lib = await import('../dist/index.js');
const exact = await buildCases(lib, { missing: [] }, (id) => id === name);
const op =
  exact[0] ??
  (
    await buildCases(lib, { missing: [] }, (id) => id.toLowerCase().includes(name.toLowerCase()))
  )[0];
const subject = op?.subjects.find((s) => s.name === subjectName);
if (subject === undefined) {
  console.error(
    `no operation "${name}" with a subject ${subjectName}; see the first column of bench/RESULTS.md`,
  );
  process.exit(2);
}
const end = Date.now() + Number(seconds) * 1000;
let calls = 0;
while (Date.now() < end) {
  for (let i = 0; i < 100; i++) subject.fn(op.input);
  calls += 100;
}
console.error(`${op.id}, ${subject.name}: ${calls} calls in ${seconds} s`);
