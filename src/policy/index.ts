// Public surface of the policy room.
export { createContext, type RuntimeContext } from './context.js';
export { createCryptoObjects, type CryptoObject, type CryptoObjectDefinition, type CryptoObjects, type CryptoObjectType } from './crypto-objects.js';
export { PolicyError, type PolicyErrorCode, type PolicyLogger } from './errors.js';
export type { PatternMatch } from './pattern/index.js';
export type { PolicyEnvironment } from './runner.js';
export { compileJwtGenerate, jwtGenerate, type CompiledJwtGenerate, type JwtGenerateEnv } from './jwt-generate/index.js';
export {
  POLICY_API_GATEWAY_JWE_ALGS,
  POLICY_API_GATEWAY_JWE_ENCS,
  POLICY_JWE_ALGS,
  POLICY_JWE_ENCS,
  POLICY_JWS_ALGS,
  type PolicyDialect,
} from './algorithms.js';
export type { JwtGeneratePolicy } from './jwt-generate/properties.js';
export { compileJwtValidate, jwtValidate, type CompiledJwtValidate, type JwtValidateEnv } from './jwt-validate/index.js';
export type { JwtValidatePolicy } from './jwt-validate/properties.js';
