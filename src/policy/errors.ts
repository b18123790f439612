/**
 * The error a gateway policy raises, shaped like the gateway's own: `name` is `RuntimeError`,
 * `status` and `reason` are the HTTP answer when no catch handles it, `message` is generic and
 * safe to show a client, and `detail` is the underlying message (logged and put in the
 * policy's `<policy>.error-message` variable, never sent to clients).
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

  /** @internal */
  constructor(policy: string, status: number, reason: string, detail: string, options?: { cause?: unknown }) {
    super(`${policy} policy failed`, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'RuntimeError';
    this.policy = policy;
    this.status = status;
    this.reason = reason;
    this.detail = detail;
  }
}

/** A problem found in a policy or its inputs; becomes a {@link PolicyError} at the policy boundary. @internal */
export class PolicyProblem extends Error {}

/** Where policy failures are reported; `console` by default. */
export interface PolicyLogger {
  /** Receives one failure as `<policy>: <detail>`; never key material or whole tokens. */
  error(message: string): void;
}
