import { JoseError } from '../../util/errors.js';
import type { JoseKey } from '../../jwk/key.js';
import { signCompact } from '../../jws/index.js';
import { encryptCompact } from '../../jwe/index.js';
import type { RuntimeContext } from '../context.js';
import type { CryptoObjects, CryptoObjectType } from '../crypto-objects.js';
import { PolicyProblem } from '../errors.js';
import { jwkVariableReader, readString } from '../jwk-variable.js';
import { keyOrigin, kindText } from '../key-origin.js';
import { POLICY_JWE_ALGS, POLICY_JWS_ALGS, type Material } from './properties.js';

/** A key with the algorithm and `kid` to use it with, for one request. @internal */
export interface ResolvedKey {
  key: JoseKey;
  alg: string;
  kid: string | undefined;
  /** The property the key came from, to name in error details. */
  property: string;
}

type Role = { prefix: 'jws' | 'jwe'; allowed: readonly string[]; objectType: (alg: string) => CryptoObjectType; enc?: string };

function roleOf(prefix: 'jws' | 'jwe', enc?: string): Role {
  if (prefix === 'jws') return { prefix, allowed: POLICY_JWS_ALGS, objectType: (alg) => (alg.startsWith('HS') ? 'shared-secret-key' : 'crypto-key') };
  return { prefix, allowed: POLICY_JWE_ALGS, objectType: (alg) => (alg.startsWith('RSA') ? 'crypto-certificate' : 'shared-secret-key'), ...(enc === undefined ? {} : { enc }) };
}

function pickAlg(role: Role, configured: string | undefined, key: JoseKey, source: string): string {
  const alg = configured ?? key.alg;
  if (alg === undefined) throw new PolicyProblem(`${role.prefix}-alg: is required since ${source} names no algorithm`);
  if (!role.allowed.includes(alg)) throw new PolicyProblem(`${role.prefix}-alg: ${source} names "${alg}", which the policy does not accept`);
  return alg;
}

// Using the key once at compile time runs every fit check the library has (type, size, curve,
// binding), so a misfit is reported against the property instead of on the first request.
function tryKey(role: Role, key: JoseKey, alg: string): void {
  if (role.prefix === 'jws') signCompact('', { alg }, key);
  else encryptCompact('', { alg, enc: role.enc as string }, key);
}

/**
 * Compiles where the JWS or JWE key comes from. A crypto object, when named, always wins and
 * the JWK variable is then never read (the seed's rule); a crypto object that is missing or
 * unfit is an error, never a fallback to the JWK.
 * @internal
 */
export function compileKeySource(prefix: 'jws' | 'jwe', material: Material, objects: CryptoObjects, enc?: string): (ctx: RuntimeContext) => ResolvedKey {
  const role = roleOf(prefix, enc);
  const kidOf = (ctx: RuntimeContext, fallback: string | undefined): string | undefined =>
    material.kidVar === undefined ? fallback : readString(ctx, `custom-kid-value-${prefix}`, material.kidVar);

  const origin = keyOrigin(prefix, material, objects);
  if (origin.kind === 'crypto') {
    const { property, object } = origin;
    const alg = pickAlg(role, material.alg, object.key, `crypto object "${object.name}"`);
    const want = role.objectType(alg);
    if (object.type !== want) throw new PolicyProblem(`${property}: ${alg} needs a ${kindText(want)}, but "${object.name}" is a ${kindText(object.type)}`);
    try {
      tryKey(role, object.key, alg);
    } catch (e) {
      throw new PolicyProblem(`${property}: crypto object "${object.name}" does not fit ${alg}: ${e instanceof JoseError ? e.message : 'unusable key'}`);
    }
    const key = object.key;
    return (ctx) => ({ key, alg, kid: kidOf(ctx, undefined), property });
  }

  const { property, variable } = origin;
  const read = jwkVariableReader(property, variable);
  return (ctx) => {
    const key = read(ctx);
    const alg = pickAlg(role, material.alg, key, `the JWK in "${variable}"`);
    return { key, alg, kid: kidOf(ctx, key.kid), property };
  };
}
