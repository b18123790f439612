import { JoseError, type JoseErrorCode } from './errors.js';

/** A parsed JSON object: member names mapped to their values, left `unknown` until checked. */
export type JsonObject = { [name: string]: unknown };

/** Most containers (objects and arrays, the top-level object included) nested in one another; deeper is refused: no header or claim set needs it, and recursion stays bounded. */
export const MAX_JSON_DEPTH = 32;

const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
// biome-ignore lint/suspicious/noControlCharactersInRegex: RFC 8259 s7 forbids raw control characters in strings
const PLAIN_STRING = /[^"\\\u0000-\u001f]*"/y;

class Fail extends Error {}

/**
 * Parses JSON text whose top level must be an object. Unlike `JSON.parse` it rejects duplicate
 * member names at every depth (RFC 7515 s5.2 and RFC 7519 s4 allow either rejecting or keeping
 * the last; keeping the last lets two parsers disagree about one token, so we reject).
 */
export function parseJsonObject(text: string, code: JoseErrorCode, what: string): JsonObject {
  return parseQuickly(text) ?? parseStrictly(text, code, what);
}

/**
 * The common case at native speed: text that `JSON.parse` accepts, whose top level is an object,
 * nested at most {@link MAX_JSON_DEPTH} deep, with finite numbers only, and with as many members
 * in the result as member names in the text (a duplicate name collapses two into one). Such text
 * is exactly what the strict parser accepts, and JSON.parse builds the same value from it
 * ("__proto__" included, as an own member). Anything else is left to the strict parser, which
 * alone decides the error.
 */
function parseQuickly(text: string): JsonObject | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  return isObject(value) && members(value, 1) === memberNames(text) ? value : undefined;
}

/**
 * The member names in valid JSON text: the strings followed by a colon. It hops from quote to
 * quote with indexOf, which in a token's claims is far quicker than visiting every character,
 * and needs no search at all when a string starts right after a colon or a comma.
 * @internal exported for its tests: the fast path silently turns slow if this undercounts
 */
export function memberNames(text: string): number {
  let names = 0;
  for (let open = text.indexOf('"'); open >= 0; ) {
    // The closing quote is the next one not escaped by an odd run of backslashes.
    let close = text.indexOf('"', open + 1);
    while (escaped(text, close)) close = text.indexOf('"', close + 1);
    let next = skipSpace(text, close + 1);
    const c = text.charCodeAt(next);
    if (c === 0x3a || c === 0x2c) {
      if (c === 0x3a) names++;
      next = skipSpace(text, next + 1);
      if (text.charCodeAt(next) === 0x22) {
        open = next;
        continue;
      }
    }
    open = text.indexOf('"', next);
  }
  return names;
}

function skipSpace(text: string, i: number): number {
  let c = text.charCodeAt(i);
  while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) c = text.charCodeAt(++i);
  return i;
}

function escaped(text: string, quote: number): boolean {
  let k = quote - 1;
  while (text.charCodeAt(k) === 0x5c) k--;
  return ((quote - 1 - k) & 1) === 1;
}

/**
 * Own members of every object in a parsed container at nesting `depth`, or -1 when it holds a
 * non-finite number or nests deeper than {@link MAX_JSON_DEPTH}.
 */
function members(container: object, depth: number): number {
  if (depth > MAX_JSON_DEPTH) return -1;
  const array = Array.isArray(container);
  const items: unknown[] = array ? container : Object.values(container);
  let n = array ? 0 : items.length;
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    if (typeof item === 'object' && item !== null) {
      const m = members(item, depth + 1);
      if (m < 0) return -1;
      n += m;
    } else if (typeof item === 'number' && !Number.isFinite(item)) {
      return -1;
    }
  }
  return n;
}

function parseStrictly(text: string, code: JoseErrorCode, what: string): JsonObject {
  let i = 0;

  const ws = (): void => {
    let c = text.charCodeAt(i);
    while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) c = text.charCodeAt(++i);
  };

  const str = (): string => {
    // Caller has consumed the opening quote.
    PLAIN_STRING.lastIndex = i;
    if (PLAIN_STRING.test(text)) {
      const s = text.slice(i, PLAIN_STRING.lastIndex - 1);
      i = PLAIN_STRING.lastIndex;
      return s;
    }
    const start = i - 1;
    for (;;) {
      const c = text.charCodeAt(i);
      if (Number.isNaN(c) || c < 0x20) throw new Fail();
      i++;
      if (c === 0x22) break;
      if (c === 0x5c) i++;
    }
    try {
      return JSON.parse(text.slice(start, i)) as string;
    } catch {
      throw new Fail();
    }
  };

  const value = (depth: number): unknown => {
    ws();
    const c = text.charCodeAt(i);
    if (c === 0x7b) return obj(depth + 1);
    if (c === 0x5b) return arr(depth + 1);
    if (c === 0x22) {
      i++;
      return str();
    }
    if (text.startsWith('true', i)) return ((i += 4), true);
    if (text.startsWith('false', i)) return ((i += 5), false);
    if (text.startsWith('null', i)) return ((i += 4), null);
    NUMBER.lastIndex = i;
    const m = NUMBER.exec(text);
    if (m === null) throw new Fail();
    i = NUMBER.lastIndex;
    const n = Number(m[0]);
    if (!Number.isFinite(n)) throw new Fail();
    return n;
  };

  const obj = (depth: number): JsonObject => {
    if (depth > MAX_JSON_DEPTH) throw new Fail();
    i++;
    const out: JsonObject = {};
    const seen = new Set<string>();
    ws();
    if (text.charCodeAt(i) === 0x7d) return (i++, out);
    for (;;) {
      ws();
      if (text.charCodeAt(i) !== 0x22) throw new Fail();
      i++;
      const key = str();
      if (seen.has(key)) throw new JoseError(code, `${what} has a duplicate member name`);
      seen.add(key);
      ws();
      if (text.charCodeAt(i) !== 0x3a) throw new Fail();
      i++;
      const v = value(depth);
      // A plain assignment of "__proto__" would replace the prototype instead of adding a member.
      if (key === '__proto__')
        Object.defineProperty(out, key, {
          value: v,
          enumerable: true,
          writable: true,
          configurable: true,
        });
      else out[key] = v;
      ws();
      const c = text.charCodeAt(i++);
      if (c === 0x7d) return out;
      if (c !== 0x2c) throw new Fail();
    }
  };

  const arr = (depth: number): unknown[] => {
    if (depth > MAX_JSON_DEPTH) throw new Fail();
    i++;
    const out: unknown[] = [];
    ws();
    if (text.charCodeAt(i) === 0x5d) return (i++, out);
    for (;;) {
      out.push(value(depth));
      ws();
      const c = text.charCodeAt(i++);
      if (c === 0x5d) return out;
      if (c !== 0x2c) throw new Fail();
    }
  };

  try {
    ws();
    if (text.charCodeAt(i) !== 0x7b) throw new JoseError(code, `${what} is not a JSON object`);
    const result = obj(1);
    ws();
    if (i !== text.length) throw new Fail();
    return result;
  } catch (e) {
    if (e instanceof JoseError) throw e;
    throw new JoseError(code, `${what} is not valid JSON`);
  }
}

/** Whether `v` is a plain (non-array, non-null) object. */
export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
