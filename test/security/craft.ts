import { Buffer } from 'node:buffer';
import { createCipheriv, createHmac, createSecretKey, randomBytes } from 'node:crypto';
import { JoseKey } from '../../src/jwk/key.js';
import { b64 } from './support.js';

// Crafting of tokens that carry a correct MAC or tag over exactly their own text, shared by the
// structure attack files: whatever refuses such a token is the structural check, not the crypto.
export const secret = randomBytes(32);
export const hmac = new JoseKey(createSecretKey(secret));
export const cekBytes = randomBytes(16);
export const cek = new JoseKey(createSecretKey(cekBytes));

/** A compact HS256 JWS over exactly these encoded parts, with a correct MAC. */
export const macParts = (encodedHeader: string, encodedPayload: string): string => {
  const input = `${encodedHeader}.${encodedPayload}`;
  return `${input}.${createHmac('sha256', secret).update(input, 'latin1').digest('base64url')}`;
};
export const mac = (headerText: string | Buffer, payload: string | Buffer = 'payload'): string =>
  macParts(b64(headerText), b64(payload));

/** A compact `dir` A128GCM JWE over exactly this encoded header (the AAD), with a correct tag. */
export function sealParts(encodedHeader: string, plaintext: string | Buffer = 'plaintext'): string {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-128-gcm', cekBytes, iv);
  c.setAAD(Buffer.from(encodedHeader, 'latin1'));
  const ciphertext = Buffer.concat([c.update(plaintext), c.final()]);
  return [encodedHeader, '', b64(iv), b64(ciphertext), b64(c.getAuthTag())].join('.');
}
export const seal = (headerText: string | Buffer, plaintext?: string | Buffer): string =>
  sealParts(b64(headerText), plaintext);
