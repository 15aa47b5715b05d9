// The phone's guide catalogue: which bundle is installed, and how it is updated.
//   1. Load the installed bundle (the host's store) or, the first time, the one packaged with the app.
//   2. When online, read data/updates.json; apply the delta made for the installed version if the
//      publisher has one, else the newer whole bundle. The core verifies everything (signature,
//      integrity, no rollback, right base); only then is the new bundle written, in one atomic
//      store put. Until that write completes the old bundle stays installed.
import { bridge } from './bridge.js';
import { call, callBytes, callCopy } from './core.js';

const KEY = 'guides.tbg';
let loading = null;
export const guideInfo = { city: '', version: 0, items: 0, updatedFrom: null, lastError: null };

async function trust() {
  return [await bridge.assetText('data/guide-issuer.pub')];
}

// Applies an update in the core and stores the bundle it hands back (copied in the same turn).
async function update(bytes) {
  const { reply, bytes: bundle } = await callCopy('guide.update', {}, 'bundle', bytes);
  await bridge.store.put(KEY, bundle);
  return reply;
}

export function ensureGuides() {
  if (!loading) {
    loading = (async () => {
      const keys = await trust();
      let info = null;
      const stored = await bridge.store.get(KEY).catch(() => null);
      if (stored) {
        try { info = await callBytes('guide.load', stored, { trust: keys }); } catch (e) { guideInfo.lastError = e.message; }
      }
      const packaged = await bridge.asset('data/guides.tbg');
      if (!info) {
        info = await callBytes('guide.load', packaged, { trust: keys });
      } else {
        // An app update may ship a newer catalogue than the one installed: take it if so.
        try { await update(packaged); } catch { /* not newer: keep */ }
      }
      Object.assign(guideInfo, await call('guide.home').then((h) => ({ city: h.city, version: h.version })), { items: info.items });
      return guideInfo;
    })();
  }
  return loading;
}

// Checks the publisher for a newer catalogue; resolves with the new version or null.
export async function checkForUpdate() {
  await ensureGuides();
  if (!bridge.isOnline()) return null;
  let updates;
  try {
    updates = JSON.parse(await bridge.fetchText('data/updates.json', { cache: 'no-store' }));
  } catch {
    return null;  // nothing published
  }
  if (!updates.version || updates.version <= guideInfo.version) return null;
  const delta = updates.deltas && updates.deltas[String(guideInfo.version)];
  const url = delta ? `data/${delta}` : `data/${updates.bundle}`;
  const bytes = await bridge.fetchBytes(url, { cache: 'no-store' });
  const reply = await update(bytes);  // throws with the refusal's reason
  guideInfo.updatedFrom = guideInfo.version;
  guideInfo.version = reply.version;
  guideInfo.items = reply.items;
  return { version: reply.version, viaDelta: !!delta, bytes: bytes.length };
}
