import {
  CONTENT_ENCRYPTION_ALGORITHMS,
  KEY_MANAGEMENT_ALGORITHMS,
  KEY_MANAGEMENT_FACTS,
  type KeyManagementAlgorithm,
} from '../algs/jwe.js';
import { JWS_ALGORITHMS } from '../algs/jws.js';
import { keyManagementFacts, signatureFacts } from '../algs/lookup.js';
import { contentEncryption } from '../jwe/content/table.js';
import { keyManagement } from '../jwe/keys/table.js';
import type { Direction } from '../jwe/keys/types.js';
import type { JoseKey } from '../jwk/key.js';
import type { SignatureOp } from '../jws/algs/alg.js';
import { algorithmForVerifying } from '../jws/algs/registry.js';
import { JoseError } from '../util/errors.js';
import { PolicyProblem } from './errors.js';

// The ONE file of the policies' algorithm lists. What jwt-validate accepts derives from the
// library's fact tables (src/algs), so an algorithm added there reaches jwt-validate with no edit
// here; what jwt-generate accepts is each dialect's documented allow-list, as IBM's pages give it.

/**
 * Opt-in key management algorithms jwt-validate still accepts: RSA1_5, because both dialects of
 * jwt-generate produce it. The other opt-in entries (PBES2: a gateway's keys are not passwords,
 * and the sender would choose the cost) stay refused.
 */
const VALIDATE_OPT_IN: readonly KeyManagementAlgorithm[] = ['RSA1_5'];

/**
 * Every JWS algorithm of the table; jwt-validate accepts those the configured key fits (EdDSA and
 * ES256K included).
 * @internal
 */
export const VALIDATE_JWS_ALGS: readonly string[] = JWS_ALGORITHMS;
/** The table's key management algorithms, less the opt-in ones but {@link VALIDATE_OPT_IN}. @internal */
export const VALIDATE_JWE_ALGS: readonly string[] = KEY_MANAGEMENT_ALGORITHMS.filter(
  (n) => !KEY_MANAGEMENT_FACTS[n].optIn || VALIDATE_OPT_IN.includes(n),
);
/** Every content encryption algorithm of the table. @internal */
export const VALIDATE_JWE_ENCS: readonly string[] = CONTENT_ENCRYPTION_ALGORITHMS;

/** The two documented dialects, selected by the policy's `version`. */
export type PolicyDialect = 'datapower-gateway' | 'api-gateway';

/** Signing algorithms jwt-generate accepts in both dialects (IBM: "Cryptographic Algorithm", jws-alg). */
export const POLICY_JWS_ALGS = [
  'HS256',
  'HS384',
  'HS512',
  'RS256',
  'RS384',
  'RS512',
  'ES256',
  'ES384',
  'ES512',
  'PS256',
  'PS384',
  'PS512',
] as const;
/** Key-management algorithms jwt-generate 1.0.0 accepts (the seed's list; no plain RSA-OAEP). */
export const POLICY_JWE_ALGS = [
  'RSA1_5',
  'RSA-OAEP-256',
  'dir',
  'A128KW',
  'A192KW',
  'A256KW',
] as const;
/** Content-encryption algorithms jwt-generate 1.0.0 accepts (the seed's list). */
export const POLICY_JWE_ENCS = ['A128CBC-HS256', 'A192CBC-HS384', 'A256CBC-HS512'] as const;
/** Key-management algorithms jwt-generate 2.x (DataPower API Gateway) accepts: 1.0.0's and RSA-OAEP. */
export const POLICY_API_GATEWAY_JWE_ALGS = [
  'RSA1_5',
  'RSA-OAEP',
  'RSA-OAEP-256',
  'dir',
  'A128KW',
  'A192KW',
  'A256KW',
] as const;
/** Content-encryption algorithms jwt-generate 2.x (DataPower API Gateway) accepts: 1.0.0's and A*GCM. */
export const POLICY_API_GATEWAY_JWE_ENCS = [
  'A128CBC-HS256',
  'A192CBC-HS384',
  'A256CBC-HS512',
  'A128GCM',
  'A192GCM',
  'A256GCM',
] as const;

/**
 * The crypto object kind IBM's pages require per jwt-generate algorithm: "For algorithm types
 * HS256, HS384, and HS512 ... a Shared Secret Key", for RS/ES/PS "a Crypto Key (private key)";
 * for encryption, RSA needs the recipient's Crypto Certificate and the others a Shared Secret Key.
 * @internal
 */
export function generateObjectKind(
  prefix: 'jws' | 'jwe',
  alg: string,
): 'shared-secret-key' | 'crypto-key' | 'crypto-certificate' {
  const kty = prefix === 'jws' ? signatureFacts(alg)?.kty : keyManagementFacts(alg)?.kty;
  const secret = kty?.includes('oct') === true;
  if (prefix === 'jws') return secret ? 'shared-secret-key' : 'crypto-key';
  return kty?.includes('RSA') === true ? 'crypto-certificate' : 'shared-secret-key';
}

/** jwt-generate's allow-lists per dialect. @internal */
export const GENERATE_LISTS: Record<
  PolicyDialect,
  { jws: readonly string[]; jweAlg: readonly string[]; jweEnc: readonly string[] }
