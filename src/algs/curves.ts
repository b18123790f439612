import { generateKeyPair, generateKeyPairSync, type KeyObject } from 'node:crypto';

/** One elliptic curve jose-core knows, as a JWK names it in `crv`. */
export interface Curve {
  /** The JWK key type of keys on this curve (RFC 7518 s6.2, RFC 8037 s2). */
  readonly kty: 'EC' | 'OKP';
  /** node:crypto's name: the `namedCurve` of an EC key, the `asymmetricKeyType` of an OKP key. */
  readonly node: string;
  /**
   * Octets of each public coordinate and of the private key (RFC 7518 s6.2.1-6.2.2, RFC 8037 s2).
   * An ECDSA or EdDSA signature is two of these (RFC 7518 s3.4, RFC 8032 s5.1.6, s5.2.6).
   */
  readonly bytes: number;
}

/**
 * The one table of curves: every other curve fact (JWK member lengths, node names, signature
 * lengths, the curves of ECDH-ES and EdDSA) is read from here.
 */
export const CURVES = {
  'P-256': { kty: 'EC', node: 'prime256v1', bytes: 32 },
  'P-384': { kty: 'EC', node: 'secp384r1', bytes: 48 },
  'P-521': { kty: 'EC', node: 'secp521r1', bytes: 66 },
  secp256k1: { kty: 'EC', node: 'secp256k1', bytes: 32 },
  Ed25519: { kty: 'OKP', node: 'ed25519', bytes: 32 },
  Ed448: { kty: 'OKP', node: 'ed448', bytes: 57 },
  X25519: { kty: 'OKP', node: 'x25519', bytes: 32 },
  X448: { kty: 'OKP', node: 'x448', bytes: 56 },
} as const satisfies Record<string, Curve>;

/** A JWK `crv` value jose-core supports. */
export type CurveName = keyof typeof CURVES;

/** The curve named `crv` (a JWK `crv`), if supported; `hasOwn`, so `toString` finds nothing. */
export function curveNamed(crv: unknown): Curve | undefined {
  return typeof crv === 'string' && Object.hasOwn(CURVES, crv)
    ? CURVES[crv as CurveName]
    : undefined;
}

const BY_NODE: ReadonlyMap<string, CurveName> = new Map(
  (Object.keys(CURVES) as CurveName[]).map((crv) => [
    `${CURVES[crv].kty}:${CURVES[crv].node}`,
    crv,
  ]),
);

/** The JWK `crv` of a node key of this type on this curve (`namedCurve` for EC, the key type for OKP). */
export function curveOfNode(kty: 'EC' | 'OKP', node: string): CurveName | undefined {
  return BY_NODE.get(`${kty}:${node}`);
}

/** A fresh private key on `crv`. */
export function generateOnCurve(crv: CurveName): KeyObject {
  const c: Curve = CURVES[crv];
  if (c.kty === 'EC') return generateKeyPairSync('ec', { namedCurve: c.node }).privateKey;
  return generateKeyPairSync(c.node as 'ed25519', {}).privateKey;
}

/** `generateOnCurve` on libuv's thread pool (node's callback form of key generation). */
export function generateOnCurveAsync(crv: CurveName): Promise<KeyObject> {
  const c: Curve = CURVES[crv];
  return new Promise((resolve, reject) => {
    const done = (err: Error | null, _publicKey: KeyObject, privateKey: KeyObject): void =>
      err === null ? resolve(privateKey) : reject(err);
    if (c.kty === 'EC') generateKeyPair('ec', { namedCurve: c.node }, done);
    else generateKeyPair(c.node as 'ed25519', {}, done);
  });
}
