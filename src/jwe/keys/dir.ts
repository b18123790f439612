import type { Buffer } from 'node:buffer';
import { checkBinding, requireSecret } from '../../jwk/fit.js';
import type { JoseKey } from '../../jwk/key.js';
import type { DirectKeyManagement } from './types.js';

const secret = (key: JoseKey): Buffer => key.keyObject.export() as Buffer;

/**
 * Direct encryption (RFC 7518 s4.5). The key must be exactly as long as `enc`'s CEK. A key's
 * `alg` may be `dir` or the `enc` it serves (RFC 7520 s5.6 binds its key that way), and only
 * `key_ops` encrypt/decrypt permit it: the key encrypts content, it wraps nothing.
 */
export const dir: DirectKeyManagement = {
  alg: 'dir',
  optIn: false,
  direct: true,
  check(key, ce, direction) {
    checkBinding(key, 'dir', [direction], ce.enc);
    requireSecret(key, `dir with ${ce.enc}`, ce.keyBytes, true);
  },
  newCek: (key) => ({ cek: secret(key) }),
  cek: secret,
};
