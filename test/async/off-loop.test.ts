// jose-core/async keeps private-key work off the event loop, and the synchronous API refuses
// what only the asynchronous one can use, with a clear error.
import { describe, expect, it } from 'vitest';
import * as asyncApi from '../../src/async.js';
import {
  decryptCompact,
  encryptCompact,
  generateKey,
  signCompact,
  verifyCompact,
  verifyJWT,
} from '../../src/index.js';
import { codeOf } from '../jws/support.js';
import { rejection } from '../support/both-apis.js';

const RSA = generateKey('RS256');
const OAEP = generateKey('RSA-OAEP-256');

// How many of `ops` had settled when the event loop first got a turn (a setImmediate callback).
async function settledAtFirstTurn(ops: Array<() => Promise<unknown>>): Promise<number> {
  let settled = 0;
  const turn = new Promise<number>((resolve) => setImmediate(() => resolve(settled)));
  await Promise.all(ops.map((op) => op().then(() => settled++)));
  return turn;
}

describe('private-key work runs on the thread pool', () => {
  it('RSA signing: the event loop turns before 8 signatures are done (the sync API: after all)', async () => {
    const ops = Array.from(
      { length: 8 },
      () => () => asyncApi.signCompact('x', { alg: 'RS256' }, RSA),
    );
    expect(await settledAtFirstTurn(ops)).toBeLessThan(8);
    // The same measure on the synchronous function: every signature is made before the turn.
    const syncOps = Array.from(
      { length: 8 },
      () => () => Promise.resolve(signCompact('x', { alg: 'RS256' }, RSA)),
    );
    expect(await settledAtFirstTurn(syncOps)).toBe(8);
  });

  it('RSA-OAEP decryption: the event loop turns before 8 decryptions are done', async () => {
    const jwe = encryptCompact('x', { alg: 'RSA-OAEP-256', enc: 'A128GCM' }, OAEP);
    const ops = Array.from({ length: 8 }, () => () => asyncApi.decryptCompact(jwe, OAEP));
    expect(await settledAtFirstTurn(ops)).toBeLessThan(8);
  });
});

describe('ECDH-ES encryption (ephemeral key and agreement) on the thread pool', () => {
  it('P-521: the event loop turns before 8 encryptions are done; each opens with the sync API', async () => {
    const key = generateKey('ECDH-ES', { crv: 'P-521' });
    const tokens: string[] = [];
    const ops = Array.from({ length: 8 }, () => async () => {
      tokens.push(await asyncApi.encryptCompact('x', { alg: 'ECDH-ES', enc: 'A128GCM' }, key));
    });
    expect(await settledAtFirstTurn(ops)).toBeLessThan(8);
    for (const t of tokens)
      expect(Buffer.from(decryptCompact(t, key).plaintext).toString()).toBe('x');
  });

  it('X25519 with key wrap: async-encrypted opens with the sync API, and the reverse', async () => {
    const key = generateKey('ECDH-ES+A128KW', { crv: 'X25519' });
    const header = { alg: 'ECDH-ES+A128KW', enc: 'A128CBC-HS256' };
    const a = await asyncApi.encryptCompact('one', header, key);
    expect(Buffer.from(decryptCompact(a, key).plaintext).toString()).toBe('one');
    const b = encryptCompact('two', header, key);
    expect(Buffer.from((await asyncApi.decryptCompact(b, key)).plaintext).toString()).toBe('two');
  });
});

describe('an asynchronous resolver in the synchronous API', () => {
  const token = signCompact('x', { alg: 'RS256', kid: 'k' }, RSA);

  it('an async function is refused with ERR_INVALID_ARGUMENT, without being called', () => {
    let calls = 0;
    const resolver = async (): Promise<typeof RSA> => (calls++, RSA);
    expect(codeOf(() => verifyCompact(token, resolver as never))).toBe('ERR_INVALID_ARGUMENT');
    expect(codeOf(() => verifyJWT(token, resolver as never))).toBe('ERR_INVALID_ARGUMENT');
    const jwe = encryptCompact('x', { alg: 'RSA-OAEP-256', enc: 'A128GCM' }, OAEP);
    expect(codeOf(() => decryptCompact(jwe, resolver as never))).toBe('ERR_INVALID_ARGUMENT');
    expect(calls).toBe(0);
  });

  it('a resolver returning a promise is refused with ERR_INVALID_ARGUMENT, not "kty is missing"', () => {
    const resolver = (): Promise<typeof RSA> => Promise.resolve(RSA);
    let message = '';
    try {
      verifyCompact(token, resolver as never);
    } catch (e) {
      message = (e as Error).message;
      expect((e as { code: string }).code).toBe('ERR_INVALID_ARGUMENT');
    }
    expect(message).toMatch(/promise/);
    expect(message).not.toMatch(/kty/);
    const jwe = encryptCompact('x', { alg: 'RSA-OAEP-256', enc: 'A128GCM' }, OAEP);
    expect(codeOf(() => decryptCompact(jwe, resolver as never))).toBe('ERR_INVALID_ARGUMENT');
  });

  it('a rejecting promise from such a resolver is not left unhandled', async () => {
    const unhandled: unknown[] = [];
    const listener = (r: unknown): void => void unhandled.push(r);
    process.on('unhandledRejection', listener);
    try {
      expect(
        codeOf(() => verifyCompact(token, (() => Promise.reject(new Error('down'))) as never)),
      ).toBe('ERR_INVALID_ARGUMENT');
      await new Promise((r) => setTimeout(r, 10));
    } finally {
      process.off('unhandledRejection', listener);
    }
    expect(unhandled).toEqual([]);
  });

  it("the asynchronous API takes both kinds, and a resolver's rejection unchanged", async () => {
    await expect(asyncApi.verifyCompact(token, async () => RSA)).resolves.toBeDefined();
    await expect(asyncApi.verifyCompact(token, () => Promise.resolve(RSA))).resolves.toBeDefined();
    const jwe = encryptCompact('x', { alg: 'RSA-OAEP-256', enc: 'A128GCM' }, OAEP);
    await expect(asyncApi.decryptCompact(jwe, async () => OAEP)).resolves.toBeDefined();
    const own = new Error('lookup failed');
    await expect(asyncApi.verifyCompact(token, () => Promise.reject(own))).rejects.toBe(own);
    expect(await rejection(asyncApi.verifyCompact(token, async () => 'not a key' as never))).toBe(
      'ERR_INVALID_ARGUMENT',
    );
  });
});
