// jose-core benchmark: `npm run bench` (full, under 3 minutes) or `npm run bench -- --quick`
// (under 30 s). Options: --filter=TEXT (operations whose name contains TEXT), --no-peers,
// --no-extras, --no-async (skip bench/async.mjs and bench/gateway-load.mjs), --write (record
// the run in bench/RESULTS.md), --rounds=N and --batch-ms=N (more, shorter rounds steady the
// medians on a busy machine). See bench/README.md.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { buildCases } from './lib/cases.mjs';
import { heapGrowth, importTimes, packageSize } from './lib/extras.mjs';
import { CLAIMS, JWE_HEADER, JWS_HEADER, keyPair } from './lib/fixtures.mjs';
import { measure } from './lib/measure.mjs';
import { loadPeers, peerVersions } from './lib/peers.mjs';
import { environment, extrasSection, table } from './lib/report.mjs';

const started = performance.now();
const args = process.argv.slice(2);
const flag = (name) => args.includes(`--${name}`);
const value = (name) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
for (const a of args) {
  if (
    !/^--(quick|no-peers|no-extras|no-async|write|filter=.+|rounds=[1-9][0-9]*|batch-ms=[1-9][0-9]*)$/.test(
      a,
    )
  ) {
    console.error(
      `unknown argument ${a}; use --quick, --filter=TEXT, --no-peers, --no-extras, --no-async, --write, --rounds=N, --batch-ms=N`,
    );
    process.exit(2);
  }
}
const quick = flag('quick');
const filter = value('filter')?.toLowerCase();
const settings = quick
  ? {
      rounds: 21,
      batchMs: 3,
      warmupMs: 20,
      importRuns: 7,
      heapCalls: 100_000,
      heapJweCalls: 20_000,
    }
  : {
      rounds: 61,
      batchMs: 8,
      warmupMs: 150,
      importRuns: 21,
      heapCalls: 1_000_000,
      heapJweCalls: 200_000,
    };
if (value('rounds') !== undefined) settings.rounds = Number(value('rounds'));
if (value('batch-ms') !== undefined) settings.batchMs = Number(value('batch-ms'));

const lib = await import('../dist/index.js');
const peers = await loadPeers(!flag('no-peers'));
const log = (s) => process.stderr.write(`${s}\n`);
if (peers.missing.length > 0 && !flag('no-peers'))
  log(
    `note: peers not installed, skipped: ${peers.missing.join(', ')} (npm install --prefix bench)`,
  );

const cases = await buildCases(
  lib,
  peers,
  (id) => filter === undefined || id.toLowerCase().includes(filter),
);

// Every subject's output is checked once before anything is timed; a wrong answer stops the run.
for (const c of cases) {
  for (const s of c.subjects) {
    try {
      await c.check(s, s.async ? await s.fn(c.input) : s.fn(c.input));
    } catch (e) {
      log(`correctness check failed: ${c.id}, ${s.name}: ${e.message}`);
      process.exit(1);
    }
  }
}
log(
  `${cases.length} operations checked; timing (${quick ? 'quick' : 'full'}: ${settings.rounds} rounds of ${settings.batchMs} ms per subject)`,
);

const results = [];
for (const op of cases) {
  const rows = await measure(op.subjects, op.input, settings);
  results.push({ op, rows });
  const core = rows[1];
  log(
    `  ${op.id.padEnd(52)} ratio ${core.ratio.toFixed(3)} (${core.ratioMin.toFixed(2)}-${core.ratioMax.toFixed(2)})`,
  );
}

const extras = {};
if (!flag('no-extras') && filter === undefined) {
  log('import time, package size, heap');
  extras.importTime = importTimes(
    settings.importRuns,
    flag('no-peers')
      ? []
      : ['fast-jwt', 'jsonwebtoken', 'jose'].filter((name) => !peers.missing.includes(name)),
  );
  extras.size = packageSize();
  const hs = keyPair('HS256');
  const macKey = lib.importJWK({ kty: 'oct', k: hs.raw.toString('base64url') });
  const header = JWS_HEADER('HS256');
  const options = { algorithms: ['HS256'] };
  const token = lib.signJWT(CLAIMS, header, macKey);
  const kek = lib.importJWK({ kty: 'oct', k: keyPair('A128KW').raw.toString('base64url') });
  const jweHeader = JWE_HEADER('A128KW', 'A128CBC-HS256');
  const jweOptions = {
    keyManagementAlgorithms: ['A128KW'],
    contentEncryptionAlgorithms: ['A128CBC-HS256'],
  };
  const jwe = lib.encryptJWT(CLAIMS, jweHeader, kek);
  extras.heap = [
    {
      label: 'HS256 signJWT/verifyJWT alternating, one JoseKey',
      ...heapGrowth(
        (i) =>
          i & 1 ? lib.verifyJWT(token, macKey, options) : lib.signJWT(CLAIMS, header, macKey),
        settings.heapCalls,
      ),
    },
    {
      label: 'HS256 signJWT/verifyJWT alternating, one KeyObject',
      ...heapGrowth(
        (i) =>
          i & 1
            ? lib.verifyJWT(token, hs.private, options)
            : lib.signJWT(CLAIMS, header, hs.private),
        settings.heapCalls / 5,
      ),
    },
    {
      label:
        'HS256 signJWT then verifyJWT, a new kid every call (4096 distinct headers churn the header caches)',
      ...heapGrowth(
        (i) =>
          lib.verifyJWT(
            lib.signJWT(CLAIMS, { alg: 'HS256', kid: `k${i & 4095}` }, macKey),
            macKey,
            options,
          ),
        settings.heapCalls / 5,
      ),
    },
    {
      label: 'A128KW/A128CBC-HS256 encryptJWT/decryptJWT alternating, one JoseKey',
      ...heapGrowth(
        (i) =>
          i & 1 ? lib.decryptJWT(jwe, kek, jweOptions) : lib.encryptJWT(CLAIMS, jweHeader, kek),
        settings.heapJweCalls,
      ),
    },
  ];
}

const seconds = (performance.now() - started) / 1000;
// jose-core/async and the gateway example, each in a process of its own (bench/async.mjs,
// bench/gateway-load.mjs), so that their thread pool and sockets do not disturb the table above.
function asyncSections() {
  if (flag('no-async') || filter !== undefined) return '';
  return ['async.mjs', 'gateway-load.mjs']
    .map((script) => {
      log(`running bench/${script}`);
      const r = spawnSync(
        process.execPath,
        [
          '--expose-gc',
          fileURLToPath(new URL(script, import.meta.url)),
          ...(quick ? ['--quick'] : []),
        ],
        {
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'inherit'],
        },
      );
      if (r.status !== 0) throw new Error(`bench/${script} failed`);
      return `\n${r.stdout}`;
    })
    .join('');
}

const report = [
  `# jose-core benchmark${quick ? ' (quick)' : ''}`,
  '',
  environment(await peerVersions()),
  `- Settings: ${quick ? '--quick' : 'full'}, ${settings.rounds} interleaved rounds of ${settings.batchMs} ms per subject after ${settings.warmupMs} ms of warm-up; ratio = median over rounds of (subject ops/s / floor ops/s in the same round); run took ${seconds.toFixed(0)} s`,
  '',
  table(results),
  '',
  extrasSection(extras),
  asyncSections(),
  '',
].join('\n');
process.stdout.write(report);
if (flag('write')) {
  writeFileSync(
    new URL('./RESULTS.md', import.meta.url),
    `${report}\nFloor definitions and method: [README.md](README.md).\n`,
  );
  log('written to bench/RESULTS.md');
}
