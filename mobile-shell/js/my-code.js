// 我的码 without a screen, shared by the H5 shell (codes.js) and the mini-program's 我的码 page: the
// personal-code credential, fetched once from the city's credential desk and kept sealed at rest,
// and the rotating code it lets this device sign for the present moment. Works offline once the
// credential is on the device.
import { bridge } from './bridge.js';
import { call, callBytes, callCopy, b64 } from './core.js';
import { utf8, fromUtf8 } from './bytes.js';
import { deviceIdentity } from './outbox.js';

// The credential binding this install's device key to the resident, or null when the wallet has no
// profile yet (the resident has not signed in). Throws with a Chinese message when the desk refuses
// or cannot be reached.
export async function personalCredential(wallet) {
  const key = b64(await bridge.dataKey());
  const sealed = await bridge.store.get('code:credential');
  if (sealed) return (await callBytes('open.at_rest', sealed, { key, context: 'code-credential' })).text;
  if (!wallet.profile || !wallet.profile.id) return null;
  const device = await deviceIdentity();
  const body = JSON.stringify({ public_key: device.public_key, name: wallet.profile.name, id: wallet.profile.id });
  const r = await bridge.http('POST', 'api/v1/codes/credential', utf8(body), 'application/json');
  if (r.status !== 201) {
    let why = '';
    try { why = JSON.parse(fromUtf8(r.bytes)).error || ''; } catch { /* a text answer */ }
    throw new Error(why || `领取个人码失败（${r.status}）`);
  }
  const text = JSON.parse(fromUtf8(r.bytes)).credential;
  await storeCredential(text);
  return text;
}

// Keeps the credential sealed at rest (from the demo desk above, or real-name sign-in: signin.js).
export async function storeCredential(text) {
  const key = b64(await bridge.dataKey());
  const { bytes } = await callCopy('seal.at_rest', { key, nonce: b64(bridge.randomBytes(24)), text, context: 'code-credential' });
  await bridge.store.put('code:credential', bytes);
}

// The code for now: { text, svg, seconds_left } (the core signs it with this device's key).
export async function personalCodeNow(credential) {
  const device = await deviceIdentity();
  return call('code.dynamic', { credential, seed: device.seed, now: Math.floor(Date.now() / 1000) });
}
