// Real-name sign-in (实名登录) without a screen, for both shells: the resident signs in at the city's
// identity provider (the host's way: a redirect in H5), and the credential desk, given the ID token,
// binds this install's device key to the verified name and issues the personal-code credential.
// The token is asked for with a nonce made from the device key, so it can bind this key only.
import { bridge } from './bridge.js';
import { utf8, fromUtf8, fromB64, b64url } from './bytes.js';
import { deviceIdentity } from './outbox.js';
import { loadWallet, saveWallet } from './wallet.js';
import { storeCredential } from './my-code.js';

// What the desk offers ({issuer, client_id, scope}), or null where the site has no sign-in (the demo
// identity only), is an intake without a site, or the network is down.
export async function signInOffered() {
  try {
    const r = await bridge.http('GET', 'api/v1/signin');
    const offer = r.status === 200 ? JSON.parse(fromUtf8(r.bytes)) : null;
    return offer && offer.offered ? { issuer: offer.issuer, client_id: offer.client_id, scope: offer.scope } : null;
  } catch {
    return null;
  }
}

// identity::device_nonce in the core: base64url(SHA-256("tongban-device-nonce\0" ‖ public key)).
export async function deviceNonce(publicKeyB64) {
  const context = utf8('tongban-device-nonce'), key = fromB64(publicKeyB64);
  const message = new Uint8Array(context.length + 1 + key.length);
  message.set(context);
  message.set(key, context.length + 1);
  return b64url(await bridge.sha256(message));
}

export async function beginSignIn() {
  const offer = await signInOffered();
  if (!offer) throw new Error('现在连不上统一身份认证，请联网后再试');
  const device = await deviceIdentity();
  await bridge.beginSignIn({ ...offer, nonce: await deviceNonce(device.public_key) });
}

// At start: if this start returns from a sign-in, the desk binds the key and the wallet gets the
// verified name. Resolves null (not a return), or {name, id}; throws with what went wrong.
export async function completeSignIn() {
  const got = await bridge.finishSignIn();
  if (!got) return null;
  const device = await deviceIdentity();
  const body = JSON.stringify({ public_key: device.public_key, id_token: got.id_token });
  const r = await bridge.http('POST', 'api/v1/codes/credential', utf8(body), 'application/json');
  let answer = {};
  try { answer = JSON.parse(fromUtf8(r.bytes)); } catch { /* a proxy's page: the status says it */ }
  if (r.status !== 201) throw new Error(answer.error || `实名登录失败（${r.status}）`);
  await storeCredential(answer.credential);
  // The verified name and ID replace what was there; e-licences stay only if they are this person's.
  const w = await loadWallet();
  const same = w.profile && w.profile.id === answer.profile.id;
  await saveWallet({
    profile: { ...(same ? w.profile : {}), name: answer.profile.name, id: answer.profile.id },
    elicences: same ? w.elicences : [], trust: same ? w.trust : [], signedIn: true,
  });
  return answer.profile;
}

// What the last return from the provider came to, for 我的 to say once: {text, error} or null.
export let signInNotice = null;
export function takeSignInNotice() {
  const n = signInNotice;
  signInNotice = null;
  return n;
}

// The shell's start: finishes a sign-in this start returns from. True when it did (or failed), so
// the shell opens 我的 to say how it went.
export async function finishSignInOnStart() {
  try {
    const who = await completeSignIn();
    if (!who) return false;
    signInNotice = { text: '已通过统一身份认证实名登录，个人码已领取。', error: false };
  } catch (e) {
    signInNotice = { text: e.message, error: true };
  }
  return true;
}
