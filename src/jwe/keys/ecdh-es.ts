import { Buffer } from 'node:buffer';
import { diffieHellman, type KeyObject } from 'node:crypto';
import { KEY_MANAGEMENT_FACTS } from '../../algs/jwe.js';
import { asKey } from '../../jwk/coerce.js';
import { checkBinding } from '../../jwk/fit.js';
import type { JoseKey } from '../../jwk/key.js';
import { b64uDecode } from '../../util/base64url.js';
import { wipe } from '../../util/bytes.js';
import { JoseError } from '../../util/errors.js';
import { isObject } from '../../util/json.js';
import type { ContentEncryption } from '../content/types.js';
import { invalid } from '../failure.js';
import type { EncryptOptions, JWEHeaderParameters } from '../types.js';
import { concatKdf, otherInfo } from './concat-kdf.js';
import { CURVES, type Curve, checkEpk, epkMember, importEpk } from './epk.js';
import { checkWrappedLength, kwUnwrap, kwWrap } from './kw.js';
import { agree } from './subtle.js';
import type { Direction, DirectKeyManagement, WrappingKeyManagement } from './types.js';

const EMPTY = Buffer.alloc(0);

function unsuitable(message: string): JoseError {
  return new JoseError('ERR_KEY_UNSUITABLE', message);
}

type EcdhAlgorithm = 'ECDH-ES' | 'ECDH-ES+A128KW' | 'ECDH-ES+A192KW' | 'ECDH-ES+A256KW';

function curveOf(key: JoseKey): Curve | undefined {
  const curve = key.crv === undefined ? undefined : CURVES.get(key.crv);
  return curve?.kty === key.kty ? curve : undefined;
}

/**
 * The recipient key must be on a supported curve (private to decrypt), and, on decryption, on
 * the curve of the sender's `epk`: agreeing across curves is meaningless, and a recipient of
 * several JSON recipients may hold keys on several curves, so this is a key that does not fit
 * the token (`ERR_KEY_UNSUITABLE`), not a malformed token.
 */
function check(
  alg: EcdhAlgorithm,
  key: JoseKey,
  direction: Direction,
  header: JWEHeaderParameters,
): void {
  checkBinding(key, alg, KEY_MANAGEMENT_FACTS[alg].keyOps[direction]);
  if (curveOf(key) === undefined)
    throw unsuitable(`${alg} needs a key on one of ${[...CURVES.keys()].join(', ')}`);
  if (direction === 'decrypt') {
    if (key.type !== 'private') throw unsuitable(`${alg} needs a private key here`);
    if (isObject(header.epk) && header.epk.crv !== key.crv)
      throw unsuitable(`the header's "epk" is not on the key's curve ${key.crv as string}`);
  }
}

function ephemeralKey(recipient: JoseKey, curve: Curve, options: EncryptOptions): KeyObject {
  if (options.ephemeralKey === undefined) return curve.generate();
  let k: JoseKey;
  try {
    k = asKey(options.ephemeralKey);
  } catch (e) {
    if (e instanceof JoseError)
      throw new JoseError('ERR_INVALID_ARGUMENT', 'options.ephemeralKey is not a valid key');
    throw e;
  }
  if (k.type !== 'private' || k.kty !== recipient.kty || k.crv !== recipient.crv) {
    throw new JoseError(
      'ERR_INVALID_ARGUMENT',
      `options.ephemeralKey must be a private key on ${recipient.crv as string}`,
    );
  }
  return k.keyObject;
}

const partyInfo = (value: unknown, name: string): Buffer =>
  value === undefined ? EMPTY : b64uDecode(value, 'ERR_JWE_INVALID', `JWE header "${name}"`);

/**
 * Z from ECDH (RFC 7518 s4.6.2), then the Concat KDF. Once both keys are on one curve and the
 * peer point is valid, only an X25519/X448 point of small order can make the agreement fail
 * (OpenSSL refuses its all-zero result); that depends on the public point alone.
 */
function derive(
  privateKey: KeyObject,
  publicKey: KeyObject,
  header: JWEHeaderParameters,
  algorithmId: string,
  keyBytes: number,
  onFailure: () => JoseError,
): Buffer {
  let z: Buffer;
  try {
    z = diffieHellman({ privateKey, publicKey });
  } catch {
    throw onFailure();
  }
  return kdf(z, header, algorithmId, keyBytes);
}

// The Concat KDF over Z, which is wiped once used.
function kdf(
  z: Buffer,
  header: JWEHeaderParameters,
  algorithmId: string,
  keyBytes: number,
): Buffer {
  const info = otherInfo(
    algorithmId,
    partyInfo(header.apu, 'apu'),
    partyInfo(header.apv, 'apv'),
    keyBytes * 8,
  );
  const derived = concatKdf(z, keyBytes * 8, info);
  wipe(z);
  return derived;
}

/** On the sending side: a fresh ephemeral key (or the test-only one), the derived key, and the `epk` member. */
function send(
  key: JoseKey,
  header: JWEHeaderParameters,
  options: EncryptOptions,
  algorithmId: string,
  keyBytes: number,
): { derived: Buffer; epk: object } {
  const curve = curveOf(key) as Curve;
  const ephemeral = ephemeralKey(key, curve, options);
  const derived = derive(ephemeral, key.publicKeyObject(), header, algorithmId, keyBytes, () =>
    unsuitable('key agreement with this key failed'),
  );
  return { derived, epk: epkMember(ephemeral, key.crv as string, curve.kty) };
}

