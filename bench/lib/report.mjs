// Markdown rendering of a run.
import { cpus, totalmem } from 'node:os';

const PEERS = ['fast-jwt', 'jsonwebtoken', 'jose'];

const ops = (n) =>
  n >= 10_000 ? `${Math.round(n / 1000)}k` : n >= 1000 ? `${(n / 1000).toFixed(1)}k` : n.toFixed(0);
const r2 = (x) => x.toFixed(2);
const r3 = (x) => x.toFixed(3);
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;

/** The environment line of a report. */
export function environment(peerVersions) {
  const cpu = cpus();
  const peers = Object.entries(peerVersions)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  return [
    `- Date: ${new Date().toISOString()}`,
    `- Node ${process.version} (${process.platform} ${process.arch}), V8 ${process.versions.v8}, OpenSSL ${process.versions.openssl}`,
    `- CPU: ${cpu[0]?.model ?? 'unknown'} x ${cpu.length}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM`,
    `- Peers: ${peers || 'none installed (run npm install --prefix bench)'}`,
  ].join('\n');
}

/** The main table: one row per operation; peers as their ratio to the same floor. */
export function table(results) {
  const lines = [
    '| operation | floor ops/s | jose-core ops/s | ratio | ratio min-max | goal | | fast-jwt | jsonwebtoken | jose |',
    '|---|---:|---:|---:|---:|---:|---|---:|---:|---:|',
  ];
  for (const { op, rows } of results) {
    const [f, core] = rows;
    const peer = (name) => {
      const p = rows.find((r) => r.name === name);
      return p === undefined ? '' : r2(p.ratio);
    };
    const pass = core.ratio >= op.goal ? 'ok' : 'BELOW';
    lines.push(
      `| ${op.id} | ${ops(f.ops)} | ${ops(core.ops)} | ${r3(core.ratio)} | ${r2(core.ratioMin)}-${r2(core.ratioMax)} | ${r2(op.goal)} | ${pass} | ${PEERS.map(peer).join(' | ')} |`,
    );
  }
  return lines.join('\n');
}

/** The non-ratio measurements. */
export function extrasSection({ importTime, size, heap }) {
  const lines = [];
  if (importTime) {
    const [core, ...others] = importTime;
    const ms = (t) =>
      `${t.median.toFixed(2)} ms (min ${t.min.toFixed(2)}, max ${t.max.toFixed(2)})`;
    lines.push(
      `- Import of \`dist/index.js\` in a fresh process: median ${ms(core)}, ${core.runs} processes; goal <= 10 ms: ${core.median <= 10 ? 'ok' : 'BELOW'}. Interleaved with it, for scale: ${others.map((t) => `${t.name} ${ms(t)}`).join('; ')}`,
    );
  }
  if (size) {
    lines.push(
      `- Package (\`npm pack --dry-run\`): ${kb(size.unpacked)} unpacked in ${size.files} files, ${kb(size.tarball)} packed; of that \`dist/\` is ${kb(size.dist)} (${kb(size.distJs)} of .js, the rest .d.ts)`,
    );
  }
  for (const h of heap ?? []) {
    const mb = (b) => `${(b / 2 ** 20).toFixed(2)} MiB`;
    lines.push(
      `- Heap, ${h.label}: ${h.calls.toLocaleString('en-US')} calls, heap used ${mb(h.first)} -> ${mb(h.last)} (peak ${mb(h.peak)}, growth ${mb(h.growth)}${h.gc ? ', after full GCs' : ', no --expose-gc: samples without forced GC'}): ${h.flat ? 'flat' : 'GROWING'}`,
    );
  }
  return lines.join('\n');
}
