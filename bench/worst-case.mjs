// The worst inputs jose-core accepts to look at, one call each, against the goal of issue 12 s3:
// no token within maxTokenLength and no JWK under 256 KiB costs more than 50 ms in one call.
// Run after `npm run build`: `node bench/worst-case.mjs` (about a minute, most of it making
// primes and RSA keys). Prints a markdown table; exits 1 when a call that should be bounded is
// over the goal. PBES2 is listed apart: its cost is the p2c the caller allows (maxPbes2Count).
// Judged on the median of 7 calls (the slowest is shown too): the machine is shared, and a
// single slow call is more often a GC pause or another process than the input's own work.
import { Buffer } from 'node:buffer';
import { createSecretKey, generateKeyPairSync, generatePrimeSync, randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import * as jose from '../dist/index.js';

const GOAL_MS = 50;
const RUNS = 7;
const b64 = (x) => {
  let hex = x.toString(16);
  if (hex.length % 2 === 1) hex = `0${hex}`;
  return Buffer.from(hex, 'hex').toString('base64url');
};
const big = (s) => BigInt(`0x${Buffer.from(s, 'base64url').toString('hex')}`);
function inverse(a, m) {
  let [r0, r1, s0, s1] = [a % m, m, 1n, 0n];
  while (r1 !== 0n) {
    const q = r0 / r1;
    [r0, r1] = [r1, r0 - q * r1];
    [s0, s1] = [s1, s0 - q * s1];
  }
  return ((s0 % m) + m) % m;
}

const rows = [];
/** Runs `call` RUNS times (after one warm-up) and records the slowest run and the outcome. */
function worst(name, size, call, bounded = true) {
  let outcome = 'ok';
  const once = () => {
    try {
      call();
      outcome = 'ok';
    } catch (e) {
      outcome = e instanceof jose.JoseError ? e.code : `not a JoseError: ${e}`;
    }
  };
  once();
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    once();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const [median, max] = [times[RUNS >> 1], times[RUNS - 1]];
  rows.push({ name, size, outcome, median, max, bounded });
  process.stderr.write(
    `${name}: median ${median.toFixed(2)} ms, max ${max.toFixed(2)} ms (${outcome})\n`,
  );
}

process.stderr.write('making primes and keys...\n');
const E = 65537n;
const rsa4096 = generateKeyPairSync('rsa', { modulusLength: 4096 });
const jwk4096 = rsa4096.privateKey.export({ format: 'jwk' });

// RSA private JWKs (issue 12 s3): the prime-square moduli of the issue, at 2048 and 4096 bits.
for (const bits of [1024, 2048]) {
  const p = generatePrimeSync(bits, { bigint: true });
  const jwk = { kty: 'RSA', n: b64(p * p), e: 'AQAB', d: b64(inverse(E, p * (p - 1n))) };
  worst(`importJWK: n = p^2 (${bits * 2} bits), matching d`, JSON.stringify(jwk).length, () =>
    jose.importJWK(jwk),
  );
}
// A 16384-bit modulus (the largest accepted) with d and CRT members of full length.
const n16k = big(randomBytes(2048).toString('base64url')) | (1n << 16383n) | 1n;
const full = () => b64(big(randomBytes(2048).toString('base64url')) % n16k);
const hostile16k = { kty: 'RSA', n: b64(n16k), e: 'AQAB', d: full() };
worst('importJWK: 16384-bit n, random d (prime recovery)', JSON.stringify(hostile16k).length, () =>
  jose.importJWK(hostile16k),
);
const crt16k = { ...hostile16k, p: full(), q: full(), dp: full(), dq: full(), qi: full() };
worst('importJWK: 16384-bit n, full-length p, q, dp, dq, qi', JSON.stringify(crt16k).length, () =>
  jose.importJWK(crt16k),
);
const dOnly4096 = { kty: 'RSA', n: jwk4096.n, e: jwk4096.e, d: jwk4096.d };
worst('importJWK: genuine RSA-4096 without CRT members', JSON.stringify(dOnly4096).length, () =>
  jose.importJWK(dOnly4096),
);
worst('importJWK: genuine RSA-4096 with CRT members', JSON.stringify(jwk4096).length, () =>
  jose.importJWK(jwk4096),
);
const hugeD = {
  kty: 'RSA',
  n: jwk4096.n,
  e: 'AQAB',
  d: Buffer.alloc(190_000, 0x7f).toString('base64url'),
};
worst('importJWK: 250 KiB JWK, d far longer than n', JSON.stringify(hugeD).length, () =>
  jose.importJWK(hugeD),
);
const keys = Array.from({ length: 100 }, () => ({ ...dOnly4096 }));
// A set is many JWKs: reported, not judged by the one-JWK goal (its cost grows with its members).
worst(
  'createLocalKeySet: 100 d-only RSA-4096 members (~240 KiB)',
  JSON.stringify({ keys }).length,
  () => jose.createLocalKeySet({ keys }),
  false,
);

// Multi-recipient JWE with RSA-4096 (issue: 16 recipients cost ~100 ms before).
const sealedFor = (n, header, key) => {
  const one = jose.encryptJSON('x', { protectedHeader: { enc: 'A128GCM' } }, [{ header, key }]);
  const { header: h, encrypted_key: k, ...rest } = one;
  return {
    ...rest,
    recipients: Array.from({ length: n }, () => ({ header: h, encrypted_key: k })),
  };
};
const other4096 = generateKeyPairSync('rsa', { modulusLength: 4096 });
const sixteen = sealedFor(16, { alg: 'RSA-OAEP' }, other4096.publicKey);
worst('decryptJSON: 16 RSA-OAEP recipients, RSA-4096 key', JSON.stringify(sixteen).length, () =>
  jose.decryptJSON(sixteen, rsa4096.privateKey),
);
const four = sealedFor(jose.MAX_KEY_ATTEMPTS, { alg: 'RSA-OAEP' }, other4096.publicKey);
const M = jose.MAX_KEY_ATTEMPTS;
worst(
  `decryptJSON: ${M} RSA-OAEP recipients (the most tried), RSA-4096 key`,
  JSON.stringify(four).length,
  () => jose.decryptJSON(four, rsa4096.privateKey),
);
const fourRsa15 = sealedFor(jose.MAX_KEY_ATTEMPTS, { alg: 'RSA1_5' }, other4096.publicKey);
worst(`decryptJSON: ${M} RSA1_5 recipients, RSA-4096 key`, JSON.stringify(fourRsa15).length, () =>
  jose.decryptJSON(fourRsa15, rsa4096.privateKey, { keyManagementAlgorithms: ['RSA1_5'] }),
);

// Multi-signature JWS with RSA-4096.
const signed = jose.signJSON('x', [
  { protectedHeader: { alg: 'RS512' }, key: other4096.privateKey },
]);
const sigs = (n) => ({
  payload: signed.payload,
  signatures: Array.from({ length: n }, () => ({
    protected: signed.protected,
    signature: signed.signature,
  })),
});
const all = sigs(16);
worst('verifyJSON: 16 RS512 signatures, RSA-4096 key', JSON.stringify(all).length, () =>
  jose.verifyJSON(all, rsa4096.publicKey),
);
const most = sigs(jose.MAX_KEY_ATTEMPTS);
worst(
  `verifyJSON: ${M} RS512 signatures (the most tried), RSA-4096 key`,
  JSON.stringify(most).length,
  () => jose.verifyJSON(most, rsa4096.publicKey),
);

// Tokens at maxTokenLength.
const hmac = createSecretKey(randomBytes(64));
const bigPayload = randomBytes(190_000);
const bigJws = jose.signCompact(bigPayload, { alg: 'HS512' }, hmac);
worst('verifyCompact: HS512 token of 256 KiB, wrong key', bigJws.length, () =>
  jose.verifyCompact(bigJws, createSecretKey(randomBytes(64))),
);
const cek = createSecretKey(randomBytes(32));
const bigJwe = jose.encryptCompact(bigPayload, { alg: 'dir', enc: 'A128CBC-HS256' }, cek);
worst('decryptCompact: A128CBC-HS256 token of 256 KiB', bigJwe.length, () =>
  jose.decryptCompact(bigJwe, cek),
);
const bomb = jose.encryptCompact(
  Buffer.alloc(50_000_000),
  { alg: 'dir', enc: 'A256GCM', zip: 'DEF' },
  cek,
);
worst('decryptCompact: zip bomb of 50 MB (maxDecompressedSize 250,000)', bomb.length, () =>
  jose.decryptCompact(bomb, cek),
);
const deep = `{"alg":"HS256","x":${'['.repeat(5000)}${']'.repeat(5000)}}`;
const deepToken = `${Buffer.from(deep).toString('base64url')}.eA.AA`;
worst('verifyCompact: header nested 5,000 deep', deepToken.length, () =>
  jose.verifyCompact(deepToken, hmac),
);
const wideHeader = JSON.stringify(
  Object.fromEntries(Array.from({ length: 12_000 }, (_, i) => [`m${i}`, i])),
);
const wideToken = `${Buffer.from(wideHeader).toString('base64url')}.eA.AA`;
worst('verifyCompact: header of 12,000 members', wideToken.length, () =>
  jose.verifyCompact(wideToken, hmac),
);

// PBES2: the cost is the p2c the caller allows. Per token, not per recipient.
const pw = 'correct horse battery staple';
const pbes = (n, p2c) => sealedFor(n, { alg: 'PBES2-HS512+A256KW', p2c }, 'another password');
const allow = { keyManagementAlgorithms: ['PBES2-HS512+A256KW'] };
const pbes16 = pbes(16, 1_000_000);
worst(
  'decryptJSON: 16 PBES2 recipients, p2c 1,000,000 (16 x 10-13 s before)',
  JSON.stringify(pbes16).length,
  () => jose.decryptJSON(pbes16, pw, allow),
);
const pbes3 = pbes(jose.MAX_KEY_ATTEMPTS, 10_000);
const small = { ...allow, maxPbes2Count: 30_000 };
worst(
  'decryptJSON: 3 PBES2 recipients, p2c 10,000 each, maxPbes2Count 30,000',
  JSON.stringify(pbes3).length,
  () => jose.decryptJSON(pbes3, pw, small),
  false,
);
const pbesHeader = { alg: 'PBES2-HS512+A256KW', enc: 'A256GCM', p2c: 1_000_000 };
const single = jose.encryptCompact('x', pbesHeader, 'another password');
worst(
  'decryptCompact: PBES2 at the default maxPbes2Count (1,000,000)',
  single.length,
  () => jose.decryptCompact(single, pw, allow),
  false,
);

const verdict = (r) => (r.bounded ? (r.median < GOAL_MS ? 'yes' : '**NO**') : 'opt-in');
const ms = (x) => x.toFixed(2);
const cells = (r) => [
  r.name,
  r.size.toLocaleString('en-US'),
  r.outcome,
  ms(r.median),
  ms(r.max),
  verdict(r),
];
const line = (r) => `| ${cells(r).join(' | ')} |`;
const titles = [
  `worst input (${RUNS} calls)`,
  'chars',
  'outcome',
  'median ms',
  'max ms',
  `< ${GOAL_MS}`,
];
console.log(`| ${titles.join(' | ')} |`);
console.log('|---|---:|---|---:|---:|---|');
for (const r of rows) console.log(line(r));
process.exitCode = rows.some((r) => r.bounded && r.median >= GOAL_MS) ? 1 : 0;
