import { Buffer } from 'node:buffer';
import { createCipheriv } from 'node:crypto';
import type { JWK } from '../jwk/types.js';
import type { ConformanceReply, ConformanceRequest } from './protocol.js';
import type { JsonObject } from './types.js';

/** A request as planned, before the runner gives it an id. */
export type PlannedRequest = ConformanceRequest extends infer R
  ? R extends ConformanceRequest
    ? Omit<R, 'id'>
    : never
  : never;

/** A successful reply's outputs. */
export type Outputs = { [name: string]: unknown };

/**
 * What a check expects of the reply: `equal` outputs that must be the published values,
 * `accept` a success whose outputs the runner judges itself (signatures and encryptions, which
 * may be randomized), `refuse` a failure (an `ok: false` reply; an `unsupported` one fails, as
 * for every check, unless the profile declared what the check needs).
 */
export type Expectation = 'accept' | 'refuse' | 'equal';

/**
 * One thing a vector asks of an implementation: a request and the judgement of its reply.
 * `judge` returns `undefined` when the reply is right, else what is wrong with it. `needs` names
 * capabilities beyond the algorithms, curves and operation the request itself names (see
 * profile.ts), so that a declared profile can skip the check.
 */
export interface Check {
  name: string;
  expect: Expectation;
  request: PlannedRequest;
  judge(reply: ConformanceReply): string | undefined;
  /** For `equal`: the published outputs, by name. */
  expected?: Outputs;
  needs?: readonly string[];
  /** For `refuse`: why it must be refused, and the RFC section or CVE that says so. */
  reason?: string;
}

/** A check whose reply must succeed and be judged by `inspect`. */
export function acceptance(
  name: string,
  request: PlannedRequest,
  inspect: (out: Outputs) => string | undefined,
  needs?: readonly string[],
): Check {
  return {
    name,
    expect: 'accept',
    request,
    judge: expectOutputs(inspect),
    ...(needs === undefined ? {} : { needs }),
  };
}

/** A check whose reply must succeed with exactly these outputs. */
export function equality(name: string, request: PlannedRequest, expected: Outputs): Check {
  const inspect = (out: Outputs): string | undefined => {
    for (const [what, want] of Object.entries(expected)) {
      if (!sameJson(out[what], want))
        return out[what] === undefined
          ? `the ${what} is missing`
          : `the ${what} differs from the expected value`;
    }
    return undefined;
  };
  return { name, expect: 'equal', request, expected, judge: expectOutputs(inspect) };
}

/** A check whose reply must be a refusal, with the reason and its RFC section or CVE. */
export function refusal(name: string, request: PlannedRequest, reason?: string): Check {
  return {
    name,
    expect: 'refuse',
    request,
    judge: expectRefusal,
    ...(reason === undefined ? {} : { reason }),
  };
}

/** The reply must succeed, and then `inspect` judges its outputs. */
export function expectOutputs(
  inspect: (out: Outputs) => string | undefined,
): (reply: ConformanceReply) => string | undefined {
  return (reply) => (reply.ok ? inspect(reply) : `refused: ${reply.error}`);
}

/** The reply must be a refusal: the input was tampered with, or must never be accepted. */
export function expectRefusal(reply: ConformanceReply): string | undefined {
  return reply.ok ? 'accepted what it must refuse' : undefined;
}

/** Compares a base64url output with the expected value. */
export function same(what: string, got: unknown, want: string): string | undefined {
  return got === want
    ? undefined
    : typeof got === 'string'
      ? `${what} differs from the expected value`
      : `${what} is missing`;
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((k) => [k, canonical((value as JsonObject)[k])]),
  );
}

/** JSON equality, member order aside. */
export function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

/** The header an encoded protected header holds, or undefined when it is not a JSON object. */
export function decodeJson(b64u: unknown): JsonObject | undefined {
  if (typeof b64u !== 'string') return undefined;
  try {
    const v: unknown = JSON.parse(Buffer.from(b64u, 'base64url').toString('utf8'));
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as JsonObject) : undefined;
  } catch {
    return undefined;
  }
}

/** Changes the middle character of a base64url string to another, keeping it well formed. */
export function tamper(b64u: string): string {
  const i = Math.floor(b64u.length / 2);
  return b64u.slice(0, i) + (b64u[i] === 'A' ? 'B' : 'A') + b64u.slice(i + 1);
}

/** Changes one part of a compact serialization. */
export function tamperPart(compact: string, index: number): string {
  const parts = compact.split('.');
  parts[index] = tamper(parts[index] as string);
  return parts.join('.');
}

/** The runner's own reference: runs `f`, turning any failure into a message. */
export function reference(what: string, f: () => void): string | undefined {
  try {
    f();
    return undefined;
  } catch (e) {
    return `${what}: ${e instanceof Error ? e.message : 'failed'}`;
  }
}

const GCM_BY_KEY: Record<number, string> = {
  16: 'aes-128-gcm',
  24: 'aes-192-gcm',
  32: 'aes-256-gcm',
};

/**
 * A compact JWE built by the runner itself with node:crypto, from a CEK the vector publishes:
 * AES-GCM content (RFC 7518 s5.3) under `header`, with `encryptedKey` as given. It lets a
 * decrypter prove it recovers that CEK (unwrapped, or agreed) without trusting any JOSE code.
 */
export function craftGcmJwe(
  header: JsonObject,
  cek: Buffer,
  encryptedKey: string,
  iv: Buffer,
  plaintext: Buffer,
): { compact: string; ciphertext: string } {
  const cipher = GCM_BY_KEY[cek.length];
  if (cipher === undefined) throw new Error('no AES-GCM for this CEK length');
  const protectedB64u = Buffer.from(JSON.stringify(header), 'utf8').toString('base64url');
  const c = createCipheriv(cipher as 'aes-128-gcm', cek, iv);
  c.setAAD(Buffer.from(protectedB64u, 'ascii'));
  const ciphertext = Buffer.concat([c.update(plaintext), c.final()]).toString('base64url');
  return {
    compact: [
      protectedB64u,
      encryptedKey,
      iv.toString('base64url'),
      ciphertext,
      c.getAuthTag().toString('base64url'),
    ].join('.'),
    ciphertext,
  };
}

/** The `enc` whose AES-GCM key has this many octets. */
export function gcmFor(cekBytes: number): string | undefined {
  return GCM_BY_KEY[cekBytes] === undefined ? undefined : `A${cekBytes * 8}GCM`;
}

const REQUIRED: Record<string, readonly string[]> = {
  RSA: ['kty', 'n', 'e'],
  EC: ['kty', 'crv', 'x', 'y'],
  OKP: ['kty', 'crv', 'x'],
};
const PRIVATE = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];

/** Whether `got` is the public JWK `want` (its RFC 7638 required members) and holds nothing private. */
export function samePublicJwk(got: unknown, want: JWK): string | undefined {
  if (typeof got !== 'object' || got === null) return 'no public JWK was returned';
  const g = got as JsonObject;
  if (PRIVATE.some((m) => g[m] !== undefined)) return 'the public JWK holds private members';
  const members = REQUIRED[want.kty] ?? ['kty'];
  return members.every((m) => g[m] === want[m])
    ? undefined
    : 'the public JWK is not the published key';
}
