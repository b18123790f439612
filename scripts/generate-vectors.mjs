// Writes the generated vector files of vectors/ in the one vector format
// (vectors/schema/vector-file.schema.json): one vector per supported algorithm and curve, JWS with
// the empty payload, and the must-reject cases. jose-core makes the algorithm and empty-payload
// vectors from fixed inputs and an independent implementation (WebCrypto, or node:crypto) checks
// each as it is made; the must-reject tokens are made with node:crypto alone.
// Run after a build: `npm run build && node scripts/generate-vectors.mjs`.
import { writeFileSync } from 'node:fs';
import { algorithmVectors } from './vectors/algorithms.mjs';
import { root } from './vectors/common.mjs';
import { emptyPayloadVectors } from './vectors/empty-payload.mjs';
import { mustRejectVectors } from './vectors/must-reject.mjs';

const jose = await import(new URL('dist/index.js', root).href);

function write(file, source, vectors) {
  const body = {
    $schema: './schema/vector-file.schema.json',
    format: 'jose-core-vectors/1',
    source,
    generator: 'scripts/generate-vectors.mjs',
    vectors,
  };
  writeFileSync(new URL(`vectors/${file}`, root), `${JSON.stringify(body, null, 2)}\n`);
  process.stdout.write(`${file}: ${vectors.length} vectors\n`);
}

write(
  'generated-algorithms.json',
  'jose-core: one vector per supported algorithm identifier and curve, cross-checked',
  await algorithmVectors(jose),
);
const EMPTY =
  'jose-core: JWS with the empty payload (RFC 7515 s2; ACME POST-as-GET, RFC 8555 s6.3)';
write('generated-empty-payload.json', EMPTY, await emptyPayloadVectors(jose));
write(
  'must-reject.json',
  'jose-core: tokens every JOSE implementation must refuse, each with its reason and RFC or CVE',
  mustRejectVectors(),
);
