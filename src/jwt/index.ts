// Public surface of the jwt room.
export type { JsonObject } from '../util/json.js';
export type { JWTClaimOptions, JWTClaims } from './claims.js';
export { decodeJWT, type DecodedJWT, type DecodeJWTOptions } from './decode.js';
export {
  decryptJWT,
  encryptJWT,
  signJWT,
  verifyJWT,
  type JWTDecryptOptions,
  type JWTDecryptResult,
  type JWTVerifyOptions,
  type JWTVerifyResult,
} from './jwt.js';
