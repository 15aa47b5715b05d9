// The `sm` suite against an independent implementation, npm sm-crypto (JavaScript, its own SM2, SM3
// and SM4): keys made by `tongban keys new --suite sm`, a guide bundle signed by `tongban guide
// build`, codes issued by `tongban code` (the issuer's and the device's signatures), an envelope sealed by `tongban seal` with SM2 keys (device signature, SM2-wrapped part
// key, SM4-GCM chunks, opened here), and the primitives through tests/tools/sm_tool, checked by
// sm-crypto — and the reverse:
// what sm-crypto signs and encrypts, our side verifies and decrypts. sm-crypto has no GCM mode: the
// SM4-GCM check builds GCM (NIST SP 800-38D) here on sm-crypto's SM4 block cipher, and first proves
// that construction on RFC 8998's example.
// usage: node --test sm_interop.test.mjs --tongban TONGBAN --sm-tool SM_TOOL --src SOURCE_DIR
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import net from 'node:net';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import smCrypto from 'sm-crypto';
import _sodium from 'libsodium-wrappers';

const { sm2, sm3 } = smCrypto;
await _sodium.ready;
const sodium = _sodium;
const here = path.dirname(fileURLToPath(import.meta.url));
const R = await import(path.join(here, '../lib/envelope_reader.mjs'));
const { gcmSeal, gcmOpen } = await import(path.join(here, '../lib/sm_gcm_peer.mjs'));

const arg = (name) => {
  const i = process.argv.indexOf(name);
  if (i < 0 || !process.argv[i + 1]) throw new Error(`usage: sm_interop.test.mjs --tongban T --sm-tool S --src DIR (missing ${name})`);
  return process.argv[i + 1];
};
const tongban = arg('--tongban'), smTool = arg('--sm-tool'), src = arg('--src');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'tongban-sm-interop-'));
process.on('exit', () => fs.rmSync(work, { recursive: true, force: true }));

const ID = '1234567812345678';
const enc = new TextEncoder();
const hex = (b) => Buffer.from(b).toString('hex');
const unhex = (h) => new Uint8Array(Buffer.from(h, 'hex'));
const concat = (...parts) => new Uint8Array(Buffer.concat(parts.map((p) => Buffer.from(p))));

function run(cmd, args) {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  return { status: r.status, out: (r.stdout || '').trim(), err: (r.stderr || '').trim() };
}
function ok(cmd, args) {
  const r = run(cmd, args);
  assert.equal(r.status, 0, `${path.basename(cmd)} ${args.join(' ')}: ${r.out} ${r.err}`);
  return r.out;
}
const tool = (...args) => ok(smTool, args);

// A tongban key file (docs/FORMATS.md): public 65 bytes 04 || x || y, secret the 32-byte scalar.
function readKey(file) {
  const fields = {};
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    const m = /^([a-z-]+): (.*)$/.exec(line);
    if (m) fields[m[1]] = m[2];
  }
  return {
    kind: fields.kind,
    id: fields.id,
    pub: hex(Buffer.from(fields.public, 'base64')),
    secret: fields.secret ? hex(Buffer.from(fields.secret, 'base64')) : undefined,
  };
}
function writePublicKey(file, name, pubHex) {
  const pub = unhex(pubHex);
  const id = hex(R.keyIdOf(pub));
  fs.writeFileSync(file, `tongban-key: 1\nkind: sm2-sign\nname: ${name}\nid: ${id}\npublic: ${Buffer.from(pub).toString('base64')}\n`);
  return id;
}

// Protobuf writing for the two messages re-signed here (fields in number order, defaults omitted).
function varint(n) {
  const out = [];
  let v = BigInt(n);
  do {
    let b = Number(v & 0x7fn);
    v >>= 7n;
    if (v) b |= 0x80;
    out.push(b);
  } while (v);
  return Uint8Array.from(out);
}
const lenField = (num, bytes) => concat([(num << 3) | 2], varint(bytes.length), bytes);
const varField = (num, value) => concat([num << 3], varint(value));

