import { ASYNC_RESOLVER } from '../util/async-resolver.js';
import { JoseError } from '../util/errors.js';
import { isObject } from '../util/json.js';
import type { JoseKey } from './key.js';
import {
  ms,
  type RemoteKeySetEvent,
  type RemoteKeySetOptions,
  readHeaders,
} from './remote-options.js';

export type { RemoteKeySetEvent, RemoteKeySetOptions } from './remote-options.js';

import type { JWKSet, KeySelector } from './keyset.js';
import { checkUrl, type Fetched, type FetchLimits, fetchKeySet } from './remote-fetch.js';

/**
 * A key resolver over a remote JWK Set, for `jose-core/async`'s functions (where a key goes).
 *
 * @example
 * ```ts
 * const keys: RemoteKeySet = createRemoteKeySet('https://idp.example/.well-known/jwks.json')
 * await keys.ready()
 * ```
 */
export interface RemoteKeySet {
  /** The single cached key fitting `header`, fetching the set when needed. */
  (header: KeySelector): Promise<JoseKey>;
  /** Fetches now, whatever the cooldown (concurrent calls share one fetch). */
  reload(): Promise<void>;
  /** Resolves once a set is cached, fetching one if none is (for example at start-up). */
  ready(): Promise<void>;
  /**
   * A synchronous resolver over the cache as it is at each call, for the synchronous API: it
   * never waits, and starts a background refetch when the set is due.
   */
  snapshot(): (header: KeySelector) => JoseKey;
}

interface Cached {
  readonly set: JWKSet;
  readonly at: number;
  readonly maxAge: number;
}

/**
 * A key resolver over the JWK Set at `url` (RFC 7517 s5), for jose-core/async's functions.
 * The set is fetched with the global `fetch` and cached; a token whose `kid` (or, without
 * one, whose algorithm and key type) fits no cached key refetches, at most once per
 * `cooldown`, concurrent misses sharing one request. A fetch that fails (network, status,
 * body, timeout) leaves the last good set serving until `cacheMaxAge` has passed twice.
 * Within `refreshAhead` of the max age, a request starts one background refetch and is
 * answered from the cache: no request waits for a fetch while a fresh set is cached. Members
 * that cannot be imported are skipped, as `createLocalKeySet` does. Nothing is fetched until
 * the first request (or `ready()`).
 *
 * @param url - `https:`, or `http:` to a loopback host (or with `allowHttp`)
 * @param options - limits, headers, fallbacks and an event listener, see {@link RemoteKeySetOptions}
 * @throws {JoseError} `ERR_INVALID_ARGUMENT` for a URL or option that is not allowed; the
 *   resolver rejects with `ERR_JWKS_FETCH` or `ERR_JWKS_INVALID` when no usable set can be had,
 *   and with `ERR_KEY_NOT_FOUND` or `ERR_KEY_AMBIGUOUS` as a local key set would
 * @example
 * ```ts
 * const keys = createRemoteKeySet('https://idp.example/.well-known/jwks.json', {
 *   fallbackUrls: ['https://idp-backup.example/jwks.json'],
 * })
 * // verifyJWT of jose-core/async
 * const { claims } = await verifyJWT(token, keys, { algorithms: ['RS256'], issuer: 'https://idp.example' })
 * ```
 */
