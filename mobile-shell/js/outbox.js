// The phone's outbox: sealed envelopes wait in the host's store (`env:<id>`) until the city's intake has
// answered with a signed receipt. The core decides (outbox.* ops: what is due, backoff, receipt
// checks, one item per submission id); this file only carries out its effects, in order:
//   store       put the envelope (before the index that lists it: a crash in between leaves an
//               orphan that adopt() picks up at the next start — nothing is lost)
//   save_index  the index, sealed at rest with the data key
//   send        upload it (resumable for large envelopes) and report the intake's answer
//   delete      drop the envelope once its receipt is held
import { bridge } from './bridge.js';
import { call, callBytes, callCopy, b64 } from './core.js';
import { utf8, fromUtf8 } from './bytes.js';

const LARGE = 1 << 20;      // envelopes above this go up in resumable pieces
const PIECE = 512 * 1024;
const listeners = new Set();
const uploadListeners = new Set();
let ready = null;
let timer = null;
let pending = null;  // the envelope bytes of the item just enqueued (its store effect)

export function onOutboxChange(fn) { listeners.add(fn); return () => listeners.delete(fn); }
// A large envelope's resumable upload: fn(bytesTheIntakeHas) after every piece.
export function onUploadProgress(fn) { uploadListeners.add(fn); return () => uploadListeners.delete(fn); }

async function notify() {
  const r = await call('outbox.items', { now: Date.now() });
  for (const fn of listeners) fn(r);
  return r;
}

async function saveIndex() {
  const { bytes } = await callCopy('outbox.index', { key: b64(await bridge.dataKey()), nonce: b64(bridge.randomBytes(24)) });
  await bridge.store.put('outbox:index', bytes);
}

// Restores the outbox at start: the index (sealed), then any envelope stored but missing from it.
export function outboxReady() {
  if (!ready) {
    ready = (async () => {
      const trust = await bridge.assetText('data/intake.pub');
      await call('outbox.trust', { keys: [trust] });
      const key = b64(await bridge.dataKey());
      const sealed = await bridge.store.get('outbox:index');
      let r;
      if (sealed) {
        try {
          r = (await callCopy('outbox.restore', { key }, 'items', sealed)).reply;
        } catch (e) {
          // A damaged index must not lose envelopes: start empty and adopt every stored one.
          console.warn('outbox index unreadable, rebuilding from stored envelopes:', e.message);
          r = await call('outbox.restore', { key });
        }
      } else {
        r = await call('outbox.restore', { key });
      }
      const known = new Set(r.items.map((it) => it.id));
      for (const k of await bridge.store.keys('env:')) {
        if (known.has(k.slice(4))) continue;
        const env = await bridge.store.get(k);
        if (env) await perform((await callCopy('outbox.adopt', { now: Date.now() }, 'effects', env)).reply.effects);
      }
      bridge.onConnectivityChange((online) => { if (online) pump(); });
      pump();
      return true;
    })();
  }
  return ready;
}

async function perform(effects) {
  for (const e of effects) {
    if (e.kind === 'store') await bridge.store.put(`env:${e.id}`, pending);
    else if (e.kind === 'save_index') await saveIndex();
    else if (e.kind === 'delete') await bridge.store.remove(`env:${e.id}`);
    else if (e.kind === 'send') send(e.id);  // runs on; reports back through outbox.sent
  }
}

// Hands a freshly sealed envelope to the outbox (its bytes are stored before the index).
export async function enqueued(reply, envelope) {
  pending = envelope;
  try {
    await perform(reply.effects);
  } finally {
    pending = null;
  }
  await notify();
  pump();
}

// Asks the core what is due and sends it; sleeps until the next retry.
export async function pump() {
  clearTimeout(timer);
  const r = await call('outbox.tick', { now: Date.now(), online: bridge.isOnline() });
  await perform(r.effects);
  const items = await notify();
  if (items.due_in_ms >= 0) timer = setTimeout(pump, Math.max(500, items.due_in_ms));
}

// A request to the intake signed by this install's device key (docs/INTAKE.md, "Signed requests"):
// uploads, status queries and the registration belong to the device that signs them.
export async function signedHttp(method, path, body = null, contentType = 'application/octet-stream') {
  const { seed } = await deviceIdentity();
  const args = { seed, method, target: `/${path}`, now: Math.floor(Date.now() / 1000) };
  const { headers } = body ? await callBytes('request.sign', body, args) : await call('request.sign', args);
  return bridge.http(method, path, body, contentType, headers);
}

