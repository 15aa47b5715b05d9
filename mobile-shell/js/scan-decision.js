// What a scanned text opens, for both shells: the core decides (scan.decide, the same decision as
// the kiosk's) after the city's signed list of code issuers is loaded; the shell draws the view
// or goes where it opens (`opens`: item, form, checklist, or null when the view is the answer).
import { bridge } from './bridge.js';
import { call, b64 } from './core.js';
import { ensureGuides } from './guides-store.js';

let trusted = null;
// The city's signed list of code issuers, checked against the root key shipped with the app.
function ensureTrust() {
  if (!trusted) {
    trusted = (async () => {
      const [list, root] = await Promise.all([bridge.asset('data/code-trust.tbt'), bridge.assetText('data/code-root.pub')]);
      await call('code.trust', { list: b64(list), roots: [root], now: Math.floor(Date.now() / 1000) });
    })().catch((e) => { trusted = null; throw e; });
  }
  return trusted;
}

const OPENS = { 'open-item': 'item', 'open-form': 'form', 'open-checklist': 'checklist' };

// The core's scan view-model for `text`, with `opens` added.
export async function decideScan(text) {
  await Promise.all([ensureGuides(), ensureTrust()]);
  const v = await call('scan.decide', { text: text.trim(), now: Math.floor(Date.now() / 1000) });
  return { ...v, opens: OPENS[v.outcome] || null };
}
