import { checkValueLengths, dialectOf, GENERATE_LISTS, type PolicyDialect } from '../algorithms.js';
import type { RuntimeContext } from '../context.js';
import { PolicyProblem } from '../errors.js';
import { readString } from '../jwk-variable.js';

/**
 * The jwt-generate policy's properties, named exactly as under `- jwt-generate:` in an API
 * definition.
 */
export interface JwtGeneratePolicy {
  /** Display name of this policy instance; must be a non-empty string, otherwise unused. */
  title?: string;
  /** Free-text description; must be a non-empty string, otherwise unused. */
  description?: string;
  /**
   * `1.0.0` (DataPower Gateway, v5 compatible; the default) or `2.x.y` (DataPower API Gateway), which
   * selects the dialect.
   */
  version?: string;
  /**
   * Variable to write the token to; without it the token goes to the Authorization header as a Bearer
   * token.
   */
  jwt?: string;
  /** Add a random UUID `jti`. */
  'jti-claim'?: boolean;
  /** Variable holding `iss` (default `iss.claim`). */
  'iss-claim'?: string;
  /** Variable holding `sub`. */
  'sub-claim'?: string;
  /**
   * Variable(s) holding `aud`, comma-separated; in 2.x a variable may hold a string, a comma-separated
   * string or an array.
   */
  'aud-claim'?: string;
  /** Validity in seconds added to now for `exp` (default 3600; 2.x: 1 to 31622400). */
  'exp-claim'?: number | string;
  /** Variable holding a JSON object of extra claims. */
  'private-claims'?: string;
  /** Variable holding the signing JWK. */
  'jws-jwk'?: string;
  /**
   * Signing algorithm, one of `POLICY_JWS_ALGS` (2.x: or an inline parameter `$(name)`); defaults to the
   * signing key's own `alg`.
   */
  'jws-alg'?: string;
  /** Name of the signing crypto object; wins over `jws-jwk`. */
  'jws-crypto'?: string;
  /**
   * Content encryption algorithm, one of `POLICY_JWE_ENCS` (2.x: `POLICY_API_GATEWAY_JWE_ENCS`, or
   * `$(name)`); required when encrypting.
   */
  'jwe-enc'?: string;
  /** Variable holding the encryption JWK. */
  'jwe-jwk'?: string;
  /**
   * Key management algorithm, one of `POLICY_JWE_ALGS` (2.x: `POLICY_API_GATEWAY_JWE_ALGS`, or `$(name)`);
   * defaults to the key's own `alg`.
   */
  'jwe-alg'?: string;
  /** Name of the encryption crypto object; wins over `jwe-jwk`. */
  'jwe-crypto'?: string;
  /**
   * 1.0.0: variable holding the `kid` for the JWS header; 2.x: the `kid` itself, inline parameters
   * `$(name)` substituted.
   */
  'custom-kid-value-jws'?: string;
  /**
   * 1.0.0: variable holding the `kid` for the JWE header; 2.x: the `kid` itself, inline parameters
   * `$(name)` substituted.
   */
  'custom-kid-value-jwe'?: string;
}

/** A property value, fixed or read per request through inline parameters. @internal */
export type Value = { fixed: string } | { read: (ctx: RuntimeContext) => string };

/** The policy after validation, with defaults applied. @internal */
export interface GenerateSettings {
  dialect: PolicyDialect;
  output: string | undefined;
  jti: boolean;
  issVar: string;
  subVar: string | undefined;
  audVars: string[];
  expSeconds: number;
  privateClaimsVar: string | undefined;
  jws: Material | undefined;
  jwe: (Material & { enc: Value }) | undefined;
}

/** Where one key comes from, and what it is used with. @internal */
export interface Material {
  crypto: string | undefined;
  jwkVar: string | undefined;
  alg: Value | undefined;
  /** The `kid` for the header, when the policy sets one. */
  kid: Value | undefined;
  /** The algorithms this key's property accepts in the policy's dialect. */
  allowed: readonly string[];
}

const STRING_PROPS = [
  'title',
  'description',
  'version',
  'jwt',
  'iss-claim',
  'sub-claim',
  'aud-claim',
  'private-claims',
  'jws-jwk',
  'jws-alg',
  'jws-crypto',
  'jwe-enc',
  'jwe-jwk',
  'jwe-alg',
  'jwe-crypto',
  'custom-kid-value-jws',
  'custom-kid-value-jwe',
] as const;
const KNOWN: ReadonlySet<string> = new Set([...STRING_PROPS, 'jti-claim', 'exp-claim']);
/** The properties whose values the API Gateway caps at 256 characters (its DataPower help). */
const CAPPED_PROPS = [
  'iss-claim',
  'sub-claim',
  'aud-claim',
  'private-claims',
  'custom-kid-value-jws',
  'custom-kid-value-jwe',
];
/** IBM's v10 range for exp-claim on the DataPower API Gateway: one second to 366 days. */
const API_GATEWAY_MAX_EXP = 31_622_400;
const INLINE = /\$\(([A-Za-z0-9_.-]+)\)/g;

function problem(property: string, message: string): PolicyProblem {
  return new PolicyProblem(`${property}: ${message}`);
}

