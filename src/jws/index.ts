// Public surface of the jws room; internal modules import the files directly.

export { isJWSAlgorithm, type JWSAlgorithm } from '../algs/jws.js';
export { DEFAULT_MAX_TOKEN_LENGTH, MAX_KEY_ATTEMPTS } from '../util/limits.js';
export { signCompact, verifyCompact } from './compact.js';
export { signJSON } from './json.js';
export { verifyJSON } from './json-verify.js';
export type {
  CompactVerifyResult,
  FlattenedJWS,
  GeneralJWS,
  JSONVerifyResult,
  JWSHeaderParameters,
  JWSKeyResolver,
  JWSSigner,
  SignOptions,
  VerifyOptions,
} from './types.js';
