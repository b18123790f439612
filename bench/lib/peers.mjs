// Peer libraries, loaded only from bench/node_modules (bench/package.json devDependencies).
// When they are missing, the run goes on without them and says so.
import { Buffer } from 'node:buffer';
import { fileURLToPath } from 'node:url';
import { JWE_HEADER, JWS_HEADER, keyPair, NESTED_HEADER, toJwk, toPem } from './fixtures.mjs';

const BENCH_MODULES = fileURLToPath(new URL('../node_modules/', import.meta.url));

async function load(name) {
  try {
    const resolved = fileURLToPath(import.meta.resolve(name));
    if (!resolved.startsWith(BENCH_MODULES)) return undefined;
    const mod = await import(name);
    return mod.default ?? mod;
  } catch {
    return undefined;
  }
}

/** Loads the peers; `missing` lists those that could not be loaded. */
export async function loadPeers(enabled) {
  if (!enabled)
    return {
      fastJwt: undefined,
      jsonwebtoken: undefined,
      jose: undefined,
      missing: ['all (--no-peers)'],
    };
  const [fastJwt, jsonwebtoken, jose] = await Promise.all([
    load('fast-jwt'),
    load('jsonwebtoken'),
    load('jose'),
  ]);
  const missing = [];
  if (fastJwt === undefined) missing.push('fast-jwt');
  if (jsonwebtoken === undefined) missing.push('jsonwebtoken');
  if (jose === undefined) missing.push('jose');
  return { fastJwt, jsonwebtoken, jose, missing };
}

const versionOf = async (name) => {
  try {
    const { readFile } = await import('node:fs/promises');
    return JSON.parse(
      await readFile(new URL(`../node_modules/${name}/package.json`, import.meta.url), 'utf8'),
    ).version;
  } catch {
    return undefined;
  }
};

/** Installed peer versions, for the report. */
export async function peerVersions() {
  return {
    'fast-jwt': await versionOf('fast-jwt'),
    jsonwebtoken: await versionOf('jsonwebtoken'),
    jose: await versionOf('jose'),
  };
}

/** Peer subjects for a JWS algorithm: `{ sign: [...], verify: [...] }`, each `{ name, fn, async?, claimsOf }`. */
export async function jwsPeers(peers, alg) {
  const kp = keyPair(alg);
  const sign = [];
  const verify = [];
  const header = JWS_HEADER(alg);
  if (peers.fastJwt) {
    const { createSigner, createVerifier } = peers.fastJwt;
    const signer = createSigner({ key: kp.secret ? kp.raw : toPem(kp.private), algorithm: alg });
    const verifier = createVerifier({
      key: kp.secret ? kp.raw : toPem(kp.public),
      algorithms: [alg],
    });
    sign.push({ name: 'fast-jwt', fn: (claims) => signer(claims) });
    verify.push({ name: 'fast-jwt', fn: (token) => verifier(token), claimsOf: (r) => r });
  }
  if (peers.jsonwebtoken) {
    const jwt = peers.jsonwebtoken;
    const signOptions = { algorithm: alg };
    const verifyOptions = { algorithms: [alg] };
    sign.push({ name: 'jsonwebtoken', fn: (claims) => jwt.sign(claims, kp.private, signOptions) });
    verify.push({
      name: 'jsonwebtoken',
      fn: (token) => jwt.verify(token, kp.public, verifyOptions),
      claimsOf: (r) => r,
    });
  }
  if (peers.jose) {
    const jose = peers.jose;
    const privateKey = kp.secret
      ? new Uint8Array(kp.raw)
      : await jose.importJWK(toJwk(kp.private), alg);
    const publicKey = kp.secret ? privateKey : await jose.importJWK(toJwk(kp.public), alg);
    const verifyOptions = { algorithms: [alg] };
    sign.push({
      name: 'jose',
      async: true,
      fn: (claims) => new jose.SignJWT(claims).setProtectedHeader(header).sign(privateKey),
    });
    verify.push({
      name: 'jose',
      async: true,
      fn: (token) => jose.jwtVerify(token, publicKey, verifyOptions),
      claimsOf: (r) => r.payload,
    });
  }
  return { sign, verify };
}

async function joseKeys(jose, alg, enc) {
  const kp = keyPair(alg === 'dir' ? enc : alg);
  if (kp.secret) return { encryptKey: new Uint8Array(kp.raw), decryptKey: new Uint8Array(kp.raw) };
  return {
    encryptKey: await jose.importJWK(toJwk(kp.public), alg),
    decryptKey: await jose.importJWK(toJwk(kp.private), alg),
  };
}

/** jose subjects for an encrypted JWT: `{ encrypt: [...], decrypt: [...] }`. */
export async function jwePeers(peers, alg, enc) {
  if (!peers.jose) return { encrypt: [], decrypt: [] };
  const jose = peers.jose;
  const { encryptKey, decryptKey } = await joseKeys(jose, alg, enc);
  const header = JWE_HEADER(alg, enc);
  const options = { keyManagementAlgorithms: [alg], contentEncryptionAlgorithms: [enc] };
  return {
    encrypt: [
      {
        name: 'jose',
        async: true,
        fn: (claims) => new jose.EncryptJWT(claims).setProtectedHeader(header).encrypt(encryptKey),
      },
    ],
    decrypt: [
      {
        name: 'jose',
        async: true,
        fn: (token) => jose.jwtDecrypt(token, decryptKey, options),
        claimsOf: (r) => r.payload,
      },
    ],
  };
}

/** jose subjects for the nested token (sign with `jwsAlg`, then encrypt). */
export async function nestedPeers(peers, jwsAlg, alg, enc) {
  if (!peers.jose) return { encrypt: [], decrypt: [] };
  const jose = peers.jose;
  const { encryptKey, decryptKey } = await joseKeys(jose, alg, enc);
  const macKey = new Uint8Array(keyPair(jwsAlg).raw);
  const jwsHeader = JWS_HEADER(jwsAlg);
  const jweHeader = NESTED_HEADER(alg, enc);
  const decryptOptions = { keyManagementAlgorithms: [alg], contentEncryptionAlgorithms: [enc] };
  const verifyOptions = { algorithms: [jwsAlg] };
  const encoder = new TextEncoder();
  return {
    encrypt: [
      {
        name: 'jose',
        async: true,
        fn: async (claims) => {
          const jws = await new jose.SignJWT(claims).setProtectedHeader(jwsHeader).sign(macKey);
          return new jose.CompactEncrypt(encoder.encode(jws))
            .setProtectedHeader(jweHeader)
            .encrypt(encryptKey);
        },
      },
    ],
    decrypt: [
      {
        name: 'jose',
        async: true,
        fn: async (token) => {
          const { plaintext, protectedHeader } = await jose.compactDecrypt(
            token,
            decryptKey,
            decryptOptions,
          );
          if (protectedHeader.cty !== 'JWT') throw new Error('not nested');
          return jose.jwtVerify(Buffer.from(plaintext).toString('latin1'), macKey, verifyOptions);
        },
        claimsOf: (r) => r.payload,
      },
    ],
  };
}