const epkUnusable = (): JoseError => invalid('"epk" cannot be used for key agreement');

/** On the receiving side: the key derived from the recipient's private key and the header's `epk`. */
function receive(
  key: JoseKey,
  header: JWEHeaderParameters,
  algorithmId: string,
  keyBytes: number,
): Buffer {
  return derive(key.keyObject, importEpk(header.epk), header, algorithmId, keyBytes, epkUnusable);
}

/** `send` with the ephemeral key made and the agreement run on libuv's thread pool. */
async function sendAsync(
  key: JoseKey,
  header: JWEHeaderParameters,
  options: EncryptOptions,
  algorithmId: string,
  keyBytes: number,
): Promise<{ derived: Buffer; epk: object }> {
  const curve = curveOf(key) as Curve;
  const ephemeral =
    options.ephemeralKey === undefined
      ? await curve.generateAsync()
      : ephemeralKey(key, curve, options);
  let z: Buffer;
  try {
    z = await agree(ephemeral, key.publicKeyObject(), key.crv as string);
  } catch {
    throw unsuitable('key agreement with this key failed');
  }
  const epk = epkMember(ephemeral, key.crv as string, curve.kty);
  return { derived: kdf(z, header, algorithmId, keyBytes), epk };
}

/**
 * `receive` with the agreement on libuv's thread pool (through WebCrypto: node:crypto has no
 * callback form of ECDH).
 */
async function receiveAsync(
  key: JoseKey,
  header: JWEHeaderParameters,
  algorithmId: string,
  keyBytes: number,
): Promise<Buffer> {
  const peer = importEpk(header.epk);
  let z: Buffer;
  try {
    z = await agree(key.keyObject, peer, key.crv as string);
  } catch {
    throw epkUnusable();
  }
  return kdf(z, header, algorithmId, keyBytes);
}

const checkHeader = (header: JWEHeaderParameters): void => void checkEpk(header.epk);

/**
 * ECDH-ES direct key agreement (RFC 7518 s4.6): the Concat KDF output, with `enc` as the
 * AlgorithmID and the CEK's length, is the CEK itself.
 */
export const ECDH_ES: DirectKeyManagement = {
  alg: 'ECDH-ES',
  optIn: KEY_MANAGEMENT_FACTS['ECDH-ES'].optIn,
  direct: true,
  cekIsKey: false,
  options: ['ephemeralKey'],
  check: (key, _ce, direction, header) => check('ECDH-ES', key, direction, header),
  checkHeader,
  newCek(key, ce: ContentEncryption, header, options) {
    const { derived, epk } = send(key, header, options, ce.enc, ce.keyBytes);
    return { cek: derived, params: { epk } };
  },
  async newCekAsync(key, ce, header, options) {
    const { derived, epk } = await sendAsync(key, header, options, ce.enc, ce.keyBytes);
    return { cek: derived, params: { epk } };
  },
  cek: (key, ce, header) => receive(key, header, ce.enc, ce.keyBytes),
  cekAsync: (key, ce, header) => receiveAsync(key, header, ce.enc, ce.keyBytes),
};

/** ECDH-ES+A*KW (RFC 7518 s4.6): the Concat KDF output, with `alg` as the AlgorithmID, is the AES key wrap KEK. */
function ecdhKw(alg: Exclude<EcdhAlgorithm, 'ECDH-ES'>, kekBytes: number): WrappingKeyManagement {
  return {
    alg,
    optIn: KEY_MANAGEMENT_FACTS[alg].optIn,
    direct: false,
    options: ['ephemeralKey'],
    check: (key, _ce, direction, header) => check(alg, key, direction, header),
    checkHeader,
    wrap(key, cek, header, options) {
      const { derived, epk } = send(key, header, options, alg, kekBytes);
      const encryptedKey = kwWrap(derived, kekBytes, cek);
      wipe(derived);
      return { encryptedKey, params: { epk } };
    },
    unwrap(key, encryptedKey, cekBytes, header) {
      checkWrappedLength(encryptedKey, cekBytes);
      const kek = receive(key, header, alg, kekBytes);
      try {
        return kwUnwrap(kek, kekBytes, encryptedKey);
      } finally {
        wipe(kek);
      }
    },
    async wrapAsync(key, cek, header, options) {
      const { derived, epk } = await sendAsync(key, header, options, alg, kekBytes);
      const encryptedKey = kwWrap(derived, kekBytes, cek);
      wipe(derived);
      return { encryptedKey, params: { epk } };
    },
    async unwrapAsync(key, encryptedKey, cekBytes, header) {
      checkWrappedLength(encryptedKey, cekBytes);
      const kek = await receiveAsync(key, header, alg, kekBytes);
      try {
        return kwUnwrap(kek, kekBytes, encryptedKey);
      } finally {
        wipe(kek);
      }
    },
  };
}

export const ECDH_ES_A128KW = ecdhKw('ECDH-ES+A128KW', 16);
export const ECDH_ES_A192KW = ecdhKw('ECDH-ES+A192KW', 24);
export const ECDH_ES_A256KW = ecdhKw('ECDH-ES+A256KW', 32);
