import type { JoseKey } from '../../jwk/key.js';
import { JoseError } from '../../util/errors.js';
import { checkJweKey, checkJwsKey, generateObjectKind } from '../algorithms.js';
import type { RuntimeContext } from '../context.js';
import type { CryptoObjects } from '../crypto-objects.js';
import { PolicyProblem } from '../errors.js';
import { jwkVariableReader } from '../jwk-variable.js';
import { keyOrigin, kindText } from '../key-origin.js';
import { type Material, resolveValue, type Value } from './properties.js';

/** A key with the algorithms and `kid` to use it with, for one request. @internal */
export interface ResolvedKey {
  key: JoseKey;
  alg: string;
  /** The content encryption algorithm, for a JWE key. */
  enc: string | undefined;
  kid: string | undefined;
  /** The property the key came from, to name in error details. */
  property: string;
}

function pickAlg(
  prefix: 'jws' | 'jwe',
  material: Material,
  configured: string | undefined,
  key: JoseKey,
  source: string,
): string {
  const alg = configured ?? key.alg;
  if (alg === undefined)
    throw new PolicyProblem(`${prefix}-alg: is required since ${source} names no algorithm`);
  if (!material.allowed.includes(alg))
    throw new PolicyProblem(
      `${prefix}-alg: ${source} names "${alg}", which the policy does not accept`,
    );
  return alg;
}

// The table entry's own key check (type, size, curve, binding), so a misfit is reported against
// the property: at compile time when nothing is read per request, else on the request.
function checkFit(
  prefix: 'jws' | 'jwe',
  property: string,
  name: string,
  key: JoseKey,
  alg: string,
  enc: string | undefined,
): void {
  const kind = generateObjectKind(prefix, alg);
  try {
    if (prefix === 'jws') checkJwsKey(alg, key, 'sign');
    else checkJweKey(alg, enc as string, key, 'encrypt');
  } catch (e) {
    if (!(e instanceof JoseError)) throw e;
    throw new PolicyProblem(
      `${property}: crypto object "${name}" does not fit ${alg} (a ${kindText(kind)}): ${e.message}`,
      e.code,
    );
  }
}

/**
 * Compiles where the JWS or JWE key comes from. A crypto object, when named, always wins and
 * the JWK variable is then never read (the seed's rule); a crypto object that is missing or
 * unfit is an error, never a fallback to the JWK. A key's own `kid` goes in the header unless
 * `custom-kid-value-*` gives one.
 * @internal
 */
export function compileKeySource(
  prefix: 'jws' | 'jwe',
  material: Material,
  objects: CryptoObjects,
  encValue?: Value,
): (ctx: RuntimeContext) => ResolvedKey {
  const kidOf = (ctx: RuntimeContext, key: JoseKey): string | undefined =>
    material.kid === undefined ? key.kid : resolveValue(material.kid, ctx);
  const encOf = (ctx: RuntimeContext): string | undefined =>
    encValue === undefined ? undefined : resolveValue(encValue, ctx);
  const algOf = (ctx: RuntimeContext): string | undefined =>
    material.alg === undefined ? undefined : resolveValue(material.alg, ctx);
  const origin = keyOrigin(prefix, material, objects);
  if (origin.kind === 'crypto') {
    const { property, object } = origin;
    const key = object.key;
    const source = `crypto object "${object.name}"`;
    const kindFits = (alg: string): void => {
      const want = generateObjectKind(prefix, alg);
      if (object.type !== want)
        throw new PolicyProblem(
          `${property}: ${alg} needs a ${kindText(want)}, but "${object.name}" is a ${kindText(object.type)}`,
        );
    };
    const fixedAlg =
      material.alg === undefined || 'fixed' in material.alg ? material.alg : undefined;
    const fixedEnc = encValue === undefined || 'fixed' in encValue ? encValue : undefined;
    if (fixedAlg === material.alg && fixedEnc === encValue) {
      const alg = pickAlg(prefix, material, fixedAlg?.fixed, key, source);
      const enc = fixedEnc?.fixed;
      kindFits(alg);
      checkFit(prefix, property, object.name, key, alg, enc);
      return (ctx) => ({ key, alg, enc, kid: kidOf(ctx, key), property });
    }
    return (ctx) => {
      const alg = pickAlg(prefix, material, algOf(ctx), key, source);
      const enc = encOf(ctx);
      kindFits(alg);
      checkFit(prefix, property, object.name, key, alg, enc);
      return { key, alg, enc, kid: kidOf(ctx, key), property };
    };
  }

  const { property, variable } = origin;
  const read = jwkVariableReader(property, variable);
  return (ctx) => {
    const key = read(ctx);
    const alg = pickAlg(prefix, material, algOf(ctx), key, `the JWK in "${variable}"`);
    return { key, alg, enc: encOf(ctx), kid: kidOf(ctx, key), property };
  };
}
