// The JWS, JWE and JWT functions of both APIs behind one promise-returning shape, so one test
// body runs every behaviour through the synchronous main entry and through jose-core/async.
import * as asyncApi from '../../src/async.js';
import * as syncApi from '../../src/index.js';
import { JoseError } from '../../src/util/errors.js';

const NAMES = [
  'signCompact',
  'verifyCompact',
  'signJSON',
  'verifyJSON',
  'encryptCompact',
  'decryptCompact',
  'encryptJSON',
  'decryptJSON',
  'signJWT',
  'verifyJWT',
  'encryptJWT',
  'decryptJWT',
] as const;

type Name = (typeof NAMES)[number];
type Promised<F> = F extends (...args: infer A) => infer R
  ? (...args: A) => Promise<Awaited<R>>
  : never;
/** One API's functions, each returning a promise. */
export type Api = { name: 'sync' | 'async' } & { [N in Name]: Promised<(typeof asyncApi)[N]> };

function promised(f: (...args: unknown[]) => unknown): (...args: unknown[]) => Promise<unknown> {
  return (...args) => {
    try {
      return Promise.resolve(f(...args));
    } catch (e) {
      return Promise.reject(e);
    }
  };
}

const syncShape = Object.fromEntries(
  // biome-ignore lint/performance/noDynamicNamespaceImportAccess: a test helper, never bundled
  NAMES.map((n) => [n, promised(syncApi[n] as (...a: unknown[]) => unknown)]),
);
// biome-ignore lint/performance/noDynamicNamespaceImportAccess: a test helper, never bundled
const asyncShape = Object.fromEntries(NAMES.map((n) => [n, asyncApi[n]]));

/** Both APIs, for `describe.each`. */
export const APIS: Api[] = [
  { name: 'sync', ...syncShape } as unknown as Api,
  { name: 'async', ...asyncShape } as unknown as Api,
];

/** The code of the JoseError a promise rejects with; anything else is reported as such. */
export async function rejection(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    return e instanceof JoseError ? e.code : `not a JoseError: ${String(e)}`;
  }
  return 'no error';
}
