import { PolicyProblem } from '../errors.js';

/** Signing algorithms the jwt-generate policy accepts (the seed's list). */
export const POLICY_JWS_ALGS = ['HS256', 'HS384', 'HS512', 'RS256', 'RS384', 'RS512', 'ES256', 'ES384', 'ES512', 'PS256', 'PS384', 'PS512'] as const;
/** Key-management algorithms the jwt-generate policy accepts (the seed's list; plain RSA-OAEP is not among them). */
export const POLICY_JWE_ALGS = ['RSA1_5', 'RSA-OAEP-256', 'dir', 'A128KW', 'A192KW', 'A256KW'] as const;
/** Content-encryption algorithms the jwt-generate policy accepts (the seed's list). */
export const POLICY_JWE_ENCS = ['A128CBC-HS256', 'A192CBC-HS384', 'A256CBC-HS512'] as const;

/**
 * The jwt-generate policy's properties, named exactly as under `- jwt-generate:` in an API
 * definition.
 */
export interface JwtGeneratePolicy {
  /** Display name of this policy instance; must be a non-empty string, otherwise unused. */
  title?: string;
  /** Free-text description; must be a non-empty string, otherwise unused. */
  description?: string;
  /** Policy version the definition was written for; must be a non-empty string, otherwise unused. */
  version?: string;
  /** Variable to write the token to; without it the token goes to the Authorization header as a Bearer token. */
  jwt?: string;
  /** Add a random UUID `jti`. */
  'jti-claim'?: boolean;
  /** Variable holding `iss` (default `iss.claim`). */
  'iss-claim'?: string;
  /** Variable holding `sub`. */
  'sub-claim'?: string;
  /** Variable(s) holding `aud`, comma-separated. */
  'aud-claim'?: string;
  /** Validity in seconds added to now for `exp` (default 3600). */
  'exp-claim'?: number | string;
  /** Variable holding a JSON object of extra claims. */
  'private-claims'?: string;
  /** Variable holding the signing JWK. */
  'jws-jwk'?: string;
  /** Signing algorithm, one of {@link POLICY_JWS_ALGS}; defaults to the signing key's own `alg`, and is required when the key names none. */
  'jws-alg'?: (typeof POLICY_JWS_ALGS)[number];
  /** Name of the signing crypto object; wins over `jws-jwk`. */
  'jws-crypto'?: string;
  /** Content encryption algorithm, one of {@link POLICY_JWE_ENCS}; required when encrypting. */
  'jwe-enc'?: (typeof POLICY_JWE_ENCS)[number];
  /** Variable holding the encryption JWK. */
  'jwe-jwk'?: string;
  /** Key management algorithm, one of {@link POLICY_JWE_ALGS}; defaults to the encryption key's own `alg`, and is required when the key names none. */
  'jwe-alg'?: (typeof POLICY_JWE_ALGS)[number];
  /** Name of the encryption crypto object; wins over `jwe-jwk`. */
  'jwe-crypto'?: string;
  /** Variable holding the `kid` for the JWS header. */
  'custom-kid-value-jws'?: string;
  /** Variable holding the `kid` for the JWE header. */
  'custom-kid-value-jwe'?: string;
}

/** The policy after validation, with defaults applied. @internal */
export interface GenerateSettings {
  output: string | undefined;
  jti: boolean;
  issVar: string;
  subVar: string | undefined;
  audVars: string[];
  expSeconds: number;
  privateClaimsVar: string | undefined;
  jws: Material | undefined;
  jwe: (Material & { enc: string }) | undefined;
}

/** Where one key comes from. @internal */
export interface Material {
  crypto: string | undefined;
  jwkVar: string | undefined;
  alg: string | undefined;
  kidVar: string | undefined;
}

