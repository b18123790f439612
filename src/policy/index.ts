// Public surface of the policy room.

export {
  POLICY_API_GATEWAY_JWE_ALGS,
  POLICY_API_GATEWAY_JWE_ENCS,
  POLICY_JWE_ALGS,
  POLICY_JWE_ENCS,
  POLICY_JWS_ALGS,
  type PolicyDialect,
} from './algorithms.js';
export { createContext, type RuntimeContext } from './context.js';
export {
  type CryptoObject,
  type CryptoObjectDefinition,
  type CryptoObjects,
  type CryptoObjectType,
  createCryptoObjects,
} from './crypto-objects.js';
export { PolicyError, type PolicyErrorCode, type PolicyLogger } from './errors.js';
export {
  type CompiledJwtGenerate,
  compileJwtGenerate,
  type JwtGenerateEnv,
  jwtGenerate,
} from './jwt-generate/index.js';
export type { JwtGeneratePolicy } from './jwt-generate/properties.js';
export {
  type CompiledJwtValidate,
  compileJwtValidate,
  type JwtValidateEnv,
  jwtValidate,
} from './jwt-validate/index.js';
export type { JwtValidatePolicy } from './jwt-validate/properties.js';
export type { PatternMatch } from './pattern/index.js';
export type { PolicyEnvironment } from './runner.js';