const Signed = R.schemas.Signed;
const GuideBundle = { 1: ['manifest', Signed], 2: ['body', 'bytes'] };
const GuideManifest = { 1: ['city', 'string'], 2: ['version', 'uint64'], 3: ['issued_at', 'int64'], 4: ['body_digest', 'bytes'], 5: ['item_count', 'uint32'] };

// The signed message of a Signed document in suite sm2-v1 (docs/FORMATS.md).
function signingMessage(doc) {
  const version = Buffer.alloc(4);
  version.writeUInt32LE(doc.format_version);
  return concat(enc.encode('tongban-sig-sm2-v1'), [0], enc.encode(doc.format), [0], version, doc.body);
}

const gm = path.join(work, 'gm');
ok(tongban, ['keys', 'new', 'gm', '--out', work, '--suite', 'sm']);
ok(tongban, ['keys', 'new', 'gm-seal', '--out', work, '--suite', 'sm', '--kind', 'seal']);
const key = readKey(`${gm}.key`), sealKey = readKey(path.join(work, 'gm-seal.key'));

test('SM2 keys from `tongban keys new --suite sm` are the points sm-crypto derives', () => {
  assert.equal(key.kind, 'sm2-sign');
  assert.equal(sealKey.kind, 'sm2-seal');
  assert.equal(key.pub.length, 130);
  assert.equal(sm2.getPublicKeyFromPrivateKey(key.secret), key.pub);
  assert.equal(sm2.getPublicKeyFromPrivateKey(sealKey.secret), sealKey.pub);
  assert.ok(sm2.verifyPublicKey(key.pub));
});

test('SM2 signatures (raw r || s, SM3 with Z_A, ID 1234567812345678): ours verify in sm-crypto, and the reverse', () => {
  const msg = enc.encode('通办 tongban-sig-sm2-v1 interop');
  const ours = tool('sign', `${gm}.key`, ID, hex(msg));
  assert.equal(ours.length, 128);
  assert.ok(sm2.doVerifySignature(msg, ours, key.pub, { hash: true, userId: ID }));
  assert.ok(!sm2.doVerifySignature(msg, ours, key.pub, { hash: true, userId: 'ALICE123@YAHOO.COM' }));
  assert.ok(!sm2.doVerifySignature(concat(msg, [0]), ours, key.pub, { hash: true, userId: ID }));

  const theirs = sm2.doSignature(msg, key.secret, { hash: true, publicKey: key.pub, userId: ID });
  assert.equal(tool('verify', `${gm}.pub`, ID, hex(msg), theirs), 'ok');
  const wrongId = run(smTool, ['verify', `${gm}.pub`, 'ALICE123@YAHOO.COM', hex(msg), theirs]);
  assert.equal(wrongId.status, 1);
  assert.match(wrongId.out, /^refused: bad-signature/);
  // sm-crypto's DER form is not ours: a DER signature is refused for its length.
  const der = sm2.doSignature(msg, key.secret, { hash: true, publicKey: key.pub, userId: ID, der: true });
  assert.match(run(smTool, ['verify', `${gm}.pub`, ID, hex(msg), der]).out, /^refused: bad-length/);
});

