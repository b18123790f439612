// Empty payloads are payloads (RFC 7515 s2: any sequence of octets, the empty one included): ACME
// (RFC 8555 s6.3) signs exactly that in flattened JWS JSON for POST-as-GET. jose-core makes both
// vectors from fixed inputs; WebCrypto verifies each over `header.` as it is made.
import { Buffer } from 'node:buffer';
import * as wcJws from '../../test/conformance/webcrypto/jws.mjs';
import { oct, publicJwk, rsa } from './common.mjs';

// RFC 8555 s7.4.2's POST-as-GET for a certificate, with its example account URL and nonce.
const ACME = {
  alg: 'RS256',
  kid: 'https://example.com/acme/acct/evOfKhNU60wg',
  nonce: 'uQpSjlRb4vQVCjVYAyyUWg',
  url: 'https://example.com/acme/cert/mAt3xBGaobw',
};

async function emptyPayloadVerifies(jws, key, alg) {
  const payload = await wcJws.verify({ jws, key, alg });
  if (Buffer.from(payload).length !== 0) throw new Error(`${alg}: the cross-check read a non-empty payload`);
}

/** An HS256 compact JWS `header..signature` and an ACME-style RS256 flattened JSON JWS, both empty. */
export async function emptyPayloadVectors(jose) {
  const secret = oct('HS256 empty payload key', 32);
  const hsHeader = { alg: 'HS256', kid: 'empty payload' };
  const compact = jose.signCompact('', hsHeader, jose.importJWK(secret));
  await emptyPayloadVerifies(compact, secret, 'HS256');
  const [hsProtected, emptyPart, hsSignature] = compact.split('.');
  if (emptyPart !== '') throw new Error('HS256: the payload part is not empty');

  const key = rsa();
  const flattened = jose.signJSON('', [{ protectedHeader: ACME, key: jose.importJWK(key) }]);
  if (flattened.payload !== '') throw new Error('RS256: the "payload" member is not the empty string');
  await emptyPayloadVerifies(flattened, publicJwk(key), 'RS256');

  return [
    {
      id: 'EMPTY-JWS-HS256-compact',
      kind: 'jws',
      rfc: 'RFC 7515',
      section: 'Section 2 (an empty JWS Payload), Section 7.1',
      title: 'HS256 compact JWS with the empty payload (header..signature), verified by WebCrypto',
      algorithms: ['HS256'],
      deterministic: true,
      keys: { secret },
      inputs: {
        payloadB64u: '',
        signatures: [
          { alg: 'HS256', protectedHeader: hsHeader, protectedB64u: hsProtected, signingKey: 'secret',
            verificationKey: 'secret' },
        ],
      },
      expected: { signaturesB64u: [hsSignature], compact },
    },
    {
      id: 'EMPTY-JWS-RS256-acme-post-as-get',
      kind: 'jws',
      rfc: 'RFC 8555',
      section: 'Section 6.3 (POST-as-GET), Section 7.4.2',
      title: 'ACME POST-as-GET: RS256 flattened JSON JWS with "payload": "", verified by WebCrypto',
      algorithms: ['RS256'],
      deterministic: true,
      keys: { sign: key, verify: publicJwk(key) },
      inputs: {
        payloadB64u: '',
        signatures: [
          { alg: 'RS256', protectedHeader: ACME, protectedB64u: flattened.protected, signingKey: 'sign',
            verificationKey: 'verify' },
        ],
      },
      expected: { signaturesB64u: [flattened.signature], jsonFlattened: flattened },
    },
  ];
}
