/**
 * Turns an assembly entry as API Connect writes it in an OpenAPI source
 *
 *   - jwt-generate:
 *       version: 2.1.0
 *       exp-claim: 3600
 *
 * into the property object a policy receives, with YAML's plain-scalar types: whole numbers
 * become numbers, true/false booleans, anything else (1.0.0 included) a string; quotes are
 * removed. Only the one-level mapping the policies use is read.
 */
export function apicPolicy(yaml: string): Record<string, Record<string, unknown>> {
  const lines = yaml.split('\n').filter((l) => l.trim() !== '' && !l.trim().startsWith('#'));
  const head = /^\s*- ([a-z-]+):\s*$/.exec(lines[0] ?? '');
  if (head === null) throw new Error('expected "- <policy>:" on the first line');
  const props: Record<string, unknown> = {};
  for (const line of lines.slice(1)) {
    const m = /^\s+([a-z-]+):\s*(.*?)\s*$/.exec(line);
    if (m === null) throw new Error(`unexpected line: ${line}`);
    props[m[1] as string] = scalar(m[2] as string);
  }
  return { [head[1] as string]: props };
}

function scalar(text: string): unknown {
  if (/^'.*'$/.test(text) || /^".*"$/.test(text)) return text.slice(1, -1);
  if (text === 'true' || text === 'false') return text === 'true';
  if (/^-?[0-9]+$/.test(text)) return Number(text);
  return text;
}
