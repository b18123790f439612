// A deliberately broken conformance adapter, for the runner's tests only: plain JavaScript so
// that it runs without a build. It answers some operations wrongly, claims others are
// unsupported, skips some requests, accepts tampered input and writes a line that is no reply.
// With `--hang PIDFILE` it writes its pid there and never answers at all.
import { writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

if (process.argv[2] === '--hang') {
  writeFileSync(process.argv[3], String(process.pid));
  setInterval(() => {}, 1000);
} else {
  serveBrokenly();
}

function serveBrokenly() {
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  let n = 0;
  process.stdout.write('this line is not a reply\n');
  lines.on('line', (line) => {
    const request = JSON.parse(line);
    const reply = (outputs) =>
      process.stdout.write(`${JSON.stringify({ id: request.id, ...outputs })}\n`);
    n += 1;
    if (n % 25 === 0) return; // never answered
    switch (request.op) {
      case 'verify':
        return reply({ ok: true, payload: 'd3Jvbmc' }); // accepts anything, returns the wrong payload
      case 'decrypt':
        return reply({ ok: true, plaintext: 'd3Jvbmc' }); // accepts anything, returns the wrong plaintext
      case 'sign':
        return reply({ ok: true, compact: 'e30.e30.AAAA' });
      case 'thumbprint':
        return reply({ ok: true, thumbprint: 'NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xt' });
      case 'import-jwk':
        return reply({ ok: true, public: request.jwk }); // leaks private members
      default:
        return reply({ ok: false, error: `${request.op} is not implemented`, unsupported: true });
    }
  });
}
