// The resident's wallet on the phone: profile and e-licences (电子证照). Personal data, so it is
// sealed by the core (XChaCha20-Poly1305) with the bridge's data key before it is stored, and only
// opened in memory. The demo resident (fictional) can be loaded for the embedded defaults.
import { bridge } from './bridge.js';
import { call, callBytes, callCopy, b64 } from './core.js';

const KEY = 'wallet.sealed';
let cache = null;


export async function loadWallet() {
  if (cache) return cache;
  const sealed = await bridge.store.get(KEY).catch(() => null);
  if (!sealed) return (cache = { profile: {}, elicences: [], trust: [] });
  const key = b64(await bridge.dataKey());
  const r = await callBytes('open.at_rest', sealed, { key, context: 'wallet' });
  cache = JSON.parse(r.text);
  return cache;
}

export async function saveWallet(wallet) {
  const key = b64(await bridge.dataKey()), nonce = b64(bridge.randomBytes(24));
  const r = await callCopy('seal.at_rest', { key, nonce, text: JSON.stringify(wallet), context: 'wallet' });
  await bridge.store.put(KEY, r.bytes);
  cache = wallet;
}

export async function useDemoWallet() {
  const profile = JSON.parse(await bridge.assetText('data/demo/profile.json'));
  delete profile._comment;
  const elicences = [];
  for (const name of ['hukou.tbe', 'jiehunzheng.tbe']) elicences.push(b64(await bridge.asset(`data/demo/${name}`)));
  const trust = [await bridge.assetText('data/demo/elicence-issuer.pub')];
  await saveWallet({ profile, elicences, trust, demo: true });
  return cache;
}

// 清除我的信息: the profile, the e-licences and the personal-code credential made for them.
export async function clearWallet() {
  await bridge.store.remove(KEY);
  await bridge.store.remove('code:credential');
  cache = { profile: {}, elicences: [], trust: [] };
}