const STRING_PROPS = ['title', 'description', 'version', 'jwt', 'iss-claim', 'sub-claim', 'aud-claim', 'private-claims', 'jws-jwk', 'jws-alg', 'jws-crypto', 'jwe-enc', 'jwe-jwk', 'jwe-alg', 'jwe-crypto', 'custom-kid-value-jws', 'custom-kid-value-jwe'] as const;
const KNOWN: ReadonlySet<string> = new Set([...STRING_PROPS, 'jti-claim', 'exp-claim']);

function problem(property: string, message: string): PolicyProblem {
  return new PolicyProblem(`${property}: ${message}`);
}

function oneOf<T extends string>(props: JwtGeneratePolicy, name: keyof JwtGeneratePolicy, allowed: readonly T[]): T | undefined {
  const v = props[name] as string | undefined;
  if (v !== undefined && !allowed.includes(v as T)) throw problem(name, `"${v}" is not one of ${allowed.join(', ')}`);
  return v as T | undefined;
}

/** Validates the properties and applies the defaults. @internal */
export function readSettings(props: JwtGeneratePolicy): GenerateSettings {
  for (const name of Object.keys(props)) if (!KNOWN.has(name)) throw problem(name, 'is not a jwt-generate property');
  for (const name of STRING_PROPS) {
    const v = props[name];
    if (v !== undefined && (typeof v !== 'string' || v.trim() === '')) throw problem(name, 'must be a non-empty string');
  }
  const jti = props['jti-claim'] ?? false;
  if (typeof jti !== 'boolean') throw problem('jti-claim', 'must be true or false');

  const rawExp = props['exp-claim'] ?? 3600;
  const exp = typeof rawExp === 'string' && /^[0-9]+$/.test(rawExp) ? Number(rawExp) : rawExp;
  if (typeof exp !== 'number' || !Number.isSafeInteger(exp) || exp <= 0) throw problem('exp-claim', 'must be a positive whole number of seconds');

  const aud = props['aud-claim'];
  const audVars = aud === undefined ? [] : aud.split(',').map((s) => s.trim());
  if (audVars.some((s) => s === '')) throw problem('aud-claim', 'has an empty variable name in its comma-separated list');

  const jwsAlg = oneOf(props, 'jws-alg', POLICY_JWS_ALGS);
  const jweAlg = oneOf(props, 'jwe-alg', POLICY_JWE_ALGS);
  const jweEnc = oneOf(props, 'jwe-enc', POLICY_JWE_ENCS);

  const signs = props['jws-crypto'] !== undefined || props['jws-jwk'] !== undefined;
  const encrypts = props['jwe-crypto'] !== undefined || props['jwe-jwk'] !== undefined;
  if (!signs && jwsAlg !== undefined) throw problem('jws-alg', 'is set but neither jws-crypto nor jws-jwk gives a signing key');
  if (!encrypts && (jweAlg !== undefined || jweEnc !== undefined)) {
    throw problem(jweAlg !== undefined ? 'jwe-alg' : 'jwe-enc', 'is set but neither jwe-crypto nor jwe-jwk gives an encryption key');
  }
  if (!signs && !encrypts) throw new PolicyProblem('jws-crypto: no signing or encryption key is configured (set jws-crypto, jws-jwk, jwe-crypto or jwe-jwk); an unsecured JWT is never generated');
  if (encrypts && jweEnc === undefined) throw problem('jwe-enc', 'is required when encrypting');

  return {
    output: props.jwt,
    jti,
    issVar: props['iss-claim'] ?? 'iss.claim',
    subVar: props['sub-claim'],
    audVars,
    expSeconds: exp,
    privateClaimsVar: props['private-claims'],
    jws: signs ? { crypto: props['jws-crypto'], jwkVar: props['jws-jwk'], alg: jwsAlg, kidVar: props['custom-kid-value-jws'] } : undefined,
    jwe: encrypts ? { crypto: props['jwe-crypto'], jwkVar: props['jwe-jwk'], alg: jweAlg, kidVar: props['custom-kid-value-jwe'], enc: jweEnc as string } : undefined,
  };
}
