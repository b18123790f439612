import { Buffer } from 'node:buffer';
import {
  createECDH,
  createPrivateKey,
  createPublicKey,
  createSecretKey,
  type KeyObject,
} from 'node:crypto';
import { type Curve, curveNamed } from '../algs/curves.js';
import { type JoseAlgorithm, keyManagementFacts } from '../algs/lookup.js';
import { b64uDecode } from '../util/base64url.js';
import { JoseError, type JoseErrorCode } from '../util/errors.js';
import { isObject, parseJsonObject } from '../util/json.js';
import { MAX_RSA_BITS } from './fit.js';
import { JoseKey, type KeyBinding } from './key.js';
import { crtParams, fromBigInt, recoverPrimes, toBigInt } from './rsa-crt.js';
import type { JWK, KeyOp } from './types.js';
import { certificateMembers } from './x509.js';

const KEY_OPS: ReadonlySet<string> = new Set([
  'sign',
  'verify',
  'encrypt',
  'decrypt',
  'wrapKey',
  'unwrapKey',
  'deriveKey',
  'deriveBits',
]);
const RSA_PRIVATE = ['p', 'q', 'dp', 'dq', 'qi'] as const;

function invalid(message: string): JoseError {
  return new JoseError('ERR_JWK_INVALID', message);
}

function member(jwk: JWK, name: string, required: boolean): Buffer | undefined {
  const v = jwk[name];
  if (v === undefined) {
    if (required) throw invalid(`JWK member "${name}" is missing`);
    return undefined;
  }
  return b64uDecode(v, 'ERR_JWK_INVALID', `JWK member "${name}"`);
}

// RFC 7518 s2 Base64urlUInt: minimum octets. A leading zero octet would give one key two
// encodings and so two RFC 7638 thumbprints.
function uint(jwk: JWK, name: string, required: boolean): Buffer | undefined {
  const v = member(jwk, name, required);
  if (v !== undefined && (v.length === 0 || (v.length > 1 && v[0] === 0))) {
    throw invalid(`JWK member "${name}" is not a minimal unsigned integer`);
  }
  return v;
}

/**
 * The binding a JWK's `alg`, `use`, `key_ops` and `kid` give, checked: `alg` (an argument that
 * must agree with the JWK's own), `use` and `key_ops` agreeing with each other (RFC 7517 s4.3).
 * `code` is the error for a malformed member (importKey checks its options with this too).
 */
export function parseBinding(
  jwk: JWK,
  alg: string | undefined,
  code: JoseErrorCode = 'ERR_JWK_INVALID',
): KeyBinding {
  const invalid = (message: string): JoseError => new JoseError(code, message);
  const b: KeyBinding = {};
  if (alg !== undefined && (typeof alg !== 'string' || alg === ''))
    throw new JoseError('ERR_INVALID_ARGUMENT', 'alg must be a non-empty string');
  if (jwk.alg !== undefined) {
    if (typeof jwk.alg !== 'string' || jwk.alg === '')
      throw invalid('JWK "alg" must be a non-empty string');
    // RFC 7520 s5.6 binds a `dir` secret to the content encryption it serves ("alg": "A128GCM"):
    // asked for as `dir`, it stays bound to that name, and `dir` accepts it only for that `enc`.
    const forDir =
      alg !== undefined && keyManagementFacts(alg)?.contentKey === true && jwk.kty === 'oct';
    if (alg !== undefined && alg !== jwk.alg && !forDir) {
      throw new JoseError('ERR_KEY_UNSUITABLE', `JWK is bound to ${jwk.alg}, not ${alg}`);
    }
    b.alg = jwk.alg;
  } else if (alg !== undefined) {
    b.alg = alg;
  }
  if (jwk.use !== undefined) {
    if (jwk.use !== 'sig' && jwk.use !== 'enc') throw invalid('JWK "use" must be "sig" or "enc"');
    b.use = jwk.use;
  }
  if (jwk.key_ops !== undefined) {
    const ops = jwk.key_ops as unknown;
    if (
      !Array.isArray(ops) ||
      ops.some((op) => typeof op !== 'string' || !KEY_OPS.has(op)) ||
      new Set(ops).size !== ops.length
    ) {
      throw invalid('JWK "key_ops" must be an array of distinct known operations');
    }
    if (b.use !== undefined) {
      const sig = b.use === 'sig';
      if (ops.some((op: string) => (op === 'sign' || op === 'verify') !== sig))
        throw invalid('JWK "use" and "key_ops" disagree');
    }
    b.keyOps = ops as KeyOp[];
  }
  if (jwk.kid !== undefined) {
    if (typeof jwk.kid !== 'string') throw invalid('JWK "kid" must be a string');
    b.kid = jwk.kid;
  }
  return b;
}

