import * as nodeCrypto from 'node:crypto';
import { readFileSync } from 'node:fs';
import { format } from 'node:util';
import { describe, expect, it } from 'vitest';
import * as asyncLib from '../src/async.js';
import * as conformanceLib from '../src/conformance/index.js';
import * as vectorsLib from '../src/conformance/vectors.js';
import * as lib from '../src/index.js';

const nodeModules: Record<string, unknown> = { 'node:crypto': nodeCrypto };

// Every ```js block of the README runs against the library, and every console.log line's
// trailing comment is the output it must print: the examples can neither rot nor lie.
const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const blocks = [...readme.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1] as string);
const AsyncFunction = (async () => {}).constructor as new (
  ...args: string[]
) => (...a: unknown[]) => Promise<void>;

function prepare(code: string): { body: string; expected: string[] } {
  const body = code
    .replace(/^import \{([^}]*)\} from 'jose-core'$/gm, 'const {$1} = lib;')
    .replace(/^import \{([^}]*)\} from 'jose-core\/vectors'$/gm, 'const {$1} = vectorsLib;')
    .replace(/^import \{([^}]*)\} from 'jose-core\/async'$/gm, 'const {$1} = asyncLib;')
    .replace(/^import \{([^}]*)\} from 'jose-core\/conformance'$/gm, 'const {$1} = conformanceLib;')
    .replace(/^import \{([^}]*)\} from '(node:[a-z]+)'$/gm, "const {$1} = nodeModules['$2'];");
  const expected: string[] = [];
  for (const line of code.split('\n')) {
    if (!/console\.log\(/.test(line)) continue;
    const m = /\/\/ (.*)$/.exec(line);
    if (m === null)
      throw new Error(`README console.log without its expected output: ${line.trim()}`);
    expected.push((m[1] as string).trim());
  }
  return { body, expected };
}

describe('README examples', () => {
  it('has examples to run', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(6);
  });

  blocks.forEach((code, i) => {
    const title = code.split('\n').find((l) => l.includes('from')) ?? '';
    it(`block ${i + 1} runs and prints what its comments say (${title.slice(0, 60)})`, async () => {
      const { body, expected } = prepare(code);
      expect(body).not.toMatch(/^import /m);
      const printed: string[] = [];
      const fakeConsole = { log: (...args: unknown[]) => void printed.push(format(...args)) };
      const names = ['lib', 'vectorsLib', 'asyncLib', 'conformanceLib', 'nodeModules', 'console'];
      await new AsyncFunction(...names, body)(
        lib,
        vectorsLib,
        asyncLib,
        conformanceLib,
        nodeModules,
        fakeConsole,
      );
      expect(printed).toEqual(expected);
    });
  });
});
