import { Buffer } from 'node:buffer';
import {
  CONTENT_ENCRYPTION_ALGORITHMS,
  KEY_MANAGEMENT_ALGORITHMS,
  KEY_MANAGEMENT_FACTS,
} from '../../src/algs/jwe.js';
import { JWS_ALGORITHMS, JWS_FACTS } from '../../src/algs/jws.js';
import type { KeyFacts } from '../../src/algs/types.js';
import type { JWEKeyLike } from '../../src/jwe/types.js';
import { exportJWK } from '../../src/jwk/export.js';
import { generateKey } from '../../src/jwk/generate.js';
import type { JoseKey } from '../../src/jwk/key.js';
import type { JWK } from '../../src/jwk/types.js';

/** The password the walk gives PBES2 rows. */
export const PASSWORD = 'correct horse battery staple';

/** One row of a table (and one of its curves), with the key `generateKey` made for it. */
export interface TableCase {
  readonly id: string;
  readonly alg: string;
  /** The content encryption of a JWE case; the walk gives every `enc` row a turn. */
  readonly enc?: string;
  readonly crv?: string;
  /** The private or secret key; for PBES2, the password. */
  readonly key: JoseKey | string;
  /** The key the sender uses: the public half, the secret, or the password. */
  readonly sendKey: JWEKeyLike;
  /** The key as a key set holds it (`kid` = `id`): the public half to verify, the private key to decrypt. */
  readonly setJwk: JWK;
  /** The private or secret key as a JWK (absent for a password). */
  readonly privateJwk?: JWK;
}

// The walk lists rows from the tables themselves: a new row is walked without touching this file.
const curvesOf = (crv: readonly string[] | undefined): readonly (string | undefined)[] =>
  crv !== undefined && crv.length > 1 ? crv : [undefined];

function made(alg: string, crv: string | undefined, id: string): JoseKey {
  return generateKey(alg as never, crv === undefined ? { kid: id } : { kid: id, crv });
}

/** A case for every JWS row and each of its curves. */
export function jwsCases(): TableCase[] {
  return JWS_ALGORITHMS.flatMap((alg) =>
    curvesOf((JWS_FACTS[alg] as KeyFacts).crv).map((crv) => {
      const id = crv === undefined ? `jws ${alg}` : `jws ${alg} ${crv}`;
      const key = made(alg, crv, id);
      const pub = key.type === 'secret' ? key : key.toPublic();
      const privateJwk = exportJWK(key, { private: true });
      return {
        id,
        alg,
        ...(crv === undefined ? {} : { crv }),
        key,
        sendKey: key,
        setJwk: exportJWK(pub, { private: key.type === 'secret' }),
        privateJwk,
      };
    }),
  );
}

/**
 * A case for every key management row and each of its curves, with the content encryption rows
 * taken in turn; `dir` takes every content row, whose key `generateKey` makes from the `enc`.
 */
export function jweCases(): TableCase[] {
  const out: TableCase[] = [];
  let turn = 0;
  const nextEnc = (): string =>
    CONTENT_ENCRYPTION_ALGORITHMS[turn++ % CONTENT_ENCRYPTION_ALGORITHMS.length] as string;
  for (const alg of KEY_MANAGEMENT_ALGORITHMS) {
    const facts: KeyFacts = KEY_MANAGEMENT_FACTS[alg];
    if (facts.contentKey === true) {
      for (const enc of CONTENT_ENCRYPTION_ALGORITHMS) {
        const id = `jwe ${alg} ${enc}`;
        const key = made(enc, undefined, id);
        const privateJwk = exportJWK(key, { private: true });
        out.push({ id, alg, enc, key, sendKey: key, setJwk: privateJwk, privateJwk });
      }
      continue;
    }
    for (const crv of curvesOf(facts.crv)) {
      const enc = nextEnc();
      const id = `jwe ${alg} ${enc}${crv === undefined ? '' : ` ${crv}`}`;
      if (facts.password === true) {
        const setJwk: JWK = {
          kty: 'oct',
          k: Buffer.from(PASSWORD).toString('base64url'),
          alg,
          kid: id,
        };
        out.push({ id, alg, enc, key: PASSWORD, sendKey: PASSWORD, setJwk });
        continue;
      }
      const key = made(alg, crv, id);
      const sendKey = key.type === 'secret' ? key : key.toPublic();
      const privateJwk = exportJWK(key, { private: true });
      out.push({
        id,
        alg,
        enc,
        ...(crv === undefined ? {} : { crv }),
        key,
        sendKey,
        setJwk: privateJwk,
        privateJwk,
      });
    }
  }
  return out;
}
