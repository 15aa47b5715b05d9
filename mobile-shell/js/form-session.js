// The open form's life outside the screen that draws it, shared by the H5 shell (forms.js) and the
// mini-program's pages: opened with the resident's wallet (prefill, e-licences), resumed from its
// sealed draft, the draft saved sealed, forgotten once the application is in the outbox.
import { bridge } from './bridge.js';
import { call, callBytes, callCopy, b64 } from './core.js';
import { loadWallet } from './wallet.js';

const todayNumber = () => { const d = new Date(); return d.getFullYear() * 10000 + (d.getMonth() + 1) * 100 + d.getDate(); };
const nowSeconds = () => Math.floor(Date.now() / 1000);

// What form.open and form.resume need besides the item: today, the profile and e-licences to
// prefill from, and the e-licence issuers to trust.
async function formContext(item) {
  const wallet = await loadWallet();
  return { item, today: todayNumber(), now: nowSeconds(), profile: wallet.profile, elicences: wallet.elicences || [], trust: wallet.trust || [] };
}

// Opens the item's form in the core, resumed from its sealed draft when there is one; the view-model.
export async function openForm(item) {
  const args = await formContext(item);
  const draft = await bridge.store.get(`draft:${item}`).catch(() => null);
  if (draft) {
    try {
      return await callBytes('form.resume', draft, { ...args, key: b64(await bridge.dataKey()) });
    } catch (e) {
      console.warn('draft not resumed:', e.message);
    }
  }
  return call('form.open', args);
}

// Seals the open form's answers with the data key and stores them as the item's draft.
export async function saveDraft(item) {
  const key = b64(await bridge.dataKey());
  const r = await callCopy('form.draft', { key, nonce: b64(bridge.randomBytes(24)), now: nowSeconds() });
  await bridge.store.put(`draft:${item}`, r.bytes);
}

// The application is sealed and queued: the form and its draft go.
export async function forgetForm(item) {
  await call('form.close');
  await bridge.store.remove(`draft:${item}`);
}