test('a guide bundle signed by `tongban guide build` with an sm2 key verifies in sm-crypto; one sm-crypto signs verifies in `tongban guide verify`', () => {
  const bundleFile = path.join(work, 'gm.tbg');
  ok(tongban, ['guide', 'build', path.join(src, 'assets/guides'), '-o', bundleFile, '--key', `${gm}.key`, '--version', '7']);
  assert.match(ok(tongban, ['guide', 'verify', bundleFile, '--trust', `${gm}.pub`]), /^ok: .*version 7/);
  const bytes = new Uint8Array(fs.readFileSync(bundleFile));
  const bundle = R.parse(bytes, GuideBundle);
  const doc = bundle.manifest;
  assert.equal(doc.suite, 'sm2-v1');
  assert.equal(hex(doc.key_id), key.id);
  assert.equal(doc.signature.length, 64);
  assert.ok(sm2.doVerifySignature(signingMessage(doc), hex(doc.signature), key.pub, { hash: true, userId: ID }));
  const manifest = R.parse(doc.body, GuideManifest);
  assert.equal(hex(manifest.body_digest), sm3(bundle.body), 'body_digest is SM3 of the body');

  // sm-crypto signs the same manifest with its own key; tongban verifies it against that key only.
  const theirs = sm2.generateKeyPairHex();
  const theirId = writePublicKey(path.join(work, 'js.pub'), 'js', theirs.publicKey);
  const resigned = { ...doc, key_id: unhex(theirId) };
  const sig = sm2.doSignature(signingMessage(resigned), theirs.privateKey, { hash: true, publicKey: theirs.publicKey, userId: ID });
  const signedBytes = concat(
    lenField(1, enc.encode(doc.format)), varField(2, doc.format_version), lenField(3, enc.encode(doc.suite)),
    lenField(4, unhex(theirId)), lenField(5, doc.body), lenField(6, unhex(sig)));
  const jsBundle = path.join(work, 'js.tbg');
  fs.writeFileSync(jsBundle, concat(lenField(1, signedBytes), lenField(2, bundle.body)));
  assert.match(ok(tongban, ['guide', 'verify', jsBundle, '--trust', path.join(work, 'js.pub')]), /^ok: .*version 7/);
  const untrusted = run(tongban, ['guide', 'verify', jsBundle, '--trust', `${gm}.pub`]);
  assert.equal(untrusted.status, 1, untrusted.out + untrusted.err);
  // The same bytes under another ID: sm-crypto's signature with ID "ALICE123@YAHOO.COM" is refused.
  const otherId = sm2.doSignature(signingMessage(resigned), theirs.privateKey, { hash: true, publicKey: theirs.publicKey, userId: 'ALICE123@YAHOO.COM' });
  const badBytes = concat(signedBytes.slice(0, signedBytes.length - 64), unhex(otherId));
  fs.writeFileSync(jsBundle, concat(lenField(1, badBytes), lenField(2, bundle.body)));
  const refused = run(tongban, ['guide', 'verify', jsBundle, '--trust', path.join(work, 'js.pub')]);
  assert.equal(refused.status, 1, refused.out + refused.err);
  assert.match(refused.out + refused.err, /bad-signature/);
});

test('SM2 encryption (C1 || C3 || C2) of a part key: ours decrypts in sm-crypto, and the reverse', () => {
  const partKey = sodium.randombytes_buf(32);
  const seal = path.join(work, 'gm-seal');
  const ours = tool('encrypt', `${seal}.pub`, hex(partKey));
  assert.equal(ours.length, 2 * (97 + 32));
  assert.equal(ours.slice(0, 2), '04');
  // sm-crypto writes and reads C1 without its 04 byte; mode 1 is C1C3C2.
  assert.deepEqual(sm2.doDecrypt(ours.slice(2), sealKey.secret, 1, { output: 'array' }), Array.from(partKey));

  const theirs = '04' + sm2.doEncrypt(Array.from(partKey), sealKey.pub, 1);
  assert.equal(tool('decrypt', `${seal}.key`, theirs), hex(partKey));
  const truncated = run(smTool, ['decrypt', `${seal}.key`, theirs.slice(0, 2 * 97)]);
  assert.match(truncated.out, /^refused: bad-length/);
  const cut = run(smTool, ['decrypt', `${seal}.key`, theirs.slice(0, -2)]);
  assert.match(cut.out, /^refused: tampered/);
  const wrongKey = run(smTool, ['decrypt', `${gm}.key`, theirs]);
  assert.match(wrongKey.out, /^refused: tampered/);
});

