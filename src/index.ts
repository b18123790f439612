/**
 * jose-core: zero-dependency, synchronous JOSE on node:crypto.
 * @packageDocumentation
 */

export * from './algs/index.js';
export * from './jwe/index.js';
export * from './jwk/index.js';
export * from './jws/index.js';
export * from './jwt/index.js';
export * from './policy/index.js';
export { JoseError, type JoseErrorCode } from './util/errors.js';
