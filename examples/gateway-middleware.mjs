// A gateway that mints a token per request: the jwt-generate policy is compiled once at start-up
// and executed for every request, writing `Authorization: Bearer <token>` for the upstream call.
// Runs one request against itself on 127.0.0.1 and stops.
// Run: node examples/gateway-middleware.mjs (in a clone, after `npm run build`: it imports jose-core by name)
import { createServer, request } from 'node:http';
import {
  compileJwtGenerate,
  createContext,
  createCryptoObjects,
  exportJWK,
  generateKey,
  PolicyError,
  verifyJWT,
} from 'jose-core';

// Key material is loaded once (here generated; a real gateway reads its key store).
const signingKey = generateKey('ES256', { kid: 'gw-2026' });
const cryptoObjects = createCryptoObjects({
  signer: { type: 'crypto-key', jwk: exportJWK(signingKey, { private: true }) },
});
const mint = compileJwtGenerate(
  {
    'iss-claim': 'iss.claim',
    'sub-claim': 'sub.claim',
    'aud-claim': 'aud.claim',
    'exp-claim': 300,
    'jti-claim': true,
    'jws-alg': 'ES256',
    'jws-crypto': 'signer',
    'custom-kid-value-jws': 'kid',
  },
  { cryptoObjects, logger: { error: (m) => console.error(m) } },
);

// The middleware: per request, a context of runtime variables, one execute, one header.
function jwtMiddleware(req, res, next) {
  const context = createContext({
    'iss.claim': 'https://gw.example.com',
    'sub.claim': req.headers['x-user'] ?? '',
    'aud.claim': 'orders-api',
    kid: 'gw-2026',
  });
  try {
    mint.execute(context);
  } catch (e) {
    // The client sees only the status and reason; the detail went to the log.
    if (e instanceof PolicyError) return res.writeHead(e.status, e.reason).end();
    throw e;
  }
  req.headers.authorization = context.get('message.headers.authorization');
  next();
}

const server = createServer((req, res) =>
  jwtMiddleware(req, res, () => {
    // Where the gateway would call the upstream API; here the upstream's check is shown instead.
    const token = req.headers.authorization.slice('Bearer '.length);
    const { claims, protectedHeader } = verifyJWT(token, signingKey.toPublic(), {
      algorithms: ['ES256'],
      audience: 'orders-api',
    });
    res.end(
      JSON.stringify({
        kid: protectedHeader.kid,
        sub: claims.sub,
        aud: claims.aud,
        ttl: claims.exp - claims.iat,
      }),
    );
  }),
);

server.listen(0, '127.0.0.1', () => {
  const { port } = server.address();
  const ask = (user) =>
    new Promise((resolve) => {
      request(
        { host: '127.0.0.1', port, headers: user === undefined ? {} : { 'x-user': user } },
        (res) => {
          let body = '';
          res
            .on('data', (c) => (body += c))
            .on('end', () => resolve(`${res.statusCode} ${res.statusMessage} ${body}`));
        },
      ).end();
    });
  ask('alice')
    .then((answer) => console.log(answer))
    .then(() => ask(undefined))
    .then((answer) => console.log(answer))
    .finally(() => server.close());
});
