/**
 * A map holding at most `size` entries; when full, adding one drops the oldest. For per-token
 * work that depends only on a small, repeating input (a token's header), where a hit saves
 * parsing and a miss costs one extra map write. Callers cache only values derived from public
 * input, never key material, and bound the length of the keys they store.
 */
export class BoundedCache<K, V> {
  readonly #map = new Map<K, V>();
  readonly #size: number;

  constructor(size: number) {
    this.#size = size;
  }

  get(key: K): V | undefined {
    return this.#map.get(key);
  }

  set(key: K, value: V): void {
    if (this.#map.size >= this.#size) this.#map.delete(this.#map.keys().next().value as K);
    this.#map.set(key, value);
  }
}

/**
 * Distinct headers a {@link HeaderCache} remembers. A signer or encrypter uses a handful of
 * headers and a verifier or decrypter sees a handful (one per issuer and key), so nearly every
 * token hits; a flood of distinct headers only evicts, it never grows memory.
 */
export const HEADER_CACHE_SIZE = 64;
/** Longer headers (certificate chains, embedded keys) are checked every time instead of held. */
export const MAX_CACHED_HEADER_LENGTH = 1024;

// Off only in the differential test, which shows that the caches change no outcome.
let caching = true;

/** Turns every {@link HeaderCache} off (each lookup derives afresh) or back on. @internal */
export function setHeaderCaching(on: boolean): void {
  caching = on;
}

/**
 * The one header memo of the JWS and JWE rooms: maps a header's text (JSON or its base64url)
 * to what the room's own `derive` check made of it. Texts longer than
 * {@link MAX_CACHED_HEADER_LENGTH} and values `keep` refuses are derived every time. The entry
 * used last is held aside: a producer or recipient mostly sees one header over and over, and
 * comparing strings spares hashing the text for the map. `derive` and `keep` are module-level
 * functions, not closures, so a lookup allocates nothing; `context` carries what `derive` needs
 * besides the text.
 */
export class HeaderCache<V, C> {
  readonly #map = new BoundedCache<string, V>(HEADER_CACHE_SIZE);
  readonly #derive: (text: string, context: C) => V;
  readonly #keep: (value: V, text: string) => boolean;
  #lastText: string | undefined;
  #last: V | undefined;

  constructor(derive: (text: string, context: C) => V, keep: (value: V, text: string) => boolean) {
    this.#derive = derive;
    this.#keep = keep;
  }

  /** The value used last, for a room that can recognise its input before writing it as text. */
  get last(): V | undefined {
    return caching ? this.#last : undefined;
  }

  /** The value for `text`, remembered or derived now; the derive check's errors reach the caller. */
  get(text: string, context: C): V {
    if (!caching) return this.#derive(text, context);
    if (text === this.#lastText) return this.#last as V;
    let value = this.#map.get(text);
    if (value === undefined) {
      value = this.#derive(text, context);
      if (text.length > MAX_CACHED_HEADER_LENGTH || !this.#keep(value, text)) return value;
      this.#map.set(text, value);
    }
    this.#lastText = text;
    this.#last = value;
    return value;
  }
}

/**
 * Whether a received header may be remembered: its checks cannot depend on the recipient's
 * options (no `crit`), and its members are all primitives, so a shallow copy of the remembered
 * object is a whole new header to hand out.
 */
export function rememberable(header: { readonly [name: string]: unknown }): boolean {
  if (Object.hasOwn(header, 'crit')) return false;
  for (const v of Object.values(header)) if (typeof v === 'object' && v !== null) return false;
  return true;
}