export function createRemoteKeySet(
  url: string | URL,
  options: RemoteKeySetOptions = {},
): RemoteKeySet {
  if (!isObject(options)) throw new JoseError('ERR_INVALID_ARGUMENT', 'options must be an object');
  const allowHttp = options.allowHttp === true;
  const fallbacks = options.fallbackUrls ?? [];
  if (!Array.isArray(fallbacks))
    throw new JoseError('ERR_INVALID_ARGUMENT', 'options.fallbackUrls must be an array');
  const urls = [checkUrl(url, allowHttp), ...fallbacks.map((u) => checkUrl(u, allowHttp))];
  const limits: FetchLimits = {
    timeout: ms(options.timeout, 'timeout', 5000),
    maxSize: ms(options.maxSize, 'maxSize', 512 * 1024),
    headers: readHeaders(options.headers),
  };
  const cacheMaxAge = ms(options.cacheMaxAge, 'cacheMaxAge', 600_000);
  const cooldown = ms(options.cooldown, 'cooldown', 30_000);
  const refreshAhead = ms(options.refreshAhead, 'refreshAhead', 30_000);
  const onEvent = options.onEvent;
  if (onEvent !== undefined && typeof onEvent !== 'function')
    throw new JoseError('ERR_INVALID_ARGUMENT', 'options.onEvent must be a function');

  let cached: Cached | undefined;
  let inFlight: Promise<Cached> | undefined;
  let lastFetch = -Infinity;
  let lastError: JoseError | undefined;

  const tell = (event: RemoteKeySetEvent): void => {
    try {
      onEvent?.(event);
    } catch {
      // A listener's failure must not become the token's.
    }
  };

  // The primary URL, then each fallback in order; the first set that arrives is kept.
  async function fetchAny(): Promise<Fetched> {
    let first: JoseError | undefined;
    for (const u of urls) {
      try {
        const fetched = await fetchKeySet(u, limits);
        tell({ type: 'fetched', url: u.href, keys: fetched.set.keys.length });
        return fetched;
      } catch (e) {
        const error =
          e instanceof JoseError
            ? e
            : new JoseError('ERR_JWKS_FETCH', 'the key set could not be fetched', { cause: e });
        tell({ type: 'failed', url: u.href, error });
        first ??= error;
      }
    }
    throw first as JoseError;
  }

  // One fetch at a time; every caller in the meantime shares it.
  function refetch(): Promise<Cached> {
    if (inFlight !== undefined) return inFlight;
    lastFetch = Date.now();
    inFlight = fetchAny()
      .then(({ set, maxAge }) => {
        // max-age may shorten the lifetime, not lengthen it, nor bring it under the cooldown.
        lastError = undefined;
        const lifetime =
          maxAge === undefined ? cacheMaxAge : Math.min(cacheMaxAge, Math.max(maxAge, cooldown));
        return (cached = { set, at: Date.now(), maxAge: lifetime });
      })
      .catch((e: JoseError) => {
        throw (lastError = e);
      })
      .finally(() => {
        inFlight = undefined;
      });
    return inFlight;
  }

  const coolingDown = (): boolean => Date.now() - lastFetch < cooldown;

  // A background refetch when the set is near (or past) its max age; its failure only reported.
  function refreshIfDue(c: Cached, age: number): void {
    if (age < c.maxAge - refreshAhead || inFlight !== undefined || coolingDown()) return;
    tell({ type: 'refresh' });
    refetch().catch(() => undefined);
  }

  // The fetch a request may wait for: the one in flight, else a new one unless within the cooldown,
  // when the last failure stands for it.
  function fetchOrFailure(): Promise<Cached> {
    if (inFlight !== undefined || !coolingDown() || lastError === undefined) return refetch();
    return Promise.reject(lastError);
  }

  // A set to answer from: the cached one while fresh, else a new one, else a stale one.
  async function usable(): Promise<Cached> {
    const c = cached;
    if (c === undefined) return fetchOrFailure();
    const age = Date.now() - c.at;
    if (age < c.maxAge) {
      refreshIfDue(c, age);
      return c;
    }
    try {
      return await fetchOrFailure();
    } catch (e) {
      const now = Date.now() - c.at;
      if (now >= 2 * c.maxAge) throw e;
      tell({ type: 'stale', age: now });
      return c;
    }
  }

  // The common case, a fresh set that has the key, answers without waiting for anything.
  function resolve(header: KeySelector): Promise<JoseKey> {
    const c = cached;
    if (c !== undefined) {
      const age = Date.now() - c.at;
      if (age < c.maxAge) {
        let key: JoseKey | undefined;
        try {
          key = c.set.select(header);
        } catch {
          // Not found (or ambiguous): the full path below decides, refetching if it may.
        }
        if (key !== undefined) {
          refreshIfDue(c, age);
          return Promise.resolve(key);
        }
      }
    }
    return resolveWaiting(header);
  }

  async function resolveWaiting(header: KeySelector): Promise<JoseKey> {
    const c = await usable();
    try {
      return c.set.select(header);
    } catch (e) {
      // An unknown key may be a new one: refetch, unless a fetch was made within the cooldown.
      if (
        !(e instanceof JoseError) ||
        e.code !== 'ERR_KEY_NOT_FOUND' ||
        (coolingDown() && inFlight === undefined)
      )
        throw e;
      let fresh: Cached;
      try {
        fresh = await refetch();
      } catch {
        throw e;
      }
      return fresh.set.select(header);
    }
  }

  const keySet = resolve as RemoteKeySet;
  Object.defineProperty(keySet, ASYNC_RESOLVER, { value: true });
  keySet.reload = async () => void (await refetch());
  keySet.ready = async () => void (cached === undefined ? await refetch() : undefined);
  keySet.snapshot = () => (header) => {
    const c = cached;
    if (c === undefined) {
      if (inFlight === undefined) refetch().catch(() => undefined);
      throw new JoseError('ERR_JWKS_FETCH', 'no key set has been fetched yet: await ready() first');
    }
    const age = Date.now() - c.at;
    if (age >= 2 * c.maxAge) {
      if (inFlight === undefined && !coolingDown()) refetch().catch(() => undefined);
      throw new JoseError('ERR_JWKS_FETCH', 'the cached key set is too old to serve');
    }
    refreshIfDue(c, age);
    return c.set.select(header);
  };
  return keySet;
}
