// The measurements that are not ratios: import time, package size, heap growth.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { median } from './measure.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const ENTRY = new URL('../../dist/index.js', import.meta.url).href;

/** Milliseconds to import the package entry, each time in a fresh process. */
export function importTimes(runs) {
  const script = `const t = performance.now(); await import(${JSON.stringify(ENTRY)}); process.stdout.write(String(performance.now() - t));`;
  const times = [];
  for (let i = 0; i < runs; i++) {
    times.push(Number(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' })));
  }
  return { median: median(times), min: Math.min(...times), max: Math.max(...times), runs };
}

/** What `npm pack` would publish: tarball size, unpacked size, and the share of dist/. */
export function packageSize() {
  const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  const [info] = JSON.parse(out);
  const dist = info.files.filter((f) => f.path.startsWith('dist/'));
  const distJs = dist.filter((f) => f.path.endsWith('.js'));
  const sum = (files) => files.reduce((n, f) => n + f.size, 0);
  return {
    tarball: info.size,
    unpacked: info.unpackedSize,
    files: info.entryCount,
    dist: sum(dist),
    distJs: sum(distJs),
  };
}

/**
 * Calls `step(i)` `total` times and samples the heap (after a full GC when `--expose-gc` is on)
 * at ten checkpoints. Flat means the last sample is within `slackBytes` of the first.
 */
export function heapGrowth(step, total, slackBytes = 1 << 20) {
  const gc = globalThis.gc;
  const sample = () => {
    gc?.();
    return process.memoryUsage().heapUsed;
  };
  for (let i = 0; i < Math.min(10_000, total); i++) step(i);
  const samples = [sample()];
  const chunk = Math.ceil(total / 10);
  for (let done = 0; done < total; ) {
    const end = Math.min(total, done + chunk);
    for (let i = done; i < end; i++) step(i);
    done = end;
    samples.push(sample());
  }
  const growth = samples[samples.length - 1] - samples[0];
  return { calls: total, gc: gc !== undefined, first: samples[0], last: samples[samples.length - 1], peak: Math.max(...samples), growth, flat: growth < slackBytes };
}
