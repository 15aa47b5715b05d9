// The phone's guide catalogue: which bundle is installed, and how it is updated.
//   1. Load the installed bundle (the host's store) or, the first time or when the app ships a newer
//      one, the one packaged with the app.
//   2. When online, read data/updates.json; apply the delta made for the installed version if the
//      publisher has one, else the newer whole bundle. The core verifies everything (signature,
//      integrity, no rollback, right base); only then is the new bundle written, in one atomic
//      store put. Until that write completes the old bundle stays installed.
import { bridge } from './bridge.js';
import { call, callCopy, stage } from './core.js';

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
      const packaged = await bridge.asset('data/guides.tbg');
      // The catalogue installed by an update, unless the app ships a newer one (an app update):
      // their signed manifests are compared first, and only the newer is opened — the core keeps
      // one catalogue, read in place (a city's is ~19 MB).
      if (stored) {
        try {
          await stage(packaged);
          const shipped = await call('guide.peek', { staged: true, trust: keys }).catch(() => null);
          await stage(stored);
          const installed = await call('guide.peek', { staged: true, trust: keys });
          if (!shipped || installed.version > shipped.version) info = await call('guide.load', { staged: true, trust: keys });
        } catch (e) { guideInfo.lastError = e.message; }
      }
      if (!info) {
        await stage(packaged);
        info = await call('guide.load', { staged: true, trust: keys });
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
