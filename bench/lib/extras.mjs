// The measurements that are not ratios: import time, package size, heap growth.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { median } from './measure.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BENCH = fileURLToPath(new URL('../', import.meta.url));
const ENTRY = new URL('../../dist/index.js', import.meta.url).href;

/**
 * Milliseconds to import a module, each time in a fresh process, for jose-core's entry and,
 * interleaved with it, for scale: jose-core again but after an empty ES module was imported
 * (what an application that already runs ES modules pays: the loader's first file costs every
 * package alike), an empty ES module, one importing only node:crypto and node:buffer (the least
 * a crypto library loads), and the peers installed in bench/node_modules (imported by name from
 * bench/). Returns one summary per subject, jose-core's first.
 */
export function importTimes(runs, peers) {
  const dir = mkdtempSync(join(tmpdir(), 'jose-core-bench-'));
  writeFileSync(join(dir, 'empty.mjs'), 'export {};\n');
  writeFileSync(
    join(dir, 'builtins.mjs'),
    "import 'node:crypto';\nimport 'node:buffer';\nexport {};\n",
  );
  const empty = pathToFileURL(join(dir, 'empty.mjs')).href;
  const subjects = [
    { name: 'jose-core', specifier: ENTRY },
    { name: 'jose-core after the loader has read one file', specifier: ENTRY, after: empty },
    { name: 'an empty ES module', specifier: empty },
    {
      name: 'node:crypto and node:buffer only',
      specifier: pathToFileURL(join(dir, 'builtins.mjs')).href,
    },
    ...peers.map((name) => ({ name, specifier: name })),
  ];
  const times = subjects.map(() => []);
  try {
    for (let i = 0; i < runs; i++) {
      subjects.forEach((s, j) => {
        const before = s.after === undefined ? '' : `await import(${JSON.stringify(s.after)}); `;
        const script = `${before}const t = performance.now(); await import(${JSON.stringify(s.specifier)}); process.stdout.write(String(performance.now() - t));`;
        times[j].push(
          Number(
            execFileSync(process.execPath, ['--input-type=module', '-e', script], {
              cwd: BENCH,
              encoding: 'utf8',
            }),
          ),
        );
      });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return subjects.map((s, j) => ({
    name: s.name,
    median: median(times[j]),
    min: Math.min(...times[j]),
    max: Math.max(...times[j]),
    runs,
  }));
}

/** What `npm pack` would publish: tarball size, unpacked size, and the share of dist/. */
export function packageSize() {
  const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
    cwd: ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
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
  return {
    calls: total,
    gc: gc !== undefined,
    first: samples[0],
    last: samples[samples.length - 1],
    peak: Math.max(...samples),
    growth,
    flat: growth < slackBytes,
  };
}