// The intake accepts envelopes only from registered devices. The phone registers its key once
// (here: the demo intake's open registration; a city ties it to the resident's login).
async function registerDevice() {
  const id = await deviceIdentity();
  const body = JSON.stringify({ public_key: id.public_key, kind: 'phone' });
  const r = await signedHttp('POST', 'api/v1/devices', utf8(body), 'application/json');
  const ok = r.status === 200 || r.status === 201;
  if (ok) bridge.setPreference('device-registered', id.id);
  return ok;
}
export async function ensureRegistered() {
  const id = await deviceIdentity();
  if (bridge.getPreference('device-registered') !== id.id) await registerDevice();
}

// Uploads an envelope: in one request, or in resumable pieces (a dropped connection resumes where
// the intake says it is). Resolves with the final HTTP answer; rejects when the network is gone.
async function upload(id, env) {
  if (env.length <= LARGE) return bridge.http('POST', 'api/v1/submissions', env);
  const at = async () => {
    const r = await signedHttp('GET', `api/v1/uploads/${id}`);
    return r.status === 200 ? JSON.parse(fromUtf8(r.bytes)).received : 0;
  };
  let have = await at();
  while (have < env.length) {
    const piece = env.subarray(have, Math.min(env.length, have + PIECE));
    const r = await signedHttp('PUT', `api/v1/uploads/${id}?offset=${have}`, piece);
    if (r.status !== 200 && r.status !== 409) return r;
    have = JSON.parse(fromUtf8(r.bytes)).received;
    for (const fn of uploadListeners) fn(have);
  }
  return signedHttp('POST', `api/v1/uploads/${id}/complete`);
}

async function send(id) {
  const env = await bridge.store.get(`env:${id}`);
  let result;
  if (!env) {
    result = { result: 'refused', reason: '本机已找不到这份申请的加密数据' };
  } else {
    try {
      await ensureRegistered();
      let r = await upload(id, env);
      if (r.status === 403 && (await registerDevice())) r = await upload(id, env);
      const text = () => fromUtf8(r.bytes);
      if (r.status === 200 || r.status === 201) result = { result: 'receipt', receipt: b64(r.bytes) };
      else if (r.status === 429 || r.status >= 500) result = { result: 'transient', reason: `服务繁忙（${r.status}）` };
      else result = { result: 'refused', reason: text() || `HTTP ${r.status}` };
    } catch (e) {
      result = { result: 'transient', reason: '网络不可用，恢复后自动提交' };
    }
  }
  const r = await call('outbox.sent', { id, ...result, now: Date.now() });
  await perform(r.effects);
  await notify();
  pump();
}

// Asks the intake how submitted items are doing: 已受理 once the department took them up, 退回
// when it sent one back to be corrected (after or instead of accepting it).
const STATUS_OPS = { accepted: 'outbox.accepted', returned: 'outbox.returned' };
export async function refreshStatuses() {
  await outboxReady();
  if (!bridge.isOnline()) return;
  const { items } = await call('outbox.items', { now: Date.now() });
  for (const it of items.filter((x) => x.status === 1 || x.status === 2)) {
    try {
      const r = await signedHttp('GET', `api/v1/submissions/${it.id}`);
      if (r.status !== 200) continue;
      const op = STATUS_OPS[JSON.parse(fromUtf8(r.bytes)).status];
      if (op) await perform((await call(op, { id: it.id })).effects);
    } catch { return; }
  }
  await notify();
}

// The phone install's device key: a seed made once, kept sealed at rest; the core derives the key.
let identity = null;
export async function deviceIdentity() {
  if (identity) return identity;
  const key = b64(await bridge.dataKey());
  let sealed = await bridge.store.get('device:seed');
  let seed;
  if (sealed) {
    seed = (await callBytes('open.at_rest', sealed, { key, context: 'device-seed' })).text;
  } else {
    seed = b64(bridge.randomBytes(32));
    sealed = (await callCopy('seal.at_rest', { key, nonce: b64(bridge.randomBytes(24)), text: seed, context: 'device-seed' })).bytes;
    await bridge.store.put('device:seed', sealed);
  }
  const k = await call('device.key', { seed });
  identity = { seed, id: k.id, public_key: k.public_key };
  return identity;
}