test('an envelope sealed by `tongban seal` with SM2 keys: sm-crypto checks the device signature, unwraps the part key, and the chunks open with SM4-GCM', () => {
  ok(tongban, ['keys', 'new', 'kiosk', '--out', work, '--suite', 'sm', '--kind', 'device']);
  const device = readKey(path.join(work, 'kiosk.key'));
  fs.writeFileSync(path.join(work, 'data.json'), JSON.stringify({ parts: { 'gm-seal': { child: '小明', hukou: '青禾市' } } }));
  const photo = sodium.randombytes_buf(70000);  // two chunks
  fs.writeFileSync(path.join(work, 'photo.jpg'), photo);
  const envFile = path.join(work, 'app.tbs');
  ok(tongban, ['seal', '--data', path.join(work, 'data.json'), '--device-key', path.join(work, 'kiosk.key'),
    '--to', path.join(work, 'gm-seal.pub'), '--attach', path.join(work, 'photo.jpg'), '-o', envFile]);
  const bytes = new Uint8Array(fs.readFileSync(envFile));
  const env = R.parse(bytes, R.schemas.Envelope);
  const header = R.parse(env.header, R.schemas.EnvelopeHeader);
  assert.equal(header.suite, 'tongban-seal-sm-v1');
  assert.equal(hex(header.device_public_key), device.pub);
  assert.ok(sm2.doVerifySignature(concat(enc.encode('tongban-envelope-v1'), [0], env.header), hex(env.signature), device.pub,
    { hash: true, userId: ID }), 'device signature');
  const part = header.parts[0];
  assert.equal(part.sealed_key.length, 113);
  const partKey = Uint8Array.from(sm2.doDecrypt(hex(part.sealed_key).slice(2), sealKey.secret, 1, { output: 'array' }));
  assert.equal(partKey.length, 16);
  const ct = env.parts[0];
  const chunks = [];
  const tags = [];
  for (let j = 0, at = 0; j < part.chunks; j++) {
    const n = Math.min(65536, Number(part.padded_size) - j * 65536);
    const counter = Buffer.alloc(8);
    counter.writeBigUInt64LE(BigInt(j));
    const ad = concat(enc.encode('tongban-chunk-v1'), header.submission_id, [0, 0, 0, 0], [j + 1 === part.chunks ? 1 : 0]);
    const plain = gcmOpen(partKey, concat(part.nonce_prefix, counter), ct.slice(at, at + n + 16), ad);
    assert.ok(plain, `chunk ${j} opens`);
    chunks.push(plain);
    tags.push(ct.slice(at + n, at + n + 16));
    at += n + 16;
  }
  assert.equal(hex(part.tag_digest), sm3(concat(...tags)), 'tag digest is SM3');
  const stream = concat(...chunks);
  const len = Buffer.from(stream).readUInt32LE(0);
  const content = R.parse(stream.slice(4, 4 + len), R.schemas.PartContent);
  assert.deepEqual(JSON.parse(content.data_json), { child: '小明', hukou: '青禾市' });
  assert.equal(hex(stream.slice(4 + len, 4 + len + photo.length)), hex(photo));
  // And the department's own reader agrees.
  const opened = JSON.parse(ok(tongban, ['open', envFile, '--key', path.join(work, 'gm-seal.key'), '--out', path.join(work, 'opened')]));
  assert.equal(opened.department, 'gm-seal');
  assert.deepEqual(opened.data, { child: '小明', hukou: '青禾市' });
});

// Base45 (RFC 9285), as the codes use it after their 5-character prefix.
const B45 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';
function base45Decode(text) {
  const out = [];
  for (let i = 0; i < text.length; i += 3) {
    const c = [...text.slice(i, i + 3)].map((ch) => B45.indexOf(ch));
    const n = c.reduce((acc, v, j) => acc + v * 45 ** j, 0);
    if (c.length === 3) out.push(n >> 8, n & 0xff);
    else out.push(n);
  }
  return Uint8Array.from(out);
}
function base45Encode(bytes) {
  let out = '';
  for (let i = 0; i + 1 < bytes.length; i += 2) {
    const n = bytes[i] * 256 + bytes[i + 1];
    out += B45[n % 45] + B45[Math.floor(n / 45) % 45] + B45[Math.floor(n / 2025)];
  }
  if (bytes.length % 2) out += B45[bytes[bytes.length - 1] % 45] + B45[Math.floor(bytes[bytes.length - 1] / 45)];
  return out;
}
// A code's frame (docs/CODES.md): kind | version << 4, issuer key id (8), varint body length, body,
// the issuer's signature over everything before it; a dynamic code then has its window (4) and
// the device's signature over everything before that.
function codeFrame(text) {
  const b = base45Decode(text.slice(5));
  let at = 9, len = 0;
  for (let shift = 0; ; shift += 7) {
    const c = b[at++];
    len |= (c & 0x7f) << shift;
    if (!(c & 0x80)) break;
  }
  const bodyEnd = at + len;
  return { bytes: b, version: b[0] >> 4, keyId: hex(b.slice(1, 9)), body: b.slice(at, bodyEnd), issuerSigned: b.slice(0, bodyEnd),
    issuerSig: hex(b.slice(bodyEnd, bodyEnd + 64)), deviceSigned: b.slice(0, bodyEnd + 68), deviceSig: hex(b.slice(bodyEnd + 68, bodyEnd + 132)) };
}
const domainMessage = (domain, bytes) => concat(enc.encode(domain), [0], bytes);

