import { Buffer } from 'node:buffer';
import { JoseError } from '../util/errors.js';

/**
 * Big-number loop steps spent on RSA private JWKs (continued-fraction terms, square-root and
 * inverse iterations), counted so that tests and the worst-case bench can show that the work
 * of one import is bounded by the modulus length, whatever the members say.
 */
export const rsaWork = { steps: 0 };

// A key's d need only be an inverse of e modulo lcm(p-1, q-1): then e*d - 1 = k*phi/g for
// g = gcd(p-1, q-1), a small number for every real key. 2^64 is far beyond any g key
// generators produce, and bounds the continued fraction to about 95 terms.
const MAX_DENOMINATOR = 1n << 64n;
// Candidates that pass the cheap tests and need a square root; a genuine key needs one.
const MAX_ROOTS = 4;

function inconsistent(): JoseError {
  return new JoseError('ERR_JWK_INVALID', 'RSA private exponent is inconsistent');
}

function bitLength(x: bigint): number {
  return x === 0n ? 0 : x.toString(16).length * 4;
}

/** The integer square root of x >= 0 (Newton's method from above: about log2(bits) steps). */
function isqrt(x: bigint): bigint {
  if (x < 2n) return x;
  let y = 1n << BigInt((bitLength(x) >> 1) + 1);
  for (;;) {
    rsaWork.steps++;
    const z = (y + x / y) >> 1n;
    if (z >= y) return y;
    y = z;
  }
}

/**
 * Recovers p and q from (n, e, d), as node cannot import an RSA private JWK without its CRT
 * members (RFC 7518 s6.3.2 makes them optional). Deterministic and cheap: e*d - 1 is a multiple
 * M/g of phi(n) with M < e*g, and because phi(n) is within 2*sqrt(n) of n, M/g (in lowest terms)
 * is a convergent of the continued fraction of (e*d - 1)/n (Legendre's theorem). Each
 * convergent gives a candidate phi, hence p + q, and p and q are the roots of
 * x^2 - (p + q)x + n. The randomized method of NIST SP 800-56B needs a modular exponentiation
 * per attempt and can be made to fail every attempt (a prime power n): tens of seconds for a
 * hostile JWK. This one takes at most about 95 terms and {@link MAX_ROOTS} square roots for any
 * input. The larger prime is returned as p, as key generators do, so the same JWK always imports
 * (and exports) the same CRT members. `d` is below `n`, checked by the caller.
 */
export function recoverPrimes(n: bigint, e: bigint, d: bigint): { p: bigint; q: bigint } {
  const k = d * e - 1n;
  if (k <= 0n) throw inconsistent();
  let [num, den] = [k, n];
  let [h0, h1] = [0n, 1n];
  let [g0, g1] = [1n, 0n];
  let roots = 0;
  while (den !== 0n) {
    rsaWork.steps++;
    const a = num / den;
    [num, den] = [den, num - a * den];
    [h0, h1] = [h1, a * h1 + h0];
    [g0, g1] = [g1, a * g1 + g0];
    if (g1 > MAX_DENOMINATOR) break;
    if (h1 === 0n || (k * g1) % h1 !== 0n) continue;
    const sum = n - (k * g1) / h1 + 1n;
    const disc = sum * sum - 4n * n;
    if (sum <= 0n || disc < 0n) continue;
    if (++roots > MAX_ROOTS) break;
    const r = isqrt(disc);
    if (r * r !== disc) continue;
    const p = (sum + r) >> 1n;
    const q = (sum - r) >> 1n;
    if (q > 1n && p * q === n) return { p, q };
  }
  throw inconsistent();
}

/** The inverse of a modulo m (a and m coprime, 0 < a < m), by the extended Euclidean algorithm. */
function modInverse(a: bigint, m: bigint): bigint {
  let [r0, r1, s0, s1] = [a, m, 1n, 0n];
  while (r1) {
    rsaWork.steps++;
    const q = r0 / r1;
    [r0, r1] = [r1, r0 - q * r1];
    [s0, s1] = [s1, s0 - q * s1];
  }
  return ((s0 % m) + m) % m;
}

/** The CRT members (dp, dq, qi) for primes p > q that multiply to the modulus, and private exponent d. */
export function crtParams(p: bigint, q: bigint, d: bigint): { dp: bigint; dq: bigint; qi: bigint } {
  return { dp: d % (p - 1n), dq: d % (q - 1n), qi: modInverse(q, p) };
}

/** Big-endian unsigned bytes to bigint. */
export function toBigInt(b: Uint8Array): bigint {
  return b.length === 0 ? 0n : BigInt(`0x${Buffer.from(b).toString('hex')}`);
}

/** bigint to minimal big-endian unsigned bytes. */
export function fromBigInt(n: bigint): Buffer {
  let hex = n.toString(16);
  if (hex.length & 1) hex = `0${hex}`;
  return Buffer.from(hex, 'hex');
}
