// Second step of `npm run build`: turns the modules tsc emitted into a few files, since an
// import costs about half a millisecond per module and jose-core has about eighty. tsc keeps
// writing the .d.ts files; only the .js files are replaced.
//
//   node scripts/bundle.mjs [dir]     (dir: tsc's output, default dist)
//
// The six entry points keep their paths: index.js, async.js, conformance/vectors.js and
// conformance/index.js (the package's exports), cli/main.js (its bin) and
// conformance/adapter.js (the conformance adapter). The library's modules go to one shared
// chunk, the conformance tools' to another (and the runner, which the CLI and
// jose-core/conformance share and which leads to the adapter entry, to a third), so importing
// jose-core reads two files; jose-core/async's own modules (the rooms' async.js) go to a chunk
// of their own, which importing jose-core never reads. Entry modules stay in their own files:
// cli/main.js and conformance/adapter.js ask `import.meta.url` whether node runs them, and
// conformance/vectors.js finds vectors/ from it.
import { mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { build } from 'rolldown';

const dir = resolve(process.argv[2] ?? 'dist');
const ENTRIES = [
  'index',
  'async',
  'conformance/vectors',
  'conformance/index',
  'cli/main',
  'conformance/adapter',
];
const ASYNC = new Set(['jws/async.js', 'jwe/async.js', 'jwt/async.js']);
const LIBRARY = new Set(['util', 'algs', 'jwk', 'jws', 'jwe', 'jwt', 'policy']);

const entryFiles = new Set(ENTRIES.map((e) => join(dir, `${e}.js`)));
// Whether a module imports an entry module, directly or through others.
function reachesEntry(id, ctx, seen = new Set()) {
  if (seen.has(id)) return false;
  seen.add(id);
  return (ctx.getModuleInfo(id)?.importedIds ?? []).some(
    (dep) => entryFiles.has(dep) || reachesEntry(dep, ctx, seen),
  );
}

// The shared chunk of a module that is not an entry point. The library's modules (and the
// bundler's helpers) form one chunk, which every entry point loads; the other modules
// (conformance and CLI) another, unless they lead back to an entry module: those stay with the
// entry that uses them, so that no chunk imports an entry and no import cycle arises.
function chunkOf(id, ctx) {
  if (entryFiles.has(id)) return null;
  if (ASYNC.has(relative(dir, id).split(sep).join('/'))) return 'async';
  if (!id.startsWith(dir) || LIBRARY.has(relative(dir, id).split(sep)[0])) return 'jose-core';
  return reachesEntry(id, ctx) ? null : 'tools';
}

function jsFiles(d) {
  return readdirSync(d).flatMap((name) => {
    const path = join(d, name);
    if (statSync(path).isDirectory()) return jsFiles(path);
    return path.endsWith('.js') ? [path] : [];
  });
}

const out = mkdtempSync(join(dir, '.bundle-'));
try {
  await build({
    input: Object.fromEntries(ENTRIES.map((e) => [e, join(dir, `${e}.js`)])),
    platform: 'node',
    // Module paths in the output's comments are relative to this, so the files do not depend on
    // where the build ran.
    cwd: dir,
    external: [/^node:/],
    // Required by the groups below. With every shared module in a group, no entry file has to
    // export more than its module does (test/build checks the exports against tsc's).
    preserveEntrySignatures: 'allow-extension',
    logLevel: 'warn',
    output: {
      dir: out,
      format: 'esm',
      entryFileNames: '[name].js',
      // At the depth of the entry points, so a relative URL means the same in every file.
      chunkFileNames: 'chunks/[name].js',
      // Only the modules named: a group that took in its modules' imports would take entry
      // modules too, and leave their files mere re-exports.
      codeSplitting: {
        groups: [{ name: chunkOf, debugName: 'rooms', includeDependenciesRecursively: false }],
      },
      polyfillRequire: false,
      // The TSDoc lives in the .d.ts files.
      comments: false,
    },
  });
  for (const file of jsFiles(dir)) if (!file.startsWith(out)) rmSync(file);
  for (const file of jsFiles(out)) {
    const target = join(dir, relative(out, file));
    mkdirSync(dirname(target), { recursive: true });
    renameSync(file, target);
  }
} finally {
  rmSync(out, { recursive: true, force: true });
}
