// Characters a terminal acts on rather than shows: C0 controls but tab and newline (ESC starts the
// sequences that move the cursor, recolour or retitle), DEL, C1 controls (U+009B is a one-character
// CSI), and the marks and overrides that reorder text (Trojan Source, CVE-2021-42574), with the
// line and paragraph separators.
const UNSAFE = new RegExp(
  '[\\u0000-\\u0008\\u000b-\\u001f\\u007f-\\u009f' + // C0 but tab and newline, DEL, C1
    '\\u061c\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069' + // bidi marks, embeddings, overrides, isolates
    '\\u2028\\u2029]', // line and paragraph separators
  'g',
);

/**
 * `text` with every character a terminal would act on written as `\uXXXX`, for printing content
 * nobody has verified (a token's header and claims). Inside JSON strings the escape is the same
 * character, so printed JSON stays valid and means the same.
 */
export function safeForTerminal(text: string): string {
  return text.replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
