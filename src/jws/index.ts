// Public surface of the jws room; internal modules import the files directly.
export { signCompact, verifyCompact } from './compact.js';
export { signJSON, verifyJSON } from './json.js';
export type {
  FlattenedJWS,
  GeneralJWS,
  JWSAlgorithm,
  JWSHeaderParameters,
  JWSKeyResolver,
  JWSSigner,
  VerifyOptions,
} from './types.js';
