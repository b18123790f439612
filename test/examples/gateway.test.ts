// examples/gateway driven over real sockets on 127.0.0.1: tokens issued by its jwt-generate
// policy, checked by its protected API through its own JWK Set, across a key rotation.
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKey, signJWT } from '../../src/index.js';

interface Gateway {
  origin: string;
  publishNext(): void;
  activateNext(): void;
  retireOld(): void;
  keys: { reload(): Promise<void> };
  close(): Promise<void>;
}
const modulePath = '../../examples/gateway/gateway.mjs';

// Plain node:http, so the client is as real as the server.
function send(
  origin: string,
  method: string,
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${origin}${path}`, { method, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res
        .on('data', (c: string) => (body += c))
        .on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject).end();
  });
}

let gw: Gateway;
const token = async (user: string): Promise<string> =>
  (
    JSON.parse((await send(gw.origin, 'POST', `/token?user=${user}`)).body) as {
      access_token: string;
    }
  ).access_token;
const api = (t?: string) =>
  send(gw.origin, 'GET', '/api/orders', t === undefined ? {} : { authorization: `Bearer ${t}` });

beforeAll(async () => {
  const { startGateway } = (await import(modulePath)) as {
    startGateway(o: { cooldown: number }): Promise<Gateway>;
  };
  gw = await startGateway({ cooldown: 0 });
});
afterAll(() => gw.close());

describe('examples/gateway', () => {
  it('issues an RS256 token (executeAsync) that its API accepts through the published JWK Set', async () => {
    const jwks = await send(gw.origin, 'GET', '/.well-known/jwks.json');
    expect(JSON.parse(jwks.body)).toMatchObject({ keys: [{ kty: 'RSA', kid: 'key-1' }] });
    expect(jwks.body).not.toMatch(/"d"/);
    const t = await token('alice');
    expect(JSON.parse(Buffer.from(t.split('.')[0] as string, 'base64url').toString())).toEqual({
      alg: 'RS256',
      typ: 'JWT',
      kid: 'key-1',
    });
    const r = await api(t);
    expect([r.status, JSON.parse(r.body)]).toEqual([
      200,
      { user: 'alice', kid: 'key-1', orders: [] },
    ]);
  });

  it('answers 401 with an RFC 6750 challenge: bare without a token, invalid_token for a bad one', async () => {
    const none = await api();
    expect([none.status, none.headers['www-authenticate']]).toEqual([401, 'Bearer realm="orders"']);
    const basic = await send(gw.origin, 'GET', '/api/orders', { authorization: 'Basic YTpi' });
    expect(basic.headers['www-authenticate']).toBe('Bearer realm="orders"');
    const t = await token('mallory');
    const parts = t.split('.');
    const claims = JSON.parse(Buffer.from(parts[1] as string, 'base64url').toString()) as Record<
      string,
      unknown
    >;
    const forgedClaims = Buffer.from(JSON.stringify({ ...claims, sub: 'admin' })).toString(
      'base64url',
    );
    const tampered = await api(`${parts[0]}.${forgedClaims}.${parts[2]}`);
    expect([tampered.status, tampered.headers['www-authenticate']]).toEqual([
      401,
      'Bearer realm="orders", error="invalid_token", error_description="ERR_JWS_SIGNATURE_INVALID"',
    ]);
    const foreign = signJWT(claims, { alg: 'RS256', kid: 'key-1' }, generateKey('RS256'));
    expect((await api(foreign)).headers['www-authenticate']).toMatch(/error="invalid_token"/);
    const hs = signJWT(claims, { alg: 'HS256', kid: 'key-1' }, generateKey('HS256'));
    expect((await api(hs)).headers['www-authenticate']).toMatch(
      /error_description="ERR_ALG_NOT_ALLOWED"/,
    );
    expect((await api('not-a-token')).status).toBe(401);
  });

  it('serves concurrent requests over its own JWK Set', async () => {
    const tokens = await Promise.all(Array.from({ length: 20 }, (_, i) => token(`u${i}`)));
    const answers = await Promise.all(tokens.map((t) => api(t)));
    expect(answers.map((a) => a.status)).toEqual(tokens.map(() => 200));
    expect(answers.map((a) => (JSON.parse(a.body) as { user: string }).user)).toEqual(
      tokens.map((_, i) => `u${i}`),
    );
  });

  it("key rotation: the next key is published, then signs; the retired key's tokens are refused", async () => {
    const old = await token('alice');
    gw.publishNext();
    const jwks = JSON.parse((await send(gw.origin, 'GET', '/.well-known/jwks.json')).body) as {
      keys: Array<{ kid: string }>;
    };
    expect(jwks.keys.map((k) => k.kid)).toEqual(['key-1', 'key-2']);
    gw.activateNext();
    const fresh = await token('bob');
    expect(JSON.parse((await api(fresh)).body)).toMatchObject({ user: 'bob', kid: 'key-2' });
    expect((await api(old)).status).toBe(200);
    gw.retireOld();
    await gw.keys.reload();
    const refused = await api(old);
    expect([refused.status, refused.headers['www-authenticate']]).toEqual([
      401,
      'Bearer realm="orders", error="invalid_token", error_description="ERR_KEY_NOT_FOUND"',
    ]);
    expect((await api(fresh)).status).toBe(200);
  });
});
