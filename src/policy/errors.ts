import type { JoseErrorCode } from '../util/errors.js';

/**
 * The stable code of a {@link PolicyError}: the underlying `JoseError` code when the library
 * refused something (a signature, a key, a claim), or one of the policy's own:
 *
 * - `ERR_POLICY_INVALID`: the policy's properties or environment are wrong (compile time, or an
 *   inline parameter that resolves to a value the dialect does not accept).
 * - `ERR_POLICY_VARIABLE`: a runtime variable the policy reads is unset or holds the wrong thing.
 * - `ERR_POLICY_NO_TOKEN`: jwt-validate found no token (no variable, no `Authorization: Bearer`).
 * - `ERR_POLICY_TOKEN_SHAPE`: the token is not the shape the policy asks for (JWS, JWE, nested).
 *
 * A claim that does not match `iss-claim` / `aud-claim`, or is beyond the matching bounds, is
 * `ERR_JWT_CLAIM_INVALID`, as the library reports any other claim check.
 */
export type PolicyErrorCode =
  | JoseErrorCode
  | 'ERR_POLICY_INVALID'
  | 'ERR_POLICY_VARIABLE'
  | 'ERR_POLICY_NO_TOKEN'
  | 'ERR_POLICY_TOKEN_SHAPE';

/**
 * The error a gateway policy raises, shaped like the gateway's own: `name` is `RuntimeError`,
 * `status` and `reason` are the HTTP answer when no catch handles it, `message` is generic and
 * safe to show a client, `code` is stable for machines, and `detail` is the underlying message
 * (logged and put in the policy's `<policy>.error-message` variable, never sent to clients).
 *
 * @example
 * ```ts
 * try { jwtGenerate(policy, ctx, env) } catch (e) {
 *   if (e instanceof PolicyError) res.writeHead(e.status, e.reason).end()
 * }
 * ```
 */
export class PolicyError extends Error {
  /** HTTP status the gateway answers with (500 for jwt-generate). */
  readonly status: number;
  /** HTTP reason phrase, e.g. `Invalid-JWT-Generate`. */
  readonly reason: string;
  /** The detailed message; may name properties and variables, never secrets. */
  readonly detail: string;
  /** The policy that failed, e.g. `jwt-generate`. */
  readonly policy: string;
  /** Stable machine-readable code; branch on it, never on `detail`. */
  readonly code: PolicyErrorCode;

  /** @internal */
  constructor(
    policy: string,
    status: number,
    reason: string,
    detail: string,
    options?: { cause?: unknown; code?: PolicyErrorCode },
  ) {
    super(
      `${policy} policy failed`,
      options?.cause === undefined ? undefined : { cause: options.cause },
    );
    this.name = 'RuntimeError';
    this.policy = policy;
    this.status = status;
    this.reason = reason;
    this.detail = detail;
    this.code = options?.code ?? 'ERR_POLICY_INVALID';
  }
}

/**
 * A problem found in a policy or its inputs; becomes a {@link PolicyError} at the policy boundary.
 * @internal
 */
export class PolicyProblem extends Error {
  /** The code the resulting {@link PolicyError} carries. */
  readonly code: PolicyErrorCode;

  constructor(message: string, code: PolicyErrorCode = 'ERR_POLICY_INVALID') {
    super(message);
    this.code = code;
  }
}

/** Where policy failures and compile-time warnings are reported; `console` by default. */
export interface PolicyLogger {
  /** Receives one failure as `<policy>: <detail>`; never key material or whole tokens. */
  error(message: string): void;
  /** Receives a compile-time warning (e.g. an unanchored `iss-claim`); `error` receives it when absent. */
  warn?(message: string): void;
}
