// An independent reader of sealed submissions (tongban-seal-v1) and their receipts, written from
// docs/ENVELOPE.md alone — as another team would — to check that the document is enough. It uses
// only libsodium (libsodium-wrappers) and a minimal hand-written protobuf wire decoder.
//
//   openEnvelope(bytes, departmentSecretKey32, departmentPublicKey32, {maxBytes})
//     → {submission_id, department, kind, form, form_version, item, created_at, device,
//        data, data_json, attachments: [{name, mime, size, bytes}], header, part_index, departments,
//        padded_size, stream_length (4 + L + Σ attachment sizes, before padding), digest}
//   inspectEnvelope(bytes, {maxBytes}) → {header, parts, digest}           (the intake's checks)
//   paddedSizeFor(n) → the padded size of a part whose plaintext stream is n bytes (Padmé, §6.1)
//   isCanonicalLayout(bytes) → whether the outer layout is exactly the writer's (§3.1)
//   checkCanonical(bytes, schema) / parseCanonical(bytes, schema): §3's reader rules (WireError)
//   verifyReceipt(bytes, intakePublicKey32, {submissionId, envelopeDigest}) → receipt fields
//   receiptFromCode("TBR1:…") → bytes;  base45Decode(text) → bytes
//   parseKeyFile(text) → {kind, name, id, publicKey, secretKey?}
//
// Refusals throw EnvelopeError / ReceiptError with `.reason` (the names of docs/ENVELOPE.md §8)
// and a message that says what was wrong.
import _sodium from 'libsodium-wrappers';

await _sodium.ready;
const sodium = _sodium;

// ---------------------------------------------------------------------------------------------
// Errors

// The C++ reader's words for each reason, as its describe() prints them: key (text).
export const REFUSAL_TEXT = {
  Malformed: 'malformed (格式错误)',
  Unsupported: 'unsupported (版本或算法不支持)',
  Unsigned: 'unsigned (未签名)',
  BadSignature: 'bad-signature (设备签名无效)',
  TooLarge: 'too-large (超过大小限制)',
  Tampered: 'tampered (内容被篡改)',
  NotForYou: 'not-for-you (不是发给本部门的)',
  CannotOpen: 'cannot-open (无法解密)',
};

export class EnvelopeError extends Error {
  constructor(reason, detail = '') {
    super(REFUSAL_TEXT[reason] + (detail ? ': ' + detail : ''));
    this.name = 'EnvelopeError';
    this.reason = reason;
    this.detail = detail;
  }
}

export class ReceiptError extends Error {
  constructor(reason, detail = '') {
    super(reason + (detail ? ': ' + detail : ''));
    this.name = 'ReceiptError';
    this.reason = reason;
    this.detail = detail;
  }
}

// ---------------------------------------------------------------------------------------------
// Bytes helpers

const enc = new TextEncoder();
const utf8 = new TextDecoder('utf-8', { fatal: true });
const ascii = (s) => enc.encode(s);

function concat(...arrays) {
  let n = 0;
  for (const a of arrays) n += a.length;
  const out = new Uint8Array(n);
  let at = 0;
  for (const a of arrays) {
    out.set(a, at);
    at += a.length;
  }
  return out;
}

function equal(a, b) {
  if (a.length !== b.length) return false;
  let d = 0;
  for (let i = 0; i < a.length; i++) d |= a[i] ^ b[i];
  return d === 0;
}

function u32le(n) {
  return Uint8Array.of(n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff);
}

