import { Buffer } from 'node:buffer';
import { createHash } from 'node:crypto';
import { wipe } from '../../util/bytes.js';

const HASH_BYTES = 32;

function uint32be(n: number): Buffer {
  const b = Buffer.allocUnsafe(4);
  b.writeUInt32BE(n);
  return b;
}

// A datum with its 32-bit big-endian length in front (RFC 7518 s4.6.2).
const prefixed = (data: Uint8Array): Buffer => Buffer.concat([uint32be(data.byteLength), data]);

/**
 * The OtherInfo of RFC 7518 s4.6.2: AlgorithmID || PartyUInfo || PartyVInfo || SuppPubInfo,
 * each of the first three length-prefixed, SuppPubInfo being the key length in bits; SuppPrivInfo
 * is empty.
 */
export function otherInfo(
  algorithmId: string,
  apu: Uint8Array,
  apv: Uint8Array,
  keyBits: number,
): Buffer {
  return Buffer.concat([
    prefixed(Buffer.from(algorithmId, 'ascii')),
    prefixed(apu),
    prefixed(apv),
    uint32be(keyBits),
  ]);
}

/**
 * The Concat KDF of NIST SP 800-56A s5.8.1 with SHA-256 as RFC 7518 s4.6.2 uses it: the
 * first `keyBits` bits of Hash(1 || Z || OtherInfo) || Hash(2 || Z || OtherInfo) || ...
 */
export function concatKdf(z: Uint8Array, keyBits: number, info: Buffer): Buffer {
  const rounds = Math.ceil(keyBits / (HASH_BYTES * 8));
  const out = Buffer.allocUnsafe(rounds * HASH_BYTES);
  for (let i = 1; i <= rounds; i++) {
    const round = createHash('sha256').update(uint32be(i)).update(z).update(info).digest();
    round.copy(out, (i - 1) * HASH_BYTES);
    wipe(round);
  }
  // The octets past the key are derived secret too; the caller wipes the key itself.
  wipe(out.subarray(keyBits / 8));
  return out.subarray(0, keyBits / 8);
}
