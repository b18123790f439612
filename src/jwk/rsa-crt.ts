import { randomInt } from 'node:crypto';
import { JoseError } from '../util/errors.js';

function modPow(base: bigint, exp: bigint, mod: bigint): bigint {
  let result = 1n;
  base %= mod;
  while (exp > 0n) {
    if (exp & 1n) result = (result * base) % mod;
    base = (base * base) % mod;
    exp >>= 1n;
  }
  return result;
}

function gcd(a: bigint, b: bigint): bigint {
  while (b) [a, b] = [b, a % b];
  return a;
}

function modInverse(a: bigint, m: bigint): bigint {
  let [r0, r1, s0, s1] = [a % m, m, 1n, 0n];
  while (r1) {
    const q = r0 / r1;
    [r0, r1] = [r1, r0 - q * r1];
    [s0, s1] = [s1, s0 - q * s1];
  }
  return ((s0 % m) + m) % m;
}

/**
 * Recovers p and q from (n, e, d), as node cannot import an RSA private JWK without its CRT
 * members (RFC 7518 s6.3.2 makes them optional). This is the standard randomized method of
 * NIST SP 800-56B Appendix C: a random g has, with probability >= 1/2, a non-trivial square
 * root of 1 in its sequence g^(k/2^i), which splits n. The larger prime is returned as p, as
 * key generators do, so that the same JWK always imports (and exports) the same CRT members.
 */
export function recoverPrimes(n: bigint, e: bigint, d: bigint): { p: bigint; q: bigint } {
  const k = d * e - 1n;
  if (k <= 0n || k & 1n) throw new JoseError('ERR_JWK_INVALID', 'RSA private exponent is inconsistent');
  let t = k;
  while (!(t & 1n)) t >>= 1n;
  for (let attempt = 0; attempt < 100; attempt++) {
    const g = BigInt(randomInt(2, 2 ** 31));
    let x = modPow(g, t, n);
    if (x === 1n || x === n - 1n) continue;
    let r = t;
    for (; r < k; r <<= 1n) {
      const y = (x * x) % n;
      if (y === 1n) {
        const p = gcd(x - 1n, n);
        const q = n / p;
        if (p > 1n && q > 1n) return p > q ? { p, q } : { p: q, q: p };
        break;
      }
      if (y === n - 1n) break;
      x = y;
    }
    // g^k is not 1, so e*d - 1 is not a multiple of the group exponent: d is wrong, and no
    // other g can do better.
    if (r >= k) break;
  }
  throw new JoseError('ERR_JWK_INVALID', 'RSA private exponent is inconsistent');
}

/** The CRT members (dp, dq, qi) for primes p, q and private exponent d. */
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