function mismatch(): JoseError {
  return invalid('RSA private members do not match the public key');
}

function importRsa(jwk: JWK): KeyObject {
  const n = uint(jwk, 'n', true) as Buffer;
  const e = uint(jwk, 'e', true) as Buffer;
  const eValue = toBigInt(e);
  if (e.length > 8 || eValue < 3n || !(eValue & 1n))
    throw invalid('RSA public exponent is not sane');
  if (n.length === 0 || !(n[n.length - 1]! & 1)) throw invalid('RSA modulus is not valid');
  // Refused before any arithmetic, which this bound keeps cheap for every private member below.
  if (n.length * 8 > MAX_RSA_BITS)
    throw new JoseError('ERR_KEY_UNSUITABLE', `RSA keys above ${MAX_RSA_BITS} bits are refused`);
  if (jwk.oth !== undefined)
    throw new JoseError('ERR_NOT_SUPPORTED', 'multi-prime RSA keys ("oth") are not supported');
  const d = uint(jwk, 'd', false);
  const crt = RSA_PRIVATE.map((m) => uint(jwk, m, false));
  if (d === undefined) {
    if (crt.some((v) => v !== undefined)) throw invalid('RSA JWK has CRT members but no "d"');
    return createPublicKey({ key: { kty: 'RSA', n: jwk.n!, e: jwk.e! }, format: 'jwk' });
  }
  // Every private member is below the modulus, so no arithmetic below costs more than the
  // modulus length allows; the lengths are compared before any member becomes a number.
  if ([d, ...crt].some((v) => v !== undefined && v.length > n.length)) {
    throw invalid('RSA private members must not be longer than the modulus');
  }
  const dv = toBigInt(d);
  const nv = toBigInt(n);
  if (dv >= nv) throw invalid('RSA private exponent must be below the modulus');
  let p: bigint, q: bigint;
  const given = crt.map((v) => (v === undefined ? undefined : toBigInt(v)));
  if (given.every((v) => v !== undefined)) {
    [p, q] = [given[0]!, given[1]!];
    // The factors are checked first: whatever else is wrong, nothing is inverted or reduced
    // modulo numbers that are not the modulus's factors.
    if (p <= 1n || q <= 1n || p * q !== nv) throw mismatch();
  } else if (given.every((v) => v === undefined)) {
    ({ p, q } = recoverPrimes(nv, eValue, dv));
  } else {
    throw invalid('RSA JWK must have all of p, q, dp, dq, qi or none');
  }
  // Node does not check that the members agree, and a private key whose parts disagree signs
  // tokens nobody can verify (or leaks its factors through faulty CRT signatures).
  if ((dv * eValue) % (p - 1n) !== 1n || (dv * eValue) % (q - 1n) !== 1n) throw mismatch();
  const [, , gdp, gdq, gqi] = given;
  // Given CRT members are checked (qi by one multiplication), computed ones only when missing.
  const crtAgree =
    gqi === undefined ||
    (gdp === dv % (p - 1n) && gdq === dv % (q - 1n) && gqi < p && (gqi * q) % p === 1n);
  if (!crtAgree) throw mismatch();
  const { dp, dq, qi } = gqi === undefined ? crtParams(p, q, dv) : { dp: gdp!, dq: gdq!, qi: gqi };
  const enc = (x: bigint): string => fromBigInt(x).toString('base64url');
  const members = { p: enc(p), q: enc(q), dp: enc(dp), dq: enc(dq), qi: enc(qi) };
  return createPrivateKey({
    key: { kty: 'RSA', n: jwk.n!, e: jwk.e!, d: jwk.d!, ...members },
    format: 'jwk',
  });
}

// The curve named by a JWK's `crv`, of this key type (RFC 7518 s6.2.1.1, RFC 8037 s2).
function curveOf(crv: string, kty: 'EC' | 'OKP'): Curve {
  const curve = curveNamed(crv);
  if (curve?.kty !== kty)
    throw new JoseError('ERR_NOT_SUPPORTED', `JWK "crv" is not a supported ${kty} curve`);
  return curve;
}

