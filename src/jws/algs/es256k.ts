import { ecdsa } from './ecdsa.js';

/** ES256K (RFC 8812 s3.2): ECDSA on secp256k1 with SHA-256, signatures R || S of 64 octets. */
export const ES256K = ecdsa('ES256K', 'sha256', 'secp256k1', 64);
