import { createPublicKey, KeyObject } from 'node:crypto';
import { curveOfNode } from '../algs/curves.js';
import { JoseError } from '../util/errors.js';
import { refuseRoca } from './roca.js';
import type { CertificateMembers, KeyOp, KeyType } from './types.js';

// A frozen copy, so that nobody holding the caller's arrays can change what a key exports.
function copyCertificateMembers(m: CertificateMembers): CertificateMembers {
  const out: { x5c?: readonly string[]; x5t?: string; 'x5t#S256'?: string } = {};
  if (m.x5c !== undefined) out.x5c = Object.freeze([...m.x5c]);
  if (m.x5t !== undefined) out.x5t = m.x5t;
  if (m['x5t#S256'] !== undefined) out['x5t#S256'] = m['x5t#S256'];
  return Object.freeze(out);
}

const isStrings = (v: unknown): boolean =>
  Array.isArray(v) && v.every((s) => typeof s === 'string');

// Every later check and message reads the binding, so a caller's one is settled here: a wrong
// type would otherwise surface as a TypeError, or as a comparison that never matches.
function checkShape(b: unknown): void {
  const ok =
    typeof b === 'object' &&
    b !== null &&
    (['alg', 'use', 'kid'] as const).every(
      (m) => (b as KeyBinding)[m] === undefined || typeof (b as KeyBinding)[m] === 'string',
    ) &&
    ((b as KeyBinding).keyOps === undefined || isStrings((b as KeyBinding).keyOps)) &&
    ((b as KeyBinding).x509 === undefined || isCertificateMembers((b as KeyBinding).x509));
  if (!ok)
    throw new JoseError(
      'ERR_INVALID_ARGUMENT',
      'a key binding has string alg, use and kid, and keyOps as an array of strings',
    );
}

function isCertificateMembers(m: unknown): boolean {
  if (typeof m !== 'object' || m === null) return false;
  const c = m as CertificateMembers;
  return (
    (c.x5c === undefined || isStrings(c.x5c)) &&
    (c.x5t === undefined || typeof c.x5t === 'string') &&
    (c['x5t#S256'] === undefined || typeof c['x5t#S256'] === 'string')
  );
}

/** How a key may be used, fixed at import for the key's whole life (RFC 7517 s4.2-4.4). */
export interface KeyBinding {
  /** The only algorithm this key may be used with. */
  alg?: string;
  /** `sig` or `enc`. */
  use?: string;
  /** The only operations this key may be used for. */
  keyOps?: readonly KeyOp[];
  /** Key ID, carried into headers and JWK exports. */
  kid?: string;
  /** The JWK's checked `x5c`, `x5t` and `x5t#S256`, carried into JWK exports. */
  x509?: CertificateMembers;
}

/**
 * A key as jose-core uses it: a node `KeyObject` plus the binding that came with it (a JWK's
 * `alg`, `use`, `key_ops`, `kid`). Obtain one from {@link importJWK}, {@link importKey} or
 * {@link generateKey}; every function that takes a key also accepts a plain `KeyObject` or a
 * JWK object.
 */
export class JoseKey {
  /** The node:crypto key. */
  readonly keyObject: KeyObject;
  /** `secret`, `public` or `private`. */
  readonly type: 'secret' | 'public' | 'private';
  /** JWK key type. */
  readonly kty: KeyType;
  /** JWK `crv` for EC and OKP keys. */
  readonly crv: string | undefined;
  /** RSA modulus length in bits, or secret length in bits. */
  readonly bits: number;
  /** Algorithm this key is bound to, if any. */
  readonly alg: string | undefined;
  /** Public key use, if bound. */
  readonly use: string | undefined;
  /** Permitted operations, if bound. */
  readonly keyOps: readonly KeyOp[] | undefined;
  /** Key ID, if any. */
  readonly kid: string | undefined;
  /** The X.509 members of the JWK this key came from, if any (never trusted, only carried). */
  readonly x509: CertificateMembers | undefined;
  #public: KeyObject | undefined;

  /** @internal Use {@link importJWK}, {@link importKey} or {@link generateKey}. */
  constructor(keyObject: KeyObject, binding: KeyBinding = {}) {
    if (!(keyObject instanceof KeyObject))
      throw new JoseError('ERR_INVALID_ARGUMENT', 'expected a KeyObject');
    checkShape(binding);
    this.keyObject = keyObject;
    this.type = keyObject.type;
    if (keyObject.type === 'secret') {
      this.kty = 'oct';
      this.crv = undefined;
      this.bits = (keyObject.symmetricKeySize ?? 0) * 8;
    } else {
      const t = keyObject.asymmetricKeyType;
      const details = keyObject.asymmetricKeyDetails ?? {};
      if (t === 'rsa' || t === 'rsa-pss') {
        // A PEM or KeyObject may carry any public exponent; a huge one makes every verification
        // cost like a private-key operation, so the bound importJWK applies holds here too.
        const e = details.publicExponent ?? 0n;
        if (e < 3n || e % 2n === 0n || e >= 1n << 64n)
          throw new JoseError('ERR_KEY_UNSUITABLE', 'RSA public exponent is not sane');
        this.kty = 'RSA';
        this.crv = undefined;
        this.bits = details.modulusLength ?? 0;
        // Every RSA key becomes a JoseKey here, whatever form it came in.
        refuseRoca(keyObject, this.bits, e);
      } else if (t === 'ec') {
        const crv = curveOfNode('EC', details.namedCurve ?? '');
        if (crv === undefined) throw new JoseError('ERR_NOT_SUPPORTED', 'unsupported EC curve');
        this.kty = 'EC';
        this.crv = crv;
        this.bits = 0;
      } else if (t !== undefined && curveOfNode('OKP', t) !== undefined) {
        this.kty = 'OKP';
        this.crv = curveOfNode('OKP', t);
        this.bits = 0;
      } else {
        throw new JoseError('ERR_NOT_SUPPORTED', `unsupported key type ${String(t)}`);
      }
    }
    this.alg = binding.alg;
    this.use = binding.use;
    this.keyOps = binding.keyOps === undefined ? undefined : Object.freeze([...binding.keyOps]);
    this.kid = binding.kid;
    this.x509 = binding.x509 === undefined ? undefined : copyCertificateMembers(binding.x509);
    Object.freeze(this);
  }

  /** The public half as a `KeyObject` (derived once from a private key). */
  publicKeyObject(): KeyObject {
    if (this.type === 'secret')
      throw new JoseError('ERR_KEY_UNSUITABLE', 'a secret key has no public part');
    if (this.type === 'public') return this.keyObject;
    return (this.#public ??= createPublicKey(this.keyObject));
  }

  /** The public half as a `JoseKey` with the same binding. */
  toPublic(): JoseKey {
    if (this.type === 'public') return this;
    const b: KeyBinding = {};
    if (this.alg !== undefined) b.alg = this.alg;
    if (this.use !== undefined) b.use = this.use;
    if (this.keyOps !== undefined) b.keyOps = this.keyOps;
    if (this.kid !== undefined) b.kid = this.kid;
    if (this.x509 !== undefined) b.x509 = this.x509;
    return new JoseKey(this.publicKeyObject(), b);
  }
}
