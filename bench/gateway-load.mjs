// examples/gateway under sustained load: a load generator over keep-alive connections sends
// requests mixing valid, expired and tampered tokens while the issuer rotates its key, checks
// every answer, and reports requests/s, latency percentiles and the heap.
//   node --expose-gc bench/gateway-load.mjs [--quick] [--requests=N]   (run by `npm run bench`)
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { startGateway } from '../examples/gateway/gateway.mjs';

const quick = process.argv.includes('--quick');
const arg = process.argv.find((a) => a.startsWith('--requests='));
const TOTAL = arg === undefined ? (quick ? 4000 : 20_000) : Number(arg.slice(11));
const CONNECTIONS = 32;
const log = (s) => process.stderr.write(`${s}\n`);

let backdate = 0;
// A one-second cooldown: the first token of the new key refetches the set; the many tokens of the
// retired key then cost no fetch each.
const gw = await startGateway({ cooldown: 1000, now: () => new Date(Date.now() - backdate) });
const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS });

function send(method, path, token) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const req = request(
      `${gw.origin}${path}`,
      { method, agent, headers: token === undefined ? {} : { authorization: `Bearer ${token}` } },
      (res) => {
        const chunks = [];
        res
          .on('data', (c) => chunks.push(c))
          .on('end', () =>
            resolve({
              status: res.statusCode,
              body: Buffer.concat(chunks).toString(),
              ms: performance.now() - t0,
            }),
          );
      },
    );
    req.on('error', reject).end();
  });
}
const mint = async (n) =>
  Promise.all(
    Array.from(
      { length: n },
      async (_, i) => JSON.parse((await send('POST', `/token?user=u${i}`)).body).access_token,
    ),
  );
const tamper = (t) => `${t.slice(0, -4)}${t.endsWith('AAAA') ? 'BBBB' : 'AAAA'}`;

// Tokens of each kind, minted before the clock starts; expired ones by backdating the issuer.
const valid1 = await mint(50);
backdate = 3_600_000;
const expired = await mint(50);
backdate = 0;
const tampered = valid1.map(tamper);

const latencies = new Float64Array(TOTAL);
let wrong = 0;
const mismatches = new Map();
let sent = 0;
// Sends `n` requests, CONNECTIONS at a time; `pick(i)` gives a token and the status it must get.
async function phase(n, pick) {
  let next = 0;
  const worker = async () => {
    while (next < n) {
      const i = next++;
      const { token, status } = pick(i);
      const r = await send('GET', '/api/orders', token);
      latencies[sent++] = r.ms;
      if (r.status !== status) {
        wrong++;
        const key = `expected ${status}, got ${r.status} ${r.body.slice(0, 60)}`;
        mismatches.set(key, (mismatches.get(key) ?? 0) + 1);
      }
    }
  };
  await Promise.all(Array.from({ length: CONNECTIONS }, worker));
}
// 60 % valid, 20 % expired, 20 % tampered.
const mix = (valid, validStatus) => (i) => {
  const k = i % 10;
  if (k < 6) return { token: valid[i % valid.length], status: validStatus };
  if (k < 8) return { token: expired[i % expired.length], status: 401 };
  return { token: tampered[i % tampered.length], status: 401 };
};

const heap = [];
const sample = () => {
  globalThis.gc?.();
  heap.push(process.memoryUsage().heapUsed);
};
sample();
const t0 = performance.now();
const third = Math.floor(TOTAL / 3);
await phase(third, mix(valid1, 200));
sample();
// Rotation: the next key is published and signs; tokens of both keys verify.
gw.publishNext();
gw.activateNext();
const valid2 = await mint(50);
await phase(third, (i) => (i % 2 === 0 ? mix(valid1, 200)(i) : mix(valid2, 200)(i)));
sample();
// The old key is retired and the API's cache refreshed: its tokens are refused from now on.
gw.retireOld();
await gw.keys.reload();
await phase(TOTAL - 2 * third, (i) => (i % 2 === 0 ? mix(valid1, 401)(i) : mix(valid2, 200)(i)));
const seconds = (performance.now() - t0) / 1000;
sample();
agent.destroy();
await gw.close();

latencies.sort();
const pct = (p) =>
  latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))].toFixed(1);
const mb = (b) => (b / 2 ** 20).toFixed(2);
log(`gateway load: ${sent} requests in ${seconds.toFixed(1)} s`);
process.stdout.write(
  [
    `## Gateway example under load${quick ? ' (quick)' : ''}`,
    '',
    `- ${sent.toLocaleString('en-US')} requests over ${CONNECTIONS} keep-alive connections (60 % valid, 20 % expired, 20 % tampered; an RS256 key rotation after each third, the retired key's tokens refused in the last): ${wrong === 0 ? 'every answer correct' : `${wrong} WRONG answers`}`,
    `- ${Math.round(sent / seconds).toLocaleString('en-US')} requests/s; latency p50 ${pct(50)} ms, p99 ${pct(99)} ms, max ${pct(100)} ms`,
    `- Heap used at the start and after each third: ${heap.map(mb).join(' -> ')} MiB${globalThis.gc === undefined ? ' (no --expose-gc: without forced GC)' : ' (after full GCs)'}`,
    '',
  ].join('\n'),
);
if (wrong !== 0) {
  for (const [what, n] of mismatches) log(`${n} x ${what}`);
  process.exitCode = 1;
}
