#!/usr/bin/env node
import { Buffer } from 'node:buffer';
import { realpathSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { algorithmFacts } from '../algs/lookup.js';
import { decryptCompact, encryptCompact } from '../jwe/compact.js';
import { contentEncryption } from '../jwe/content/table.js';
import { decryptJSON } from '../jwe/json-decrypt.js';
import { encryptJSON } from '../jwe/json-encrypt.js';
import type { EncryptOptions, JWEHeaderParameters } from '../jwe/types.js';
import { exportJWK } from '../jwk/export.js';
import { importJWK } from '../jwk/import-jwk.js';
import { thumbprint } from '../jwk/thumbprint.js';
import { signCompact, verifyCompact } from '../jws/compact.js';
import { signJSON } from '../jws/json.js';
import { verifyJSON } from '../jws/json-verify.js';
import { JoseError } from '../util/errors.js';
import { isObject, parseJsonObject } from '../util/json.js';
import { jweAllowLists, jwsAllowList } from './allow.js';
import { jweKeyFor } from './jwe-key.js';
import type {
  ConformanceReply,
  ConformanceRequest,
  ContentDecryptRequest,
  ContentEncryptRequest,
  DecryptRequest,
  EncryptRequest,
  SignRequest,
} from './protocol.js';
import type { JsonObject } from './types.js';

type Outputs = { [name: string]: unknown };

class BadRequest extends Error {}

const bytes = (b64u: unknown, what: string): Buffer => {
  if (typeof b64u !== 'string') throw new BadRequest(`${what} must be a base64url string`);
  return Buffer.from(b64u, 'base64url');
};
const b64u = (data: Uint8Array): string =>
  Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('base64url');

function sign(r: SignRequest): Outputs {
  const payload = bytes(r.payload, 'payload');
  if (r.serialization === 'compact') {
    const [signer] = r.signers;
    if (r.signers.length !== 1 || signer === undefined || signer.header !== undefined)
      throw new BadRequest('compact signing takes one signer with a protected header only');
    return {
      compact: signCompact(payload, signer.protected ?? {}, importJWK(signer.key), {
        detached: r.detached === true,
      }),
    };
  }
  const signers = r.signers.map((s) => ({
    ...(s.protected === undefined ? {} : { protectedHeader: s.protected }),
    ...(s.header === undefined ? {} : { unprotectedHeader: s.header }),
    key: importJWK(s.key),
  }));
  return { json: signJSON(payload, signers, { detached: r.detached === true }) };
}

function encrypt(r: EncryptRequest): Outputs {
  const plaintext = bytes(r.plaintext, 'plaintext');
  const options: EncryptOptions = {};
  if (r.cek !== undefined) options.cek = bytes(r.cek, 'cek');
  if (r.iv !== undefined) options.iv = bytes(r.iv, 'iv');
  const alg = (i: number): string =>
    String(r.recipients[i]?.header?.alg ?? r.protected?.alg ?? r.unprotected?.alg ?? '');
  let p2c: number | undefined;
  const recipients = r.recipients.map((x, i) => {
    if (x.ephemeralKey !== undefined) options.ephemeralKey = importJWK(x.ephemeralKey);
    if (x.keyWrapIv !== undefined) options.keyWrapIv = bytes(x.keyWrapIv, 'keyWrapIv');
    if (x.p2s !== undefined) options.p2s = bytes(x.p2s, 'p2s');
    if (x.p2c !== undefined) p2c = x.p2c;
    return {
      ...(x.header === undefined ? {} : { header: x.header as JWEHeaderParameters }),
      key: jweKeyFor(alg(i), x.key),
    };
  });
  // jose-core takes the PBES2 iteration count from the header it is given.
  const withCount = (h: JsonObject): JWEHeaderParameters =>
    (p2c === undefined ? h : { ...h, p2c }) as JWEHeaderParameters;
  if (r.serialization === 'compact') {
    const [only] = recipients;
    if (
      recipients.length !== 1 ||
      only === undefined ||
      r.unprotected !== undefined ||
      r.aad !== undefined ||
      only.header !== undefined
    ) {
      throw new BadRequest('compact encryption takes one recipient and a protected header only');
    }
    return { compact: encryptCompact(plaintext, withCount(r.protected ?? {}), only.key, options) };
  }
  const shared = {
    ...(r.protected === undefined ? {} : { protectedHeader: withCount(r.protected) }),
    ...(r.unprotected === undefined
      ? {}
      : { unprotectedHeader: r.unprotected as JWEHeaderParameters }),
    ...(r.aad === undefined ? {} : { aad: bytes(r.aad, 'aad') }),
  };
  if (r.protected === undefined && p2c !== undefined)
    for (const x of recipients) x.header = { ...x.header, p2c } as JWEHeaderParameters;
  return { json: encryptJSON(plaintext, shared, recipients, options) };
}

function decrypt(r: DecryptRequest): Outputs {
  const options = jweAllowLists(r.alg, r.enc);
  const key = jweKeyFor(r.alg, r.key);
  const { plaintext } =
    typeof r.jwe === 'string'
      ? decryptCompact(r.jwe, key, options)
      : decryptJSON(r.jwe as never, key, options);
  return { plaintext: b64u(plaintext) };
}

function content(r: ContentEncryptRequest | ContentDecryptRequest): Outputs {
  const ce = contentEncryption(r.enc);
  if (ce === undefined)
    throw new JoseError('ERR_NOT_SUPPORTED', 'the content encryption algorithm is not supported');
  const cek = r.key.kty === 'oct' ? bytes(r.key.k, 'key "k"') : undefined;
  if (cek === undefined || cek.length !== ce.keyBytes)
    throw new JoseError('ERR_KEY_UNSUITABLE', `${r.enc} needs an oct key of ${ce.keyBytes} octets`);
  const iv = bytes(r.iv, 'iv');
  if (iv.length !== ce.ivBytes)
    throw new JoseError('ERR_INVALID_ARGUMENT', `${r.enc} needs an IV of ${ce.ivBytes} octets`);
  const aad = bytes(r.aad, 'aad');
  if (r.op === 'content-encrypt') {
    const { ciphertext, tag } = ce.encrypt(cek, iv, bytes(r.plaintext, 'plaintext'), aad);
    return { ciphertext: b64u(ciphertext), tag: b64u(tag) };
  }
  const ciphertext = bytes(r.ciphertext, 'ciphertext');
  const tag = bytes(r.tag, 'tag');
  if (tag.length !== ce.tagBytes || !ce.ciphertextLengthOk(ciphertext.length))
    throw new JoseError('ERR_JWE_INVALID', 'the tag or ciphertext length is impossible');
  return { plaintext: b64u(ce.decrypt(cek, iv, ciphertext, tag, aad)) };
}

const HASHES: Record<string, 'sha256' | 'sha384' | 'sha512'> = {
  'SHA-256': 'sha256',
  'SHA-384': 'sha384',
  'SHA-512': 'sha512',
};

function run(r: ConformanceRequest): Outputs {
  switch (r.op) {
    case 'sign':
      return sign(r);
    case 'verify': {
      const options = {
        algorithms: jwsAllowList(r.alg),
        ...(r.payload === undefined ? {} : { detachedPayload: bytes(r.payload, 'payload') }),
      };
      const key = importJWK(r.key);
      const { payload } =
        typeof r.jws === 'string'
          ? verifyCompact(r.jws, key, options)
          : verifyJSON(r.jws as never, key, options);
      return { payload: b64u(payload) };
    }
    case 'encrypt':
      return encrypt(r);
    case 'decrypt':
      return decrypt(r);
    case 'thumbprint': {
      const hash = Object.hasOwn(HASHES, r.hash) ? HASHES[r.hash] : undefined;
      if (hash === undefined)
        throw new JoseError(
          'ERR_NOT_SUPPORTED',
          `thumbprints with ${String(r.hash)} are not supported`,
        );
      return { thumbprint: thumbprint(r.jwk, hash) };
    }
    case 'import-jwk': {
      const key = importJWK(r.jwk);
      return { public: key.type === 'secret' ? null : exportJWK(key) };
    }
    case 'content-encrypt':
    case 'content-decrypt':
      return content(r);
    default:
      throw new JoseError(
        'ERR_NOT_SUPPORTED',
        `the operation ${JSON.stringify((r as { op: unknown }).op)} is not supported`,
      );
  }
}

/**
 * Whether an `ERR_NOT_SUPPORTED` means jose-core lacks what the request itself asks for. A token
 * to verify or decrypt under a known `alg`/`enc` that names something unknown (a `zip`, an `epk`
 * curve) is refused for its content: answering "unsupported" there would hide a refusal the
 * suite must judge.
 */
function notOffered(r: JsonObject): boolean {
  if (r.op !== 'verify' && r.op !== 'decrypt') return true;
  const named = [r.alg, r.enc].filter((x) => x !== undefined);
  return named.some((x) => typeof x !== 'string' || algorithmFacts(x) === undefined);
}

/**
 * Answers one conformance request with jose-core. Failures become `ok: false` replies:
 * `ERR_NOT_SUPPORTED` ones are marked `unsupported`, and a request of the wrong shape says so.
 *
 * @param request - a parsed request (see docs/conformance-protocol.md)
 * @returns the reply, never throwing
 * @example
 * ```ts
 * handleRequest({ id: '1', op: 'thumbprint', jwk, hash: 'SHA-256' }) // { id: '1', ok: true, thumbprint: '...' }
 * ```
 */
export function handleRequest(request: unknown): ConformanceReply {
  const id = isObject(request) && typeof request.id === 'string' ? request.id : '';
  try {
    if (!isObject(request) || id === '' || typeof request.op !== 'string')
      throw new BadRequest('a request needs a string "id" and "op"');
    return { id, ok: true, ...run(request as unknown as ConformanceRequest) };
  } catch (e) {
    if (e instanceof JoseError) {
      const unsupported = e.code === 'ERR_NOT_SUPPORTED' && notOffered(request as JsonObject);
      return {
        id,
        ok: false,
        error: `${e.code}: ${e.message}`,
        ...(unsupported ? { unsupported: true } : {}),
      };
    }
    if (e instanceof BadRequest || e instanceof TypeError)
      return { id, ok: false, error: `malformed request: ${e.message}` };
    return { id, ok: false, error: 'internal error' };
  }
}

/**
 * Answers one request line with one reply line (without the newline).
 *
 * @example
 * ```ts
 * handleLine('{"id":"1","op":"thumbprint","jwk":{"kty":"oct","k":"AA"},"hash":"SHA-256"}')
 * ```
 */
export function handleLine(line: string): string {
  let request: unknown;
  try {
    request = parseJsonObject(line, 'ERR_INVALID_ARGUMENT', 'request');
  } catch {
    return JSON.stringify({ id: '', ok: false, error: 'malformed request: not a JSON object' });
  }
  return JSON.stringify(handleRequest(request));
}

/**
 * Serves the protocol: each line of `input` is answered on `output` as soon as it is read.
 * `done` is called once `input` has ended and every reply is written.
 *
 * @example
 * ```ts
 * serveAdapter(process.stdin, process.stdout)
 * ```
 */
export function serveAdapter(input: Readable, output: Writable, done?: () => void): void {
  const lines = createInterface({ input, crlfDelay: Infinity });
  lines.on('line', (line) => {
    if (line.trim() !== '') output.write(`${handleLine(line)}\n`);
  });
  lines.on('close', () => done?.());
}

const invokedDirectly =
  process.argv[1] !== undefined &&
  realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
if (invokedDirectly) serveAdapter(process.stdin, process.stdout);
