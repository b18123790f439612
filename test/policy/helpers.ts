import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createContext, type RuntimeContext } from '../../src/policy/context.js';
import { createCryptoObjects } from '../../src/policy/crypto-objects.js';
import { PolicyError } from '../../src/policy/errors.js';

export const secret32 = randomBytes(32);
export const secret16 = randomBytes(16);
export const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
export const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });

export const objects = createCryptoObjects({
  hmac: { type: 'shared-secret-key', value: secret32 },
  kek: { type: 'shared-secret-key', value: secret16 },
  short: { type: 'shared-secret-key', value: randomBytes(8) },
  cek: { type: 'shared-secret-key', value: randomBytes(32) },
  rsaKey: {
    type: 'crypto-key',
    value: rsa.privateKey.export({ format: 'pem', type: 'pkcs8' }) as string,
  },
  rsaCert: {
    type: 'crypto-certificate',
    value: rsa.publicKey.export({ format: 'pem', type: 'spki' }) as string,
  },
  ecKey: {
    type: 'crypto-key',
    value: ec.privateKey.export({ format: 'pem', type: 'pkcs8' }) as string,
  },
});

export const FIXED = new Date('2026-01-02T03:04:05.678Z');
export const FIXED_S = Math.floor(FIXED.getTime() / 1000);

/** A silent logger that remembers what it was told. */
export function recorder(): { error(m: string): void; lines: string[] } {
  const lines: string[] = [];
  return { lines, error: (m: string) => void lines.push(m) };
}

/** A context that records every variable read. */
export function spyContext(vars: Record<string, unknown>): RuntimeContext & { reads: string[] } {
  const ctx = createContext(vars);
  const reads: string[] = [];
  return {
    reads,
    get: (name) => (reads.push(name), ctx.get(name)),
    set: (name, value) => ctx.set(name, value),
  };
}

/** Runs `f`, expecting a PolicyError, and returns it. */
export function policyError(f: () => unknown): PolicyError {
  try {
    f();
  } catch (e) {
    if (e instanceof PolicyError) return e;
    throw new Error(`expected a PolicyError, got ${String(e)}`);
  }
  throw new Error('expected a PolicyError, nothing was thrown');
}

export function decodePart(token: string, index: number): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[index] as string, 'base64url').toString('utf8'));
}
