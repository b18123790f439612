// jose-core/async under load: 32 operations in flight, against the synchronous node:crypto floor
// (one thread, no pool) in the same run, with the event loop's p99 delay beside raw
// `crypto.sign` with a callback at the same load; HS256 through jose-core/async against the
// synchronous function; a cached remote key set against a local one.
//   node bench/async.mjs [--quick] [--filter=TEXT]   (run by `npm run bench` after the main table)
import { constants, createDecipheriv, privateDecrypt, sign, webcrypto } from 'node:crypto';
import { createServer } from 'node:http';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { CLAIMS, JWS_HEADER, keyPair } from './lib/fixtures.mjs';

const quick = process.argv.includes('--quick');
const ROUNDS = quick ? 5 : 15;
const only = process.argv.find((a) => a.startsWith('--filter='))?.slice(9);
const ROUND_MS = quick ? 150 : 300;
const IN_FLIGHT = 32;
const log = (s) => process.stderr.write(`${s}\n`);

const lib = await import('../dist/index.js');
const asyncLib = await import('../dist/async.js');
const b64 = (s) => Buffer.from(s).toString('base64url');

// Runs `op` for `ms` with `IN_FLIGHT` calls pending at all times; ops/s and the loop's p99 delay.
async function inFlight(op, ms) {
  const h = monitorEventLoopDelay({ resolution: 1 });
  h.enable();
  const end = performance.now() + ms;
  let done = 0;
  const worker = async () => {
    while (performance.now() < end) {
      await op();
      done++;
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  const seconds = (performance.now() - t0) / 1000;
  h.disable();
  return { ops: done / seconds, p99: h.percentile(99) / 1e6 };
}

// A synchronous operation as a server would run it: 32 requests' worth per turn of the loop.
async function syncTurns(op, ms) {
  const h = monitorEventLoopDelay({ resolution: 1 });
  h.enable();
  const end = performance.now() + ms;
  let done = 0;
  const t0 = performance.now();
  while (performance.now() < end) {
    for (let i = 0; i < IN_FLIGHT; i++) op();
    done += IN_FLIGHT;
    await new Promise((r) => setImmediate(r));
  }
  const seconds = (performance.now() - t0) / 1000;
  h.disable();
  return { ops: done / seconds, p99: h.percentile(99) / 1e6 };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// Interleaved rounds of each subject; ratios to the first subject within the same round.
async function compare(name, subjects) {
  if (only !== undefined && !name.includes(only)) return null;
  const per = subjects.map(() => ({ ops: [], ratio: [], p99: [] }));
  for (const s of subjects) await s.run(Math.min(ROUND_MS, 100)); // warm-up
  for (let r = 0; r < ROUNDS; r++) {
    const results = [];
    for (const s of subjects) results.push(await s.run(ROUND_MS));
    results.forEach((x, i) => {
      per[i].ops.push(x.ops);
      per[i].ratio.push(x.ops / results[0].ops);
      per[i].p99.push(x.p99);
    });
  }
  log(`${name}: done`);
  return {
    name,
    rows: subjects.map((s, i) => ({
      label: s.label,
      ops: median(per[i].ops),
      ratio: median(per[i].ratio),
      p99: median(per[i].p99),
    })),
  };
}

const header = (alg) => JWS_HEADER(alg);
const encodedInput = (alg) => `${b64(JSON.stringify(header(alg)))}.${b64(JSON.stringify(CLAIMS))}`;
const SIGN_OPTIONS = {
  RS256: (k) => k,
  PS256: (k) => ({ key: k, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }),
  ES256: (k) => ({ key: k, dsaEncoding: 'ieee-p1363' }),
};

let sections = [];
for (const alg of ['RS256', 'PS256', 'ES256']) {
  const pair = keyPair(alg);
  const key = lib.importKey(pair.private, { alg });
  const opts = SIGN_OPTIONS[alg](pair.private);
  // The floor: the least a correct token needs, synchronously (as bench/README.md defines it).
  const floor = () => {
    const input = encodedInput(alg);
    return `${input}.${sign('sha256', Buffer.from(input), opts).toString('base64url')}`;
  };
  const token = await asyncLib.signJWT(CLAIMS, header(alg), key);
  if (alg === 'RS256' && token !== floor())
    throw new Error(`${alg}: jose-core/async and the floor disagree`);
  lib.verifyJWT(token, pair.public, { algorithms: [alg] });
  const raw = () =>
    new Promise((resolve, reject) => {
      const input = encodedInput(alg);
      sign('sha256', Buffer.from(input), opts, (err, sig) =>
        err ? reject(err) : resolve(`${input}.${sig.toString('base64url')}`),
      );
    });
  sections.push(
    await compare(`${alg} sign`, [
      { label: 'sync floor (node:crypto)', run: (ms) => syncTurns(floor, ms) },
      {
        label: 'jose-core signJWT (sync)',
        run: (ms) => syncTurns(() => lib.signJWT(CLAIMS, header(alg), key), ms),
      },
      {
        label: 'jose-core/async signJWT',
        run: (ms) => inFlight(() => asyncLib.signJWT(CLAIMS, header(alg), key), ms),
      },
      { label: 'raw crypto.sign callback', run: (ms) => inFlight(raw, ms) },
    ]),
  );
}

{
  const pair = keyPair('RS256');
  const key = lib.importKey(pair.private, { alg: 'RSA-OAEP-256' });
  const jwe = lib.encryptCompact(
    JSON.stringify(CLAIMS),
    { alg: 'RSA-OAEP-256', enc: 'A256GCM' },
    key,
  );
  const floor = () => {
    const [h, ek, iv, ct, tag] = jwe.split('.');
    const cek = privateDecrypt(
      { key: pair.private, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' },
      Buffer.from(ek, 'base64url'),
    );
    const d = createDecipheriv('aes-256-gcm', cek, Buffer.from(iv, 'base64url'));
    d.setAAD(Buffer.from(h, 'ascii'));
    d.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([d.update(Buffer.from(ct, 'base64url')), d.final()]);
  };
  if (floor().toString() !== JSON.stringify(CLAIMS))
    throw new Error('RSA-OAEP-256: floor is wrong');
  const opts = { keyManagementAlgorithms: ['RSA-OAEP-256'] };
  // WebCrypto alone on the same key, for scale: node:crypto has no callback form of RSA decryption.
  const { subtle } = webcrypto;
  const cryptoKey = await subtle.importKey(
    'pkcs8',
    pair.private.export({ format: 'der', type: 'pkcs8' }),
    { name: 'RSA-OAEP', hash: 'SHA-256' },
    false,
    ['decrypt'],
  );
  const encryptedKey = Buffer.from(jwe.split('.')[1], 'base64url');
  if (
    Buffer.from((await asyncLib.decryptCompact(jwe, key, opts)).plaintext).toString() !==
    JSON.stringify(CLAIMS)
  )
    throw new Error('async decrypt is wrong');
  sections.push(
    await compare('RSA-OAEP-256 A256GCM decrypt', [
      { label: 'sync floor (node:crypto)', run: (ms) => syncTurns(floor, ms) },
      {
        label: 'jose-core decryptCompact (sync)',
        run: (ms) => syncTurns(() => lib.decryptCompact(jwe, key, opts), ms),
      },
      {
        label: 'jose-core/async decryptCompact',
        run: (ms) => inFlight(() => asyncLib.decryptCompact(jwe, key, opts), ms),
      },
      {
        label: 'raw WebCrypto RSA-OAEP decrypt',
        run: (ms) =>
          inFlight(() => subtle.decrypt({ name: 'RSA-OAEP' }, cryptoKey, encryptedKey), ms),
      },
    ]),
  );
}

{
  const key = lib.importKey(keyPair('HS256').raw, { alg: 'HS256' });
  const token = lib.signJWT(CLAIMS, header('HS256'), key);
  sections.push(
    await compare('HS256 sign', [
      {
        label: 'jose-core signJWT (sync)',
        run: (ms) => syncTurns(() => lib.signJWT(CLAIMS, header('HS256'), key), ms),
      },
      {
        label: 'jose-core/async signJWT',
        run: (ms) => inFlight(() => asyncLib.signJWT(CLAIMS, header('HS256'), key), ms),
      },
    ]),
    await compare('HS256 verify', [
      {
        label: 'jose-core verifyJWT (sync)',
        run: (ms) => syncTurns(() => lib.verifyJWT(token, key, { algorithms: ['HS256'] }), ms),
      },
      {
        label: 'jose-core/async verifyJWT',
        run: (ms) => inFlight(() => asyncLib.verifyJWT(token, key, { algorithms: ['HS256'] }), ms),
      },
    ]),
  );
}

{
  // A JWK Set served once by a real server on 127.0.0.1; the remote set then answers from its cache.
  const keys = ['r1', 'r2', 'r3'].map((kid) => lib.generateKey('RS256', { kid }));
  const jwks = { keys: keys.map((k) => lib.exportJWK(k)) };
  const server = createServer((_req, res) =>
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(jwks)),
  );
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const remote = asyncLib.createRemoteKeySet(`http://127.0.0.1:${server.address().port}/jwks`);
  await remote.ready();
  const local = lib.createLocalKeySet(jwks);
  const token = lib.signJWT(CLAIMS, { alg: 'RS256', kid: 'r2' }, keys[1]);
  const options = { algorithms: ['RS256'] };
  sections.push(
    await compare('RS256 verifyJWT, key set', [
      {
        label: 'jose-core/async, createLocalKeySet',
        run: (ms) => inFlight(() => asyncLib.verifyJWT(token, local, options), ms),
      },
      {
        label: 'jose-core/async, createRemoteKeySet (cached)',
        run: (ms) => inFlight(() => asyncLib.verifyJWT(token, remote, options), ms),
      },
    ]),
  );
  server.close();
}

sections = sections.filter((s) => s !== null);
const GOALS = {
  'jose-core/async signJWT': 1.8,
  'jose-core/async decryptCompact': 1.8,
};
const lines = [
  `## jose-core/async, ${IN_FLIGHT} operations in flight${quick ? ' (quick)' : ''}`,
  '',
  `${ROUNDS} interleaved rounds of ${ROUND_MS} ms per subject; ops/s and event-loop p99 delay are medians over rounds, the ratio the median of per-round ratios to the first row of its operation. Synchronous subjects run ${IN_FLIGHT} calls per turn of the event loop, as a server answering ${IN_FLIGHT} requests would. libuv pool: ${process.env.UV_THREADPOOL_SIZE ?? 4} threads.`,
  '',
  '| operation | subject | ops/s | ratio | event-loop p99 (ms) |',
  '|---|---|---:|---:|---:|',
];
for (const s of sections) {
  for (const r of s.rows)
    lines.push(
      `| ${s.name} | ${r.label} | ${r.ops >= 10_000 ? `${Math.round(r.ops / 1000)}k` : Math.round(r.ops)} | ${r.ratio.toFixed(2)} | ${r.p99.toFixed(1)} |`,
    );
}
const verdicts = [];
for (const s of sections.filter((x) => !x.name.startsWith('HS256'))) {
  const asyncRow = s.rows.find((r) => Object.hasOwn(GOALS, r.label));
  const rawRow = s.rows.find((r) => r.label === 'raw crypto.sign callback');
  if (asyncRow !== undefined) {
    const goal = GOALS[asyncRow.label];
    const loop =
      rawRow === undefined
        ? ''
        : `; loop p99 ${asyncRow.p99.toFixed(1)} ms against raw callbacks' ${rawRow.p99.toFixed(1)} ms (goal <= 1.5x: ${asyncRow.p99 <= 1.5 * rawRow.p99 ? 'ok' : 'BELOW'})`;
    verdicts.push(
      `- ${s.name}: ${asyncRow.ratio.toFixed(2)}x the floor (goal >= ${goal}: ${asyncRow.ratio >= goal ? 'ok' : 'BELOW'})${loop}`,
    );
  }
}
const hs = sections.filter((s) => s.name.startsWith('HS256'));
for (const s of hs)
  verdicts.push(
    `- ${s.name}: jose-core/async ${s.rows[1].ratio.toFixed(2)}x the synchronous function (goal >= 0.9: ${s.rows[1].ratio >= 0.9 ? 'ok' : 'BELOW'})`,
  );
const ks = sections.find((s) => s.name.includes('key set'));
if (ks !== undefined) {
  const overhead = 1 / ks.rows[1].ratio - 1;
  verdicts.push(
    `- cached remote key set: ${(overhead * 100).toFixed(1)}% per verification over a local key set (goal <= 5%: ${overhead <= 0.05 ? 'ok' : 'BELOW'})`,
  );
}
process.stdout.write(`${[...lines, '', ...verdicts, ''].join('\n')}\n`);
