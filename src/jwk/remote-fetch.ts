// One fetch of a remote JWK Set with the global fetch: bounded in time (the whole exchange,
// body included) and in size, same-origin redirects only, one retry on a network error.
import { Buffer } from 'node:buffer';
import { JoseError } from '../util/errors.js';
import { isObject, parseJsonObject } from '../util/json.js';
import { JWKSet } from './keyset.js';

/** What one fetch needs: the limits the key set was created with. */
export interface FetchLimits {
  readonly timeout: number;
  readonly maxSize: number;
  readonly headers: Readonly<Record<string, string>>;
}

/** A fetched set and the lifetime its response asked for (`Cache-Control: max-age`, in ms), if any. */
export interface Fetched {
  readonly set: JWKSet;
  readonly maxAge: number | undefined;
}

// A bounded chain of same-origin redirects (an identity provider may move its keys once or twice).
const MAX_REDIRECTS = 3;

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/;

function failed(message: string, cause?: unknown): JoseError {
  return new JoseError('ERR_JWKS_FETCH', message, cause === undefined ? undefined : { cause });
}

/**
 * The URL of a key set: `https:`, or `http:` to a loopback host or when allowed.
 * @throws {JoseError} `ERR_INVALID_ARGUMENT`
 */
export function checkUrl(url: unknown, allowHttp: boolean): URL {
  let u: URL;
  try {
    u = new URL(url instanceof URL ? url.href : (url as string));
  } catch {
    throw new JoseError('ERR_INVALID_ARGUMENT', 'a remote key set needs a valid URL');
  }
  if (
    u.protocol === 'https:' ||
    (u.protocol === 'http:' && (allowHttp || LOOPBACK.test(u.hostname)))
  )
    return u;
  throw new JoseError(
    'ERR_INVALID_ARGUMENT',
    'a remote key set is fetched over https: (http: only to a loopback host or with allowHttp)',
  );
}

function maxAgeOf(cacheControl: string | null): number | undefined {
  const m =
    cacheControl === null
      ? null
      : /(?:^|,)\s*max-age\s*=\s*"?(\d{1,10})"?\s*(?:,|$)/i.exec(cacheControl);
  return m === null ? undefined : Number(m[1]) * 1000;
}

// The body, read up to `maxSize` octets: a larger one is abandoned as soon as it is seen to be.
async function readBody(response: Response, maxSize: number): Promise<Uint8Array> {
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (declared > maxSize) throw failed(`the key set is larger than ${maxSize} octets`);
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxSize) {
      void reader.cancel().catch(() => undefined);
      throw failed(`the key set is larger than ${maxSize} octets`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

async function exchange(url: URL, limits: FetchLimits, signal: AbortSignal): Promise<Fetched> {
  let target = url;
  for (let hops = 0; ; hops++) {
    const response = await fetch(target, {
      headers: { accept: 'application/json', ...limits.headers },
      redirect: 'manual',
      signal,
    });
    if (response.status >= 300 && response.status < 400 && response.headers.has('location')) {
      void response.body?.cancel().catch(() => undefined);
      const next = new URL(response.headers.get('location') as string, target);
      if (next.origin !== url.origin) throw failed('the key set redirected to another origin');
      if (hops >= MAX_REDIRECTS) throw failed('the key set redirected too many times');
      target = next;
      continue;
    }
    if (response.status !== 200) {
      void response.body?.cancel().catch(() => undefined);
      throw failed(`the key set answered with HTTP status ${response.status}`);
    }
    const body = await readBody(response, limits.maxSize);
    let parsed: unknown;
    try {
      parsed = parseJsonObject(
        new TextDecoder('utf-8', { fatal: true }).decode(body),
        'ERR_JWKS_INVALID',
        'JWK Set',
      );
    } catch (cause) {
      throw new JoseError('ERR_JWKS_INVALID', 'the key set is not a JSON object', { cause });
    }
    if (!isObject(parsed) || !Array.isArray(parsed.keys))
      throw new JoseError('ERR_JWKS_INVALID', 'the key set has no "keys" array');
    return {
      set: new JWKSet(parsed as never),
      maxAge: maxAgeOf(response.headers.get('cache-control')),
    };
  }
}

// Whether a failure is worth one immediate retry: a connection refused or reset, not a timeout,
// a status, nor a body we did not like.
function transient(e: unknown): boolean {
  return (
    !(e instanceof JoseError) &&
    !(e instanceof Error && (e.name === 'AbortError' || e.name === 'TimeoutError'))
  );
}

/**
 * Fetches one URL's key set, within `limits.timeout` for the whole exchange, retrying once
 * on a transient network error.
 * @throws {JoseError} `ERR_JWKS_FETCH` or `ERR_JWKS_INVALID`
 */
export async function fetchKeySet(url: URL, limits: FetchLimits): Promise<Fetched> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), limits.timeout);
  try {
    try {
      return await exchange(url, limits, controller.signal);
    } catch (e) {
      if (!transient(e) || controller.signal.aborted) throw e;
      return await exchange(url, limits, controller.signal);
    }
  } catch (e) {
    if (e instanceof JoseError) throw e;
    if (controller.signal.aborted)
      throw failed(`the key set did not arrive within ${limits.timeout} ms`);
    throw failed('the key set could not be fetched', e);
  } finally {
    clearTimeout(timer);
  }
}
