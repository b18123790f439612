import { Buffer } from 'node:buffer';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTENT_ENCRYPTION_ALGORITHMS, KEY_MANAGEMENT_ALGORITHMS } from '../src/algs/jwe.js';
import { JWS_ALGORITHMS } from '../src/algs/jws.js';
import { keyManagementFacts, signatureFacts } from '../src/algs/lookup.js';
import { runConformance } from '../src/conformance/runner.js';
import { loadVectors } from '../src/conformance/vectors.js';
import { decryptCompact, encryptCompact } from '../src/jwe/compact.js';
import { createLocalKeySet } from '../src/jwk/keyset.js';
import { thumbprint } from '../src/jwk/thumbprint.js';
import { signCompact, verifyCompact } from '../src/jws/compact.js';
import { encryptJWT, signJWT } from '../src/jwt/jwt.js';
import {
  VALIDATE_JWE_ALGS,
  VALIDATE_JWE_ENCS,
  VALIDATE_JWS_ALGS,
} from '../src/policy/algorithms.js';
import { compileJwtValidate, createContext, createCryptoObjects } from '../src/policy/index.js';
import { jweCases, jwsCases, PASSWORD, type TableCase } from './support/table-walk.js';

// Walks every row of the algorithm tables (src/algs): a row added there, with its operation
// registered, is generated, used, picked from a key set, validated by jwt-validate (where the
// policy accepts it) and run through the conformance runner with no edit to this file.
const JWS = jwsCases();
const JWE = jweCases();
const PAYLOAD = 'the tables are the one source of truth';
// Low PBES2 work keeps the walk cheap: the sender chooses p2c (RFC 7518 s4.8.1.2), the recipient
// bounds it.
const P2C = 1000;
const DECRYPT = { maxPbes2Count: P2C };
const policyEnv = { cryptoObjects: createCryptoObjects({}), logger: { error: () => {} } };
const text = (b: Uint8Array): string => Buffer.from(b).toString('utf8');
const headerOf = (token: string): Record<string, unknown> =>
  JSON.parse(Buffer.from(token.split('.')[0] as string, 'base64url').toString());
const isPassword = (c: TableCase): boolean => keyManagementFacts(c.alg)?.password === true;

function sign(c: TableCase): string {
  return signCompact(PAYLOAD, { alg: c.alg as never, kid: c.id }, c.key as never);
}

function encrypt(c: TableCase): string {
  const header = {
    alg: c.alg as never,
    enc: c.enc as never,
    kid: c.id,
    ...(isPassword(c) ? { p2c: P2C } : {}),
  };
  return encryptCompact(PAYLOAD, header, c.sendKey);
}

function jwtValidate(policy: Record<string, string>, variables: Record<string, unknown>): unknown {
  return compileJwtValidate(policy, policyEnv).execute(createContext(variables));
}

describe('the walk covers every row', () => {
  it('one JWS case per row and curve, and every key management and content row in a JWE case', () => {
    expect(new Set(JWS.map((c) => c.alg))).toEqual(new Set(JWS_ALGORITHMS));
    expect(new Set(JWE.map((c) => c.alg))).toEqual(new Set(KEY_MANAGEMENT_ALGORITHMS));
    expect(new Set(JWE.map((c) => c.enc))).toEqual(new Set(CONTENT_ENCRYPTION_ALGORITHMS));
    // At least the rows (and curves) of today: 14 JWS rows, EdDSA on two curves; 19 key
    // management rows, ECDH-ES* on five curves, dir with each of the 6 content rows.
    expect([JWS.length >= 15, JWE.length >= 40]).toEqual([true, true]);
  });
});

describe('every JWS row: generate, sign, verify, pick from a key set, validate', () => {
  // One set holds every row's key, secrets and key pairs alike, so selection must use the facts.
  const set = createLocalKeySet({ keys: JWS.map((c) => c.setJwk) }, { allowMixed: true });
  for (const c of JWS) {
    it(c.id, () => {
      const token = sign(c);
      expect(text(verifyCompact(token, c.setJwk, { algorithms: [c.alg as never] }).payload)).toBe(
        PAYLOAD,
      );
      expect(thumbprint(set(headerOf(token)))).toBe(thumbprint(c.setJwk));
      expect(text(verifyCompact(token, set, { algorithms: [c.alg as never] }).payload)).toBe(
        PAYLOAD,
      );
      if ((VALIDATE_JWS_ALGS as readonly string[]).includes(c.alg)) {
        const jwt = signJWT({ sub: c.id }, { alg: c.alg as never }, c.key as never);
        expect(
          jwtValidate(
            { 'jws-jwk': 'val.jws' },
            { 'val.jws': c.setJwk, 'message.headers.Authorization': `Bearer ${jwt}` },
          ),
        ).toMatchObject({ sub: c.id });
      }
    });
  }
});

