// Checks the independent JavaScript envelope reader (tests/lib/envelope_reader.mjs, written from
// docs/ENVELOPE.md) against envelopes and receipts made by the real C++ CLI, and against
// `tongban open` itself. Run by tests/cli/test_envelope_reader.sh, which prepares WORK:
//   WORK/app.tbs            2 parts (gongan, renshe), two attachments in gongan's part
//   WORK/data.json          the answers, {"parts": {"gongan": …, "renshe": …}}
//   WORK/<attachment files> as listed in WORK/attachments.txt
//   WORK/open-<dept>.json   `tongban open` output; WORK/open-<dept>/ its attachment files
//   WORK/dev1.key           the device key that sealed it (to re-sign crafted headers)
//   WORK/receipt.txt        the TBR1: code `tongban submit` printed
//   WORK/receipt-cli.json   `tongban receipt CODE --trust intake.pub --envelope app.tbs` output
//   WORK/exported.tbs       `tongban intake export` of the stored submission
// usage: node envelope_reader_check.mjs WORK TONGBAN SOURCE_DIR   (a node:test file: one test per
// check, --test-name-pattern picks them; README.md, "Tests")
import { test } from 'node:test';
import { createHash, randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { chain } from '../lib/steps.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const R = await import(path.join(here, '../lib/envelope_reader.mjs'));
const sodium = (await import('libsodium-wrappers')).default;
await sodium.ready;

const [work, tongban, src] = process.argv.slice(2);
if (!work || !tongban || !src) {
  console.error('usage: envelope_reader_check.mjs WORK TONGBAN SOURCE_DIR');
  process.exit(2);
}
const keyDir = path.join(src, 'assets/demo-keys');
const deptKey = (d) => R.parseKeyFile(fs.readFileSync(path.join(keyDir, 'departments', d + '.key'), 'utf8'));
const sha256 = (b) => createHash('sha256').update(b).digest('hex');

function throwsReason(fn, reason, detail) {
  try {
    fn();
  } catch (e) {
    if (e.reason !== reason) throw new Error(`expected ${reason}, got ${e.reason || e.name}: ${e.message}`);
    if (detail && !String(e.detail).includes(detail)) throw new Error(`expected detail '${detail}', got '${e.detail}'`);
    return e;
  }
  throw new Error(`expected a refusal (${reason}), but it opened`);
}

// The CLI's answer for an envelope: its JSON, or the refusal text after "refused: ".
function cliOpen(file, dept) {
  try {
    const out = execFileSync(tongban, ['open', file, '--key', path.join(keyDir, 'departments', dept + '.key'), '--out',
                                       path.join(work, 'cli-scratch')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    return { ok: true, json: JSON.parse(out) };
  } catch (e) {
    const m = /refused: (.*)/.exec(String(e.stderr));
    return { ok: false, status: e.status, text: m ? m[1] : String(e.stderr) };
  }
}

// A minimal protobuf writer, only to build damaged envelopes for the refusal checks.
function varint(n) {
  const out = [];
  let v = BigInt(n);
  while (v >= 0x80n) {
    out.push(Number(v & 0x7fn) | 0x80);
    v >>= 7n;
  }
  out.push(Number(v));
  return out;
}
function lenField(number, bytes) {
  return Buffer.concat([Buffer.from(varint((number << 3) | 2)), Buffer.from(varint(bytes.length)), Buffer.from(bytes)]);
}
function encodeEnvelope({ header, signature, parts }) {
  const fields = [];
  if (header && header.length) fields.push(lenField(1, header));
  if (signature && signature.length) fields.push(lenField(2, signature));
  for (const p of parts) fields.push(lenField(3, p));
  return Buffer.concat(fields);
}

const envBytes = new Uint8Array(fs.readFileSync(path.join(work, 'app.tbs')));
const data = JSON.parse(fs.readFileSync(path.join(work, 'data.json'), 'utf8'));
const attachmentFiles = fs.readFileSync(path.join(work, 'attachments.txt'), 'utf8').split('\n').filter(Boolean);
const gongan = deptKey('gongan'), renshe = deptKey('renshe'), jiaoyu = deptKey('jiaoyu');

// --- Opening, compared with the data sealed and with `tongban open`. What reads an opened part
// needs that part opened first.
const opened = {};
const afterOpening = chain();
const opens = (dept) => `${dept}: the JS reader opens its part`;
for (const [dept, key] of [['gongan', gongan], ['renshe', renshe]]) {
  afterOpening(opens(dept), { needs: [] }, () => {
    opened[dept] = R.openEnvelope(envBytes, key.secretKey, key.publicKey);
    assert.equal(opened[dept].department, dept);
  });
  afterOpening(`${dept}: sees exactly its own answers`, { needs: opens(dept) }, () => assert.deepEqual(opened[dept].data, data.parts[dept]));
  const cliOpened = () => JSON.parse(fs.readFileSync(path.join(work, `open-${dept}.json`), 'utf8'));
  afterOpening(`${dept}: header fields and data equal tongban open's`, { needs: opens(dept) }, () => {
    const o = opened[dept], cli = cliOpened();
    for (const f of ['submission_id', 'department', 'kind', 'form', 'form_version', 'item', 'created_at', 'device', 'data'])
      assert.deepEqual(o[f], cli[f], f);
  });
  afterOpening(`${dept}: attachments equal tongban open's (names, sizes, sha256 of the files it wrote)`, { needs: opens(dept) }, () => {
    const o = opened[dept], cli = cliOpened();
    assert.equal(o.attachments.length, cli.attachments.length);
    o.attachments.forEach((a, i) => {
      assert.equal(a.name, cli.attachments[i].name);
      assert.equal(a.size, cli.attachments[i].size);
      assert.equal(sha256(a.bytes), sha256(fs.readFileSync(cli.attachments[i].path)));
    });
  });
}
const bothOpened = [opens('gongan'), opens('renshe')];
afterOpening('gongan: the attachments are the sealed files, byte for byte (sha256), in order', { needs: opens('gongan') }, () => {
  const a = opened.gongan.attachments;
  assert.equal(a.length, attachmentFiles.length);
  a.forEach((x, i) => {
    const original = fs.readFileSync(path.join(work, attachmentFiles[i]));
    assert.equal(x.name, attachmentFiles[i]);
    assert.equal(x.mime, 'application/octet-stream');
    assert.equal(x.size, original.length);
    assert.equal(sha256(x.bytes), sha256(original));
  });
  assert.ok(opened.gongan.padded_size > 65536, 'several chunks');
});
afterOpening("renshe: no attachments and nothing of gongan's answers", { needs: bothOpened }, () => {
  assert.equal(opened.renshe.attachments.length, 0);
  assert.ok(!opened.renshe.data_json.includes('household_head'));
  assert.ok(!opened.gongan.data_json.includes('insured'));
});
afterOpening('part order = --to order', { needs: bothOpened }, () => {
  assert.deepEqual(opened.gongan.departments, ['gongan', 'renshe']);
  assert.equal(opened.gongan.part_index, 0);
  assert.equal(opened.renshe.part_index, 1);
});
afterOpening('each part padded on its own: the part with attachments is larger, the one without is 4 KiB', { needs: bothOpened }, () => {
  const [g, r] = R.inspectEnvelope(envBytes).header.parts;
  assert.ok(g.padded_size > r.padded_size, `${g.padded_size} > ${r.padded_size}`);
  assert.ok(g.ciphertext_size > r.ciphertext_size);
  assert.equal(r.padded_size, 4096n);
  assert.equal(r.chunks, 1);
  assert.ok(g.padded_size >= BigInt(opened.gongan.stream_length));
  assert.ok(g.padded_size - BigInt(opened.gongan.stream_length) < g.padded_size / 16n, 'Padmé overhead');
});
afterOpening("each part's padded_size (written by C++) = the JS Padmé of its stream length, and chunks/sizes follow", { needs: bothOpened }, () => {
  for (const dept of ['gongan', 'renshe']) {
    const o = opened[dept];
    const ph = o.header.parts[o.part_index];
    assert.equal(ph.padded_size, R.paddedSizeFor(BigInt(o.stream_length)), dept);
    assert.equal(ph.chunks, Math.ceil(o.padded_size / 65536), dept);
    assert.equal(ph.ciphertext_size, BigInt(o.padded_size + 16 * ph.chunks), dept);
  }
});
test('the file is exactly the canonical layout (0a header, 12 signature, 1a part…, shortest lengths)', () => {
  const e = R.parse(envBytes, R.schemas.Envelope);
  assert.ok(R.isCanonicalLayout(envBytes));
  assert.ok(Buffer.from(envBytes).equals(encodeEnvelope(e)));
});
test('nothing personal in the clear', () => {
  const raw = Buffer.from(envBytes);
  for (const s of Object.values(data.parts).flatMap((p) => Object.values(p)).filter((v) => typeof v === 'string'))
    assert.equal(raw.indexOf(Buffer.from(s)), -1, s);
  for (const name of attachmentFiles) assert.equal(raw.indexOf(Buffer.from(name)), -1, name);
});

// --- Each key opens only its own part.
test('a department not addressed (jiaoyu) is refused: NotForYou', () =>
  throwsReason(() => R.openEnvelope(envBytes, jiaoyu.secretKey, jiaoyu.publicKey), 'NotForYou'));
test("gongan's key cannot unseal renshe's part key (and renshe's cannot unseal gongan's)", () => {
  const { header } = R.inspectEnvelope(envBytes);
  assert.throws(() => sodium.crypto_box_seal_open(header.parts[1].sealed_key, gongan.publicKey, gongan.secretKey));
  assert.throws(() => sodium.crypto_box_seal_open(header.parts[0].sealed_key, renshe.publicKey, renshe.secretKey));
});
test("gongan's secret key presented with renshe's public key is refused (CannotOpen), not opened", () =>
  throwsReason(() => R.openEnvelope(envBytes, gongan.secretKey, renshe.publicKey), 'CannotOpen'));

// --- Damage: the JS reader refuses with the same reason (and detail, where given) as `tongban open`.
const env = R.parse(envBytes, R.schemas.Envelope);
const header = R.parse(env.header, R.schemas.EnvelopeHeader);
const gonganChunks = header.parts[0].chunks;
const chunkAt = (j) => j * 65552;  // offset of chunk j in a part's ciphertext (all but the last are 64 KiB)
const flip = (bytes, at) => {
  const c = Uint8Array.from(bytes);
  c[at] ^= 0x01;
  return c;
};
const headerAt = (s) => Buffer.from(envBytes).indexOf(Buffer.from(s));

// Headers changed and signed again with the device's own key: what only a device (or someone
// holding its key) could make. Each change keeps every length, so only the value differs.
const device = R.parseKeyFile(fs.readFileSync(path.join(work, 'dev1.key'), 'utf8'));
const resign = (h) => encodeEnvelope({
  header: h, parts: env.parts,
  signature: sodium.crypto_sign_detached(Buffer.concat([Buffer.from('tongban-envelope-v1\0'), Buffer.from(h)]), device.secretKey),
});
const withBytes = (bytes, at, replacement) => {
  const c = Uint8Array.from(bytes);
  assert.ok(at >= 0);
  c.set(replacement, at);
  return c;
};
// renshe's PartHeader is the header's last record and padded_size (field 8, 4096 = 40 80 20) its last field.
const tail = Array.from(env.header.subarray(env.header.length - 3));
const paddedAt = env.header.length - 2;
test("crafted headers: renshe's padded_size is the header's last field (40 80 20)", () => assert.deepEqual(tail, [0x40, 0x80, 0x20]));
const renKidAt = Buffer.from(env.header).indexOf(Buffer.from(header.parts[1].recipient_key_id));

const cases = [
  // [what, bytes, expected reason for gongan, for renshe (null: still opens), detail both must give]
  ['one ciphertext byte of gongan\'s part (chunk 2, not a tag)',
   encodeEnvelope({ ...env, parts: [flip(env.parts[0], chunkAt(2) + 1234), env.parts[1]] }), 'CannotOpen', null],
  ['one byte of renshe\'s only chunk (padding)',
   encodeEnvelope({ ...env, parts: [env.parts[0], flip(env.parts[1], env.parts[1].length - 100)] }), null, 'CannotOpen'],
  ['one byte of gongan\'s last, shorter chunk',
   encodeEnvelope({ ...env, parts: [flip(env.parts[0], chunkAt(gonganChunks - 1) + 5), env.parts[1]] }), 'CannotOpen', null],
  ['one byte of a chunk tag', encodeEnvelope({ ...env, parts: [flip(env.parts[0], chunkAt(0) + 65536 + 3), env.parts[1]] }),
   'Tampered', 'Tampered', 'part 0 ciphertext'],
  ['one header byte (in the form id)', flip(envBytes, headerAt('chusheng') + 2), 'BadSignature', 'BadSignature'],
  ['one header byte (in the department id)', flip(envBytes, headerAt('renshe') + 1), 'BadSignature', 'BadSignature'],
  ['one byte of the signature', encodeEnvelope({ ...env, signature: flip(env.signature, 10) }), 'BadSignature', 'BadSignature'],
  ['no signature', encodeEnvelope({ ...env, signature: null }), 'Unsigned', 'Unsigned'],
  ['parts swapped', encodeEnvelope({ ...env, parts: [env.parts[1], env.parts[0]] }), 'Tampered', 'Tampered', 'part 0 size'],
  ['a part dropped', encodeEnvelope({ ...env, parts: [env.parts[0]] }), 'Tampered', 'Tampered', 'parts do not match the header'],
  ['the last chunk of a part cut off',
   encodeEnvelope({ ...env, parts: [env.parts[0].subarray(0, chunkAt(gonganChunks - 1)), env.parts[1]] }),
   'Tampered', 'Tampered', 'part 0 size'],
  ['truncated file', envBytes.subarray(0, envBytes.length >> 1), 'Malformed', 'Malformed', 'not an envelope'],
  ['not an envelope', Buffer.from('garbage that is not a protobuf'), 'Malformed', 'Malformed', 'not an envelope'],
  // The outer envelope is unsigned: only its canonical layout is accepted (§3.1).
  ['an unknown field (4, bytes) appended', Buffer.concat([envBytes, lenField(4, Buffer.from('extra'))]),
   'Malformed', 'Malformed', 'not in canonical form'],
  ['an unknown varint field (5) appended', Buffer.concat([envBytes, Buffer.from([0x28, 0x01])]),
   'Malformed', 'Malformed', 'not in canonical form'],
  ['an earlier copy of field 1 (header) prepended (the last one wins in protobuf)',
   Buffer.concat([lenField(1, Buffer.from('an older header')), envBytes]), 'Malformed', 'Malformed', 'not in canonical form'],
  ['signature before header', Buffer.concat([lenField(2, env.signature), lenField(1, env.header), ...env.parts.map((x) => lenField(3, x))]),
   'Malformed', 'Malformed', 'not in canonical form'],
  ['an empty extra part appended', Buffer.concat([envBytes, lenField(3, new Uint8Array(0))]),
   'Tampered', 'Tampered', 'parts do not match the header'],
  // Signed again by the device (§8 step 11).
  ['re-signed, unchanged (control)', resign(env.header), null, null],
  ["re-signed: renshe's part names gongan's key", resign(withBytes(env.header, renKidAt, header.parts[0].recipient_key_id)),
   'Malformed', 'Malformed', 'two parts sealed to one key'],
  ["re-signed: renshe's padded_size 4097 (not a Padmé size)", resign(withBytes(env.header, paddedAt, [0x81, 0x20])),
   'Malformed', 'Malformed', 'part 1 padded size'],
  ["re-signed: renshe's padded_size 2048 (under the 4 KiB floor)", resign(withBytes(env.header, paddedAt, [0x80, 0x10])),
   'Malformed', 'Malformed', 'part 1 padded size'],
  // §3: the signed header in the canonical encoding only. A 5-byte tag whose low 32 bits say field
  // 5 (form) was once read as the form by protobuf's parser; a repeated singular field, an unknown one.
  ['re-signed: a field with a 5-byte tag (2^32 + field 5) appended to the header',
   resign(Buffer.concat([Buffer.from(env.header), Buffer.from([0xaa, 0x80, 0x80, 0x80, 0x10, 0x01, 0x78])])),
   'Malformed', 'Malformed', 'header does not parse'],
  ['re-signed: the header\'s version (field 1) written twice',
   resign(Buffer.concat([Buffer.from([0x08, 0x01]), Buffer.from(env.header)])), 'Malformed', 'Malformed', 'header does not parse'],
  ['re-signed: the reserved field 11 in the header', resign(Buffer.concat([Buffer.from(env.header), Buffer.from([0x58, 0x05])])),
   'Malformed', 'Malformed', 'header does not parse'],
  ["re-signed: renshe's padded_size 4352 (a Padmé size, but not its chunks/ciphertext_size)",
   resign(withBytes(env.header, paddedAt, [0x80, 0x22])), 'Malformed', 'Malformed', 'part 1 header fields'],
];
for (const [what, bytes, wantG, wantR, detail] of cases) {
  for (const [dept, key, want] of [['gongan', gongan, wantG], ['renshe', renshe, wantR]]) {
    test(`${what}: ${dept} ${want ? 'refused, ' + want : 'still opens'} (JS and tongban open agree)`, () => {
      const file = path.join(work, 'damaged.tbs');
      fs.writeFileSync(file, bytes);
      const cli = cliOpen(file, dept);
      if (!want) {
        const o = R.openEnvelope(bytes, key.secretKey, key.publicKey);
        assert.deepEqual(o.data, data.parts[dept]);
        assert.ok(cli.ok, 'tongban open refused: ' + cli.text);
        return;
      }
      const e = throwsReason(() => R.openEnvelope(bytes, key.secretKey, key.publicKey), want, detail);
      assert.ok(!cli.ok, 'tongban open accepted it');
      assert.equal(cli.text.split(': ')[0], R.REFUSAL_TEXT[want], e.message);
      if (detail) assert.ok(cli.text.includes(detail), `tongban open said '${cli.text}', not '${detail}'`);
    });
  }
}

// A length written as an overlong varint (12 c0 00 instead of 12 40 for the 64-byte signature):
// not the canonical layout (§3.1), and a different digest for the same content. Both readers refuse
// it, for the same reason.
{
  const sigAt = 1 + varint(env.header.length).length + env.header.length;
  const overlong = Buffer.concat([Buffer.from(envBytes.subarray(0, sigAt)), Buffer.from([0x12, 0xc0, 0x00]),
                                  Buffer.from(envBytes.subarray(sigAt + 2))]);
  test('an overlong length varint: refused by the JS reader and by tongban open (Malformed, not in canonical form)', () => {
    assert.deepEqual(Array.from(envBytes.subarray(sigAt, sigAt + 2)), [0x12, 0x40]);
    const e = throwsReason(() => R.inspectEnvelope(overlong), 'Malformed', 'not in canonical form');
    const file = path.join(work, 'damaged.tbs');
    fs.writeFileSync(file, overlong);
    const cli = cliOpen(file, 'gongan');
    assert.ok(!cli.ok, 'tongban open accepted it');
    assert.equal(cli.text.split(': ')[0], R.REFUSAL_TEXT.Malformed, e.message);
    assert.ok(cli.text.includes('not in canonical form'), `tongban open said '${cli.text}'`);
  });
}

test('an envelope over the reader\'s limit: TooLarge', () =>
  throwsReason(() => R.inspectEnvelope(envBytes, { maxBytes: 1000 }), 'TooLarge'));
test('the reader\'s limit is capped at protobuf\'s 2^31 − 1 bytes', () => assert.equal(R.MAX_ENVELOPE_BYTES, 2 ** 31 - 1));

// --- Padmé: the JS padded sizes equal what the C++ writer puts in the header, for streams in
// every range of §6.1 (one-part envelopes with one attachment of each size).
test('Padmé (JS): the examples of docs/ENVELOPE.md §6.1, and its properties', () => {
  const table = [[1, 4096], [4096, 4096], [4097, 4352], [65536, 65536], [65537, 67584], [100000, 100352],
                 [500152, 507904], [1048576, 1048576], [1048577, 1081344], [5000000, 5111808], [268435456, 268435456]];
  for (const [n, p] of table) assert.equal(R.paddedSizeFor(n), p, String(n));
  assert.equal(R.paddedSizeFor(4097n), 4352n);
  for (let i = 0; i < 2000; i++) {
    const n = 4097 + Math.floor(Math.random() ** 3 * 268435456);
    const p = R.paddedSizeFor(n);
    assert.ok(p >= n && (p - n) * 16 < n, `${n} → ${p}`);
    assert.equal(R.paddedSizeFor(p), p, `${p} pads to itself`);
  }
});
{
  const scratch = path.join(work, 'padme');
  fs.mkdirSync(scratch, { recursive: true });
  fs.writeFileSync(path.join(scratch, 'data.json'), '{"a": 1}');
  for (const size of [0, 4100, 9000, 60000, 70000, 300001, 1048576, 3000000, 17000000]) {
    test(`Padmé: a part with a ${size}-byte attachment — C++ padded_size = JS paddedSizeFor(stream length)`, () => {
      const args = ['seal', '--data', path.join(scratch, 'data.json'), '--device-key', path.join(work, 'dev1.key'),
                    '--to', path.join(keyDir, 'departments', 'gongan.pub'), '-o', path.join(scratch, 'p.tbs')];
      if (size) {
        fs.writeFileSync(path.join(scratch, 'a.bin'), randomBytes(size));  // (libsodium-wrappers' randombytes_buf is slow)
        args.push('--attach', path.join(scratch, 'a.bin'));
      }
      execFileSync(tongban, args, { stdio: ['ignore', 'pipe', 'pipe'] });
      const b = new Uint8Array(fs.readFileSync(path.join(scratch, 'p.tbs')));
      const o = R.openEnvelope(b, gongan.secretKey, gongan.publicKey);
      const ph = o.header.parts[0];
      assert.equal(o.attachments.length, size ? 1 : 0);
      assert.equal(ph.padded_size, R.paddedSizeFor(BigInt(o.stream_length)), `stream ${o.stream_length}`);
      assert.equal(ph.chunks, Math.ceil(o.padded_size / 65536));
      if (size) assert.equal(sha256(o.attachments[0].bytes), sha256(fs.readFileSync(path.join(scratch, 'a.bin'))));
    });
  }
}

// --- Receipt: TBR1: + Base45 of a Signed receipt, checked with the intake's public key.
test('Base45 decoder: RFC 9285 examples and invalid input', () => {
  const s = (t) => Buffer.from(R.base45Decode(t)).toString('latin1');
  assert.equal(s('BB8'), 'AB');
  assert.equal(s('%69 VD92EX0'), 'Hello!!');
  assert.equal(s('UJCLQE7W581'), 'base-45');
  assert.equal(s('QED8WEX0'), 'ietf!');
  assert.equal(s(''), '');
  assert.throws(() => R.base45Decode('GGW'));   // 65536
  assert.throws(() => R.base45Decode('ZZZ'));   // > 65535
  assert.throws(() => R.base45Decode('aBC'));   // lower case
  assert.throws(() => R.base45Decode('ABCD'));  // dangling character
  assert.throws(() => R.base45Decode(':Z'));    // 2-character group > 255
});
const code = fs.readFileSync(path.join(work, 'receipt.txt'), 'utf8').replace(/\n$/, '');
const intake = R.parseKeyFile(fs.readFileSync(path.join(keyDir, 'intake.pub'), 'utf8'));
const receiptBytes = (() => { try { return R.receiptFromCode(code); } catch { return new Uint8Array(0); } })();
test('receipt: the code is TBR1: + Base45', () => assert.ok(/^TBR1:[0-9A-Z $%*+\-./:]+$/.test(code), code));
afterOpening('receipt: verifies with intake.pub and is for this submission and these exact bytes', { needs: opens('gongan') }, () => {
  const r = R.verifyReceipt(receiptBytes, intake.publicKey,
                            { submissionId: header.submission_id, envelopeDigest: R.blake2b256(envBytes) });
  assert.equal(r.submission_id, opened.gongan.submission_id);
  assert.equal(r.envelope_digest, Buffer.from(R.blake2b256(envBytes)).toString('hex'));
  assert.deepEqual(r.departments, ['gongan', 'renshe']);
  assert.equal(r.kind, 'application');
  assert.equal(r.intake, 'tongban-intake');
  assert.equal(r.key_id, intake.id);
  assert.ok(Math.abs(r.received_at - Date.now() / 1000) < 3600, 'received_at is now');
});
test('receipt: tongban receipt --envelope says the same as the JS reader', () => {
  const cli = JSON.parse(fs.readFileSync(path.join(work, 'receipt-cli.json'), 'utf8'));
  const r = R.verifyReceipt(receiptBytes, intake.publicKey);
  assert.equal(cli.verified, true);
  for (const f of ['submission_id', 'received_at', 'envelope_digest', 'intake', 'kind', 'departments'])
    assert.deepEqual(cli[f], r[f], f);
});
test('receipt: the envelope tongban intake export wrote is the submitted bytes, and the receipt names them', () => {
  const exported = new Uint8Array(fs.readFileSync(path.join(work, 'exported.tbs')));
  assert.ok(Buffer.from(exported).equals(Buffer.from(envBytes)));
  R.verifyReceipt(receiptBytes, intake.publicKey, { submissionId: header.submission_id, envelopeDigest: R.inspectEnvelope(exported).digest });
});
test('receipt: refused for another envelope', () => {
  assert.throws(() => R.verifyReceipt(receiptBytes, intake.publicKey, { envelopeDigest: new Uint8Array(32) }), /不一致/);
  assert.throws(() => R.verifyReceipt(receiptBytes, intake.publicKey, { submissionId: new Uint8Array(16) }), /不属于/);
});
test('receipt: refused with another key (unknown issuer)', () => {
  const other = R.parseKeyFile(fs.readFileSync(path.join(keyDir, 'guide-issuer.pub'), 'utf8'));
  assert.throws(() => R.verifyReceipt(receiptBytes, other.publicKey), /unknown issuer/);
});
test('receipt: refused when any byte of its body or signature changes', () => {
  const doc = R.parse(receiptBytes, R.schemas.Signed);
  const bodyAt = Buffer.from(receiptBytes).indexOf(Buffer.from(doc.body));
  for (const at of [bodyAt + 1, bodyAt + doc.body.length - 1, receiptBytes.length - 1])
    assert.throws(() => R.verifyReceipt(flip(receiptBytes, at), intake.publicKey), /bad signature|格式错误/);
});
