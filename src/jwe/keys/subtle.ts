import { Buffer } from 'node:buffer';
import { type KeyObject, pbkdf2, webcrypto } from 'node:crypto';

// node:crypto has no callback form of RSA private decryption nor of ECDH; its WebCrypto does
// both on libuv's thread pool. WebCrypto wants CryptoKeys, and importing one costs a DER
// parse, so each is made once per KeyObject and algorithm (a WeakMap: it lives as long as the
// caller's key, and is keyed by the object, never by its material).
const imported = new WeakMap<
  KeyObject,
  Map<string, webcrypto.CryptoKey | Promise<webcrypto.CryptoKey>>
>();

type ImportParams =
  | webcrypto.RsaHashedImportParams
  | webcrypto.EcKeyImportParams
  | webcrypto.Algorithm;

// `name` stands for `params` (one string per algorithm). Once imported, the key itself is kept,
// so later calls take no turn of the event loop to get it.
function cryptoKey(
  key: KeyObject,
  name: string,
  params: ImportParams,
  usage: webcrypto.KeyUsage,
): webcrypto.CryptoKey | Promise<webcrypto.CryptoKey> {
  let byAlg = imported.get(key);
  if (byAlg === undefined) imported.set(key, (byAlg = new Map()));
  const found = byAlg.get(name);
  if (found !== undefined) return found;
  const priv = key.type === 'private';
  const der = priv
    ? key.export({ format: 'der', type: 'pkcs8' })
    : key.export({ format: 'der', type: 'spki' });
  const pending = webcrypto.subtle.importKey(
    priv ? 'pkcs8' : 'spki',
    der,
    params,
    false,
    priv ? [usage] : [],
  );
  byAlg.set(name, pending);
  // A failed import is not remembered: the next call tries again and fails the same way.
  pending.then(
    (k) => byAlg.set(name, k),
    () => byAlg.delete(name),
  );
  return pending;
}

const OAEP_HASHES: Record<string, string> = {
  sha1: 'SHA-1',
  sha256: 'SHA-256',
  sha384: 'SHA-384',
  sha512: 'SHA-512',
};

/** RSAES-OAEP decryption with `oaepHash` (node's name) for OAEP and MGF1, off the event loop. */
export async function oaepDecrypt(
  key: KeyObject,
  oaepHash: string,
  data: Uint8Array,
): Promise<Buffer> {
  const hash = OAEP_HASHES[oaepHash] as string;
  const found = cryptoKey(key, `RSA-OAEP ${hash}`, { name: 'RSA-OAEP', hash }, 'decrypt');
  const k = found instanceof Promise ? await found : found;
  return Buffer.from(await webcrypto.subtle.decrypt({ name: 'RSA-OAEP' }, k, data));
}

function agreementParams(crv: string): ImportParams {
  return crv === 'X25519' || crv === 'X448' ? { name: crv } : { name: 'ECDH', namedCurve: crv };
}

/** The ECDH shared secret Z of two keys on curve `crv` (as `diffieHellman` gives it), off the event loop. */
export async function agree(
  privateKey: KeyObject,
  publicKey: KeyObject,
  crv: string,
): Promise<Buffer> {
  const params = agreementParams(crv);
  const [own, peer] = await Promise.all([
    cryptoKey(privateKey, crv, params, 'deriveBits'),
    cryptoKey(publicKey, crv, params, 'deriveBits'),
  ]);
  return Buffer.from(
    await webcrypto.subtle.deriveBits(
      { name: params.name, public: peer } as webcrypto.EcdhKeyDeriveParams,
      own,
      null,
    ),
  );
}

/** `pbkdf2Sync`'s result from node's callback form, which runs on libuv's thread pool. */
export function pbkdf2Async(
  password: Buffer,
  salt: Buffer,
  iterations: number,
  bytes: number,
  hash: string,
): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    pbkdf2(password, salt, iterations, bytes, hash, (err, out) =>
      err === null ? resolve(out) : reject(err),
    ),
  );
}
