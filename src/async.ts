/**
 * jose-core/async: the main entry's JWS, JWE and JWT functions, with the same names, options,
 * results and errors, returning promises. Private-key work (RSA, ECDSA and EdDSA signatures,
 * RSA-OAEP decryption, ECDH-ES key agreement, PBES2) runs on libuv's thread pool, so the event loop stays
 * free while it runs; HMAC, AES and AES key wrap stay inline, where they cost less than the hop.
 * Key resolvers may answer with a promise, and a remote key set goes where a key goes.
 * @packageDocumentation
 */

export {
  type AsyncJWEKeyResolver,
  decryptCompact,
  decryptJSON,
  encryptCompact,
  encryptJSON,
} from './jwe/async.js';
export { DEFAULT_MAX_PBES2_COUNT } from './jwe/keys/pbes2.js';
export { DEFAULT_MAX_DECOMPRESSED_SIZE } from './jwe/zip.js';
export {
  createRemoteKeySet,
  type RemoteKeySet,
  type RemoteKeySetEvent,
  type RemoteKeySetOptions,
} from './jwk/remote-set.js';
export {
  type AsyncJWSKeyResolver,
  signCompact,
  signJSON,
  verifyCompact,
  verifyJSON,
} from './jws/async.js';
export {
  type AsyncJWTDecryptOptions,
  decryptJWT,
  encryptJWT,
  signJWT,
  verifyJWT,
} from './jwt/async.js';
export { JoseError, type JoseErrorCode } from './util/errors.js';
// The default limits, which the options documented here refer to.
export { DEFAULT_MAX_TOKEN_LENGTH } from './util/limits.js';
