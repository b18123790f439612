import type { Buffer } from 'node:buffer';
import { constants, privateDecrypt, publicEncrypt } from 'node:crypto';
import { KEY_MANAGEMENT_FACTS } from '../../algs/jwe.js';
import { decryptionFailed } from '../failure.js';
import { checkRsaCiphertext, checkRsaKey, type RsaOaep } from './rsa.js';
import { oaepDecrypt } from './subtle.js';
import type { WrappingKeyManagement } from './types.js';

/**
 * RSAES-OAEP (RFC 7518 s4.3) with `oaepHash` for both OAEP and MGF1 (node uses the OAEP hash
 * for MGF1 too). Failures are reported at once:
 * OAEP decoding is itself an integrity check that OpenSSL runs in constant time, and a CEK of
 * the wrong length inside valid OAEP can only come from someone holding the public key, so no
 * secret is revealed by failing early (unlike RSA1_5, see rsa1_5.ts).
 */
function rsaOaep(alg: RsaOaep, oaepHash: string): WrappingKeyManagement {
  return {
    alg,
    optIn: KEY_MANAGEMENT_FACTS[alg].optIn,
    direct: false,
    check: (key, _ce, direction) => checkRsaKey(key, alg, direction),
    wrap: (key, cek) => ({
      encryptedKey: publicEncrypt(
        { key: key.publicKeyObject(), padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash },
        cek,
      ),
    }),
    unwrap(key, encryptedKey, cekBytes) {
      checkRsaCiphertext(key, encryptedKey);
      let cek: Buffer;
      try {
        cek = privateDecrypt(
          { key: key.keyObject, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash },
          encryptedKey,
        );
      } catch {
        throw decryptionFailed();
      }
      if (cek.length !== cekBytes) throw decryptionFailed();
      return cek;
    },
    async unwrapAsync(key, encryptedKey, cekBytes) {
      checkRsaCiphertext(key, encryptedKey);
      let cek: Buffer;
      try {
        cek = await oaepDecrypt(key.keyObject, oaepHash, encryptedKey);
      } catch {
        throw decryptionFailed();
      }
      if (cek.length !== cekBytes) throw decryptionFailed();
      return cek;
    },
  };
}

export const RSA_OAEP = rsaOaep('RSA-OAEP', 'sha1');
export const RSA_OAEP_256 = rsaOaep('RSA-OAEP-256', 'sha256');
// Not in RFC 7518, but registered in the IANA JOSE registry with the same construction.
export const RSA_OAEP_384 = rsaOaep('RSA-OAEP-384', 'sha384');
export const RSA_OAEP_512 = rsaOaep('RSA-OAEP-512', 'sha512');
