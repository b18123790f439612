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