> = {
  'datapower-gateway': { jws: POLICY_JWS_ALGS, jweAlg: POLICY_JWE_ALGS, jweEnc: POLICY_JWE_ENCS },
  'api-gateway': {
    jws: POLICY_JWS_ALGS,
    jweAlg: POLICY_API_GATEWAY_JWE_ALGS,
    jweEnc: POLICY_API_GATEWAY_JWE_ENCS,
  },
};

/**
 * The dialect a policy's `version` selects: `1.0.0` or none, the DataPower Gateway (v5
 * compatible); any `2.x.y`, the DataPower API Gateway.
 * @internal
 */
export function dialectOf(version: unknown): PolicyDialect {
  if (version === undefined || version === '1.0.0') return 'datapower-gateway';
  if (typeof version === 'string' && /^2\.\d{1,4}\.\d{1,4}$/.test(version)) return 'api-gateway';
  throw new PolicyProblem(
    'version: must be 1.0.0 (DataPower Gateway, v5 compatible) or 2.x.y (DataPower API Gateway)',
  );
}

/** The DataPower API Gateway's help for its JWT actions caps these property values at 256 characters. */
const API_GATEWAY_MAX_VALUE = 256;

/**
 * In the API Gateway dialect, refuses a property value longer than the gateway accepts (IBM's
 * DataPower help for `assembly-jwt-generate` / `assembly-jwt-validate`: "The maximum value length
 * is 256 characters"), so a policy the gateway would refuse is not accepted here either.
 * @internal
 */
export function checkValueLengths(
  props: object,
  names: readonly string[],
  dialect: PolicyDialect,
): void {
  if (dialect !== 'api-gateway') return;
  for (const name of names) {
    const v: unknown = (props as Record<string, unknown>)[name];
    if (typeof v === 'string' && v.length > API_GATEWAY_MAX_VALUE) {
      const limit = `${API_GATEWAY_MAX_VALUE} characters, the DataPower API Gateway's limit`;
      throw new PolicyProblem(`${name}: is longer than ${limit}`);
    }
  }
}

/**
 * Asks the JWS table entry whether `key` can `op` under `alg`.
 * @throws {JoseError} `ERR_KEY_UNSUITABLE` naming what does not fit
 * @internal
 */
export function checkJwsKey(alg: string, key: JoseKey, op: SignatureOp): void {
  algorithmForVerifying(alg).checkKey(key, op);
}

/**
 * Asks the key management table entry whether `key` can wrap or unwrap a CEK for `enc`.
 * @throws {JoseError} `ERR_KEY_UNSUITABLE` naming what does not fit, `ERR_NOT_SUPPORTED` for an unknown name
 * @internal
 */
export function checkJweKey(alg: string, enc: string, key: JoseKey, direction: Direction): void {
  const km = keyManagement(alg);
  const ce = contentEncryption(enc);
  if (km === undefined || ce === undefined)
    throw new JoseError('ERR_NOT_SUPPORTED', 'the JWE algorithm is not supported');
  km.check(key, ce, direction, { alg, enc });
}

function fits(check: () => void): boolean {
  try {
    check();
    return true;
  } catch (e) {
    if (e instanceof JoseError && e.code === 'ERR_KEY_UNSUITABLE') return false;
    throw e;
  }
}

/** Whether `key` verifies under one of `algs` at least. @internal */
export function fitsSomeJws(key: JoseKey, algs: readonly string[]): boolean {
  return algs.some((alg) => fits(() => checkJwsKey(alg, key, 'verify')));
}

/** Whether `key` decrypts under one pair of `algs` x `encs` at least. @internal */
export function fitsSomeJwe(
  key: JoseKey,
  algs: readonly string[],
  encs: readonly string[],
): boolean {
  return algs.some((alg) => encs.some((enc) => fits(() => checkJweKey(alg, enc, key, 'decrypt'))));
}

/**
 * Splits a gateway's `algorithms` allow-list into its JWS, key management and content
 * encryption names; a family the list does not name keeps the policy's default.
 * @throws {PolicyProblem} for a name jwt-validate never accepts (unknown, `none`, PBES2)
 * @internal
 */
export function splitAllowList(list: unknown): {
  jws?: string[];
  jweAlg?: string[];
  jweEnc?: string[];
} {
  if (list === undefined) return {};
  if (!Array.isArray(list) || list.length === 0 || !list.every((a) => typeof a === 'string')) {
    throw new PolicyProblem('algorithms: must be a non-empty array of algorithm names');
  }
  const pick = (known: readonly string[]): string[] | undefined => {
    const named = (list as string[]).filter((a) => known.includes(a));
    return named.length === 0 ? undefined : named;
  };
  const known = [...VALIDATE_JWS_ALGS, ...VALIDATE_JWE_ALGS, ...VALIDATE_JWE_ENCS];
  const bad = (list as string[]).find((a) => !known.includes(a));
  if (bad !== undefined)
    throw new PolicyProblem(`algorithms: "${bad}" is not an algorithm jwt-validate accepts`);
  const out: { jws?: string[]; jweAlg?: string[]; jweEnc?: string[] } = {};
  const jws = pick(VALIDATE_JWS_ALGS);
  const jweAlg = pick(VALIDATE_JWE_ALGS);
  const jweEnc = pick(VALIDATE_JWE_ENCS);
  if (jws !== undefined) out.jws = jws;
  if (jweAlg !== undefined) out.jweAlg = jweAlg;
  if (jweEnc !== undefined) out.jweEnc = jweEnc;
  return out;
}
