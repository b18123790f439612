import { JoseError } from '../util/errors.js';
import { isObject } from '../util/json.js';

/**
 * Options of {@link createRemoteKeySet}; times in milliseconds, sizes in octets.
 *
 * @example
 * ```ts
 * const onEvent = (e: RemoteKeySetEvent) => metrics.count(e.type)
 * const options: RemoteKeySetOptions = { cacheMaxAge: 300_000, cooldown: 10_000, onEvent }
 * ```
 */
export interface RemoteKeySetOptions {
  /** Longest a whole fetch may take, body included (default 5000). */
  timeout?: number;
  /**
   * How long a fetched set is fresh (default 600000). A response's `Cache-Control: max-age` may
   * shorten it, never below `cooldown`; after it, a failed refetch still serves the set until
   * twice this age.
   */
  cacheMaxAge?: number;
  /** Least time between two fetches (default 30000): an unknown `kid` refetches at most this often. */
  cooldown?: number;
  /** Largest response body accepted (default 512 KiB). */
  maxSize?: number;
  /** Request headers (for example an API key of the identity provider). */
  headers?: Record<string, string>;
  /** Allows `http:` to hosts other than loopback ones (default false). */
  allowHttp?: boolean;
  /** When the set is this close to its max age, a request starts a background refetch (default 30000). */
  refreshAhead?: number;
  /** URLs tried in order when the primary fails. */
  fallbackUrls?: Array<string | URL>;
  /** Told of fetches, failures, stale serving and refreshes (for health checks); its errors are ignored. */
  onEvent?: (event: RemoteKeySetEvent) => void;
}

/**
 * What a remote key set reports to `onEvent`: `fetched` (a set arrived, with its key count),
 * `failed` (one URL's fetch failed), `stale` (a failed refetch, so a set past its max age is
 * served), `refresh` (a background refetch started ahead of expiry).
 *
 * @example
 * ```ts
 * const onEvent = (e: RemoteKeySetEvent) => { if (e.type === 'failed') log.warn(e.url, e.error.code) }
 * ```
 */
export type RemoteKeySetEvent =
  | {
      /** A set arrived. */
      type: 'fetched';
      /** The URL it came from. */
      url: string;
      /** How many of its members were imported. */
      keys: number;
    }
  | {
      /** One URL's fetch failed. */
      type: 'failed';
      /** The URL that failed. */
      url: string;
      /** Why: `ERR_JWKS_FETCH` or `ERR_JWKS_INVALID`. */
      error: JoseError;
    }
  | {
      /** A set past its max age is served, since refetching failed. */
      type: 'stale';
      /** Its age in milliseconds. */
      age: number;
    }
  | {
      /** A background refetch started ahead of the max age. */
      type: 'refresh';
    };

/** A time or size option: a non-negative integer, or the default. */
export function ms(value: unknown, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || (value as number) < 0)
    throw new JoseError('ERR_INVALID_ARGUMENT', `options.${name} must be a non-negative integer`);
  return value as number;
}

/** The request headers option: an object of strings, copied. */
export function readHeaders(value: unknown): Record<string, string> {
  if (value === undefined) return {};
  if (!isObject(value) || !Object.values(value).every((v) => typeof v === 'string')) {
    throw new JoseError('ERR_INVALID_ARGUMENT', 'options.headers must be an object of strings');
  }
  return { ...(value as Record<string, string>) };
}
