// A device's signed request to the intake, written from docs/INTAKE.md ("Signed requests") with
// libsodium alone (no tongban code): the tests use it to act as a device over plain HTTP, and so
// check that the document says enough to sign requests the intake accepts.
//   node intake_request.mjs [--key DEVICE.key] [--time UNIX] [--as KEYID] METHOD URL [BODY_FILE]
// Prints the HTTP status on the first line, then the answer's body. Without --key: unsigned.
// --as puts another key id in X-Tongban-Device (a forger's attempt); --time signs another time.
import { readFileSync } from 'node:fs';
import _sodium from 'libsodium-wrappers';

await _sodium.ready;
const sodium = _sodium;

const args = process.argv.slice(2);
const opt = {};
while (args[0]?.startsWith('--')) {
  const name = args.shift().slice(2);
  opt[name] = args.shift();
}
const [method, url, bodyFile] = args;
if (!method || !url) {
  console.error('usage: intake_request.mjs [--key DEVICE.key] [--time UNIX] [--as KEYID] METHOD URL [BODY_FILE]');
  process.exit(2);
}
const body = bodyFile ? new Uint8Array(readFileSync(bodyFile)) : new Uint8Array(0);

// Key files: "key: value" lines (docs/FORMATS.md); the secret is seed ‖ public, standard base64.
function readKey(path) {
  const fields = {};
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const at = line.indexOf(': ');
    if (at > 0 && !line.startsWith('#')) fields[line.slice(0, at)] = line.slice(at + 2).trim();
  }
  return { id: fields.id, secret: sodium.from_base64(fields.secret, sodium.base64_variants.ORIGINAL) };
}

const headers = {};
if (opt.key) {
  const key = readKey(opt.key);
  const u = new URL(url);
  const full = u.pathname + u.search;
  const target = full.slice(full.indexOf('/api/'));
  const time = opt.time ?? String(Math.floor(Date.now() / 1000));
  const enc = new TextEncoder();
  const zero = new Uint8Array([0]);
  const message = new Uint8Array([
    ...enc.encode('tongban-request-v1'), ...zero, ...enc.encode(method), ...zero, ...enc.encode(target), ...zero,
    ...enc.encode(time), ...zero, ...sodium.crypto_generichash(32, body, null),
  ]);
  headers['X-Tongban-Device'] = opt.as ?? key.id;
  headers['X-Tongban-Time'] = time;
  headers['X-Tongban-Signature'] = sodium.to_base64(sodium.crypto_sign_detached(message, key.secret), sodium.base64_variants.ORIGINAL);
}
try {
  const res = await fetch(url, { method, headers, body: method === 'GET' ? undefined : body });
  console.log(res.status);
  process.stdout.write(Buffer.from(await res.arrayBuffer()));
} catch (e) {
  console.log(0);
  console.log(e.message);
}