function importEc(jwk: JWK): KeyObject {
  if (typeof jwk.crv !== 'string') throw invalid('JWK "crv" is missing');
  const curve = curveOf(jwk.crv, 'EC');
  const size = curve.bytes;
  for (const m of ['x', 'y', 'd'] as const) {
    const v = member(jwk, m, m !== 'd');
    if (v !== undefined && v.length !== size)
      throw invalid(`JWK member "${m}" has the wrong length for ${jwk.crv}`);
  }
  const base = { kty: 'EC', crv: jwk.crv!, x: jwk.x!, y: jwk.y! };
  if (jwk.d === undefined) return createPublicKey({ key: base, format: 'jwk' });
  // Node keeps whatever x and y it is given beside d; derive d*G to be sure they belong together.
  const ecdh = createECDH(curve.node);
  ecdh.setPrivateKey(Buffer.from(jwk.d, 'base64url'));
  const point = ecdh.getPublicKey();
  if (
    !point.equals(
      Buffer.concat([
        Buffer.of(4),
        Buffer.from(jwk.x!, 'base64url'),
        Buffer.from(jwk.y!, 'base64url'),
      ]),
    )
  ) {
    throw invalid('EC private key does not match its public point');
  }
  return createPrivateKey({ key: { ...base, d: jwk.d }, format: 'jwk' });
}

function importOkp(jwk: JWK): KeyObject {
  if (typeof jwk.crv !== 'string') throw invalid('JWK "crv" is missing');
  // RFC 8037 s2: `x` and `d` are both of the curve's length.
  const size = curveOf(jwk.crv, 'OKP').bytes;
  for (const m of ['x', 'd'] as const) {
    const v = member(jwk, m, m === 'x');
    if (v !== undefined && v.length !== size)
      throw invalid(`JWK member "${m}" has the wrong length for ${jwk.crv}`);
  }
  const base = { kty: 'OKP', crv: jwk.crv, x: jwk.x! };
  if (jwk.d === undefined) return createPublicKey({ key: base, format: 'jwk' });
  // Node derives the public key from d alone and drops x, so a mismatched x would go unnoticed.
  const key = createPrivateKey({ key: { ...base, d: jwk.d }, format: 'jwk' });
  if (createPublicKey(key).export({ format: 'jwk' }).x !== jwk.x)
    throw invalid('OKP private key does not match its public key');
  return key;
}

/**
 * Imports a JWK (object or JSON text) as a {@link JoseKey}. Members are validated strictly:
 * required members present, base64url canonical, `crv` known, RSA `e` sane, EC points on the
 * curve, OKP keys (RFC 8037: Ed25519, Ed448, X25519, X448) of their curve's exact length, and
 * private parts matching public ones. `x5c`, `x5t` and `x5t#S256` (RFC 7517 s4.7-4.9), when
 * present, must match the key: the first certificate holds it and the thumbprints are that
 * certificate's; no chain is validated and no certificate is trusted. The JWK's `alg`, `use` and
 * `key_ops` bind the key for its whole life; `alg` here binds it too (and must agree with the
 * JWK's own `alg`). A secret asked for as `dir` may name its content encryption instead (RFC 7520
 * s5.6: `"alg": "A128GCM"`): it stays bound to that `enc`, the only one `dir` then uses it for.
 *
 * @param jwk - the JWK object, or its JSON text
 * @param alg - optional algorithm to bind the key to
 * @throws {JoseError} `ERR_JWK_INVALID` for malformed keys, `ERR_NOT_SUPPORTED` for unsupported
 *   key types or curves, `ERR_KEY_UNSUITABLE` when `alg` contradicts the JWK's `alg` or the RSA
 *   modulus is above 16384 bits
 * @example
 * ```ts
 * const key = importJWK({ kty: 'oct', k: 'AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow', alg: 'HS256' })
 * const ed = importJWK({ kty: 'OKP', crv: 'Ed25519', x: '11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo' }, 'EdDSA')
 * ```
 */
export function importJWK(jwk: JWK | string, alg?: JoseAlgorithm): JoseKey {
  const obj: unknown =
    typeof jwk === 'string' ? parseJsonObject(jwk, 'ERR_JWK_INVALID', 'JWK') : jwk;
  if (!isObject(obj)) throw invalid('JWK must be an object');
  const j = obj as JWK;
  const bind = parseBinding(j, alg);
  let keyObject: KeyObject;
  try {
    switch (j.kty) {
      case 'oct': {
        const k = member(j, 'k', true) as Buffer;
        if (k.length === 0) throw invalid('JWK "k" is empty');
        keyObject = createSecretKey(k);
        break;
      }
      case 'RSA':
        keyObject = importRsa(j);
        break;
      case 'EC':
        keyObject = importEc(j);
        break;
      case 'OKP':
        keyObject = importOkp(j);
        break;
      default:
        throw typeof j.kty === 'string'
          ? new JoseError('ERR_NOT_SUPPORTED', 'JWK "kty" is not supported')
          : invalid('JWK "kty" is missing');
    }
    const x509 = certificateMembers(j, keyObject);
    if (x509 !== undefined) bind.x509 = x509;
  } catch (e) {
    if (e instanceof JoseError) throw e;
    throw invalid('JWK could not be imported: the key material is not valid');
  }
  return new JoseKey(keyObject, bind);
}
