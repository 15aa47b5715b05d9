// Checks the independent JavaScript envelope reader (tests/lib/envelope_reader.mjs, written from
// docs/ENVELOPE.md) against envelopes and receipts made by the real C++ CLI, and against
// `tongban open` itself. Run by tests/cli/test_envelope_reader.sh, which prepares WORK:
//   WORK/app.tbs            2 parts (gongan, renshe), two attachments in gongan's part
//   WORK/data.json          the answers, {"parts": {"gongan": …, "renshe": …}}
//   WORK/<attachment files> as listed in WORK/attachments.txt
//   WORK/open-<dept>.json   `tongban open` output; WORK/open-<dept>/ its attachment files
//   WORK/receipt.txt        the TBR1: code `tongban submit` printed
// usage: node envelope_reader_check.mjs WORK TONGBAN SOURCE_DIR
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';

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

let passed = 0, failed = 0;
function check(what, fn) {
  try {
    fn();
    passed++;
    console.log('ok   ' + what);
  } catch (e) {
    failed++;
    console.log('FAIL ' + what + ': ' + (e && e.stack ? e.stack.split('\n').slice(0, 4).join('\n     ') : e));
  }
}
function throwsReason(fn, reason) {
  try {
    fn();
  } catch (e) {
    if (e.reason !== reason) throw new Error(`expected ${reason}, got ${e.reason || e.name}: ${e.message}`);
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

// --- Opening, compared with the data sealed and with `tongban open`.
const opened = {};
for (const [dept, key] of [['gongan', gongan], ['renshe', renshe]]) {
  check(`${dept}: the JS reader opens its part`, () => {
    opened[dept] = R.openEnvelope(envBytes, key.secretKey, key.publicKey);
    assert.equal(opened[dept].department, dept);
  });
  if (!opened[dept]) continue;
  const o = opened[dept];
  check(`${dept}: sees exactly its own answers`, () => assert.deepEqual(o.data, data.parts[dept]));
  const cli = JSON.parse(fs.readFileSync(path.join(work, `open-${dept}.json`), 'utf8'));
  check(`${dept}: header fields and data equal tongban open's`, () => {
    for (const f of ['submission_id', 'department', 'kind', 'form', 'form_version', 'item', 'created_at', 'device', 'data'])
      assert.deepEqual(o[f], cli[f], f);
  });
  check(`${dept}: attachments equal tongban open's (names, sizes, sha256 of the files it wrote)`, () => {
    assert.equal(o.attachments.length, cli.attachments.length);
    o.attachments.forEach((a, i) => {
      assert.equal(a.name, cli.attachments[i].name);
      assert.equal(a.size, cli.attachments[i].size);
      assert.equal(sha256(a.bytes), sha256(fs.readFileSync(cli.attachments[i].path)));
    });
  });
}
check('gongan: the attachments are the sealed files, byte for byte (sha256), in order', () => {
  const a = opened.gongan.attachments;
  assert.equal(a.length, attachmentFiles.length);
  a.forEach((x, i) => {
    const original = fs.readFileSync(path.join(work, attachmentFiles[i]));
    assert.equal(x.name, attachmentFiles[i]);
    assert.equal(x.mime, 'application/octet-stream');
    assert.equal(x.size, original.length);
    assert.equal(sha256(x.bytes), sha256(original));
  });
  assert.ok(opened.gongan.size_class > 65536, 'several chunks');
});
check("renshe: no attachments and nothing of gongan's answers", () => {
  assert.equal(opened.renshe.attachments.length, 0);
  assert.ok(!opened.renshe.data_json.includes('household_head'));
  assert.ok(!opened.gongan.data_json.includes('insured'));
});
check('both parts padded to one size class; part order = --to order', () => {
  assert.equal(opened.gongan.size_class, opened.renshe.size_class);
  assert.deepEqual(opened.gongan.departments, ['gongan', 'renshe']);
  assert.equal(opened.gongan.part_index, 0);
  assert.equal(opened.renshe.part_index, 1);
});
check('nothing personal in the clear', () => {
  const raw = Buffer.from(envBytes);
  for (const s of Object.values(data.parts).flatMap((p) => Object.values(p)).filter((v) => typeof v === 'string'))
    assert.equal(raw.indexOf(Buffer.from(s)), -1, s);
  for (const name of attachmentFiles) assert.equal(raw.indexOf(Buffer.from(name)), -1, name);
});

// --- Each key opens only its own part.
check('a department not addressed (jiaoyu) is refused: NotForYou', () =>
  throwsReason(() => R.openEnvelope(envBytes, jiaoyu.secretKey, jiaoyu.publicKey), 'NotForYou'));
check("gongan's key cannot unseal renshe's part key (and renshe's cannot unseal gongan's)", () => {
  const { header } = R.inspectEnvelope(envBytes);
  assert.throws(() => sodium.crypto_box_seal_open(header.parts[1].sealed_key, gongan.publicKey, gongan.secretKey));
  assert.throws(() => sodium.crypto_box_seal_open(header.parts[0].sealed_key, renshe.publicKey, renshe.secretKey));
});
check("gongan's secret key presented with renshe's public key is refused (CannotOpen), not opened", () =>
  throwsReason(() => R.openEnvelope(envBytes, gongan.secretKey, renshe.publicKey), 'CannotOpen'));

// --- Damage: the JS reader refuses with the same reason as `tongban open`.
const env = R.parse(envBytes, R.schemas.Envelope);
const header = R.parse(env.header, R.schemas.EnvelopeHeader);
const sc = Number(header.size_class);
const chunkAt = (j) => j * 65552;  // offset of chunk j in a part's ciphertext (sc >= 64 KiB)
const flip = (bytes, at) => {
  const c = Uint8Array.from(bytes);
  c[at] ^= 0x01;
  return c;
};
const headerAt = (s) => Buffer.from(envBytes).indexOf(Buffer.from(s));
const cases = [
  // [what, bytes, expected reason for gongan, expected reason for renshe (null: still opens)]
  ['one ciphertext byte of gongan\'s part (chunk 2, not a tag)',
   encodeEnvelope({ ...env, parts: [flip(env.parts[0], chunkAt(2) + 1234), env.parts[1]] }), 'CannotOpen', null],
  ['one byte of the last ciphertext chunk of renshe\'s part (padding)',
   encodeEnvelope({ ...env, parts: [env.parts[0], flip(env.parts[1], env.parts[1].length - 100)] }), null, 'CannotOpen'],
  ['one byte of a chunk tag', encodeEnvelope({ ...env, parts: [flip(env.parts[0], chunkAt(0) + 65536 + 3), env.parts[1]] }),
   'Tampered', 'Tampered'],
  ['one header byte (in the form id)', flip(envBytes, headerAt('chusheng') + 2), 'BadSignature', 'BadSignature'],
  ['one header byte (in the department id)', flip(envBytes, headerAt('renshe') + 1), 'BadSignature', 'BadSignature'],
  ['one byte of the signature', encodeEnvelope({ ...env, signature: flip(env.signature, 10) }), 'BadSignature', 'BadSignature'],
  ['no signature', encodeEnvelope({ ...env, signature: null }), 'Unsigned', 'Unsigned'],
  ['parts swapped', encodeEnvelope({ ...env, parts: [env.parts[1], env.parts[0]] }), 'Tampered', 'Tampered'],
  ['a part dropped', encodeEnvelope({ ...env, parts: [env.parts[0]] }), 'Tampered', 'Tampered'],
  ['the last chunk of a part cut off', encodeEnvelope({ ...env, parts: [env.parts[0].subarray(0, chunkAt(sc / 65536 - 1)), env.parts[1]] }),
   'Tampered', 'Tampered'],
  ['truncated file', envBytes.subarray(0, envBytes.length >> 1), 'Malformed', 'Malformed'],
  ['not an envelope', Buffer.from('garbage that is not a protobuf'), 'Malformed', 'Malformed'],
];
for (const [what, bytes, wantG, wantR] of cases) {
  const file = path.join(work, 'damaged.tbs');
  fs.writeFileSync(file, bytes);
  for (const [dept, key, want] of [['gongan', gongan, wantG], ['renshe', renshe, wantR]]) {
    check(`${what}: ${dept} ${want ? 'refused, ' + want : 'still opens'} (JS and tongban open agree)`, () => {
      const cli = cliOpen(file, dept);
      if (!want) {
        const o = R.openEnvelope(bytes, key.secretKey, key.publicKey);
        assert.deepEqual(o.data, data.parts[dept]);
        assert.ok(cli.ok, 'tongban open refused: ' + cli.text);
        return;
      }
      const e = throwsReason(() => R.openEnvelope(bytes, key.secretKey, key.publicKey), want);
      assert.ok(!cli.ok, 'tongban open accepted it');
      assert.equal(cli.text.split(': ').slice(0, want === 'Tampered' ? 2 : 1).join(': '),
                   R.REFUSAL_TEXT[want].split(': ').slice(0, want === 'Tampered' ? 2 : 1).join(': '), e.message);
    });
  }
}
check('an envelope over the reader\'s limit: TooLarge', () =>
  throwsReason(() => R.inspectEnvelope(envBytes, { maxBytes: 1000 }), 'TooLarge'));

// --- Receipt: TBR1: + Base45 of a Signed receipt, checked with the intake's public key.
check('Base45 decoder: RFC 9285 examples and invalid input', () => {
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
check('receipt: the code is TBR1: + Base45', () => assert.ok(/^TBR1:[0-9A-Z $%*+\-./:]+$/.test(code), code));
check('receipt: verifies with intake.pub and is for this submission and these exact bytes', () => {
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
check('receipt: refused for another envelope', () => {
  assert.throws(() => R.verifyReceipt(receiptBytes, intake.publicKey, { envelopeDigest: new Uint8Array(32) }), /不一致/);
  assert.throws(() => R.verifyReceipt(receiptBytes, intake.publicKey, { submissionId: new Uint8Array(16) }), /不属于/);
});
check('receipt: refused with another key (unknown issuer)', () => {
  const other = R.parseKeyFile(fs.readFileSync(path.join(keyDir, 'guide-issuer.pub'), 'utf8'));
  assert.throws(() => R.verifyReceipt(receiptBytes, other.publicKey), /unknown issuer/);
});
check('receipt: refused when any byte of its body or signature changes', () => {
  const doc = R.parse(receiptBytes, R.schemas.Signed);
  const bodyAt = Buffer.from(receiptBytes).indexOf(Buffer.from(doc.body));
  for (const at of [bodyAt + 1, bodyAt + doc.body.length - 1, receiptBytes.length - 1])
    assert.throws(() => R.verifyReceipt(flip(receiptBytes, at), intake.publicKey), /bad signature|格式错误/);
});

console.log(`envelope reader: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