describe('every JWE row: generate, encrypt, decrypt, pick from a key set, validate', () => {
  const set = createLocalKeySet({ keys: JWE.map((c) => c.setJwk) }, { allowMixed: true });
  for (const c of JWE) {
    it(c.id, () => {
      const token = encrypt(c);
      const options = {
        keyManagementAlgorithms: [c.alg as never],
        contentEncryptionAlgorithms: [c.enc as never],
        ...DECRYPT,
      };
      expect(text(decryptCompact(token, c.key, options).plaintext)).toBe(PAYLOAD);
      if (!isPassword(c)) expect(thumbprint(set(headerOf(token)))).toBe(thumbprint(c.setJwk));
      const fromSet = isPassword(c) ? () => PASSWORD : set;
      expect(text(decryptCompact(token, fromSet, options).plaintext)).toBe(PAYLOAD);
      if (
        (VALIDATE_JWE_ALGS as readonly string[]).includes(c.alg) &&
        (VALIDATE_JWE_ENCS as readonly string[]).includes(c.enc as string)
      ) {
        const jwt = encryptJWT(
          { sub: c.id },
          { alg: c.alg as never, enc: c.enc as never },
          c.sendKey,
        );
        const jwk = JSON.stringify(c.setJwk);
        expect(
          jwtValidate(
            { 'jwe-jwk': 'val.jwe' },
            { 'val.jwe': jwk, 'message.headers.Authorization': `Bearer ${jwt}` },
          ),
        ).toMatchObject({ sub: c.id });
      }
    });
  }
});

describe('every row is planned and passes in the conformance runner', () => {
  const b64u = (text: string): string => Buffer.from(text).toString('base64url');
  it('a vector made for each case is loaded, planned, run against jose-core and passes', () => {
    const vectors = [
      ...JWS.map((c) => {
        const compact = sign(c);
        const [protectedB64u, , signature] = compact.split('.');
        return {
          id: c.id,
          kind: 'jws',
          rfc: 'jose-core',
          section: 'table walk',
          title: `${c.alg}: signed by the table walk`,
          algorithms: [c.alg],
          deterministic: signatureFacts(c.alg)?.deterministic === true,
          keys: { sign: c.privateJwk, verify: c.setJwk },
          inputs: {
            payloadB64u: b64u(PAYLOAD),
            signatures: [
              {
                alg: c.alg,
                protectedHeader: headerOf(compact),
                protectedB64u,
                signingKey: 'sign',
                verificationKey: 'verify',
              },
            ],
          },
          expected: { signaturesB64u: [signature], compact },
        };
      }),
      ...JWE.map((c) => {
        const key = c.privateJwk ?? c.setJwk;
        const compact = encrypt(c);
        const header = headerOf(compact);
        return {
          id: c.id,
          kind: 'jwe',
          rfc: 'jose-core',
          section: 'table walk',
          title: `${c.alg} / ${c.enc}: encrypted by the table walk`,
          algorithms: [c.alg, c.enc],
          deterministic: false,
          keys: { decrypt: key, encrypt: key },
          inputs: {
            enc: c.enc,
            plaintextB64u: b64u(PAYLOAD),
            protectedHeader: header,
            protectedB64u: compact.split('.')[0],
            recipients: [
              {
                alg: c.alg,
                decryptionKey: 'decrypt',
                encryptionKey: 'encrypt',
                ...(typeof header.p2c === 'number' ? { p2c: header.p2c } : {}),
              },
            ],
          },
          expected: { compact },
        };
      }),
    ];
    const folder = mkdtempSync(join(tmpdir(), 'jose-core-tables-'));
    try {
      const file = { format: 'jose-core-vectors/1', source: 'jose-core table walk', vectors };
      writeFileSync(join(folder, 'tables.json'), JSON.stringify(file));
      const loaded = loadVectors(folder);
      expect(loaded.map((v) => v.id).sort()).toEqual([...JWS, ...JWE].map((c) => c.id).sort());
      const report = runConformance(loaded);
      for (const c of [...JWS, ...JWE]) {
        const r = report.vectors.find((x) => x.id === c.id);
        expect(r?.algorithms, c.id).toContain(c.alg);
        expect(
          [r?.status, r?.checks.length !== 0],
          `${c.id}: ${JSON.stringify(r?.checks.filter((k) => k.status !== 'pass'))}`,
        ).toEqual(['pass', true]);
      }
      expect(report.ok).toBe(true);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
