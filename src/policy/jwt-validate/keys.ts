import type { ContentEncryptionAlgorithm, KeyManagementAlgorithm } from '../../algs/jwe.js';
import type { JWSAlgorithm } from '../../algs/jws.js';
import { b64u } from '../../util/base64url.js';
import { JoseError } from '../../util/errors.js';
import type { JoseKey } from '../../jwk/key.js';
import { exportJWK } from '../../jwk/export.js';
import { JWKSet } from '../../jwk/keyset.js';
import { thumbprint } from '../../jwk/thumbprint.js';
import type { JWK } from '../../jwk/types.js';
import { verifyCompact } from '../../jws/compact.js';
import { decryptCompact } from '../../jwe/compact.js';
import type { RuntimeContext } from '../context.js';
import type { CryptoObjects, CryptoObjectType } from '../crypto-objects.js';
import { PolicyProblem } from '../errors.js';
import { jwkOrSetVariableReader } from '../jwk-variable.js';
import { keyOrigin, kindText } from '../key-origin.js';
import type { KeySpec } from './properties.js';

/** Every JWS algorithm the library verifies; a token's is accepted when the configured key fits it. @internal */
export const VALIDATE_JWS_ALGS: readonly JWSAlgorithm[] = ['HS256', 'HS384', 'HS512', 'RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512'];
/**
 * Every key management algorithm the library decrypts (RSA1_5 included: jwt-generate can produce
 * it) but PBES2: a gateway's keys are not passwords, and PBES2's cost is chosen by the sender.
 * @internal
 */
export const VALIDATE_JWE_ALGS: readonly KeyManagementAlgorithm[] = [
  'RSA1_5', 'RSA-OAEP', 'RSA-OAEP-256', 'RSA-OAEP-384', 'RSA-OAEP-512',
  'dir', 'A128KW', 'A192KW', 'A256KW', 'A128GCMKW', 'A192GCMKW', 'A256GCMKW',
  'ECDH-ES', 'ECDH-ES+A128KW', 'ECDH-ES+A192KW', 'ECDH-ES+A256KW',
];
/** Every content encryption algorithm the library decrypts. @internal */
export const VALIDATE_JWE_ENCS: readonly ContentEncryptionAlgorithm[] = ['A128CBC-HS256', 'A192CBC-HS384', 'A256CBC-HS512', 'A128GCM', 'A192GCM', 'A256GCM'];

/** Picks the key for one token from its header. @internal */
export type HeaderKeyResolver = (header: { [name: string]: unknown }) => JoseKey;

// CEK, IV and tag sizes of each `enc` (RFC 7518 s5.2.3-5.2.5, s5.3), to shape probe tokens.
const ENC_SHAPES: Record<string, { cek: number; iv: number; tag: number }> = {
  'A128CBC-HS256': { cek: 32, iv: 16, tag: 16 },
  'A192CBC-HS384': { cek: 48, iv: 16, tag: 24 },
  'A256CBC-HS512': { cek: 64, iv: 16, tag: 32 },
  A128GCM: { cek: 16, iv: 12, tag: 16 },
  A192GCM: { cek: 24, iv: 12, tag: 16 },
  A256GCM: { cek: 32, iv: 12, tag: 16 },
};

// The library answers a verification or decryption whose key does not fit the token's algorithm
// with ERR_KEY_UNSUITABLE, and checks the key before any cryptography. A well-shaped token that
// cannot be genuine therefore asks the library itself whether a key fits, at no real cost.
function keyFits(attempt: () => unknown): boolean {
  try {
    attempt();
    return true;
  } catch (e) {
    return !(e instanceof JoseError && (e.code === 'ERR_KEY_UNSUITABLE' || e.code === 'ERR_NOT_SUPPORTED' || e.code === 'ERR_ALG_NOT_ALLOWED'));
  }
}

function fitsSomeJws(key: JoseKey): boolean {
  return VALIDATE_JWS_ALGS.some((alg) => keyFits(() => verifyCompact(`${b64u(JSON.stringify({ alg }))}.e30.AA`, key, { algorithms: [alg] })));
}

// A valid P-256 point (RFC 7518 C, Bob's key): the probe's `epk` for a key that is not EC.
const PROBE_EPK = { kty: 'EC', crv: 'P-256', x: 'weNJy2HscCSM6AEDTDg04biOvhFhyyWvOHQfeF_PxMQ', y: 'e8lnCO-AlStT-NJVX-crhB7QRYhiix03illJOVAOyck' };

