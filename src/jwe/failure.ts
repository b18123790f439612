import { JoseError } from '../util/errors.js';

/**
 * The error for every failed decryption: bad tag, bad padding, wrong key, a CEK of the wrong
 * length, a failed AES key wrap integrity check, an RSA decoding failure. It is one code with
 * one message on purpose: any difference between those cases (in code, message or early exit)
 * is an oracle for padding and Bleichenbacher-style attacks.
 */
export function decryptionFailed(): JoseError {
  return new JoseError('ERR_JWE_DECRYPTION_FAILED', 'JWE decryption failed');
}

/** A malformed JWE: its structure, encoding, header or public lengths are wrong. */
export function invalid(message: string): JoseError {
  return new JoseError('ERR_JWE_INVALID', message);
}