// 2.x reads inline parameters from the context per request (IBM: "$(name)" in a property value).
function inline(
  property: string,
  text: string,
  allowed: readonly string[] | undefined,
  dialect: PolicyDialect,
): Value {
  const check = (v: string, runtime: boolean): string => {
    if (allowed !== undefined && !allowed.includes(v)) {
      throw problem(
        property,
        runtime
          ? `its inline parameters give a value that is not one of ${allowed.join(', ')}`
          : `"${v}" is not one of ${allowed.join(', ')}`,
      );
    }
    return v;
  };
  if (dialect === 'datapower-gateway' || !text.includes('$(')) return { fixed: check(text, false) };
  const names = [...text.matchAll(INLINE)].map((m) => m[1] as string);
  if (names.length === 0) throw problem(property, 'has "$(" but no inline parameter $(name)');
  return {
    read: (ctx) => {
      const out = text.replace(INLINE, (_, name: string) => {
        const v = ctx.get(name);
        if (typeof v !== 'string' || v === '')
          throw new PolicyProblem(
            `${property}: inline parameter "${name}" is not set to a non-empty string`,
            'ERR_POLICY_VARIABLE',
          );
        return v;
      });
      return check(out, true);
    },
  };
}

/** A value as it is on this request. @internal */
export function resolveValue(v: Value, ctx: RuntimeContext): string {
  return 'fixed' in v ? v.fixed : v.read(ctx);
}

function readExp(props: JwtGeneratePolicy, dialect: PolicyDialect): number {
  const rawExp = props['exp-claim'] ?? 3600;
  const exp = typeof rawExp === 'string' && /^[0-9]+$/.test(rawExp) ? Number(rawExp) : rawExp;
  const max = dialect === 'api-gateway' ? API_GATEWAY_MAX_EXP : Number.MAX_SAFE_INTEGER;
  if (typeof exp !== 'number' || !Number.isSafeInteger(exp) || exp <= 0 || exp > max) {
    throw problem(
      'exp-claim',
      dialect === 'api-gateway'
        ? `must be a whole number of seconds from 1 to ${API_GATEWAY_MAX_EXP}`
        : 'must be a positive whole number of seconds',
    );
  }
  return exp;
}

/** Validates the properties and applies the defaults. @internal */
export function readSettings(props: JwtGeneratePolicy): GenerateSettings {
  for (const name of Object.keys(props))
    if (!KNOWN.has(name)) throw problem(name, 'is not a jwt-generate property');
  for (const name of STRING_PROPS) {
    const v = props[name];
    if (v !== undefined && (typeof v !== 'string' || v.trim() === ''))
      throw problem(name, 'must be a non-empty string');
  }
  const dialect = dialectOf(props.version);
  checkValueLengths(props, CAPPED_PROPS, dialect);
  const lists = GENERATE_LISTS[dialect];
  const jti = props['jti-claim'] ?? false;
  if (typeof jti !== 'boolean') throw problem('jti-claim', 'must be true or false');
  const exp = readExp(props, dialect);

  const aud = props['aud-claim'];
  const audVars = aud === undefined ? [] : aud.split(',').map((s) => s.trim());
  if (audVars.some((s) => s === ''))
    throw problem('aud-claim', 'has an empty variable name in its comma-separated list');

  const opt = (
    name: 'jws-alg' | 'jwe-alg' | 'jwe-enc',
    allowed: readonly string[],
  ): Value | undefined => {
    const v = props[name];
    return v === undefined ? undefined : inline(name, v, allowed, dialect);
  };
  const kid = (name: 'custom-kid-value-jws' | 'custom-kid-value-jwe'): Value | undefined => {
    const v = props[name];
    if (v === undefined) return undefined;
    if (dialect === 'api-gateway') return inline(name, v, undefined, dialect);
    return { read: (ctx) => readString(ctx, name, v) };
  };
  const jwsAlg = opt('jws-alg', lists.jws);
  const jweAlg = opt('jwe-alg', lists.jweAlg);
  const jweEnc = opt('jwe-enc', lists.jweEnc);

  const signs = props['jws-crypto'] !== undefined || props['jws-jwk'] !== undefined;
  const encrypts = props['jwe-crypto'] !== undefined || props['jwe-jwk'] !== undefined;
  if (!signs && jwsAlg !== undefined)
    throw problem('jws-alg', 'is set but neither jws-crypto nor jws-jwk gives a signing key');
  if (!encrypts && (jweAlg !== undefined || jweEnc !== undefined)) {
    throw problem(
      jweAlg !== undefined ? 'jwe-alg' : 'jwe-enc',
      'is set but neither jwe-crypto nor jwe-jwk gives an encryption key',
    );
  }
  if (!signs && !encrypts)
    throw new PolicyProblem(
      'jws-crypto: no signing or encryption key is configured (set jws-crypto, jws-jwk, jwe-crypto or jwe-jwk); an unsecured JWT is never generated',
    );
  if (encrypts && jweEnc === undefined) throw problem('jwe-enc', 'is required when encrypting');

  return {
    dialect,
    output: props.jwt,
    jti,
    issVar: props['iss-claim'] ?? 'iss.claim',
    subVar: props['sub-claim'],
    audVars,
    expSeconds: exp,
    privateClaimsVar: props['private-claims'],
    jws: signs
      ? {
          crypto: props['jws-crypto'],
          jwkVar: props['jws-jwk'],
          alg: jwsAlg,
          kid: kid('custom-kid-value-jws'),
          allowed: lists.jws,
        }
      : undefined,
    jwe: encrypts
      ? {
          crypto: props['jwe-crypto'],
          jwkVar: props['jwe-jwk'],
          alg: jweAlg,
          kid: kid('custom-kid-value-jwe'),
          allowed: lists.jweAlg,
          enc: jweEnc as Value,
        }
      : undefined,
  };
}
