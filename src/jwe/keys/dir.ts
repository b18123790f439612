import type { Buffer } from 'node:buffer';
import type { KeyObject } from 'node:crypto';
import { KEY_MANAGEMENT_FACTS } from '../../algs/jwe.js';
import { checkBinding, requireSecret } from '../../jwk/fit.js';
import type { JoseKey } from '../../jwk/key.js';
import type { DirectKeyManagement } from './types.js';

// Each key's octets, exported once: an export per token is a measurable part of a small JWE
// (docs/decisions/0002-header-caches-and-memo-sites.md). Keyed by the (immutable) KeyObject
// itself, so the secret is never a key, and freed with it. The buffers are only ever read, as
// the CEK of the content encryption, and never wiped (the entry's cekIsKey).
const exported = new WeakMap<KeyObject, Buffer>();

function secret(key: JoseKey): Buffer {
  let octets = exported.get(key.keyObject);
  if (octets === undefined) exported.set(key.keyObject, (octets = key.keyObject.export()));
  return octets;
}

const FACTS = KEY_MANAGEMENT_FACTS.dir;

/**
 * Direct encryption (RFC 7518 s4.5). The key must be exactly as long as `enc`'s CEK. A key's
 * `alg` may be `dir` or the `enc` it serves (RFC 7520 s5.6 binds its key that way), and only
 * `key_ops` encrypt/decrypt permit it: the key encrypts content, it wraps nothing.
 */
export const dir: DirectKeyManagement = {
  alg: 'dir',
  optIn: FACTS.optIn,
  direct: true,
  cekIsKey: true,
  check(key, ce, direction) {
    checkBinding(key, 'dir', FACTS.keyOps[direction], ce.enc);
    requireSecret(key, `dir with ${ce.enc}`, ce.keyBytes, true);
  },
  newCek: (key) => ({ cek: secret(key) }),
  cek: secret,
};
