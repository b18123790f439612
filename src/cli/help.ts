const KEYS = `key files (- reads stdin): JWK or PEM text (private key, public key or certificate); any
other content is a raw secret (HMAC or AES key, PBES2 password), used octet for octet, so a secret
ending in a newline is refused. DER files are refused: convert them to PEM.`;

const SET = `The key file may hold a JWK Set ({"keys": [...]}): the key is picked by the token's kid and alg
as createLocalKeySet picks it (ERR_KEY_NOT_FOUND or ERR_KEY_AMBIGUOUS otherwise).`;

const EXIT = `exit codes: 0 success; 1 the operation failed (the error's code and message on stderr); 2 usage
error: unknown command or option, missing or repeated option, unknown algorithm, or a file that
does not exist or cannot be used (its path named).`;

const COMMAND_HELP: Readonly<Record<string, string>> = {
  generate: `usage: jose-core generate --policy FILE [--vars FILE] [--crypto FILE]

Runs the jwt-generate policy in FILE (JSON: its properties, or {"jwt-generate": {...}}) with the
runtime variables of --vars (a JSON object) and the crypto objects of --crypto (JSON:
{ name: { type, file | value | jwk } }, files relative to the crypto file). Prints the token on
stdout and where the policy wrote it on stderr.
`,
  validate: `usage: jose-core validate --policy FILE [--vars FILE] [--crypto FILE] [--token TOKEN]

Runs the jwt-validate policy in FILE (JSON: its properties, or {"jwt-validate": {...}}) with the
runtime variables of --vars and the crypto objects of --crypto (as for generate). The token is
read where the policy says: its jwt variable, else the Authorization header (Bearer); --token
puts TOKEN there (- reads it from stdin). Prints the verified claims as JSON; exit 1 with the
reason when invalid.
`,
  sign: `usage: jose-core sign --key FILE --alg ALG [--header JSON] (--payload TEXT | --payload-file FILE)

Signs the payload (TEXT as UTF-8, or the file's octets) and prints the compact JWS. --header adds
members to the protected header; alg is always ALG.
${KEYS}
`,
  verify: `usage: jose-core verify --key FILE --alg ALG[,ALG...] (TOKEN | -)

Verifies a compact JWS (- reads it from stdin) with the key, accepting only the listed algorithms.
Prints the payload (as UTF-8, as it is) on stdout and the header (control characters escaped) on
stderr; exit 1 when the signature does not verify.
${SET}
${KEYS}
`,
  encrypt: `usage: jose-core encrypt --key FILE --alg ALG --enc ENC [--header JSON]
         (--plaintext TEXT | --plaintext-file FILE)

Encrypts the plaintext to the key (the recipient's public key, a KEK, a dir key or a PBES2
password) and prints the compact JWE.
${KEYS}
`,
  decrypt: `usage: jose-core decrypt --key FILE --alg ALG --enc ENC (TOKEN | -)

Decrypts a compact JWE (- reads it from stdin), accepting only ALG and ENC. Prints the plaintext
(as UTF-8, as it is) on stdout and the header (control characters escaped) on stderr; exit 1 when
it does not decrypt.
${SET}
${KEYS}
`,
  keygen: `usage: jose-core keygen ALG [--kid KID] [--crv CRV] [--pem]

Prints a new private key for ALG as a JWK bound to it ("alg": ALG, and "kid": KID when given):
a secret for HS* and AES algorithms (for dir, give the content encryption, e.g. A256GCM), an RSA
2048-bit key for RS*, PS* and RSA-OAEP*, an EC or OKP key on the algorithm's curve (--crv picks
Ed448 for EdDSA, or P-384, P-521, X25519 or X448 for ECDH-ES*). PBES2 takes a password, which is
not generated. --pem prints the private key as PKCS #8 PEM instead (not for secrets; PEM carries
no alg or kid).
`,
  thumbprint: `usage: jose-core thumbprint --key FILE [--hash sha256|sha384|sha512]

Prints the RFC 7638 thumbprint of the key (of its public half for a private key).
${KEYS}
`,
  inspect: `usage: jose-core inspect (TOKEN | -)

Prints a compact token's header and, for a JWS, its claims, WITHOUT verifying anything (- reads
the token from stdin). Control characters (C0, C1, and bidirectional overrides such as U+202E)
are printed as \\uXXXX escapes, so a token cannot rewrite the terminal.
`,
  conformance: `usage: jose-core conformance [--exec CMD] [--timeout SECONDS] [--vectors DIR|wycheproof]
       [--unsupported LIST | --profile FILE] [--format text|json|junit|tap] [--only ID|REGEX]
       [--dump-requests DIR]

Runs every vector of the vectors folder (or Wycheproof's JOSE files) against jose-core itself, or,
with --exec, against the adapter the shell command CMD starts, which speaks the JSON-lines protocol
of docs/conformance-protocol.md on its stdin and stdout; it is stopped after --timeout seconds
(default 60). --unsupported (comma-separated algorithm ids, curves, operations, capabilities) or
--profile (JSON: {"unsupported": [...]}) declares what the implementation does not offer: checks
needing it are skipped. --only re-runs one vector id or the ids a regular expression matches;
--dump-requests writes each vector's requests to DIR/<id>.jsonl for replay.
Exit 0 when no check failed and nothing undeclared was unsupported, 1 otherwise.
`,
};

/** The help text of each command, printed by `jose-core <command> --help`, ending in the exit codes. */
export const HELP: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(COMMAND_HELP).map(([command, text]) => [command, `${text}\n${EXIT}\n`]),
);

/** The overview printed by `jose-core help`. */
export const USAGE = `usage: jose-core <command> [options]

commands:
  generate     run a jwt-generate policy and print the token
  validate     run a jwt-validate policy and print the verified claims
  sign         sign a payload as a compact JWS
  verify       verify a compact JWS and print its payload
  encrypt      encrypt a plaintext as a compact JWE
  decrypt      decrypt a compact JWE and print its plaintext
  keygen       print a new private key (JWK bound to its algorithm, or PEM)
  thumbprint   print a key's RFC 7638 thumbprint
  inspect      print a token's header and claims WITHOUT verifying them
  conformance  run the RFC vectors against jose-core or another implementation
  help         print this text

run "jose-core <command> --help" for a command's options; "jose-core --version" prints the version.
${EXIT}
`;
