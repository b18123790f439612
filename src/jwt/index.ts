// Public surface of the jwt room.
export type { JsonObject } from '../util/json.js';
export type { JWTClaimOptions, JWTClaims } from './claims.js';
export { type DecodedJWT, type DecodeJWTOptions, decodeJWT } from './decode.js';
export {
  decryptJWT,
  encryptJWT,
  type JWTDecryptOptions,
  type JWTDecryptResult,
  type JWTVerifyOptions,
  type JWTVerifyResult,
  signJWT,
  verifyJWT,
} from './jwt.js';
