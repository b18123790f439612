import { JoseError, type JoseErrorCode } from './errors.js';

/** A JSON object as parsed by {@link parseJsonObject}. */
export type JsonObject = { [name: string]: unknown };

/** Most containers (objects and arrays, the top-level object included) nested in one another; deeper is refused: no header or claim set needs it, and recursion stays bounded. */
export const MAX_JSON_DEPTH = 32;

const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
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
  if (!isObject(value)) return undefined;
  const names = memberNames(text);
  return names >= 0 && names === members(value) ? value : undefined;
}

/**
 * The member names in valid JSON text (the colons outside strings), or -1 when it nests deeper
 * than {@link MAX_JSON_DEPTH}.
 */
function memberNames(text: string): number {
  let names = 0;
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // Jump to the closing quote: the next one not escaped by an odd run of backslashes.
      let end = text.indexOf('"', i + 1);
      while (escaped(text, end)) end = text.indexOf('"', end + 1);
      i = end;
    } else if (c === 0x3a) {
      names++;
    } else if (c === 0x7b || c === 0x5b) {
      if (++depth > MAX_JSON_DEPTH) return -1;
    } else if (c === 0x7d || c === 0x5d) {
      depth--;
    }
  }
  return names;
}

function escaped(text: string, quote: number): boolean {
  let k = quote - 1;
  while (text.charCodeAt(k) === 0x5c) k--;
  return ((quote - 1 - k) & 1) === 1;
}

/** Own members of every object in a parsed value, or -1 if it holds a non-finite number. */
function members(v: unknown): number {
  if (typeof v === 'number') return Number.isFinite(v) ? 0 : -1;
  if (typeof v !== 'object' || v === null) return 0;
  const items: unknown[] = Array.isArray(v) ? v : Object.values(v);
  let n = Array.isArray(v) ? 0 : items.length;
  for (const item of items) {
    const m = members(item);
    if (m < 0) return -1;
    n += m;
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
    if (text.startsWith('true', i)) return (i += 4), true;
    if (text.startsWith('false', i)) return (i += 5), false;
    if (text.startsWith('null', i)) return (i += 4), null;
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
    if (text.charCodeAt(i) === 0x7d) return i++, out;
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
      if (key === '__proto__') Object.defineProperty(out, key, { value: v, enumerable: true, writable: true, configurable: true });
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
    if (text.charCodeAt(i) === 0x5d) return i++, out;
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