// A token of the right shape for `alg`: the header members the algorithm reads, and an encrypted
// key of the length it expects. An EC key is given its own public point as `epk`.
function probeToken(key: JoseKey, alg: string, enc: string): string {
  const shape = ENC_SHAPES[enc] as { cek: number; iv: number; tag: number };
  const zeros = (n: number): string => b64u(new Uint8Array(n));
  const header: { [name: string]: unknown } = { alg, enc };
  let encryptedKey: string;
  if (alg.startsWith('RSA')) encryptedKey = zeros(Math.ceil(key.bits / 8) || 1);
  else if (alg === 'dir' || alg === 'ECDH-ES') encryptedKey = '';
  else if (alg.endsWith('GCMKW')) {
    encryptedKey = zeros(shape.cek);
    Object.assign(header, { iv: zeros(12), tag: zeros(16) });
  } else encryptedKey = zeros(shape.cek + 8);
  if (alg.startsWith('ECDH-ES')) header.epk = key.kty === 'EC' ? exportJWK(key.toPublic()) : PROBE_EPK;
  return [b64u(JSON.stringify(header)), encryptedKey, zeros(shape.iv), zeros(16), zeros(shape.tag)].join('.');
}

function fitsSomeJwe(key: JoseKey): boolean {
  return VALIDATE_JWE_ALGS.some((alg) =>
    VALIDATE_JWE_ENCS.some((enc) => keyFits(() => decryptCompact(probeToken(key, alg, enc), key, { keyManagementAlgorithms: [alg], contentEncryptionAlgorithms: [enc] }))),
  );
}

const thumbprints = new WeakMap<JoseKey, string>();

/**
 * The key always comes from the policy, never from the token: a `jwk` header is only
 * accepted when it is the configured key itself (same RFC 7638 thumbprint).
 */
function matchEmbedded(property: string, header: { [name: string]: unknown }, key: JoseKey): JoseKey {
  if (header.jwk === undefined) return key;
  let mine = thumbprints.get(key);
  if (mine === undefined) thumbprints.set(key, (mine = thumbprint(key)));
  let theirs: string | undefined;
  try {
    theirs = thumbprint(header.jwk as JWK);
  } catch {
    theirs = undefined;
  }
  if (theirs !== mine) throw new PolicyProblem(`${property}: the token's "jwk" header is not the configured key`);
  return key;
}

interface Role {
  prefix: 'jws' | 'jwe';
  /** `verification` or `decryption`, for messages. */
  use: string;
  kinds: readonly CryptoObjectType[];
  fits: (key: JoseKey) => boolean;
}

const VERIFY: Role = { prefix: 'jws', use: 'verification', kinds: ['shared-secret-key', 'crypto-certificate'], fits: fitsSomeJws };
const DECRYPT: Role = { prefix: 'jwe', use: 'decryption', kinds: ['shared-secret-key', 'crypto-key'], fits: fitsSomeJwe };

function compileKey(role: Role, spec: KeySpec, objects: CryptoObjects): (ctx: RuntimeContext) => HeaderKeyResolver {
  const origin = keyOrigin(role.prefix, spec, objects);
  if (origin.kind === 'crypto') {
    const { property, object } = origin;
    if (!role.kinds.includes(object.type)) {
      throw new PolicyProblem(`${property}: ${role.use} needs a ${role.kinds.map(kindText).join(' or a ')}, but "${object.name}" is a ${kindText(object.type)}`);
    }
    if (!role.fits(object.key)) throw new PolicyProblem(`${property}: crypto object "${object.name}" fits no ${role.prefix.toUpperCase()} algorithm`);
    const resolver: HeaderKeyResolver = (header) => matchEmbedded(property, header, object.key);
    return () => resolver;
  }
  const { property, variable } = origin;
  const read = jwkOrSetVariableReader(property, variable);
  return (ctx) => {
    const source = read(ctx);
    if (!(source instanceof JWKSet)) return (header) => matchEmbedded(property, header, source);
    return (header) => {
      let key: JoseKey;
      try {
        key = source.select(header);
      } catch (e) {
        throw e instanceof JoseError ? new PolicyProblem(`${property}: ${e.code}: ${e.message}`) : e;
      }
      return matchEmbedded(property, header, key);
    };
  };
}

/**
 * Compiles where the verification key comes from: `jws-crypto` (a shared secret key or crypto
 * certificate, which wins) or the JWK or JWK Set in `jws-jwk`, chosen per token by `kid` and `alg`.
 * @internal
 */
export function compileVerificationKey(spec: KeySpec, objects: CryptoObjects): (ctx: RuntimeContext) => HeaderKeyResolver {
  return compileKey(VERIFY, spec, objects);
}

/**
 * Compiles where the decryption key comes from: `jwe-crypto` (a shared secret key or crypto key,
 * which wins) or the JWK or JWK Set in `jwe-jwk`.
 * @internal
 */
export function compileDecryptionKey(spec: KeySpec, objects: CryptoObjects): (ctx: RuntimeContext) => HeaderKeyResolver {
  return compileKey(DECRYPT, spec, objects);
}
