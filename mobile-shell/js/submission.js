// Sealing a submission and handing it to the outbox, shared by the H5 shell (submit.js) and the
// mini-program: the core seals (each department can open only its own part), attachments are
// streamed in slices from their sealed copies with progress, the outbox sends now or later.
import { bridge } from './bridge.js';
import { call, callBytes, callCopy, b64 } from './core.js';
import { ensureGuides } from './guides-store.js';
import { outboxReady, enqueued, deviceIdentity } from './outbox.js';

const SLICE = 256 * 1024;

// Seals `kind` (application: the open form) and hands it to the outbox. Returns {id, departments}.
export async function sealAndQueue(kind, extra, title, progress) {
  await Promise.all([ensureGuides(), outboxReady()]);
  const device = await deviceIdentity();
  const begin = await call('submit.begin', {
    kind, seed: device.seed, entropy: b64(bridge.randomBytes(512)), now: Date.now(), title, ...extra,
  });
  try {
    const key = b64(await bridge.dataKey());
    for (const a of begin.attachments) {
      const sealed = await bridge.store.get(a.ref);
      if (!sealed) throw new Error(`附件“${a.name}”已不在本机，请重新上传`);
      const { bytes } = await callCopy('open.at_rest', { key, context: `attachment:${a.ref.slice(4)}`, binary: true }, 'bytes', sealed);
      for (let at = 0; at < bytes.length; at += SLICE) {
        const r = await callBytes('submit.write', bytes.subarray(at, at + SLICE), { part: a.part });
        if (progress) progress.set(r.written, r.total, '正在加密附件');
      }
    }
    const { reply, bytes } = await callCopy('submit.finish', { title }, 'envelope');
    await enqueued(reply, bytes);
    return { id: reply.id, departments: begin.departments };
  } catch (e) {
    await call('submit.cancel').catch(() => {});
    throw e;
  }
}