test('codes in the sm suite from `tongban code`: sm-crypto verifies the issuer\'s and the device\'s SM2 signatures; a code sm-crypto signs verifies in `tongban code verify`', () => {
  ok(tongban, ['keys', 'new', 'gm-phone', '--out', work, '--suite', 'sm', '--kind', 'device']);
  const phone = readKey(path.join(work, 'gm-phone.key'));
  const venue = ok(tongban, ['code', 'issue', 'venue', '--key', `${gm}.key`, '--venue-id', 'V-1', '--name', '便民服务站', '--division', '110105']);
  const f = codeFrame(venue);
  assert.equal(f.version, 2, 'frame version 2: the sm suite');
  assert.equal(f.keyId, key.id);
  assert.ok(sm2.doVerifySignature(domainMessage('tongban-code-v1', f.issuerSigned), f.issuerSig, key.pub, { hash: true, userId: ID }));
  assert.ok(!sm2.doVerifySignature(domainMessage('tongban-code-v1', f.body), f.issuerSig, key.pub, { hash: true, userId: ID }));

  const cred = path.join(work, 'gm-cred.bin');
  ok(tongban, ['code', 'issue', 'dynamic-credential', '--key', `${gm}.key`, '--device-pub', path.join(work, 'gm-phone.pub'),
    '--name', '欧阳娜华', '--id', '11010519900101002X', '-o', cred]);
  const dyn = ok(tongban, ['code', 'dynamic', '--credential', cred, '--device-key', path.join(work, 'gm-phone.key')]);
  const d = codeFrame(dyn);
  assert.ok(dyn.length <= 311, `a dynamic code of ${dyn.length} characters fits version 10-M`);
  assert.ok(sm2.doVerifySignature(domainMessage('tongban-code-v1', d.issuerSigned), d.issuerSig, key.pub, { hash: true, userId: ID }));
  assert.ok(sm2.doVerifySignature(domainMessage('tongban-code-window-v1', d.deviceSigned), d.deviceSig, phone.pub, { hash: true, userId: ID }));
  // The credential carries the device key's x; its y is even (04 || x || y, y's last byte even).
  assert.ok(hex(d.body).includes(phone.pub.slice(2, 66)), 'the device x is in the credential');
  assert.equal(parseInt(phone.pub.slice(-2), 16) % 2, 0);

  // The reverse: sm-crypto, with its own key, signs the same venue body in a frame of its own.
  const theirs = sm2.generateKeyPairHex();
  const theirId = writePublicKey(path.join(work, 'js-codes.pub'), 'js-codes', theirs.publicKey);
  const signed = concat(f.bytes.slice(0, 1), unhex(theirId), f.issuerSigned.slice(9));
  const sig = sm2.doSignature(domainMessage('tongban-code-v1', signed), theirs.privateKey, { hash: true, publicKey: theirs.publicKey, userId: ID });
  const forged = venue.slice(0, 5) + base45Encode(concat(signed, unhex(sig)));
  assert.match(ok(tongban, ['code', 'verify', forged, '--trust', path.join(work, 'js-codes.pub')]), /^ok venue .*venue=V-1/);
  const other = run(tongban, ['code', 'verify', forged, '--trust', `${gm}.pub`]);
  assert.equal(other.status, 1);
  assert.match(other.out, /refused: unknown-issuer/);
  // Its signature under another distinguishing identifier does not verify.
  const wrongId = sm2.doSignature(domainMessage('tongban-code-v1', signed), theirs.privateKey, { hash: true, publicKey: theirs.publicKey, userId: 'ALICE123@YAHOO.COM' });
  const refused = run(tongban, ['code', 'verify', venue.slice(0, 5) + base45Encode(concat(signed, unhex(wrongId))), '--trust', path.join(work, 'js-codes.pub')]);
  assert.equal(refused.status, 1);
  assert.match(refused.out, /refused: bad-signature/);
});

