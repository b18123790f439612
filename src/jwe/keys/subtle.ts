import { Buffer } from 'node:buffer';
import { pbkdf2, webcrypto, type KeyObject } from 'node:crypto';

// node:crypto has no callback form of RSA private decryption nor of ECDH; its WebCrypto does
// both on libuv's thread pool. WebCrypto wants CryptoKeys, and importing one costs a DER
// parse, so each is made once per KeyObject and algorithm (a WeakMap: it lives as long as the
// caller's key, and is keyed by the object, never by its material).
const imported = new WeakMap<KeyObject, Map<string, Promise<webcrypto.CryptoKey>>>();

type ImportParams = webcrypto.RsaHashedImportParams | webcrypto.EcKeyImportParams | webcrypto.Algorithm;

function cryptoKey(key: KeyObject, params: ImportParams, usage: webcrypto.KeyUsage): Promise<webcrypto.CryptoKey> {
  let byAlg = imported.get(key);
  if (byAlg === undefined) imported.set(key, (byAlg = new Map()));
  const name = JSON.stringify(params);
  let found = byAlg.get(name);
  if (found === undefined) {
    const der = key.type === 'private' ? key.export({ format: 'der', type: 'pkcs8' }) : key.export({ format: 'der', type: 'spki' });
    found = webcrypto.subtle.importKey(key.type === 'private' ? 'pkcs8' : 'spki', der, params, false, key.type === 'private' ? [usage] : []);
    // A failed import is not remembered: the next call tries again and fails the same way.
    found.catch(() => byAlg.delete(name));
    byAlg.set(name, found);
  }
  return found;
}

const OAEP_HASHES: Record<string, string> = { sha1: 'SHA-1', sha256: 'SHA-256', sha384: 'SHA-384', sha512: 'SHA-512' };

/** RSAES-OAEP decryption with `oaepHash` (node's name) for OAEP and MGF1, off the event loop. */
export async function oaepDecrypt(key: KeyObject, oaepHash: string, data: Uint8Array): Promise<Buffer> {
  const k = await cryptoKey(key, { name: 'RSA-OAEP', hash: OAEP_HASHES[oaepHash] as string }, 'decrypt');
  return Buffer.from(await webcrypto.subtle.decrypt({ name: 'RSA-OAEP' }, k, data));
}

function agreementParams(crv: string): ImportParams {
  return crv === 'X25519' || crv === 'X448' ? { name: crv } : { name: 'ECDH', namedCurve: crv };
}

/** The ECDH shared secret Z of two keys on curve `crv` (as `diffieHellman` gives it), off the event loop. */
export async function agree(privateKey: KeyObject, publicKey: KeyObject, crv: string): Promise<Buffer> {
  const params = agreementParams(crv);
  const [own, peer] = await Promise.all([cryptoKey(privateKey, params, 'deriveBits'), cryptoKey(publicKey, params, 'deriveBits')]);
  return Buffer.from(await webcrypto.subtle.deriveBits({ name: params.name, public: peer } as webcrypto.EcdhKeyDeriveParams, own, null));
}

/** `pbkdf2Sync`'s result from node's callback form, which runs on libuv's thread pool. */
export function pbkdf2Async(password: Buffer, salt: Buffer, iterations: number, bytes: number, hash: string): Promise<Buffer> {
  return new Promise((resolve, reject) => pbkdf2(password, salt, iterations, bytes, hash, (err, out) => (err === null ? resolve(out) : reject(err))));
}
