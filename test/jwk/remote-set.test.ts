// createRemoteKeySet against real HTTP servers on 127.0.0.1 (no mocked fetch). Time is moved by
// faking Date only; sockets and timers stay real.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as asyncApi from '../../src/async.js';
import {
  createRemoteKeySet,
  exportJWK,
  generateKey,
  type RemoteKeySetEvent,
  signJWT,
  verifyJWT,
} from '../../src/index.js';
import type { JWK } from '../../src/jwk/types.js';
import { codeOf } from '../jws/support.js';
import { rejection } from '../support/both-apis.js';
import { json, startServer, type TestServer } from '../support/jwks-server.js';

const K1 = generateKey('RS256', { kid: 'k1' });
const K2 = generateKey('ES256', { kid: 'k2' });
const jwk = (k: typeof K1): JWK => exportJWK(k);
const token = (k: typeof K1): string =>
  signJWT({ sub: 's' }, { alg: k.alg as string, kid: k.kid as string }, k);
const T1 = token(K1);
const T2 = token(K2);

let servers: TestServer[] = [];
async function server(handler: Parameters<typeof startServer>[0]): Promise<TestServer> {
  const s = await startServer(handler);
  servers.push(s);
  return s;
}
let clock = 1_000_000_000_000;
const advance = (ms: number): void => {
  clock += ms;
  vi.setSystemTime(clock);
};

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(clock);
});
afterEach(async () => {
  vi.useRealTimers();
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

describe('createRemoteKeySet: caching and refetching', () => {
  it('fetches once on first use; concurrent requests share that fetch; later ones use the cache', async () => {
    const s = await server(json({ keys: [jwk(K1)] }));
    const keys = createRemoteKeySet(`${s.origin}/jwks`);
    expect(s.requests).toEqual([]);
    const results = await Promise.all(
      Array.from({ length: 10 }, () => asyncApi.verifyJWT(T1, keys)),
    );
    expect(results.every((r) => r.claims.sub === 's')).toBe(true);
    await asyncApi.verifyJWT(T1, keys);
    expect(s.requests).toEqual(['/jwks']);
  });

  it('rotation: an unknown kid refetches once, after the cooldown; concurrent misses share one request', async () => {
    const s = await server(json({ keys: [jwk(K1)] }));
    const keys = createRemoteKeySet(`${s.origin}/jwks`, { cooldown: 30_000 });
    await keys.ready();
    s.handle = json({ keys: [jwk(K1), jwk(K2)] });
    // Within the cooldown: refused without a request.
    expect(await rejection(asyncApi.verifyJWT(T2, keys))).toBe('ERR_KEY_NOT_FOUND');
    expect(s.requests.length).toBe(1);
    advance(30_001);
    const all = await Promise.all(Array.from({ length: 5 }, () => asyncApi.verifyJWT(T2, keys)));
    expect(all.map((r) => r.protectedHeader.kid)).toEqual(['k2', 'k2', 'k2', 'k2', 'k2']);
    expect(s.requests.length).toBe(2);
    // The old key is retired: its tokens find no key, and (cooling down) cause no request.
    s.handle = json({ keys: [jwk(K2)] });
    advance(30_001);
    await keys.reload();
    expect(await rejection(asyncApi.verifyJWT(T1, keys))).toBe('ERR_KEY_NOT_FOUND');
    expect(s.requests.length).toBe(3);
  });

  it('a kid that stays unknown refetches at most once per cooldown', async () => {
    const s = await server(json({ keys: [jwk(K1)] }));
    const keys = createRemoteKeySet(`${s.origin}/jwks`, { cooldown: 10_000 });
    for (let i = 0; i < 20; i++) {
      expect(await rejection(asyncApi.verifyJWT(T2, keys))).toBe('ERR_KEY_NOT_FOUND');
      advance(1_000);
    }
    // 20 s of misses: the first fetch, then one per elapsed cooldown.
    expect(s.requests.length).toBe(2);
  });

  it('Cache-Control max-age shortens the lifetime (not below the cooldown, not above cacheMaxAge)', async () => {
    const s = await server(json({ keys: [jwk(K1)] }, { 'cache-control': 'public, max-age=60' }));
    const keys = createRemoteKeySet(`${s.origin}/jwks`, { cooldown: 1_000, refreshAhead: 0 });
    await keys.ready();
    advance(59_000);
    await asyncApi.verifyJWT(T1, keys);
    expect(s.requests.length).toBe(1);
    advance(2_000);
    await asyncApi.verifyJWT(T1, keys);
    expect(s.requests.length).toBe(2);
    s.handle = json({ keys: [jwk(K1)] }, { 'cache-control': 'max-age=999999' });
    advance(61_000);
    await asyncApi.verifyJWT(T1, keys);
    expect(s.requests.length).toBe(3);
    advance(599_000);
    await asyncApi.verifyJWT(T1, keys);
    expect(s.requests.length).toBe(3);
  });

  it('refresh ahead: near the max age a request is answered from the cache and one background fetch starts', async () => {
    const s = await server(json({ keys: [jwk(K1)] }));
    const events: string[] = [];
    const keys = createRemoteKeySet(`${s.origin}/jwks`, {
      cacheMaxAge: 100_000,
      refreshAhead: 20_000,
      onEvent: (e) => events.push(e.type),
    });
    await keys.ready();
    // The next fetch is held until the test releases it.
    let release: () => void = () => undefined;
    s.handle = (req, res) => {
      release = () => json({ keys: [jwk(K1), jwk(K2)] })(req, res);
    };
    advance(85_000);
    await asyncApi.verifyJWT(T1, keys);
    await asyncApi.verifyJWT(T1, keys);
    await new Promise((r) => setTimeout(r, 50));
    expect(s.requests.length).toBe(2);
    expect(events).toEqual(['fetched', 'refresh']);
    release();
    await keys.ready();
    await vi.waitFor(() => expect(events).toEqual(['fetched', 'refresh', 'fetched']));
    // The background fetch brought the new key in: no request for it.
    await asyncApi.verifyJWT(T2, keys);
    expect(s.requests.length).toBe(2);
  });
});

describe('createRemoteKeySet: failures', () => {
  it('outage: a failed refetch serves the last good set until twice the max age, then ERR_JWKS_FETCH', async () => {
    const s = await server(json({ keys: [jwk(K1)] }));
    const events: RemoteKeySetEvent[] = [];
    const keys = createRemoteKeySet(`${s.origin}/jwks`, {
      cacheMaxAge: 60_000,
      cooldown: 5_000,
      refreshAhead: 0,
      onEvent: (e) => events.push(e),
    });
    await keys.ready();
    s.handle = (_req, res) => res.writeHead(503).end();
    advance(61_000);
    expect((await asyncApi.verifyJWT(T1, keys)).claims.sub).toBe('s');
    expect(events.map((e) => e.type)).toEqual(['fetched', 'failed', 'stale']);
    // Within the cooldown the stale set is served without another request.
    await asyncApi.verifyJWT(T1, keys);
    expect(s.requests.length).toBe(2);
    advance(58_000);
    expect((await asyncApi.verifyJWT(T1, keys)).claims.sub).toBe('s');
    expect(s.requests.length).toBe(3);
    advance(2_000);
    expect(await rejection(asyncApi.verifyJWT(T1, keys))).toBe('ERR_JWKS_FETCH');
    // Recovery.
    s.handle = json({ keys: [jwk(K1)] });
    advance(5_001);
    expect((await asyncApi.verifyJWT(T1, keys)).claims.sub).toBe('s');
  });

  it('a server that never answers is cut off at the timeout with ERR_JWKS_FETCH, never a hang', async () => {
    const s = await server(() => undefined);
    const keys = createRemoteKeySet(`${s.origin}/jwks`, { timeout: 200 });
    expect(await rejection(keys.ready())).toBe('ERR_JWKS_FETCH');
    expect(s.requests.length).toBe(1);
  });

  it('a body that stops half way is cut off at the timeout too', async () => {
    const s = await server((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"keys":[');
    });
    const keys = createRemoteKeySet(`${s.origin}/jwks`, { timeout: 200 });
    expect(await rejection(keys.ready())).toBe('ERR_JWKS_FETCH');
  });

  it('an oversized body is refused, declared or streamed', async () => {
    const big = { keys: [jwk(K1)], padding: 'x'.repeat(5000) };
    const s = await server(json(big));
    expect(await rejection(createRemoteKeySet(`${s.origin}/a`, { maxSize: 4096 }).ready())).toBe(
      'ERR_JWKS_FETCH',
    );
    let sent = 0;
    s.handle = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      // No content-length: chunked, 1 KiB at a time, for as long as the client reads.
      const push = (): void => {
        if (sent > 1024 * 1024 || res.destroyed) return void res.end();
        sent += 1024;
        res.write('x'.repeat(1024), () => setImmediate(push));
      };
      push();
    };
    expect(await rejection(createRemoteKeySet(`${s.origin}/b`, { maxSize: 4096 }).ready())).toBe(
      'ERR_JWKS_FETCH',
    );
    // The client stopped reading soon after the limit, far before the server's megabyte.
    expect(sent).toBeLessThan(512 * 1024);
  });

  it('a status other than 200, a body that is not JSON, and a JSON without "keys"', async () => {
    const s = await server((_req, res) => res.writeHead(404).end('{}'));
    expect(await rejection(createRemoteKeySet(`${s.origin}/a`).ready())).toBe('ERR_JWKS_FETCH');
    s.handle = (_req, res) => res.writeHead(200).end('<html>');
    expect(await rejection(createRemoteKeySet(`${s.origin}/b`).ready())).toBe('ERR_JWKS_INVALID');
    s.handle = json({ key: [] });
    expect(await rejection(createRemoteKeySet(`${s.origin}/c`).ready())).toBe('ERR_JWKS_INVALID');
    s.handle = (_req, res) => res.writeHead(200).end('{"keys":[],"keys":[]}');
    expect(await rejection(createRemoteKeySet(`${s.origin}/d`).ready())).toBe('ERR_JWKS_INVALID');
  });

  it('members that cannot be imported are skipped', async () => {
    const s = await server(
      json({ keys: [{ kty: 'RSA', kid: 'broken' }, { kty: 'nope' }, jwk(K1)] }),
    );
    const keys = createRemoteKeySet(`${s.origin}/jwks`);
    expect((await asyncApi.verifyJWT(T1, keys)).key.kid).toBe('k1');
  });

  it('a same-origin redirect is followed; one to another origin is not', async () => {
    const other = await server(json({ keys: [jwk(K1)] }));
    const s = await server((req, res) => {
      if (req.url === '/old') res.writeHead(301, { location: '/new' }).end();
      else if (req.url === '/new') json({ keys: [jwk(K1)] })(req, res);
      else res.writeHead(302, { location: `${other.origin}/jwks` }).end();
    });
    await expect(createRemoteKeySet(`${s.origin}/old`).ready()).resolves.toBeUndefined();
    expect(s.requests).toEqual(['/old', '/new']);
    expect(await rejection(createRemoteKeySet(`${s.origin}/away`).ready())).toBe('ERR_JWKS_FETCH');
    expect(other.requests).toEqual([]);
  });

  it('one retry on a transient network error (a reset connection)', async () => {
    let n = 0;
    const s = await server((req, res) => {
      if (n++ === 0) req.socket.destroy();
      else json({ keys: [jwk(K1)] })(req, res);
    });
    await createRemoteKeySet(`${s.origin}/jwks`).ready();
    expect(s.requests.length).toBe(2);
    n = -1000;
    s.handle = (req) => req.socket.destroy();
    expect(await rejection(createRemoteKeySet(`${s.origin}/x`).ready())).toBe('ERR_JWKS_FETCH');
    expect(s.requests.length).toBe(4);
  });

  it('fallback URLs are tried in order when the primary fails, and every failure is reported', async () => {
    const primary = await server((_req, res) => res.writeHead(500).end());
    const second = await server((_req, res) => res.writeHead(200).end('not json'));
    const third = await server(json({ keys: [jwk(K1)] }));
    const events: RemoteKeySetEvent[] = [];
    const keys = createRemoteKeySet(`${primary.origin}/jwks`, {
      fallbackUrls: [`${second.origin}/jwks`, new URL(`${third.origin}/jwks`)],
      onEvent: (e) => events.push(e),
    });
    expect((await asyncApi.verifyJWT(T1, keys)).claims.sub).toBe('s');
    expect(events.map((e) => (e.type === 'failed' ? `failed ${e.error.code}` : e.type))).toEqual([
      'failed ERR_JWKS_FETCH',
      'failed ERR_JWKS_INVALID',
      'fetched',
    ]);
    expect([primary.requests.length, second.requests.length, third.requests.length]).toEqual([
      1, 1, 1,
    ]);
  });

  it('a listener that throws changes nothing', async () => {
    const s = await server(json({ keys: [jwk(K1)] }));
    const keys = createRemoteKeySet(`${s.origin}/jwks`, {
      onEvent: () => {
        throw new Error('listener');
      },
    });
    expect((await asyncApi.verifyJWT(T1, keys)).claims.sub).toBe('s');
  });
});

describe('createRemoteKeySet: arguments and the synchronous API', () => {
  it('https only, except http to loopback hosts or with allowHttp', () => {
    expect(codeOf(() => createRemoteKeySet('http://idp.example/jwks'))).toBe(
      'ERR_INVALID_ARGUMENT',
    );
    expect(codeOf(() => createRemoteKeySet('ftp://127.0.0.1/jwks'))).toBe('ERR_INVALID_ARGUMENT');
    expect(codeOf(() => createRemoteKeySet('not a url'))).toBe('ERR_INVALID_ARGUMENT');
    expect(
      codeOf(() =>
        createRemoteKeySet('https://idp.example/jwks', {
          fallbackUrls: ['http://backup.example/'],
        }),
      ),
    ).toBe('ERR_INVALID_ARGUMENT');
    expect(codeOf(() => createRemoteKeySet('https://idp.example/jwks', { timeout: -1 }))).toBe(
      'ERR_INVALID_ARGUMENT',
    );
    expect(
      codeOf(() => createRemoteKeySet('https://idp.example/jwks', { headers: { a: 1 } as never })),
    ).toBe('ERR_INVALID_ARGUMENT');
    expect(typeof createRemoteKeySet('https://idp.example/jwks')).toBe('function');
    expect(typeof createRemoteKeySet('http://idp.example/jwks', { allowHttp: true })).toBe(
      'function',
    );
    expect(typeof createRemoteKeySet('http://localhost:1/jwks')).toBe('function');
    expect(typeof createRemoteKeySet('http://[::1]:1/jwks')).toBe('function');
  });

  it('sends the configured headers', async () => {
    const s = await server(json({ keys: [jwk(K1)] }));
    await createRemoteKeySet(`${s.origin}/jwks`, { headers: { 'x-api-key': 'abc' } }).ready();
    expect(s.lastHeaders?.['x-api-key']).toBe('abc');
  });

  it('the synchronous API refuses the set with ERR_INVALID_ARGUMENT and makes no request', async () => {
    const s = await server(json({ keys: [jwk(K1)] }));
    const keys = createRemoteKeySet(`${s.origin}/jwks`);
    expect(codeOf(() => verifyJWT(T1, keys as never))).toBe('ERR_INVALID_ARGUMENT');
    expect(s.requests).toEqual([]);
  });

  it('snapshot() serves the synchronous API from the cache, and never waits', async () => {
    const s = await server(json({ keys: [jwk(K1)] }));
    const keys = createRemoteKeySet(`${s.origin}/jwks`, {
      cacheMaxAge: 60_000,
      refreshAhead: 0,
      cooldown: 1000,
    });
    const resolver = keys.snapshot();
    expect(codeOf(() => verifyJWT(T1, resolver))).toBe('ERR_JWKS_FETCH');
    await keys.ready();
    expect(s.requests.length).toBe(1);
    expect(verifyJWT(T1, resolver).claims.sub).toBe('s');
    expect(codeOf(() => verifyJWT(T2, resolver))).toBe('ERR_KEY_NOT_FOUND');
    // Past the max age it still answers, and starts a refetch in the background.
    s.handle = json({ keys: [jwk(K1), jwk(K2)] });
    advance(61_000);
    expect(verifyJWT(T1, resolver).claims.sub).toBe('s');
    await vi.waitFor(() => expect(verifyJWT(T2, resolver).claims.sub).toBe('s'));
    expect(s.requests.length).toBe(2);
  });
});
