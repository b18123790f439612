import { KEY_MANAGEMENT_FACTS } from '../../algs/jwe.js';
import { checkBinding, requireRsa } from '../../jwk/fit.js';
import type { JoseKey } from '../../jwk/key.js';
import { JoseError } from '../../util/errors.js';
import { decryptionFailed } from '../failure.js';
import type { Direction } from './types.js';

/** The RSAES-OAEP rows of the facts table. */
export type RsaOaep = 'RSA-OAEP' | 'RSA-OAEP-256' | 'RSA-OAEP-384' | 'RSA-OAEP-512';

/**
 * The key checks shared by the RSA key encryption algorithms: binding, size (RFC 7518 s4.2-4.3
 * want at least 2048 bits), a private key to decrypt, and a plain RSA key (an RSA-PSS key
 * object is restricted to signatures).
 */
export function checkRsaKey(key: JoseKey, alg: 'RSA1_5' | RsaOaep, direction: Direction): void {
  checkBinding(key, alg, KEY_MANAGEMENT_FACTS[alg].keyOps[direction]);
  requireRsa(key, alg, direction === 'decrypt');
  if (key.keyObject.asymmetricKeyType !== 'rsa')
    throw new JoseError(
      'ERR_KEY_UNSUITABLE',
      `${alg} needs an RSA key that is not restricted to RSA-PSS`,
    );
}

/**
 * An RSA ciphertext is exactly as long as the modulus (RFC 8017 s7.1.2, s7.2.2). Both lengths are
 * public, so failing before the RSA operation reveals nothing; it still fails as every other
 * decryption does, so no caller can tell this key-dependent case from a bad tag.
 */
export function checkRsaCiphertext(key: JoseKey, encryptedKey: Uint8Array): void {
  if (encryptedKey.byteLength !== Math.ceil(key.bits / 8)) throw decryptionFailed();
}
