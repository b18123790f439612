// Encodings for the WebCrypto JOSE implementation: strict base64url (RFC 7515 s2: no padding, no
// other alphabet, no stray bits) and JSON that refuses duplicate member names (RFC 7515 s5.2 lets
// a reader refuse them; this implementation does). Written for the tests only, independently of
// jose-core's src/: it shares no code with it.
import { Buffer } from 'node:buffer';

export class Refusal extends Error {}
export class Unsupported extends Error {}

export const enc = (bytes) => Buffer.from(bytes).toString('base64url');
export const utf8 = (text) => new Uint8Array(Buffer.from(text, 'utf8'));

export const options = { laxBase64: false, allowDuplicates: false };

export function dec(text, what) {
  if (typeof text !== 'string') throw new Refusal(`${what} is not a string`);
  if (options.laxBase64) return new Uint8Array(Buffer.from(text, 'base64'));
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1)
    throw new Refusal(`${what} is not base64url`);
  const bytes = Buffer.from(text, 'base64url');
  // A last character with bits set beyond the octets is another spelling of the same octets.
  if (bytes.toString('base64url') !== text) throw new Refusal(`${what} is not canonical base64url`);
  return new Uint8Array(bytes);
}

// Object member names per nesting level, to find a name given twice.
function checkDuplicates(text) {
  const stack = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '"') {
      let j = i + 1;
      while (text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      const top = stack[stack.length - 1];
      if (top !== undefined && top.keys !== undefined && top.expectKey) {
        const name = JSON.parse(text.slice(i, j + 1));
        if (top.keys.has(name)) throw new Refusal(`member "${name}" is given twice`);
        top.keys.add(name);
        top.expectKey = false;
      }
      i = j + 1;
      continue;
    }
    if (c === '{') stack.push({ keys: new Set(), expectKey: true });
    else if (c === '[') stack.push({});
    else if (c === '}' || c === ']') stack.pop();
    else if (c === ',' && stack[stack.length - 1]?.keys !== undefined)
      stack[stack.length - 1].expectKey = true;
    i += 1;
  }
}

export function parseObject(text, what) {
  let v;
  try {
    v = JSON.parse(text);
  } catch {
    throw new Refusal(`${what} is not JSON`);
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    throw new Refusal(`${what} is not a JSON object`);
  if (!options.allowDuplicates) checkDuplicates(text);
  return v;
}

export function decodeHeader(b64u, what) {
  return parseObject(Buffer.from(dec(b64u, what)).toString('utf8'), what);
}

export function concat(...parts) {
  return new Uint8Array(Buffer.concat(parts.map((p) => Buffer.from(p))));
}

export function uint32(n) {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return new Uint8Array(b);
}

export function uint64(n) {
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(BigInt(n));
  return new Uint8Array(b);
}

export function equalBytes(a, b) {
  if (a.length !== b.length) return false;
  let d = 0;
  for (let i = 0; i < a.length; i++) d |= a[i] ^ b[i];
  return d === 0;
}

const PRIVATE = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];

/** A JWK with only the members WebCrypto's import reads, so that `alg`, `use`, `key_ops` do not get in the way. */
export function bareJwk(jwk, keepPrivate) {
  const out = {};
  for (const [name, value] of Object.entries(jwk)) {
    if (['alg', 'use', 'key_ops', 'ext', 'kid', 'x5c', 'x5t', 'x5u', 'x5t#S256'].includes(name))
      continue;
    if (!keepPrivate && PRIVATE.includes(name) && jwk.kty !== 'oct') continue;
    out[name] = value;
  }
  return out;
}

export function publicOf(jwk) {
  if (jwk.kty === 'oct') return null;
  const out = {};
  for (const [name, value] of Object.entries(jwk)) if (!PRIVATE.includes(name)) out[name] = value;
  return out;
}