test('a submission in the sm suite end to end: a device registered by a request sm-crypto signs, `tongban seal` and `tongban submit` with SM2 keys, a receipt signed by an SM2 intake key that sm-crypto verifies, `tongban open`; a heartbeat sm-crypto signs reaches `tongban intake fleet`', async () => {
  ok(tongban, ['keys', 'new', 'intake-sm', '--out', work, '--suite', 'sm']);
  ok(tongban, ['keys', 'new', 'kiosk-sm', '--out', work, '--suite', 'sm', '--kind', 'device']);
  const intake = readKey(path.join(work, 'intake-sm.key')), kiosk = readKey(path.join(work, 'kiosk-sm.key'));
  const port = await new Promise((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => { const p = srv.address().port; srv.close(() => resolve(p)); });
  });
  const server = spawn(tongban, ['intake', 'serve', '--db', `sqlite:${path.join(work, 'intake-sm.db')}`,
    '--intake-key', path.join(work, 'intake-sm.key'), '--port', String(port), '--open-registration'], { stdio: 'ignore' });
  try {
    const base = `http://127.0.0.1:${port}`;
    for (let i = 0; i < 200; i++) {
      if (await fetch(`${base}/api/v1/health`).then((r) => r.ok, () => false)) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    // A POST signed by sm-crypto with the device's key (INTAKE.md, "Signed requests").
    const signedPost = (target, body, userId = ID) => {
      const time = String(Math.floor(Date.now() / 1000));
      const m = concat(enc.encode('tongban-request-sm-v1'), [0], enc.encode('POST'), [0], enc.encode(target), [0],
        enc.encode(time), [0], unhex(sm3(body)));
      const sig = sm2.doSignature(m, kiosk.secret, { hash: true, publicKey: kiosk.pub, userId });
      return fetch(`${base}${target}`, { method: 'POST', body, headers: { 'content-type': 'application/json',
        'x-tongban-device': kiosk.id, 'x-tongban-time': time, 'x-tongban-signature': Buffer.from(unhex(sig)).toString('base64') } });
    };
    const register = (userId) =>
      signedPost('/api/v1/devices', JSON.stringify({ public_key: Buffer.from(unhex(kiosk.pub)).toString('base64'), kind: 'kiosk' }), userId);
    const wrong = await register('ALICE123@YAHOO.COM');
    assert.equal(wrong.status, 401, 'a request signed under another ID is refused');
    const registered = await register(ID);
    assert.ok(registered.status === 200 || registered.status === 201, `registered: ${registered.status} ${await registered.text()}`);

    fs.writeFileSync(path.join(work, 'sm-data.json'), JSON.stringify({ parts: { 'gm-seal': { child: '小红', hukou: '青禾市' } } }));
    const envFile = path.join(work, 'sm-app.tbs');
    ok(tongban, ['seal', '--data', path.join(work, 'sm-data.json'), '--device-key', path.join(work, 'kiosk-sm.key'),
      '--to', path.join(work, 'gm-seal.pub'), '-o', envFile]);
    const sent = spawnSync(tongban, ['submit', envFile, '--intake', base, '--device-key', path.join(work, 'kiosk-sm.key'),
      '--trust', path.join(work, 'intake-sm.pub')], { encoding: 'utf8' });
    assert.equal(sent.status, 0, sent.stdout + sent.stderr);
    const [storedLine, receiptCode] = sent.stdout.trim().split('\n');
    assert.match(storedLine, /^stored [0-9a-f]{32}$/);
    // The receipt (TBR1: + Base45 of a Signed document) verifies in sm-crypto against the intake's key.
    assert.match(receiptCode, /^TBR1:/);
    const doc = R.parse(base45Decode(receiptCode.slice(5)), Signed);
    assert.equal(doc.suite, 'sm2-v1');
    assert.equal(hex(doc.key_id), intake.id);
    assert.ok(sm2.doVerifySignature(signingMessage(doc), hex(doc.signature), intake.pub, { hash: true, userId: ID }), 'receipt signature');
    const opened = JSON.parse(ok(tongban, ['open', envFile, '--key', path.join(work, 'gm-seal.key'), '--out', path.join(work, 'sm-opened')]));
    assert.deepEqual(opened.data, { child: '小红', hukou: '青禾市' });

    // The SM2 kiosk's heartbeat (INTAKE.md, "Heartbeats"): 204, and the fleet lists what it said.
    const heartbeat = JSON.stringify({ app_version: '0.1.0-sm', bundle_version: 7, queued: 0, last_update: 0, free_disk_bytes: 2000000 });
    const forged = await signedPost('/api/v1/heartbeat', heartbeat, 'ALICE123@YAHOO.COM');
    assert.equal(forged.status, 401, 'a heartbeat signed under another ID is refused');
    const beat = await signedPost('/api/v1/heartbeat', heartbeat);
    assert.equal(beat.status, 204, await beat.text());
    const fleet = JSON.parse(ok(tongban, ['intake', 'fleet', '--db', `sqlite:${path.join(work, 'intake-sm.db')}`, '--json']));
    const listed = fleet.find((d) => d.device === kiosk.id);
    assert.equal(listed?.status, 'ok', JSON.stringify(fleet));
    assert.equal(listed.app_version, '0.1.0-sm');
    assert.equal(listed.bundle_version, 7);
    assert.equal(listed.free_disk_bytes, 2000000);
  } finally {
    server.kill();
  }
});

