import type { JoseKey } from '../../jwk/key.js';
import { JWKSet } from '../../jwk/keyset.js';
import { thumbprint } from '../../jwk/thumbprint.js';
import type { JWK } from '../../jwk/types.js';
import { JoseError } from '../../util/errors.js';
import { fitsSomeJwe, fitsSomeJws } from '../algorithms.js';
import type { RuntimeContext } from '../context.js';
import type { CryptoObjects, CryptoObjectType } from '../crypto-objects.js';
import { PolicyProblem } from '../errors.js';
import { jwkOrSetVariableReader } from '../jwk-variable.js';
import { keyOrigin, kindText } from '../key-origin.js';
import type { KeySpec } from './properties.js';

/** Picks the key for one token from its header. @internal */
export type HeaderKeyResolver = (header: { [name: string]: unknown }) => JoseKey;

/** The algorithms one jwt-validate policy accepts, after the environment's allow-list. @internal */
export interface ValidateAlgorithms {
  jws: readonly string[];
  jweAlg: readonly string[];
  jweEnc: readonly string[];
}

const thumbprints = new WeakMap<JoseKey, string>();

/**
 * The key always comes from the policy, never from the token: a `jwk` header is only
 * accepted when it is the configured key itself (same RFC 7638 thumbprint).
 */
function matchEmbedded(
  property: string,
  header: { [name: string]: unknown },
  key: JoseKey,
): JoseKey {
  if (header.jwk === undefined) return key;
  let mine = thumbprints.get(key);
  if (mine === undefined) thumbprints.set(key, (mine = thumbprint(key)));
  let theirs: string | undefined;
  try {
    theirs = thumbprint(header.jwk as JWK);
  } catch {
    theirs = undefined;
  }
  if (theirs !== mine)
    throw new PolicyProblem(
      `${property}: the token's "jwk" header is not the configured key`,
      'ERR_KEY_NOT_FOUND',
    );
  return key;
}

interface Role {
  prefix: 'jws' | 'jwe';
  /** `verification` or `decryption`, for messages. */
  use: string;
  kinds: readonly CryptoObjectType[];
  fits: (key: JoseKey, algs: ValidateAlgorithms) => boolean;
}

const VERIFY: Role = {
  prefix: 'jws',
  use: 'verification',
  kinds: ['shared-secret-key', 'crypto-certificate'],
  fits: (k, a) => fitsSomeJws(k, a.jws),
};
const DECRYPT: Role = {
  prefix: 'jwe',
  use: 'decryption',
  kinds: ['shared-secret-key', 'crypto-key'],
  fits: (k, a) => fitsSomeJwe(k, a.jweAlg, a.jweEnc),
};

function compileKey(
  role: Role,
  spec: KeySpec,
  objects: CryptoObjects,
  algs: ValidateAlgorithms,
): (ctx: RuntimeContext) => HeaderKeyResolver {
  const origin = keyOrigin(role.prefix, spec, objects);
  if (origin.kind === 'crypto') {
    const { property, object } = origin;
    if (!role.kinds.includes(object.type)) {
      throw new PolicyProblem(
        `${property}: ${role.use} needs a ${role.kinds.map(kindText).join(' or a ')}, but "${object.name}" is a ${kindText(object.type)}`,
      );
    }
    if (!role.fits(object.key, algs)) {
      throw new PolicyProblem(
        `${property}: crypto object "${object.name}" fits no ${role.prefix.toUpperCase()} algorithm the policy accepts`,
        'ERR_KEY_UNSUITABLE',
      );
    }
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
        throw e instanceof JoseError
          ? new PolicyProblem(`${property}: ${e.code}: ${e.message}`, e.code)
          : e;
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
export function compileVerificationKey(
  spec: KeySpec,
  objects: CryptoObjects,
  algs: ValidateAlgorithms,
): (ctx: RuntimeContext) => HeaderKeyResolver {
  return compileKey(VERIFY, spec, objects, algs);
}

/**
 * Compiles where the decryption key comes from: `jwe-crypto` (a shared secret key or crypto key,
 * which wins) or the JWK or JWK Set in `jwe-jwk`.
 * @internal
 */
export function compileDecryptionKey(
  spec: KeySpec,
  objects: CryptoObjects,
  algs: ValidateAlgorithms,
): (ctx: RuntimeContext) => HeaderKeyResolver {
  return compileKey(DECRYPT, spec, objects, algs);
}
