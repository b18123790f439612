// A gateway in one node:http program: an issuer that mints RS256 tokens with the jwt-generate
// policy (executeAsync: the RSA signature runs on libuv's pool), the JWK Set it publishes, and a
// protected API that verifies tokens with jose-core/async against that JWK Set, fetched over HTTP
// like any identity provider's. Keys rotate: the next key is published, then signs, then the old
// one is retired. Run: node examples/gateway/gateway.mjs   (a short demonstration, then it stops)
import { createServer } from 'node:http';
import { pathToFileURL } from 'node:url';
import {
  compileJwtGenerate,
  createContext,
  createCryptoObjects,
  exportJWK,
  generateKey,
  JoseError,
} from 'jose-core';
import { createRemoteKeySet, verifyJWT } from 'jose-core/async';

const ISSUER = 'https://gw.example';
const AUDIENCE = 'orders-api';

// One signing key: its policy, compiled once, and its public JWK for the JWK Set.
function signingKey(kid, now) {
  const key = generateKey('RS256', { kid });
  const cryptoObjects = createCryptoObjects({
    signer: { type: 'crypto-key', jwk: exportJWK(key, { private: true }) },
  });
  const policy = compileJwtGenerate(
    {
      'iss-claim': 'iss.claim',
      'sub-claim': 'sub.claim',
      'aud-claim': 'aud.claim',
      'exp-claim': 300,
      'jti-claim': true,
      'jws-alg': 'RS256',
      'jws-crypto': 'signer',
      'custom-kid-value-jws': 'kid',
      jwt: 'issued.jwt',
    },
    { cryptoObjects, currentDate: now, logger: { error: () => {} } },
  );
  return { kid, policy, jwk: exportJWK(key) };
}

// RFC 6750 s3: a request without a token gets the challenge alone; a bad token gets
// error="invalid_token" and a description (the error code, never the token).
function unauthorized(res, error) {
  const challenge =
    error === undefined
      ? 'Bearer realm="orders"'
      : `Bearer realm="orders", error="invalid_token", error_description="${error}"`;
  res.writeHead(401, { 'www-authenticate': challenge, 'content-type': 'application/json' });
  res.end(JSON.stringify({ error: error ?? 'missing_token' }));
}

/**
 * Starts the gateway on 127.0.0.1 and resolves to its URL, its key rotation steps and `close`.
 * `cooldown` is the remote key set's: the least time between two fetches of the JWK Set;
 * `now` is the issuer's clock (a load test backdates it to mint expired tokens).
 */
export async function startGateway({ port = 0, cooldown = 30_000, now = () => new Date() } = {}) {
  let active = signingKey('key-1', now);
  let published = [active];
  let generation = 1;

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://gateway');
    if (req.method === 'GET' && url.pathname === '/.well-known/jwks.json') {
      res.writeHead(200, {
        'content-type': 'application/jwk-set+json',
        'cache-control': 'max-age=300',
      });
      return res.end(JSON.stringify({ keys: published.map((k) => k.jwk) }));
    }
    if (req.method === 'POST' && url.pathname === '/token') {
      const context = createContext({
        'iss.claim': ISSUER,
        'aud.claim': AUDIENCE,
        'sub.claim': url.searchParams.get('user') ?? 'anonymous',
        kid: active.kid,
      });
      const token = await active.policy.executeAsync(context);
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      return res.end(
        JSON.stringify({ access_token: token, token_type: 'Bearer', expires_in: 300 }),
      );
    }
    if (req.method === 'GET' && url.pathname === '/api/orders') {
      const bearer = /^Bearer +(\S+) *$/i.exec(req.headers.authorization ?? '');
      if (bearer === null) return unauthorized(res);
      try {
        const { claims, protectedHeader } = await verifyJWT(bearer[1], keys, {
          algorithms: ['RS256'],
          issuer: ISSUER,
          audience: AUDIENCE,
        });
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end(JSON.stringify({ user: claims.sub, kid: protectedHeader.kid, orders: [] }));
      } catch (e) {
        if (e instanceof JoseError) return unauthorized(res, e.code);
        throw e;
      }
    }
    res.writeHead(404).end();
  });
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${server.address().port}`;
  // The API reads the issuer's keys over HTTP, as from any identity provider (http: is allowed
  // to loopback hosts only).
  const keys = createRemoteKeySet(`${origin}/.well-known/jwks.json`, { cooldown });

  return {
    origin,
    keys,
    /** Rotation step 1: the next key is published beside the active one. */
    publishNext() {
      published = [...published, signingKey(`key-${++generation}`, now)];
    },
    /** Rotation step 2: the newest published key signs from now on. */
    activateNext() {
      active = published[published.length - 1];
    },
    /** Rotation step 3: every key but the active one leaves the JWK Set; its tokens stop verifying. */
    retireOld() {
      published = [active];
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(resolve);
      }),
  };
}

// The demonstration when run directly: a token, a call, a rotation, and the old token refused.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const gw = await startGateway({ cooldown: 0 });
  const token = async (user) =>
    (await (await fetch(`${gw.origin}/token?user=${user}`, { method: 'POST' })).json())
      .access_token;
  const call = async (t) => {
    const r = await fetch(`${gw.origin}/api/orders`, {
      headers: t === undefined ? {} : { authorization: `Bearer ${t}` },
    });
    return `${r.status} ${r.headers.get('www-authenticate') ?? (await r.text())}`;
  };
  const old = await token('alice');
  console.log('key-1 token:           ', await call(old));
  console.log('no token:              ', await call(undefined));
  gw.publishNext();
  gw.activateNext();
  console.log('key-2 token:           ', await call(await token('bob')));
  console.log('key-1, still published:', await call(old));
  gw.retireOld();
  // The API keeps serving its cached set until its max age; a reload stands for that time passing.
  await gw.keys.reload();
  console.log('key-1, retired:        ', await call(old));
  await gw.close();
}