test('SM4-GCM: RFC 8998 through sm-crypto SM4, then ours and that construction agree both ways', () => {
  const k = unhex('0123456789ABCDEFFEDCBA9876543210'), n = unhex('00001234567800000000ABCD');
  const aad = unhex('FEEDFACEDEADBEEFFEEDFACEDEADBEEFABADDAD2');
  const p = unhex('AAAAAAAAAAAAAAAABBBBBBBBBBBBBBBBCCCCCCCCCCCCCCCCDDDDDDDDDDDDDDDDEEEEEEEEEEEEEEEEFFFFFFFFFFFFFFFFEEEEEEEEEEEEEEEEAAAAAAAAAAAAAAAA');
  assert.equal(hex(gcmSeal(k, n, p, aad)).toUpperCase(),
    '17F399F08C67D5EE19D0DC9969C4BB7D5FD46FD3756489069157B282BB200735D82710CA5C22F0CCFA7CBF93D496AC15A56834CBCF98C397B4024A2691233B8D83DE3541E4C2B58177E065A9BF7B62EC');

  const key = sodium.randombytes_buf(16), nonce = sodium.randombytes_buf(12);
  const chunk = sodium.randombytes_buf(1000), ad = enc.encode('tongban-chunk-sm-v1 ad');
  const ours = tool('gcm-seal', hex(key), hex(nonce), hex(ad), hex(chunk));
  assert.equal(ours, hex(gcmSeal(key, nonce, chunk, ad)));
  const theirs = hex(gcmSeal(key, nonce, chunk.slice(0, 333), ad));
  assert.equal(tool('gcm-open', hex(key), hex(nonce), hex(ad), theirs), hex(chunk.slice(0, 333)));
  const changed = theirs.slice(0, -1) + (theirs.endsWith('0') ? '1' : '0');
  assert.match(run(smTool, ['gcm-open', hex(key), hex(nonce), hex(ad), changed]).out, /^refused: SM4-GCM/);
});