function u64le(n) {
  const out = new Uint8Array(8);
  let v = BigInt(n);
  for (let i = 0; i < 8; i++) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

export const toHex = (b) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
const toBytes = (b) => (b instanceof Uint8Array ? b : new Uint8Array(b));

// §2: BLAKE2b-256 (unkeyed), key ids = first 8 bytes of BLAKE2b-256(public key).
export const blake2b256 = (x) => sodium.crypto_generichash(32, x, null);
export const keyIdOf = (pk) => blake2b256(pk).slice(0, 8);

// ---------------------------------------------------------------------------------------------
// Protobuf wire decoding (§3): varints and length-delimited fields only.

class WireError extends Error {}

function readVarint(buf, at) {
  let result = 0n;
  for (let i = 0; i < 10; i++) {
    if (at + i >= buf.length) throw new WireError('varint runs past the end');
    const b = buf[at + i];
    if (i === 9 && b > 1) throw new WireError('varint over 64 bits');
    result |= BigInt(b & 0x7f) << BigInt(7 * i);
    if ((b & 0x80) === 0) return [result, at + i + 1];
  }
  throw new WireError('varint longer than 10 bytes');
}

// Returns Map<fieldNumber, Array<{wire, value}>>; value is a BigInt (wire 0) or a Uint8Array
// (wire 2); fixed32/64 are kept as bytes and never used by these messages.
function decodeFields(buf) {
  const fields = new Map();
  let at = 0;
  while (at < buf.length) {
    let key;
    [key, at] = readVarint(buf, at);
    const number = Number(key >> 3n);
    const wire = Number(key & 7n);
    if (number === 0) throw new WireError('field number 0');
    if (key >> 3n > 0x1fffffffn) throw new WireError('field number too large');
    let value;
    if (wire === 0) {
      [value, at] = readVarint(buf, at);
    } else if (wire === 2) {
      let len;
      [len, at] = readVarint(buf, at);
      if (len > BigInt(buf.length - at)) throw new WireError('length runs past the end');
      value = buf.subarray(at, at + Number(len));
      at += Number(len);
    } else if (wire === 1) {
      if (at + 8 > buf.length) throw new WireError('fixed64 runs past the end');
      value = buf.subarray(at, at + 8);
      at += 8;
    } else if (wire === 5) {
      if (at + 4 > buf.length) throw new WireError('fixed32 runs past the end');
      value = buf.subarray(at, at + 4);
      at += 4;
    } else {
      // Groups (3/4) are never written; wire types 6 and 7 do not exist.
      throw new WireError('unsupported wire type ' + wire);
    }
    if (!fields.has(number)) fields.set(number, []);
    fields.get(number).push({ wire, value });
  }
  return fields;
}

// A message schema: field number → [name, type, repeated?]. Types: uint32, uint64, int64, bytes,
// string, or a nested schema. Unknown fields and known fields of the wrong wire type are skipped;
// the last occurrence of a singular field wins.
function decodeMessage(buf, schema) {
  const fields = decodeFields(buf);
  const out = {};
  for (const [number, [name, type, repeated]] of Object.entries(schema)) {
    const wantWire = typeof type === 'string' && ['uint32', 'uint64', 'int64'].includes(type) ? 0 : 2;
    const records = (fields.get(Number(number)) || []).filter((r) => r.wire === wantWire);
    const convert = (r) => {
      switch (type) {
        case 'uint32': return Number(BigInt.asUintN(32, r.value));
        case 'uint64': return BigInt.asUintN(64, r.value);
        case 'int64': return BigInt.asIntN(64, r.value);
        case 'bytes': return r.value;
        case 'string':
          try {
            return utf8.decode(r.value);
          } catch {
            throw new WireError(`field ${name} is not valid UTF-8`);
          }
        default: return decodeMessage(r.value, type);
      }
    };
    if (repeated) {
      out[name] = records.map(convert);
    } else if (records.length) {
      out[name] = convert(records[records.length - 1]);
    } else {
      out[name] = { uint32: 0, uint64: 0n, int64: 0n, bytes: new Uint8Array(0), string: '' }[type] ?? decodeMessage(new Uint8Array(0), type);
    }
  }
  return out;
}

const PartHeader = {
  1: ['department', 'string'],
  2: ['recipient_key_id', 'bytes'],
  3: ['sealed_key', 'bytes'],
  4: ['nonce_prefix', 'bytes'],
  5: ['chunks', 'uint32'],
  6: ['ciphertext_size', 'uint64'],
  7: ['tag_digest', 'bytes'],
  8: ['padded_size', 'uint64'],
};
const EnvelopeHeader = {
  1: ['version', 'uint32'],
  2: ['suite', 'string'],
  3: ['submission_id', 'bytes'],
  4: ['kind', 'string'],
  5: ['form', 'string'],
  6: ['form_version', 'uint32'],
  7: ['item', 'string'],
  8: ['created_at', 'int64'],
  9: ['device_key_id', 'bytes'],
  10: ['device_public_key', 'bytes'],
  // 11 is reserved (an earlier draft's envelope-wide size class); like any unknown field, refused.
  12: ['parts', PartHeader, true],
};
const Envelope = {
  1: ['header', 'bytes'],
  2: ['signature', 'bytes'],
  3: ['parts', 'bytes', true],
};
const AttachmentInfo = {
  1: ['name', 'string'],
  2: ['mime', 'string'],
  3: ['size', 'uint64'],
  4: ['chunks', 'uint32'],
};
const AssistanceRecord = {
  1: ['staff_credential', 'string'],
  2: ['statement', 'bytes'],
  3: ['signature', 'bytes'],
};
const PartContent = {
  1: ['data_json', 'string'],
  2: ['attachments', AttachmentInfo, true],
  3: ['identity', 'bytes'],
  4: ['assistance', AssistanceRecord],
};
const Signed = {
  1: ['format', 'string'],
  2: ['format_version', 'uint32'],
  3: ['suite', 'string'],
  4: ['key_id', 'bytes'],
  5: ['body', 'bytes'],
  6: ['signature', 'bytes'],
};
const Receipt = {
  1: ['submission_id', 'bytes'],
  2: ['received_at', 'int64'],
  3: ['envelope_digest', 'bytes'],
  4: ['intake', 'string'],
  5: ['departments', 'string', true],
  6: ['kind', 'string'],
};

export function parse(buf, schema) {
  return decodeMessage(toBytes(buf), schema);
}

// §3 reader rules: exactly the writer's encoding, or a WireError saying what and where. Fields in
// increasing number order, each singular one at most once and never with its default value, only
// known fields with their own wire type, every varint shortest, uint32 within 32 bits.
export function checkCanonical(input, schema) {
  const buf = toBytes(input);
  let at = 0, last = 0;
  const shortest = (from, what) => {
    const [v, next] = readVarint(buf, from);
    if (next - from > 1 && buf[next - 1] === 0) throw new WireError(`${what} at byte ${from}: a varint not in its shortest form`);
    return [v, next];
  };
  while (at < buf.length) {
    const start = at;
    let key;
    [key, at] = shortest(at, 'field tag');
    if (key > 0xffffffffn) throw new WireError(`field tag above 2^32 at byte ${start}`);
    const number = Number(key >> 3n), wire = Number(key & 7n);
    if (number === 0) throw new WireError(`field number 0 at byte ${start}`);
    if (!(number in schema)) throw new WireError(`unknown field ${number} at byte ${start}`);
    const [name, type, repeated] = schema[number];
    if (number < last) throw new WireError(`field ${number} (${name}) after field ${last} (out of order) at byte ${start}`);
    if (number === last && !repeated) throw new WireError(`field ${number} (${name}) written twice at byte ${start}`);
    const numeric = ['uint32', 'uint64', 'int64'].includes(type);
    if (wire !== (numeric ? 0 : 2)) throw new WireError(`field ${number} (${name}) of wire type ${wire} at byte ${start}`);
    let v;
    [v, at] = shortest(at, `field ${number} (${name})`);
    if (numeric) {
      if (type === 'uint32' && v > 0xffffffffn) throw new WireError(`field ${number} (${name}): more than 32 bits at byte ${start}`);
    } else {
      if (v > BigInt(buf.length - at)) throw new WireError(`field ${number} (${name}): its length runs past the end`);
      if (typeof type === 'object') checkCanonical(buf.subarray(at, at + Number(v)), type);
      at += Number(v);
    }
    if (v === 0n && !repeated && typeof type !== 'object')
      throw new WireError(`field ${number} (${name}) written with its default value at byte ${start}`);
    last = number;
  }
}

// parse(), in the canonical encoding only (§3).
export function parseCanonical(buf, schema) {
  checkCanonical(buf, schema);
  return parse(buf, schema);
}
export const schemas = { Envelope, EnvelopeHeader, PartHeader, PartContent, AttachmentInfo, AssistanceRecord, Signed, Receipt };

// ---------------------------------------------------------------------------------------------
// The envelope (§4–§8)

const VERSION = 1;
const SUITE = 'tongban-seal-v1';
const CHUNK = 65536;
const TAG = 16;
const MAX_PARTS = 16;
const MIN_PART_BYTES = 4096n;
const MAX_PART_BYTES = 256n * 1024n * 1024n;       // padded plaintext of one part
export const MAX_ENVELOPE_BYTES = 2 ** 31 - 1;      // protobuf's message limit
const SIGN_DOMAIN = concat(ascii('tongban-envelope-v1'), Uint8Array.of(0));
const CHUNK_AD_PREFIX = ascii('tongban-chunk-v1');

// §6.1: Padmé with a 4 KiB floor. For n > 4096: E = floor(log2 n), S = floor(log2 E),
// round n up to a multiple of 2^(E − S − 1). Takes and returns a BigInt (or a Number → Number).
export function paddedSizeFor(n) {
  const big = typeof n === 'bigint';
  const v = BigInt(n);
  let out;
  if (v <= 4096n) {
    out = 4096n;
  } else {
    const e = v.toString(2).length - 1;               // floor(log2 n)
    const s = e.toString(2).length - 1;               // floor(log2 e)
    const mask = (1n << BigInt(e - (s + 1))) - 1n;
    out = (v + mask) & ~mask;
  }
  return big ? out : Number(out);
}

function isPaddedSize(p) {
  return p >= MIN_PART_BYTES && p <= MAX_PART_BYTES && paddedSizeFor(p) === p;
}

// §3.1: the outer Envelope must be exactly what a writer emits: field 1, field 2, then one field 3
// per part, each once and in that order, shortest lengths, nothing else — the §3 rules for Envelope.
export function isCanonicalLayout(bytes) {
  try {
    checkCanonical(bytes, Envelope);
    return true;
  } catch (e) {
    if (e instanceof WireError) return false;
    throw e;
  }
}

// §6.4
function chunkNonce(prefix, j) {
  return concat(prefix, u64le(j));
}
function chunkAd(submissionId, partIndex, final) {
  return concat(CHUNK_AD_PREFIX, submissionId, u32le(partIndex), Uint8Array.of(final ? 1 : 0));
}

// §8 steps 1–11: everything that can be checked without a department key.
export function inspectEnvelope(input, { maxBytes = 2 ** 32 } = {}) {
  const bytes = toBytes(input);
  if (bytes.length > maxBytes || bytes.length > MAX_ENVELOPE_BYTES) throw new EnvelopeError('TooLarge', `${bytes.length} bytes`);
  let env;
  try {
    if (bytes.length === 0) throw new WireError('empty');
    env = parse(bytes, Envelope);
  } catch (e) {
    if (e instanceof WireError) throw new EnvelopeError('Malformed', 'not an envelope');
    throw e;
  }
  if (env.signature.length === 0) throw new EnvelopeError('Unsigned');
  // The outer envelope is not signed: only its exact canonical form is accepted, so a copy with
  // fields added, repeated or reordered cannot pass for the submission (the receipt's digest
  // names the exact bytes).
  try {
    checkCanonical(bytes, Envelope);
  } catch (e) {
    if (e instanceof WireError) throw new EnvelopeError('Malformed', 'not in canonical form: ' + e.message);
    throw e;
  }
  let h;
  try {
    h = parse(env.header, EnvelopeHeader);
  } catch (e) {
    if (e instanceof WireError) throw new EnvelopeError('Malformed', 'header does not parse');
    throw e;
  }
  // §8 step 6 before the header's canonical encoding (step 7): another suite may add fields.
  if (h.version !== VERSION || h.suite !== SUITE)
    throw new EnvelopeError('Unsupported', `version ${h.version}, suite '${h.suite}'`);
  try {
    checkCanonical(env.header, EnvelopeHeader);
  } catch (e) {
    if (e instanceof WireError) throw new EnvelopeError('Malformed', 'header does not parse: ' + e.message);
    throw e;
  }
  if (h.submission_id.length !== 16 || h.device_key_id.length !== 8 || h.device_public_key.length !== 32 ||
      env.signature.length !== 64)
    throw new EnvelopeError('Malformed', 'id, key or signature of the wrong size');
  if (!equal(keyIdOf(h.device_public_key), h.device_key_id))
    throw new EnvelopeError('BadSignature', 'device key id does not match its public key');
  let ok = false;
  try {
    ok = sodium.crypto_sign_verify_detached(env.signature, concat(SIGN_DOMAIN, env.header), h.device_public_key);
  } catch {
    ok = false;
  }
  if (!ok) throw new EnvelopeError('BadSignature', 'the signature does not verify over the header');
  if (h.parts.length === 0 || h.parts.length > MAX_PARTS || env.parts.length !== h.parts.length)
    throw new EnvelopeError('Tampered', 'parts do not match the header');
  h.parts.forEach((ph, i) => {
    const ct = env.parts[i];
    const sc = ph.padded_size;
    if (!isPaddedSize(sc)) throw new EnvelopeError('Malformed', `part ${i} padded size`);
    for (let j = 0; j < i; j++)
      if (equal(h.parts[j].recipient_key_id, ph.recipient_key_id))
        throw new EnvelopeError('Malformed', 'two parts sealed to one key');
    const scN = Number(sc);
    const chunks = Math.ceil(scN / CHUNK);
    if (ph.recipient_key_id.length !== 8 || ph.sealed_key.length !== 80 || ph.nonce_prefix.length !== 16 ||
        ph.chunks !== chunks || ph.ciphertext_size !== BigInt(scN + chunks * TAG) || ph.tag_digest.length !== 32)
      throw new EnvelopeError('Malformed', `part ${i} header fields`);
    if (BigInt(ct.length) !== ph.ciphertext_size) throw new EnvelopeError('Tampered', `part ${i} size`);
    const tags = new Uint8Array(chunks * TAG);
    let at = 0;
    for (let j = 0; j < chunks; j++) {
      const n = Math.min(CHUNK, scN - j * CHUNK);
      at += n;
      tags.set(ct.subarray(at, at + TAG), j * TAG);
      at += TAG;
    }
    if (!equal(blake2b256(tags), ph.tag_digest)) throw new EnvelopeError('Tampered', `part ${i} ciphertext`);
  });
  return { header: h, parts: env.parts, digest: blake2b256(bytes) };
}

// §8 steps 12–17: the department's side.
export function openEnvelope(input, departmentSecretKey32, departmentPublicKey32, { maxBytes = 2 ** 32 } = {}) {
  const sk = toBytes(departmentSecretKey32), pk = toBytes(departmentPublicKey32);
  const { header: h, parts, digest } = inspectEnvelope(input, { maxBytes });
  if (sk.length !== 32 || pk.length !== 32 || !equal(sodium.crypto_scalarmult_base(sk), pk))
    throw new EnvelopeError('CannotOpen', "needs a department's x25519-seal key pair (secret and public halves)");
  const kid = keyIdOf(pk);
  const index = h.parts.findIndex((ph) => equal(ph.recipient_key_id, kid));  // unique: step 11b
  if (index < 0) throw new EnvelopeError('NotForYou', `no part is sealed to key ${toHex(kid)}`);
  const ph = h.parts[index];
  let key;
  try {
    key = sodium.crypto_box_seal_open(ph.sealed_key, pk, sk);
  } catch {
    throw new EnvelopeError('CannotOpen', 'part key');
  }
  if (!key || key.length !== 32) throw new EnvelopeError('CannotOpen', 'part key');
  const sc = Number(ph.padded_size);
  const chunks = Math.ceil(sc / CHUNK);
  const ct = parts[index];
  const plain = new Uint8Array(sc);
  try {
    let inAt = 0, outAt = 0;
    for (let j = 0; j < chunks; j++) {
      const n = Math.min(CHUNK, sc - j * CHUNK);
      let p;
      try {
        p = sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(
          null, ct.subarray(inAt, inAt + n + TAG), chunkAd(h.submission_id, index, j + 1 === chunks),
          chunkNonce(ph.nonce_prefix, j), key);
      } catch {
        throw new EnvelopeError('CannotOpen', `chunk ${j}`);
      }
      plain.set(p, outAt);
      sodium.memzero(p);
      inAt += n + TAG;
      outAt += n;
    }
  } finally {
    sodium.memzero(key);
  }
  const len = (plain[0] | (plain[1] << 8) | (plain[2] << 16) | (plain[3] << 24)) >>> 0;
  if (4 + len > sc) throw new EnvelopeError('Malformed', 'content length');
  let content;
  try {
    content = parseCanonical(plain.subarray(4, 4 + len), PartContent);
  } catch (e) {
    if (e instanceof WireError) throw new EnvelopeError('Malformed', 'content does not parse: ' + e.message);
    throw e;
  }
  let at = 4 + len;
  const attachments = [];
  for (const a of content.attachments) {
    if (a.size > BigInt(sc - at)) throw new EnvelopeError('Malformed', 'attachment sizes');
    const size = Number(a.size);
    attachments.push({ name: a.name, mime: a.mime, size, bytes: plain.slice(at, at + size) });
    at += size;
  }
  if (plain.subarray(at).some((b) => b !== 0)) throw new EnvelopeError('Malformed', 'padding is not zero');  // step 18
  let data;
  try {
    data = JSON.parse(content.data_json);
  } catch {
    data = content.data_json;  // as `tongban open`: not JSON → the text itself
  }
  return {
    submission_id: toHex(h.submission_id),
    department: ph.department,
    kind: h.kind,
    form: h.form,
    form_version: h.form_version,
    item: h.item,
    created_at: Number(h.created_at),
    device: toHex(h.device_key_id),
    data,
    data_json: content.data_json,
    attachments,
    part_index: index,
    departments: h.parts.map((p) => p.department),
    padded_size: sc,
    stream_length: at,  // 4 + L + Σ attachment sizes: what was padded to padded_size
    header: h,
    digest,
  };
}

// ---------------------------------------------------------------------------------------------
// Receipts (§9)

const SIG_DOMAIN = ascii('tongban-sig-v1');
const RECEIPT_FORMAT = 'tongban.receipt';

export function verifyReceipt(input, intakePublicKey32, { submissionId, envelopeDigest } = {}) {
  const bytes = toBytes(input), pk = toBytes(intakePublicKey32);
  let doc;
  try {
    doc = parseCanonical(bytes, Signed);
  } catch (e) {
    if (e instanceof WireError) throw new ReceiptError('回执格式错误 (malformed receipt)', e.message);
    throw e;
  }
  if (doc.signature.length === 0 || doc.key_id.length === 0) throw new ReceiptError('unsigned (未签名)');
  if (doc.format !== RECEIPT_FORMAT)
    throw new ReceiptError('wrong kind of document (文件类型不符)', `expected '${RECEIPT_FORMAT}', got '${doc.format}'`);
  if (doc.format_version === 0 || doc.format_version > 1)
    throw new ReceiptError('unsupported format version (格式版本不支持)', `version ${doc.format_version}`);
  if (doc.suite !== 'ed25519-v1') throw new ReceiptError('unknown crypto suite (算法不支持)', `'${doc.suite}'`);
  if (pk.length !== 32 || !equal(doc.key_id, keyIdOf(pk)))
    throw new ReceiptError('unknown issuer (签发方不受信任)', `key ${toHex(doc.key_id)}`);
  const message = concat(SIG_DOMAIN, Uint8Array.of(0), ascii(doc.format), Uint8Array.of(0), u32le(doc.format_version), doc.body);
  let ok = false;
  try {
    ok = doc.signature.length === 64 && sodium.crypto_sign_verify_detached(doc.signature, message, pk);
  } catch {
    ok = false;
  }
  if (!ok) throw new ReceiptError('bad signature: tampered or forged (签名无效，内容可能被篡改)');
  let r;
  try {
    r = parseCanonical(doc.body, Receipt);
  } catch (e) {
    if (e instanceof WireError) throw new ReceiptError('回执格式错误 (malformed receipt body)', e.message);
    throw e;
  }
  if (submissionId !== undefined && !equal(r.submission_id, toBytes(submissionId)))
    throw new ReceiptError('回执不属于这次提交 (not for this submission)');
  if (envelopeDigest !== undefined && !equal(r.envelope_digest, toBytes(envelopeDigest)))
    throw new ReceiptError('回执与提交的内容不一致 (not for this content)');
  return {
    submission_id: toHex(r.submission_id),
    received_at: Number(r.received_at),
    envelope_digest: toHex(r.envelope_digest),
    intake: r.intake,
    departments: r.departments,
    kind: r.kind,
    key_id: toHex(doc.key_id),
  };
}

// §9.4: Base45 (RFC 9285), strict.
const B45 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';

export function base45Decode(text) {
  const v = [];
  for (let i = 0; i < text.length; i++) {
    const x = B45.indexOf(text[i]);
    if (x < 0) throw new Error(`base45: invalid character ${JSON.stringify(text[i])} at offset ${i}`);
    v.push(x);
  }
  if (v.length % 3 === 1) throw new Error('base45: dangling single character at the end');
  const out = [];
  let i = 0;
  for (; i + 3 <= v.length; i += 3) {
    const n = v[i] + v[i + 1] * 45 + v[i + 2] * 45 * 45;
    if (n > 0xffff) throw new Error(`base45: group at offset ${i} has value ${n}, more than 65535`);
    out.push(n >> 8, n & 0xff);
  }
  if (i < v.length) {
    const n = v[i] + v[i + 1] * 45;
    if (n > 0xff) throw new Error(`base45: final group at offset ${i} has value ${n}, more than 255`);
    out.push(n);
  }
  return Uint8Array.from(out);
}

export function receiptFromCode(code) {
  if (!code.startsWith('TBR1:')) throw new ReceiptError('not a receipt code (expected TBR1:)');
  return base45Decode(code.slice(5));
}

// ---------------------------------------------------------------------------------------------
// Key files (§2.2)

export function parseKeyFile(text) {
  const f = {};
  for (let line of text.split('\n')) {
    if (line.endsWith('\r')) line = line.slice(0, -1);
    if (line === '' || line.startsWith('#')) continue;
    const c = line.indexOf(': ');
    if (c < 0) throw new Error(`key file: expected 'key: value', got ${JSON.stringify(line)}`);
    f[line.slice(0, c)] = line.slice(c + 2);
  }
  if (f['tongban-key'] !== '1') throw new Error('not a tongban key file (no "tongban-key: 1")');
  const b64 = (s) => sodium.from_base64(s, sodium.base64_variants.ORIGINAL);
  const publicKey = b64(f.public || '');
  if (publicKey.length !== 32) throw new Error('key file: public key must be 32 bytes');
  if (toHex(keyIdOf(publicKey)) !== f.id) throw new Error('key file: id does not match the public key');
  const out = { kind: f.kind, name: f.name, id: f.id, publicKey };
  if (f.secret) {
    const secretKey = b64(f.secret);
    const derived = f.kind === 'x25519-seal' ? sodium.crypto_scalarmult_base(secretKey) : secretKey.slice(32, 64);
    if (secretKey.length !== (f.kind === 'x25519-seal' ? 32 : 64) || !equal(derived, publicKey))
      throw new Error('key file: secret key does not match the public key');
    out.secretKey = secretKey;
  }
  return out;
}
